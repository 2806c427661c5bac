// `dlm-weights check`: every `.dlm/training.yaml`, `.dlm/ignore` and stray
// `training.yml` under the given paths, with per-file and cross-file
// diagnostics. Pure engine code; the CLI formats the result.
import { basename, dirname, join, resolve } from 'node:path';
import { loadTrainingYamlRead, TRAINING_YAML_READ } from '../config/index.js';
import { CorpusIndex } from '../corpus/corpusIndex.js';
import { decodeIgnoreText, IGNORE_READ } from '../corpus/anchors.js';
import { planDirectory } from '../corpus/directives.js';
import { listTree } from '../corpus/tree.js';
import { diagnoseCorpus, diagnoseIgnoreText, fileUnreadableDiagnostic, ignoreTooLargeDiagnostic, trainingYmlDiagnostic, verdictOf, type Diagnostic } from '../diagnostics/index.js';
import { nodeFs, type EngineFs } from '../fs/index.js';

export interface CheckedFile {
  /** Absolute path. */
  path: string;
  dlmAccepts: boolean;
  diagnostics: Diagnostic[];
}

/** A path the check cannot start from (the CLI exits 2). */
export class CheckPathError extends Error {}

export interface CheckOptions {
  /** Cross-file checks on each directory's corpus (default true). */
  corpus?: boolean;
  fs?: EngineFs;
}

const CONFIG_FILE = /(^|\/)\.dlm\/(training\.yaml|training\.yml|ignore)$/;
const CONFIG_NAMES = ['training.yaml', 'ignore', 'training.yml'] as const;
const START: Diagnostic['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function unreadable(path: string, r: Parameters<typeof fileUnreadableDiagnostic>[0]): CheckedFile {
  return { path, dlmAccepts: false, diagnostics: [fileUnreadableDiagnostic(r)] };
}

function checkOne(fs: EngineFs, path: string): CheckedFile {
  const name = basename(path);
  if (name === 'training.yml') {
    return { path, dlmAccepts: true, diagnostics: [trainingYmlDiagnostic(path, fs.stat(join(dirname(path), 'training.yaml'))?.kind === 'file')] };
  }
  if (name === 'ignore') {
    const r = fs.read(path, IGNORE_READ);
    if (r.kind === 'ok') return { path, dlmAccepts: true, diagnostics: diagnoseIgnoreText(decodeIgnoreText(r.bytes)) };
    if (r.kind === 'too-large') return { path, dlmAccepts: true, diagnostics: [ignoreTooLargeDiagnostic(r.size)] };
    return unreadable(path, r);
  }
  const r = fs.read(path, TRAINING_YAML_READ);
  if (r.kind !== 'ok' && r.kind !== 'too-large') return unreadable(path, r);
  const v = verdictOf(loadTrainingYamlRead(r)!);
  return { path, dlmAccepts: v.dlmAccepts, diagnostics: v.diagnostics };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

export async function checkPaths(paths: readonly string[], opts: CheckOptions = {}): Promise<CheckedFile[]> {
  const fs = opts.fs ?? nodeFs;
  const results = new Map<string, CheckedFile>();
  for (const p of paths) {
    const abs = resolve(p);
    const st = fs.stat(abs);
    if (!st) throw new CheckPathError(`no such file or directory: ${p}`);
    if (st.kind === 'other') throw new CheckPathError(`not a file or directory: ${p}`);
    if (st.kind === 'file') {
      results.set(abs, checkOne(fs, abs));
      continue;
    }
    const listing = await listTree(abs, { fs });
    const rootFailure = listing.unreadable.find((u) => u.path === '');
    if (rootFailure) throw new CheckPathError(`cannot read directory ${p}: ${rootFailure.error}`);
    for (const rel of listing.files) if (CONFIG_FILE.test(rel)) results.set(join(abs, rel), checkOne(fs, join(abs, rel)));
    // a config name the listing skipped because it is no regular file (a FIFO, a directory)
    for (const anchor of listing.anchors) {
      for (const name of CONFIG_NAMES) {
        const path = join(abs, anchor, '.dlm', name);
        if (!results.has(path) && fs.stat(path)) results.set(path, checkOne(fs, path));
      }
    }
    for (const u of listing.unreadable) {
      const dir = join(abs, u.path);
      results.set(dir, {
        path: dir, dlmAccepts: false,
        diagnostics: [{ severity: 'error', code: 'file-unreadable', range: START, message: `This folder cannot be listed (${u.error}): dlm-weights did not check the configs and files under it, and dlm train may fail reading it.` }],
      });
    }
    if (opts.corpus === false) continue;
    // cross-file checks need the corpus: index it in directory mode (from the listing just made)
    const index = await CorpusIndex.build(await planDirectory(abs, undefined, fs), { fs, listings: new Map([[abs, listing]]) });
    const { report, details } = await index.report();
    for (const [file, diags] of diagnoseCorpus(index, report, details)) {
      const r = results.get(file);
      if (r) r.diagnostics.push(...diags);
    }
  }
  for (const r of results.values()) r.diagnostics.sort(byPosition);
  return [...results.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
