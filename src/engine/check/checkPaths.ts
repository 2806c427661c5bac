// `dlm-weights check`: every `.dlm/training.yaml`, `.dlm/ignore` and stray
// `training.yml` under the given paths, with per-file and cross-file
// diagnostics. Pure engine code; the CLI formats the result.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CorpusIndex } from '../corpus/corpusIndex.js';
import { planDirectory } from '../corpus/directives.js';
import { listTree } from '../corpus/tree.js';
import { diagnoseCorpus, diagnoseIgnoreText, diagnoseTrainingYamlText, trainingYmlDiagnostic, type Diagnostic } from '../diagnostics/index.js';

export interface CheckedFile {
  /** Absolute path. */
  path: string;
  dlmAccepts: boolean;
  diagnostics: Diagnostic[];
}

const CONFIG_FILE = /(^|\/)\.dlm\/(training\.yaml|training\.yml|ignore)$/;

function decode(path: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(readFileSync(path));
}

function checkOne(path: string): CheckedFile {
  const name = basename(path);
  if (name === 'ignore') return { path, dlmAccepts: true, diagnostics: diagnoseIgnoreText(decode(path)) };
  if (name === 'training.yml') {
    return { path, dlmAccepts: true, diagnostics: [trainingYmlDiagnostic(path, existsSync(join(dirname(path), 'training.yaml')))] };
  }
  const bytes = readFileSync(path);
  // the loader decodes strictly itself (an encoding problem is a verdict, not a crash)
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  let v = diagnoseTrainingYamlText(text);
  if (!isUtf8Bytes(bytes)) {
    v = { ...v, dlmAccepts: false, diagnostics: [{ severity: 'error', code: 'encoding-invalid-utf8', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'dlm train ignores this whole file: it is not valid UTF-8.' }] };
  }
  return { path, dlmAccepts: v.dlmAccepts, diagnostics: v.diagnostics };
}

function isUtf8Bytes(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

export async function checkPaths(paths: readonly string[], opts: { corpus?: boolean } = {}): Promise<CheckedFile[]> {
  const results = new Map<string, CheckedFile>();
  for (const p of paths) {
    const abs = resolve(p);
    if (statSync(abs).isFile()) {
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
