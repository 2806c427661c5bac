// The frontmatter facts the mix and the store need: dlm_id, base_model and
// training.sequence_len. A small reader of its own until the document
// validator exposes them; values dlm would reject read as absent.
import { pyyamlSafeLoad } from '../config/pyyaml.js';
import type { PyValue } from '../config/pyvalue.js';

export interface DocumentFacts {
  dlmId: string | null;
  baseModel: string | null;
  /** training.sequence_len, or the default 2048 when absent or out of dlm's range 64–32768. */
  sequenceLen: number;
}

export const DEFAULT_SEQUENCE_LEN = 2048;

function entry(v: PyValue | undefined, key: string): PyValue | undefined {
  if (!v || typeof v !== 'object' || v.kind !== 'dict') return undefined;
  for (let i = v.entries.length - 1; i >= 0; i--) if (v.entries[i]!.key === key) return v.entries[i]!.value; // last duplicate wins
  return undefined;
}

function intOf(v: PyValue | undefined): number | null {
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v.replace(/_/g, ''))) return Number(v.replace(/_/g, ''));
  if (v && typeof v === 'object' && (v.kind === 'int' || v.kind === 'float')) {
    const n = Number(v.value);
    return Number.isInteger(n) ? n : null;
  }
  return null;
}

export function documentFacts(frontmatter: string | null): DocumentFacts {
  const none: DocumentFacts = { dlmId: null, baseModel: null, sequenceLen: DEFAULT_SEQUENCE_LEN };
  if (frontmatter === null) return none;
  const r = pyyamlSafeLoad(frontmatter);
  if (r.kind !== 'ok') return none;
  const id = entry(r.value, 'dlm_id');
  const base = entry(r.value, 'base_model');
  const len = intOf(entry(entry(r.value, 'training'), 'sequence_len'));
  return {
    dlmId: typeof id === 'string' ? id : null,
    baseModel: typeof base === 'string' && base.length > 0 ? base : null,
    sequenceLen: len !== null && len >= 64 && len <= 32768 ? len : DEFAULT_SEQUENCE_LEN,
  };
}
