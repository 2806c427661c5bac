// "Since the last run": this dry run against what the document's store says
// about past training (docs/spec/store.md, docs/since-last-run.md).
import type { CountMap } from '../types.js';
import { dlmHome, isDlmId, manifestPath, type Env } from './home.js';
import { MAX_MANIFEST_BYTES, parseManifest, type Manifest, type RunStatus, type TrainingRun } from './manifest.js';
import type { TextReader } from './textReader.js';

/** What the comparison needs of this dry run. */
export interface CurrentRun {
  /** Section ids of the rows in row order (repeats count once). */
  sectionIds: Iterable<string>;
  /** Pre-expansion rows per (tag key, tag value): the report's `distribution`. */
  distribution: CountMap;
  seed: bigint;
  /** Whether any discovered config declares weights now (the report's mergedWeights is not empty). */
  weightsActive: boolean;
}

export interface TagDelta {
  value: string;
  /** Rows in the last completed run; null when that run's distribution does not list the value (or is null). */
  then: number | null;
  now: number;
  /** now − then; null when `then` is. */
  delta: number | null;
}

export interface LastRun {
  runId: number;
  seed: bigint;
  adapterName: string | null;
  endedAt: string | null;
}

export interface Comparison {
  kind: 'compared';
  manifestPath: string;
  /** adapter_version 0 and no runs: the next run is the first. */
  firstRun: boolean;
  adapterVersion: number;
  /** The last run with status completed, or null when none completed. */
  lastCompleted: LastRun | null;
  /** Runs after it that did not complete (failed, cancelled, running), oldest first. */
  laterRuns: Array<{ runId: number; status: RunStatus }>;
  sections: { new: string[]; unchanged: string[]; removed: string[] };
  /** Seed then and now; null without a completed run. */
  seed: { then: bigint; now: bigint; changed: boolean } | null;
  /** Null without a completed run. */
  distribution: {
    /** Weights were active in that run (its weight_distribution was not null). */
    weightsThen: boolean;
    weightsNow: boolean;
    tags: Array<{ key: string; values: TagDelta[] }>;
  } | null;
  /** Rows dlm samples from the replay corpus next time, k = max(32, 2 × new); null on a first run. An estimate: dlm draws at most what the replay corpus holds. */
  replayRows: number | null;
}

export type SinceLastRun =
  /** No comparison possible: no usable dlm_id, or no readable manifest (missing — the next run is the first — unreadable, or over MAX_MANIFEST_BYTES). */
  | { kind: 'no-store'; reason: 'no-dlm-id' | 'bad-dlm-id' | 'no-manifest'; manifestPath: string | null }
  /** A manifest was read but cannot be used (partial or damaged JSON, another schema, another dlm_id, wrong types). */
  | { kind: 'unusable'; reason: string; manifestPath: string }
  | Comparison;

export interface StoreOptions {
  reader: TextReader;
  env?: Env;
  platform?: NodeJS.Platform;
  home?: string;
}

/** Reads the store of `dlmId` and compares this run with it. Never throws. */
export function sinceLastRun(dlmId: string | null, current: CurrentRun, opts: StoreOptions): SinceLastRun {
  if (dlmId === null) return { kind: 'no-store', reason: 'no-dlm-id', manifestPath: null };
  if (!isDlmId(dlmId)) return { kind: 'no-store', reason: 'bad-dlm-id', manifestPath: null };
  const path = manifestPath(dlmHome(opts.env, opts.platform, opts.home), dlmId);
  const text = opts.reader.readText(path, MAX_MANIFEST_BYTES);
  // the reader cannot tell a missing manifest from an unreadable or oversized one: both are "no readable manifest"
  if (text === null) return { kind: 'no-store', reason: 'no-manifest', manifestPath: path };
  const parsed = parseManifest(text, dlmId);
  if (parsed.kind !== 'ok') return { kind: 'unusable', reason: parsed.reason, manifestPath: path };
  return compareWithManifest(parsed.manifest, current, path);
}

function lastRunOf(r: TrainingRun): LastRun {
  return { runId: r.runId, seed: r.seed, adapterName: r.adapterName, endedAt: r.endedAt };
}

/** The comparison itself, pure. */
export function compareWithManifest(m: Manifest, current: CurrentRun, path: string): Comparison {
  const before = new Set(m.contentHashes);
  const seen = new Set<string>();
  const fresh: string[] = [];
  const unchanged: string[] = [];
  for (const id of current.sectionIds) {
    if (seen.has(id)) continue; // duplicate ids in one document count once
    seen.add(id);
    (before.has(id) ? unchanged : fresh).push(id);
  }
  const removed = m.contentHashes.filter((id) => !seen.has(id));

  let last = -1;
  for (let i = m.runs.length - 1; i >= 0; i--) if (m.runs[i]!.status === 'completed') { last = i; break; }
  const completed = last === -1 ? null : m.runs[last]!;
  const firstRun = m.adapterVersion === 0 && m.runs.length === 0;
  return {
    kind: 'compared',
    manifestPath: path,
    firstRun,
    adapterVersion: m.adapterVersion,
    lastCompleted: completed && lastRunOf(completed),
    laterRuns: m.runs.slice(last + 1).map((r) => ({ runId: r.runId, status: r.status })),
    sections: { new: fresh, unchanged, removed },
    seed: completed && { then: completed.seed, now: current.seed, changed: completed.seed !== current.seed },
    distribution: completed && {
      weightsThen: completed.weightDistribution !== null,
      weightsNow: current.weightsActive,
      tags: distributionDeltas(completed.weightDistribution, current.distribution),
    },
    replayRows: firstRun ? null : Math.max(32, 2 * fresh.length),
  };
}

/** Per tag key and value: rows then and now. Keys and values in this run's order, then those only the old run had. */
function distributionDeltas(then: CountMap | null, now: CountMap): Array<{ key: string; values: TagDelta[] }> {
  const keys = [...now.keys(), ...[...(then?.keys() ?? [])].filter((k) => !now.has(k))];
  return keys.map((key) => {
    const n = now.get(key) ?? new Map<string, number>();
    const t = then?.get(key) ?? new Map<string, number>();
    const values = [...n.keys(), ...[...t.keys()].filter((v) => !n.has(v))];
    return {
      key,
      values: values.map((value) => {
        const thenCount = t.get(value) ?? null;
        const nowCount = n.get(value) ?? 0;
        return { value, then: thenCount, now: nowCount, delta: thenCount === null ? null : nowCount - thenCount };
      }),
    };
  });
}

/** A tag value's rows then and now (for a hover); null without a completed run to compare with. */
export function tagThenAndNow(s: SinceLastRun, key: string, value: string): { then: number | null; now: number } | null {
  if (s.kind !== 'compared' || s.distribution === null) return null;
  const v = s.distribution.tags.find((k) => k.key === key)?.values.find((x) => x.value === value);
  return v ? { then: v.then, now: v.now } : { then: null, now: 0 };
}
