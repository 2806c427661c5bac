// Where a corpus comes from: directory mode (one implicit directive on a
// folder) or a `.dlm` document's `training.sources` (semantics.md §3, §7).
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pyyamlSafeLoad } from '../config/pyyaml.js';
import type { PyValue } from '../config/pyvalue.js';
import { parseDocument, type ParsedDocument } from '../document.js';
import { readRegularFile } from './anchors.js';

export interface Directive {
  /** As written in the document ('.' in directory mode). */
  path: string;
  abs: string;
  isFile: boolean;
  include: string[];
  exclude: string[];
  maxBytesPerFile: number | null;
  maxFiles: number | null;
}

export interface CorpusPlan {
  mode: 'directory' | 'document';
  /** Directory that report paths are relative to. */
  base: string;
  /** Absolute path of the document (document mode). */
  documentAbs: string | null;
  /** The document path as the user gave it (relative to cwd) — printed in the report. */
  documentLabel: string | null;
  seed: bigint;
  directives: Directive[];
  document: ParsedDocument | null;
  /** Problems that make dlm train fail before it reads anything (missing directive path, bad frontmatter …). */
  fatal: string[];
}

export class CorpusError extends Error {}

export const DEFAULT_SEED = 42n;

export async function planDirectory(root: string, seedOverride?: bigint): Promise<CorpusPlan> {
  const abs = resolve(root);
  const st = await fs.stat(abs).catch(() => null);
  if (!st?.isDirectory()) throw new CorpusError(`not a directory: ${root}`);
  return {
    mode: 'directory', base: abs, documentAbs: null, documentLabel: null,
    seed: seedOverride ?? DEFAULT_SEED,
    directives: [{ path: '.', abs, isFile: false, include: ['**/*'], exclude: [], maxBytesPerFile: null, maxFiles: null }],
    document: null, fatal: [],
  };
}

function asStringList(v: unknown, what: string, fatal: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  fatal.push(`${what} must be a list of strings`);
  return [];
}

function asCount(v: unknown, what: string, fatal: string[]): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  fatal.push(`${what} must be a non-negative integer`);
  return null;
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

/** Plan document mode from a `.dlm` file, optionally with unsaved text. */
export async function planDocument(docPath: string, seedOverride?: bigint, text?: string, label?: string): Promise<CorpusPlan> {
  const documentAbs = resolve(docPath);
  if (text === undefined) {
    try {
      if (!(await fs.stat(documentAbs)).isFile()) throw new CorpusError(`not a regular file: ${docPath}`);
      text = readRegularFile(documentAbs).toString('utf8');
    } catch (e) {
      if (e instanceof CorpusError) throw e;
      throw new CorpusError(`cannot read ${docPath}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
  }
  const base = dirname(documentAbs);
  const doc = parseDocument(text);
  const fatal = doc.problems.map((p) => `line ${p.line + 1}: ${p.message}`);
  let fm: unknown = null;
  if (doc.frontmatter !== null) {
    // dlm reads the frontmatter with PyYAML too: `seed: 0x2A` is 42, `path: .` a string
    const r = pyyamlSafeLoad(doc.frontmatter);
    if (r.kind === 'ok') fm = toPlain(r.value);
    else if (r.kind === 'yaml') fatal.push(`frontmatter is not valid YAML: ${r.issues[0]?.message ?? ''}`);
    else fatal.push(`frontmatter makes PyYAML raise ${r.exception}: ${r.message}`);
  }
  const training = isMap(fm) ? fm.get('training') : undefined;
  const tmap = isMap(training) ? training : new Map<unknown, unknown>();
  let seed = DEFAULT_SEED;
  const rawSeed = tmap.get('seed');
  if (typeof rawSeed === 'bigint') seed = rawSeed;
  else if (typeof rawSeed === 'number' && Number.isInteger(rawSeed)) seed = BigInt(rawSeed);
  else if (typeof rawSeed === 'string' && /^\s*[+-]?\d+\s*$/.test(rawSeed)) seed = BigInt(rawSeed.trim());
  else if (rawSeed !== undefined && rawSeed !== null) fatal.push('training.seed must be an integer');
  const strict = tmap.get('sources_policy') === 'strict';
  // relative paths resolve against the document's folder, or its parent for a document in `.dlm/`
  const relBase = basename(base) === '.dlm' ? dirname(base) : base;
  const directives: Directive[] = [];
  const sources = tmap.get('sources');
  const list = Array.isArray(sources) ? sources : [];
  if (sources !== undefined && sources !== null && !Array.isArray(sources)) fatal.push('training.sources must be a list');
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (!isMap(s) || typeof s.get('path') !== 'string') { fatal.push(`training.sources[${i}] needs a string \`path\``); continue; }
    const written = s.get('path') as string;
    const expanded = written === '~' || written.startsWith('~/') ? join(homedir(), written.slice(1)) : written;
    const abs = isAbsolute(expanded) ? resolve(expanded) : resolve(relBase, expanded);
    const st = await fs.stat(abs).catch(() => null);
    if (!st) { fatal.push(`training.sources[${i}].path does not exist: ${written}`); continue; }
    if (strict) {
      const r = relative(relBase, abs);
      if (r.startsWith('..') || isAbsolute(r)) fatal.push(`training.sources[${i}].path escapes the document's folder under sources_policy: strict`);
    }
    const include = s.has('include') ? asStringList(s.get('include'), `training.sources[${i}].include`, fatal) : ['**/*'];
    directives.push({
      path: written, abs, isFile: st.isFile(), include,
      exclude: asStringList(s.get('exclude'), `training.sources[${i}].exclude`, fatal),
      maxBytesPerFile: asCount(s.get('max_bytes_per_file'), `training.sources[${i}].max_bytes_per_file`, fatal),
      maxFiles: asCount(s.get('max_files'), `training.sources[${i}].max_files`, fatal),
    });
  }
  return {
    mode: 'document', base, documentAbs, documentLabel: label ?? docPath.split(sep).join('/'),
    seed: seedOverride ?? seed, directives, document: doc, fatal,
  };
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
