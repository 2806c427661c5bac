// Where a corpus comes from: directory mode (one implicit directive on a
// folder) or a `.dlm` document's `training.sources` (semantics.md §3, §7).
// Planning also finds what stops `dlm train` before it reads the corpus: a
// document that does not parse, a source path that escapes a strict policy
// or does not exist (docs/spec/dry-run-json.md, "Documents dlm cannot train").
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TextMap } from '../config/decode.js';
import { pyyamlSafeLoad } from '../config/pyyaml.js';
import { isDict, type PyValue, type Span } from '../config/pyvalue.js';
import { documentOf, type ParsedDocument } from '../document.js';
import { validateDocument } from '../document/index.js';
import { nodeFs, type EngineFs } from '../fs/index.js';
import { CorpusError, type EngineProblem, type PredictionGap, type ProblemLocation } from '../problems.js';
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

/**
 * PyYAML's objects as plain values: dicts as Maps (string keys), ints as
 * bigint. Aliases share one object; the memo keeps them shared, so an alias
 * bomb ("billion laughs") stays as small as its text.
 */
function toPlain(v: PyValue, memo = new Map<object, unknown>()): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (memo.has(v)) return memo.get(v);
  let out: unknown = v;
  switch (v.kind) {
    case 'int': out = v.value; break;
    case 'float': out = v.value; break;
    case 'list': case 'tuple': {
      const items: unknown[] = [];
      memo.set(v, items);
      for (const x of v.items) items.push(toPlain(x, memo));
      return items;
    }
    case 'dict': {
      const m = new Map<string, unknown>();
      memo.set(v, m);
      for (const e of v.entries) m.set(typeof e.key === 'string' ? e.key : String(toPlainKey(e.key)), toPlain(e.value, memo));
      return m;
    }
  }
  memo.set(v, out);
  return out;
}

function toPlainKey(k: PyValue): string {
  if (k === null || typeof k !== 'object') return String(k);
  return k.kind === 'int' || k.kind === 'float' ? String(k.value) : k.kind;
}

function isMap(v: unknown): v is Map<unknown, unknown> {
  return v instanceof Map;
}

