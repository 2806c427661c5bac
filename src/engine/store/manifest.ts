// Reading a store's manifest.json robustly: whatever the file holds, the
// result is a typed manifest or a typed reason it cannot be used — never a
// throw. Unknown keys are ignored (docs/spec/store.md lists the ones used).
import type { CountMap } from '../types.js';

export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';
const STATUSES: readonly RunStatus[] = ['running', 'completed', 'failed', 'cancelled'];

export interface TrainingRun {
  runId: number;
  /** Seeds are arbitrary-precision integers in dlm. */
  seed: bigint;
  status: RunStatus;
  adapterName: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Pre-expansion rows per tag in that run; null when no config declared weights. */
  weightDistribution: CountMap | null;
}

export interface Manifest {
  dlmId: string;
  adapterVersion: number;
  /** Oldest first. */
  runs: TrainingRun[];
  /** Every section id as of the last completed run, in the file's order. */
  contentHashes: string[];
  sourcePath: string | null;
}

export type ManifestResult = { kind: 'ok'; manifest: Manifest } | { kind: 'unusable'; reason: string };

/** Largest manifest read (a 100k-section store is a few MB). */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

class Unusable extends Error {}
const fail = (reason: string): never => {
  throw new Unusable(reason);
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function int(v: unknown, where: string, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) fail(`${where} is not an integer ≥ ${min}`);
  return v as number;
}
function optString(v: unknown, where: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') fail(`${where} is not a string`);
  return v as string;
}

/**
 * JSON.parse turns integers past 2^53 into nearby doubles; seeds may be that
 * big. Quote every `"seed": <integer>` member first. A raw `"seed"` can only
 * be a key: inside a JSON string its quotes would have to be escaped.
 */
function quoteSeeds(text: string): string {
  return text.replace(/("seed"\s*:\s*)(-?\d+)(?=\s*[,}])/g, '$1"$2"');
}

function distribution(v: unknown, where: string): CountMap | null {
  if (v === undefined || v === null) return null;
  if (!isObj(v)) return fail(`${where} is not an object`);
  const out: CountMap = new Map();
  for (const [k, values] of Object.entries(v)) {
    if (!isObj(values)) fail(`${where}.${k} is not an object`);
    const m = new Map<string, number>();
    for (const [tv, n] of Object.entries(values as Obj)) m.set(tv, int(n, `${where}.${k}.${tv}`, 0));
    out.set(k, m);
  }
  return out;
}

function run(v: unknown, i: number): TrainingRun {
  const where = `training_runs[${i}]`;
  if (!isObj(v)) return fail(`${where} is not an object`);
  const seed = v.seed;
  if (typeof seed !== 'string' || !/^-?\d+$/.test(seed)) fail(`${where}.seed is not an integer`);
  const status = v.status ?? 'completed';
  if (!STATUSES.includes(status as RunStatus)) fail(`${where}.status is not one of ${STATUSES.join(', ')}`);
  return {
    runId: int(v.run_id, `${where}.run_id`, 1),
    seed: BigInt(seed as string),
    status: status as RunStatus,
    adapterName: optString(v.adapter_name, `${where}.adapter_name`),
    startedAt: optString(v.started_at, `${where}.started_at`),
    endedAt: optString(v.ended_at, `${where}.ended_at`),
    weightDistribution: distribution(v.weight_distribution, `${where}.weight_distribution`),
  };
}

/** Parses manifest text; `expectedId` is the document's dlm_id (a manifest for another id is unusable). */
export function parseManifest(text: string, expectedId: string): ManifestResult {
  try {
    let data: unknown;
    try {
      data = JSON.parse(quoteSeeds(text));
    } catch {
      return fail('not valid JSON (a partial or damaged file)');
    }
    if (!isObj(data)) return fail('the top level is not an object');
    const version = data.schema_version ?? 1;
    if (version !== 1) fail(`schema_version ${JSON.stringify(version)} is not 1`);
    if (data.dlm_id !== expectedId) fail(`dlm_id ${JSON.stringify(data.dlm_id)} is not the document's ${expectedId}`);
    const runs = data.training_runs ?? [];
    if (!Array.isArray(runs)) fail('training_runs is not a list');
    const hashes = data.content_hashes ?? {};
    if (!isObj(hashes)) fail('content_hashes is not an object');
    return {
      kind: 'ok',
      manifest: {
        dlmId: expectedId,
        adapterVersion: data.adapter_version === undefined ? 0 : int(data.adapter_version, 'adapter_version', 0),
        runs: (runs as unknown[]).map(run),
        contentHashes: Object.keys(hashes as Obj),
        sourcePath: optString(data.source_path, 'source_path'),
      },
    };
  } catch (e) {
    if (e instanceof Unusable) return { kind: 'unusable', reason: e.message };
    return { kind: 'unusable', reason: String(e) };
  }
}
