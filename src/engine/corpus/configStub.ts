// TEMPORARY stand-in for ../config until the real PyYAML-exact loader lands.
import { parse } from 'yaml';
import type { TrainingConfig } from '../types.js';
export interface LoadResult { accepted: boolean; problem: any; crash: boolean; config: TrainingConfig | null }
export function loadTrainingYamlBytes(b: Uint8Array): LoadResult {
  let t: string;
  try { t = new TextDecoder('utf-8', { fatal: true }).decode(b); } catch { return { accepted: false, problem: 'encoding', crash: false, config: null }; }
  return loadTrainingYamlText(t);
}
export function loadTrainingYamlText(t: string): LoadResult {
  let v: any;
  try { v = parse(t, { version: '1.1', mapAsMap: true }); } catch { return { accepted: false, problem: 'yaml', crash: false, config: null }; }
  if (v === null || v === undefined) v = new Map();
  if (!(v instanceof Map)) return { accepted: false, problem: 'not-mapping', crash: false, config: null };
  const bad = { accepted: false, problem: 'schema', crash: false, config: null };
  const c: TrainingConfig = { include: [], exclude: [], excludeDefaults: true, metadata: new Map(), weights: new Map() };
  for (const [k, x] of v) {
    if (k === 'include' || k === 'exclude') { if (!Array.isArray(x)) return bad; c[k as 'include'] = x; }
    else if (k === 'exclude_defaults') c.excludeDefaults = x === true || x === 'true';
    else if (k === 'metadata') { for (const [a, b] of x) { if (typeof a !== 'string' || typeof b !== 'string') return bad; c.metadata.set(a, b); } }
    else if (k === 'weights') { for (const [a, b] of x) { if (typeof a !== 'string') return bad; const m = new Map(); for (const [p, q] of b) { if (typeof p !== 'string') return bad; const n = typeof q === 'string' ? Number(q) : Number(q); if (n < 0) return bad; m.set(p, n); } c.weights.set(a, m); } }
    else if (k === 'dlm_training_version') { if (x !== 1) return bad; }
    else return bad;
  }
  return { accepted: true, problem: null, crash: false, config: c };
}
