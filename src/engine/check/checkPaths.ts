// `dlm-weights check`: every `.dlm/training.yaml`, `.dlm/ignore`, stray
// `training.yml` and `.dlm` document under the given paths, with per-file and
// cross-file diagnostics. Pure engine code; the CLI formats the result.
import { basename, dirname, join, resolve } from 'node:path';
import { loadTrainingYamlRead, TRAINING_YAML_READ } from '../config/index.js';
import { CorpusIndex } from '../corpus/corpusIndex.js';
import { decodeIgnoreText, IGNORE_READ } from '../corpus/anchors.js';
import { MAX_DOCUMENT_BYTES, planDirectory } from '../corpus/directives.js';
import { listTree } from '../corpus/tree.js';
import { diagnoseCorpus, diagnoseIgnoreText, fileUnreadableDiagnostic, ignoreTooLargeDiagnostic, trainingYmlDiagnostic, verdictOf, type Diagnostic } from '../diagnostics/index.js';
import { checkDocument } from '../document/index.js';
import { nodeFs, type EngineFs } from '../fs/index.js';

export interface CheckedFile {
  /** Absolute path. */
  path: string;
  /** What it is: a config (training.yaml, ignore, training.yml), a `.dlm` document, or a folder that cannot be listed. */
  kind: 'config' | 'document' | 'folder';
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

function unreadable(path: string, kind: CheckedFile['kind'], r: Parameters<typeof fileUnreadableDiagnostic>[0]): CheckedFile {
  return { path, kind, dlmAccepts: false, diagnostics: [fileUnreadableDiagnostic(r)] };
}

/** A `.dlm` document: a file whose name ends in `.dlm` (what dlm's `*.dlm` finds). */
export function isDocumentName(name: string): boolean {
  return name.endsWith('.dlm');
}

/**
 * A `.dlm` document as dlm parses it (docs/spec/check-json.md, ".dlm
 * documents"): dlmAccepts is dlm's parse verdict; errors are what dlm refuses
 * or `dlm train` fails on in its body, coded by kind. What its sources do is
 * the dry run's question, not the check's.
 */
function checkDocumentFile(fs: EngineFs, path: string): CheckedFile {
  const r = fs.read(path, { maxBytes: MAX_DOCUMENT_BYTES });
  if (r.kind === 'too-large') {
    return {
      path, kind: 'document', dlmAccepts: false,
      diagnostics: [{ severity: 'error', code: 'file-unreadable', range: START, message: `This document is over ${MAX_DOCUMENT_BYTES >> 20} MiB (${(r.size / 2 ** 20).toFixed(0)} MiB): dlm-weights does not read .dlm documents that big, so it does not check it.` }],
    };
  }
  if (r.kind !== 'ok') return unreadable(path, 'document', r);
  const c = checkDocument(r.bytes);
  return { path, kind: 'document', dlmAccepts: c.dlmAccepts, diagnostics: c.diagnostics };
}

function checkOne(fs: EngineFs, path: string): CheckedFile {
  const name = basename(path);
  if (name === 'training.yml') {
    return { path, kind: 'config', dlmAccepts: true, diagnostics: [trainingYmlDiagnostic(path, fs.stat(join(dirname(path), 'training.yaml'))?.kind === 'file')] };
  }
  if (name === 'ignore') {
    const r = fs.read(path, IGNORE_READ);
    if (r.kind === 'ok') return { path, kind: 'config', dlmAccepts: true, diagnostics: diagnoseIgnoreText(decodeIgnoreText(r.bytes)) };
    if (r.kind === 'too-large') return { path, kind: 'config', dlmAccepts: true, diagnostics: [ignoreTooLargeDiagnostic(r.size)] };
    return unreadable(path, 'config', r);
  }
  const r = fs.read(path, TRAINING_YAML_READ);
  if (r.kind !== 'ok' && r.kind !== 'too-large') return unreadable(path, 'config', r);
  const v = verdictOf(loadTrainingYamlRead(r)!);
  return { path, kind: 'config', dlmAccepts: v.dlmAccepts, diagnostics: v.diagnostics };
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
      // a document given by name is checked as a document, never as a training.yaml
      results.set(abs, isDocumentName(basename(abs)) ? checkDocumentFile(fs, abs) : checkOne(fs, abs));
      continue;
    }
    const listing = await listTree(abs, { fs });
    const rootFailure = listing.unreadable.find((u) => u.path === '');
    if (rootFailure) throw new CheckPathError(`cannot read directory ${p}: ${rootFailure.error}`);
    for (const rel of listing.files) {
      if (CONFIG_FILE.test(rel)) results.set(join(abs, rel), checkOne(fs, join(abs, rel)));
      else if (isDocumentName(rel.slice(rel.lastIndexOf('/') + 1))) results.set(join(abs, rel), checkDocumentFile(fs, join(abs, rel)));
    }
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
        path: dir, kind: 'folder', dlmAccepts: false,
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
