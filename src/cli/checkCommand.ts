import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { CheckPathError, checkPaths, type CheckedFile } from '../engine/check/checkPaths.js';
import { UsageError, type ParsedArgs } from './args.js';
import { checkFormatOf } from './formats/checkFormat.js';
import { checkGithub } from './formats/github.js';
import { checkSarif } from './formats/sarif.js';
import { toolVersion } from './version.js';

function rel(p: string): string {
  return relative(process.cwd(), p).split(sep).join('/') || '.';
}

/** The contract of docs/spec/check-json.md. */
export function checkJson(files: CheckedFile[]): string {
  return JSON.stringify(
    files.map((f) => ({
      file: rel(f.path),
      dlmAccepts: f.dlmAccepts,
      diagnostics: f.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, range: d.range })),
    })),
    null, 2,
  );
}

export async function runCheck(args: ParsedArgs): Promise<number> {
  const format = checkFormatOf(args);
  const paths = args.positionals.length ? args.positionals : ['.'];
  for (const p of paths) if (!existsSync(p)) throw new UsageError(`no such file or directory: ${p}`);
  let files: CheckedFile[];
  try {
    files = await checkPaths(paths);
  } catch (e) {
    if (e instanceof CheckPathError) throw new UsageError(e.message);
    throw e;
  }
  const hasError = files.some((f) => f.diagnostics.some((d) => d.severity === 'error'));
  if (format === 'json') {
    process.stdout.write(checkJson(files) + '\n');
  } else if (format === 'sarif') {
    process.stdout.write(JSON.stringify(checkSarif(files, { cwd: process.cwd(), toolVersion: toolVersion(), relative: rel }), null, 2) + '\n');
  } else {
    let count = 0;
    for (const f of files) {
      for (const d of f.diagnostics) {
        count++;
        if (format === 'human') process.stdout.write(`${rel(f.path)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}\n`);
      }
    }
    if (format === 'github') process.stdout.write(checkGithub(files, rel));
    const ignored = files.filter((f) => f.kind === 'config' && !f.dlmAccepts).length;
    const refused = files.filter((f) => f.kind === 'document' && !f.dlmAccepts).length;
    process.stderr.write(`${files.length} file(s) checked, ${count} diagnostic(s)${ignored ? `, ${ignored} config(s) dlm train would ignore` : ''}${refused ? `, ${refused} document(s) dlm refuses` : ''}\n`);
  }
  return hasError ? 1 : 0;
}
