// Where a corpus comes from: directory mode (one implicit directive on a
// folder) or a `.dlm` document's `training.sources` (semantics.md §3, §7).
// Planning also finds what stops `dlm train` before it reads the corpus: a
// document that does not parse, a source path that escapes a strict policy
// or does not exist (docs/spec/dry-run-json.md, "Documents dlm cannot train").
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { documentOf, type ParsedDocument } from '../document.js';
import { validateDocument } from '../document/index.js';
import { nodeFs, type EngineFs } from '../fs/index.js';
import { CorpusError, type EngineProblem, type PredictionGap, type ProblemLocation } from '../problems.js';
import { documentTraining } from './documentTraining.js';
import type { Range } from '../types.js';

export { CorpusError };

export interface Directive {
  /** As written in the document ('.' in directory mode). */
  path: string;
  abs: string;
  isFile: boolean;
  include: string[];
  exclude: string[];
  maxBytesPerFile: number | null;
  maxFiles: number | null;
  /** Index of the entry in `training.sources` (0 in directory mode). */
  position: number;
}

/** A problem the plan finds; a `sources` one names its `training.sources` entry. */
export interface PlanProblem extends EngineProblem {
  source?: number;
}

export interface CorpusPlan {
  mode: 'directory' | 'document';
  /** Directory that report paths are relative to. */
  base: string;
  /** Absolute path of the document (document mode). */
  documentAbs: string | null;
  /** The document path as the user gave it (relative to cwd) — printed in the report. */
  documentLabel: string | null;
  /** --seed, else training.seed, else 42. */
  seed: bigint;
  /** The seed came from an override (--seed, a setting), not from the document. */
  seedOverridden: boolean;
  directives: Directive[];
  /** Entries in `training.sources`, valid or not (0 in directory mode). */
  sourceEntries: number;
  document: ParsedDocument | null;
  /** What the plan shows stops dlm train, in dlm's order within each stage (see CorpusIndex). */
  problems: PlanProblem[];
  /** Sources dlm-weights cannot predict (a path that is neither a file nor a directory). */
  gaps: PredictionGap[];
}

export const DEFAULT_SEED = 42n;

/** dlm-weights does not read a `.dlm` document bigger than this (a CorpusError, not a guess). */
export const MAX_DOCUMENT_BYTES = 64 << 20;

export async function planDirectory(root: string, seedOverride?: bigint, fs: EngineFs = nodeFs): Promise<CorpusPlan> {
  const abs = resolve(root);
  if (fs.stat(abs)?.kind !== 'dir') throw new CorpusError('not-a-directory', `not a directory: ${root}`, abs);
  return {
    mode: 'directory', base: abs, documentAbs: null, documentLabel: null,
    seed: seedOverride ?? DEFAULT_SEED, seedOverridden: seedOverride !== undefined,
    directives: [{ path: '.', abs, isFile: false, include: ['**/*'], exclude: [], maxBytesPerFile: null, maxFiles: null, position: 0 }],
    sourceEntries: 0, document: null, problems: [], gaps: [],
  };
}

/** The document's bytes through the safe read; a CorpusError when there is nothing dlm-weights can read. */
function readDocument(fs: EngineFs, docPath: string, abs: string): Uint8Array {
  const r = fs.read(abs, { maxBytes: MAX_DOCUMENT_BYTES });
  switch (r.kind) {
    case 'ok': return r.bytes;
    case 'missing': throw new CorpusError('not-a-regular-file', `no such file: ${docPath}`, abs);
    case 'not-regular': throw new CorpusError('not-a-regular-file', `not a regular file: ${docPath}`, abs);
    case 'too-large': throw new CorpusError('too-large', `${docPath} is over ${MAX_DOCUMENT_BYTES >> 20} MiB: dlm-weights does not read .dlm documents that big`, abs);
    case 'error': throw new CorpusError('unreadable', `cannot read ${docPath}: ${r.code}`, abs);
  }
}

/**
 * Plan document mode from a `.dlm` file, optionally with unsaved text.
 * dlm's verdict on the document and what its frontmatter says both come
 * from one run of the validator (./document/); the sources of a refused
 * document are read leniently, so an editor still sees the corpus it points at.
 */