/** Span of the value at `path` (string keys, list indexes) in the frontmatter's YAML, or null. */
function spanAt(root: PyValue, path: ReadonlyArray<string | number>): Span | null {
  let v = root;
  let span: Span | null = null;
  for (const step of path) {
    if (typeof step === 'string') {
      if (!isDict(v)) return span;
      const e = v.entries.find((x) => x.key === step);
      if (!e) return span;
      span = e.keySpan;
      v = e.value;
    } else {
      if (v === null || typeof v !== 'object' || v.kind !== 'list') return span;
      const item = v.items[step];
      if (item === undefined) return span;
      span = v.spans[step]!;
      v = item;
    }
  }
  return span;
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

/** The frontmatter text the lenient reading below parses at most (as the validator and training.yaml). */
const MAX_FRONTMATTER_CHARS = 1 << 20;

/**
 * Plan document mode from a `.dlm` file, optionally with unsaved text.
 * dlm's verdict on the document comes from the validator (./document/);
 * the sources are read leniently, so an editor still sees the corpus a
 * refused document points at.
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

  let fm: unknown = null;
  let fmValue: PyValue = null;
  // frontmatter offsets -> document positions (its text starts at frontmatterLine)
  const fmMap = doc.frontmatter === null ? null : new TextMap(doc.frontmatter, true);
  const at = (line: number): ProblemLocation => located({ start: { line, character: 0 }, end: { line, character: 0 } });
  /** Where a frontmatter value is (the frontmatter's first line when unknown). */
  const locate = (path: ReadonlyArray<string | number>): ProblemLocation => {
    const span = fmMap ? spanAt(fmValue, path) : null;
    if (!span) return at(doc.frontmatterLine);
    const r = fmMap!.range(span[0], span[1]);
    const shift = doc.frontmatterLine;
    return located({ start: { line: r.start.line + shift, character: r.start.character }, end: { line: r.end.line + shift, character: r.end.character } });
  };
  if (doc.frontmatter !== null && doc.frontmatter.length <= MAX_FRONTMATTER_CHARS) {
    // dlm reads the frontmatter with PyYAML too: `seed: 0x2A` is 42, `path: .` a string
    const r = pyyamlSafeLoad(doc.frontmatter);
    if (r.kind === 'ok') {
      fmValue = r.value;
      fm = toPlain(r.value);
    }
  }
  const validated = structure.frontmatter?.training ?? null;
  const training = isMap(fm) ? fm.get('training') : undefined;
  const tmap = isMap(training) ? training : new Map<unknown, unknown>();
  let seed = DEFAULT_SEED;
  const rawSeed = tmap.get('seed');
  if (validated) seed = validated.seed;
  else if (typeof rawSeed === 'bigint') seed = rawSeed;
  else if (typeof rawSeed === 'number' && Number.isInteger(rawSeed)) seed = BigInt(rawSeed);
  else if (typeof rawSeed === 'string' && /^\s*[+-]?\d+\s*$/.test(rawSeed)) seed = BigInt(rawSeed.trim());
  const strict = validated ? validated.sources_policy === 'strict' : tmap.get('sources_policy') === 'strict';
  // relative paths resolve against the document's folder, or its parent for a document in `.dlm/`
  const relBase = basename(base) === '.dlm' ? dirname(base) : base;
  const sources = tmap.get('sources');
  const list = Array.isArray(sources) ? sources : [];

  const directives: Directive[] = [];
  const gaps: PredictionGap[] = [];
  for (let position = 0; position < list.length; position++) {
    const s = list[position];
    if (!isMap(s) || typeof s.get('path') !== 'string') continue; // a schema problem the validator reports
    const written = s.get('path') as string;
    const where = locate(['training', 'sources', position]);
    const expanded = written === '~' || written.startsWith('~/') ? join(homedir(), written.slice(1)) : written;
    const abs = isAbsolute(expanded) ? resolve(expanded) : resolve(relBase, expanded);
    // the policy is checked first, from the path alone: an escaping directive is never walked
    if (strict) {
      const r = relative(relBase, abs);
      if (r === '..' || r.startsWith('..' + sep) || isAbsolute(r)) {
        problems.push({ stage: 'sources', kind: 'source-outside-root', source: position, location: where, message: `training.sources[${position}].path \`${written}\` is outside the document's folder, which sources_policy: strict forbids` });
        continue;
      }
    }
    const st = fs.stat(abs);
    if (!st) {
      problems.push({ stage: 'sources', kind: 'source-path-missing', source: position, location: where, message: `training.sources[${position}].path does not exist: ${written}` });
      continue;
    }
    if (st.kind === 'other') {
      // a FIFO or a device: never opened (it could block); what dlm does with it is not known
      gaps.push({ kind: 'source-not-file-or-directory', path: abs, message: `training.sources[${position}].path \`${written}\` is neither a file nor a directory (a FIFO, a socket or a device): dlm-weights does not read it and counts no rows from it; what dlm train does with it is not predicted.` });
      continue;
    }
    directives.push({
      path: written, abs, isFile: st.kind === 'file', position,
      include: asStringList(s.has('include') ? s.get('include') : ['**/*']) ?? [],
      exclude: asStringList(s.get('exclude')) ?? [],
      maxBytesPerFile: asCount(s.get('max_bytes_per_file')) ?? null,
      maxFiles: asCount(s.get('max_files')) ?? null,
    });
  }
  for (const p of structure.rowsProblems) problems.push({ stage: 'rows', kind: p.kind, message: p.message, location: located(p.range) });
  return {
    mode: 'document', base, documentAbs, documentLabel: label ?? docPath.split(sep).join('/'),
    seed: seedOverride ?? seed, seedOverridden: seedOverride !== undefined,
    directives, sourceEntries: list.length, document: doc, problems, gaps,
  };
}

/** A list of strings; undefined when the value is something else (absent: []). */
function asStringList(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

/** A non-negative integer; undefined when the value is something else (absent: null). */
function asCount(v: unknown): number | null | undefined {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  return undefined;
}

/** How a report names a document: relative to `folder` when inside it, else absolute. */
export function documentLabelIn(folder: string, documentAbs: string): string {
  const r = relative(folder, documentAbs);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r.split(sep).join('/') : documentAbs.split(sep).join('/');
}

/** POSIX path of `abs` relative to `base` ('.' when equal). */
export function posixRelative(base: string, abs: string): string {
  const r = relative(base, abs).split(sep).join('/');
  return r === '' ? '.' : r;
}
