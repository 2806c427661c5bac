// Unique row labels for the UI. The contract's `origin` repeats when one
// section yields several rows (a document's instruction section: one row per
// Q/A pair) or when two sources reach the same file; the report must not show
// two rows called `corpus.dlm#1`. The contract JSON keeps `origin` as dlm has it.
import type { CorpusPlan } from '../corpus/directives.js';
import type { RowSource } from '../reportDetails.js';

const UNIT: Record<string, string> = { instruction: 'pair', preference: 'triple' };

/** What one of several rows of the same origin is called: `pair 2`, `triple 1`, `row 3`. */
function unitOf(plan: CorpusPlan | null, source: RowSource | undefined, origin: string): string {
  if (source ? source.directive === -1 : /#\d+$/.test(origin)) {
    const type = source && plan?.document?.sections[source.index]?.type;
    return (type && UNIT[type]) ?? 'row';
  }
  return 'source';
}

/**
 * A label per row, parallel to `origins`: the origin itself when it is
 * unique, else `origin · pair k` (1-based, in row order) for a document
 * section's rows, or `origin · source k` for a file two sources reach.
 */
export function uniqueRowLabels(origins: readonly string[], sources?: readonly RowSource[], plan: CorpusPlan | null = null): string[] {
  const total = new Map<string, number>();
  for (const o of origins) total.set(o, (total.get(o) ?? 0) + 1);
  const seen = new Map<string, number>();
  return origins.map((o, i) => {
    if (total.get(o) === 1) return o;
    const k = (seen.get(o) ?? 0) + 1;
    seen.set(o, k);
    const unit = unitOf(plan, sources?.[i], o);
    if (unit === 'source') {
      const d = sources?.[i]?.directive;
      return `${o} · source ${d === undefined ? k : d + 1}`;
    }
    return `${o} · ${unit} ${k}`;
  });
}

/** The label of one row (as uniqueRowLabels would give it), without labelling every row. */
export function rowLabel(origins: readonly string[], i: number, sources?: readonly RowSource[], plan: CorpusPlan | null = null): string {
  const o = origins[i]!;
  let before = 0;
  let total = 0;
  for (let j = 0; j < origins.length; j++) {
    if (origins[j] !== o) continue;
    total++;
    if (j < i) before++;
  }
  if (total === 1) return o;
  const unit = unitOf(plan, sources?.[i], o);
  if (unit === 'source') {
    const d = sources?.[i]?.directive;
    return `${o} · source ${d === undefined ? before + 1 : d + 1}`;
  }
  return `${o} · ${unit} ${before + 1}`;
}