export async function planDocument(docPath: string, seedOverride?: bigint, text?: string, label?: string, fs: EngineFs = nodeFs): Promise<CorpusPlan> {
  const documentAbs = resolve(docPath);
  const input = text ?? readDocument(fs, docPath, documentAbs);
  const verdict = validateDocument(input);
  // not UTF-8: dlm stops there, but the structure of the (replaced) text still shows the corpus
  const structure = verdict.frontmatterText === null && verdict.problems[0]?.kind === 'frontmatter-encoding' && typeof input !== 'string'
    ? validateDocument(Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8'))
    : verdict;
  const located = (range: Range): ProblemLocation => ({ file: documentAbs, range });
  const problems: PlanProblem[] = [verdict, ...(structure === verdict ? [] : [structure])]
    .flatMap((v) => v.problems.map((p): PlanProblem => ({ stage: 'parse', kind: p.kind, message: p.message, location: located(p.range) })));
  const base = dirname(documentAbs);
  const doc = documentOf(structure, () => false);
  const training = documentTraining(structure);
  // where an entry is written; else the frontmatter's first line
  const where = (range: Range | null): ProblemLocation => located(range ?? { start: { line: doc.frontmatterLine, character: 0 }, end: { line: doc.frontmatterLine, character: 0 } });
  // relative paths resolve against the document's folder, or its parent for a document in `.dlm/`
  const relBase = basename(base) === '.dlm' ? dirname(base) : base;

  const directives: Directive[] = [];
  const gaps: PredictionGap[] = [];
  for (const s of training.sources) {
    const { position, path: written } = s;
    const expanded = written === '~' || written.startsWith('~/') ? join(homedir(), written.slice(1)) : written;
    const abs = isAbsolute(expanded) ? resolve(expanded) : resolve(relBase, expanded);
    // the policy is checked first, from the path alone: an escaping directive is never walked
    if (training.strict) {
      const r = relative(relBase, abs);
      if (r === '..' || r.startsWith('..' + sep) || isAbsolute(r)) {
        problems.push({ stage: 'sources', kind: 'source-outside-root', source: position, location: where(s.range), message: `training.sources[${position}].path \`${written}\` is outside the document's folder, which sources_policy: strict forbids` });
        continue;
      }
    }
    const st = fs.stat(abs);
    if (!st) {
      problems.push({ stage: 'sources', kind: 'source-path-missing', source: position, location: where(s.range), message: `training.sources[${position}].path does not exist: ${written}` });
      continue;
    }
    if (st.kind === 'other') {
      // a FIFO or a device: never opened (it could block); what dlm does with it is not known
      gaps.push({ kind: 'source-not-file-or-directory', path: abs, message: `training.sources[${position}].path \`${written}\` is neither a file nor a directory (a FIFO, a socket or a device): dlm-weights does not read it and counts no rows from it; what dlm train does with it is not predicted.` });
      continue;
    }
    directives.push({
      path: written, abs, isFile: st.kind === 'file', position,
      include: s.include, exclude: s.exclude, maxBytesPerFile: s.maxBytesPerFile, maxFiles: s.maxFiles,
    });
  }
  for (const p of structure.rowsProblems) problems.push({ stage: 'rows', kind: p.kind, message: p.message, location: located(p.range) });
  return {
    mode: 'document', base, documentAbs, documentLabel: label ?? docPath.split(sep).join('/'),
    seed: seedOverride ?? training.seed ?? DEFAULT_SEED, seedOverridden: seedOverride !== undefined,
    directives, sourceEntries: training.entries, document: doc, problems, gaps,
  };
}

/** How a report names a document: relative to `folder` when inside it, else absolute. */
export function documentLabelIn(folder: string, documentAbs: string): string {
  const r = relative(folder, documentAbs);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r.split(sep).join('/') : documentAbs.split(sep).join('/');
}

/**
 * The folder to name a plan's files from, for people: its base, except for a
 * document in `.dlm/`, whose relative paths resolve against the folder above
 * (the folder `dlm train` trains); from there the names need no `../`, and
 * they are those `check` gives on that folder.
 */
export function displayBase(plan: Pick<CorpusPlan, 'mode' | 'base'>): string {
  return plan.mode === 'document' && basename(plan.base) === '.dlm' ? dirname(plan.base) : plan.base;
}

/** POSIX path of `abs` relative to `base` ('.' when equal). */
export function posixRelative(base: string, abs: string): string {
  const r = relative(base, abs).split(sep).join('/');
  return r === '' ? '.' : r;
}
