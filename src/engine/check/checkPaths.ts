// `dlm-weights check`: every `.dlm/training.yaml`, `.dlm/ignore` and stray
// `training.yml` under the given paths, with per-file and cross-file
// diagnostics. Pure engine code; the CLI formats the result.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CorpusIndex } from '../corpus/corpusIndex.js';
import { planDirectory } from '../corpus/directives.js';
import { listTree } from '../corpus/tree.js';
import { diagnoseCorpus, diagnoseIgnoreText, diagnoseTrainingYamlBytes, trainingYmlDiagnostic, type Diagnostic } from '../diagnostics/index.js';
import { readRegularFile } from '../corpus/anchors.js';

export interface CheckedFile {
  /** Absolute path. */
  path: string;
  dlmAccepts: boolean;
  diagnostics: Diagnostic[];
}

/** A path the check cannot start from (the CLI exits 2). */
export class CheckPathError extends Error {}

const CONFIG_FILE = /(^|\/)\.dlm\/(training\.yaml|training\.yml|ignore)$/;

function decode(path: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(readRegularFile(path));
}

function checkOne(path: string): CheckedFile {
  try {
    return checkReadable(path);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOTREG' ? 'it is not a regular file (dlm would block or fail reading it)' : `it cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`;
    return { path, dlmAccepts: false, diagnostics: [{ severity: 'error', code: 'file-unreadable', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `dlm train cannot use this file: ${why}.` }] };
  }
}

function checkReadable(path: string): CheckedFile {
  const name = basename(path);
  if (name === 'ignore') return { path, dlmAccepts: true, diagnostics: diagnoseIgnoreText(decode(path)) };
  if (name === 'training.yml') {
    return { path, dlmAccepts: true, diagnostics: [trainingYmlDiagnostic(path, existsSync(join(dirname(path), 'training.yaml')))] };
  }
  const v = diagnoseTrainingYamlBytes(readRegularFile(path));
  return { path, dlmAccepts: v.dlmAccepts, diagnostics: v.diagnostics };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

export async function checkPaths(paths: readonly string[], opts: { corpus?: boolean } = {}): Promise<CheckedFile[]> {
  const results = new Map<string, CheckedFile>();
  for (const p of paths) {
    const abs = resolve(p);
    const st = statSync(abs);
    if (!st.isFile() && !st.isDirectory()) throw new CheckPathError(`not a file or directory: ${p}`);
    if (st.isFile()) {
      results.set(abs, checkOne(abs));
      continue;
    }
    const listing = await listTree(abs);
    for (const rel of listing.files) if (CONFIG_FILE.test(rel)) results.set(join(abs, rel), checkOne(join(abs, rel)));
    if (opts.corpus === false) continue;
    // cross-file checks need the corpus: index it in directory mode
    const index = await CorpusIndex.build(await planDirectory(abs));
    const { report, details } = await index.report();
    for (const [file, diags] of diagnoseCorpus(index, report, details)) {
      const r = results.get(file);
      if (r) r.diagnostics.push(...diags);
    }
  }
  for (const r of results.values()) r.diagnostics.sort(byPosition);
  return [...results.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
