// What a dry run needs from a document's frontmatter: the seed, the sources
// policy and the `training.sources` directives, each with where it is written.
// From the validator's result only (one parse): the validated frontmatter when
// dlm accepts it, else a lenient reading of what PyYAML loaded, so an editor
// still sees the corpus a refused document points at.
import { isDict, type PyDict, type PyValue } from '../config/pyvalue.js';
import type { DocumentValidation, FrontmatterKey } from '../document/index.js';
import type { Range } from '../types.js';

export interface SourceEntry {
  /** Index in `training.sources`. */
  position: number;
  /** As written. */
  path: string;
  include: string[];
  exclude: string[];
  maxBytesPerFile: number | null;
  maxFiles: number | null;
  /** Where the entry is written (its `path:`), or null when unknown. */
  range: Range | null;
}

export interface DocumentTraining {
  /** `training.seed`; null when the frontmatter does not give one we can read (dlm then uses 42). */
  seed: bigint | null;
  strict: boolean;
  /** Entries in `training.sources`, usable or not. */
  entries: number;
  /** The entries with a string `path` (others are schema problems the validator reports). */
  sources: SourceEntry[];
}

const NONE: DocumentTraining = { seed: null, strict: false, entries: 0, sources: [] };

export function documentTraining(v: DocumentValidation): DocumentTraining {
  const at = rangeFinder(v.keys);
  const fm = v.frontmatter;
  if (fm) {
    const list = fm.training.sources ?? [];
    return {
      seed: fm.training.seed,
      strict: fm.training.sources_policy === 'strict',
      entries: list.length,
      sources: list.map((s, position) => ({
        position, path: s.path, include: s.include, exclude: s.exclude,
        maxBytesPerFile: s.max_bytes_per_file, maxFiles: s.max_files, range: at(position),
      })),
    };
  }
  const training = v.frontmatterYaml ? get(v.frontmatterYaml, 'training') : undefined;
  if (!training || !isDict(training)) return NONE;
  const list = get(training, 'sources');
  const items = list !== null && typeof list === 'object' && list.kind === 'list' ? list.items : [];
  const sources: SourceEntry[] = [];
  items.forEach((s, position) => {
    const path = isDict(s) ? get(s, 'path') : undefined;
    if (typeof path !== 'string') return;
    const d = s as PyDict;
    const include = get(d, 'include');
    sources.push({
      position, path,
      include: include === undefined ? ['**/*'] : stringList(include),
      exclude: stringList(get(d, 'exclude')),
      maxBytesPerFile: count(get(d, 'max_bytes_per_file')),
      maxFiles: count(get(d, 'max_files')),
      range: at(position),
    });
  });
  const strict = get(training, 'sources_policy') === 'strict';
  return { seed: seedOf(get(training, 'seed')), strict, entries: items.length, sources };
}

function get(d: PyDict, key: string): PyValue | undefined {
  // a repeated key is one entry holding the last value (Python dict semantics)
  return d.entries.find((e) => e.key === key)?.value;
}

/** A seed read the way a person would: an integer, an integral float, a numeric string. */
function seedOf(v: PyValue | undefined): bigint | null {
  if (v === null || v === undefined || typeof v !== 'object') {
    return typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? BigInt(v.trim()) : null;
  }
  if (v.kind === 'int') return v.value;
  if (v.kind === 'float' && Number.isInteger(v.value)) return BigInt(v.value);
  return null;
}

/** A list of strings; anything else reads as none. */
function stringList(v: PyValue | undefined): string[] {
  if (v === null || v === undefined || typeof v !== 'object' || v.kind !== 'list') return [];
  return v.items.every((x) => typeof x === 'string') ? (v.items as string[]) : [];
}

/** A non-negative integer; anything else reads as no limit. */
function count(v: PyValue | undefined): number | null {
  if (v === null || v === undefined || typeof v !== 'object' || v.kind !== 'int' || v.value < 0n) return null;
  return Number(v.value);
}

/** Where `training.sources[i]` is written: its `path:` key and value, else the `sources` key. */
function rangeFinder(keys: readonly FrontmatterKey[]): (position: number) => Range | null {
  const byPath = new Map<string, FrontmatterKey>();
  for (const k of keys) if (k.path[0] === 'training' && k.path[1] === 'sources') byPath.set(k.path.join('\0'), k);
  return (position) => {
    const path = byPath.get(['training', 'sources', position, 'path'].join('\0'));
    if (path) return { start: path.keyRange.start, end: path.valueRange.end };
    return byPath.get('training\0sources')?.keyRange ?? null;
  };
}
