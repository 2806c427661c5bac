// Sorting and filtering of the rows table, kept apart from the DOM.
import type { RowStatus, RowVM } from '../shared/view/viewModelTypes';

export type SortKey = 'origin' | 'tags' | 'weight' | 'copies' | 'valCopies' | 'status';
export type SortDir = 'ascending' | 'descending';

export interface Column {
  key: SortKey;
  label: string;
  numeric: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: 'origin', label: 'Origin', numeric: false },
  { key: 'tags', label: 'Tags', numeric: false },
  { key: 'weight', label: 'Weight', numeric: true },
  { key: 'copies', label: 'Copies', numeric: true },
  { key: 'valCopies', label: 'Val', numeric: true },
  { key: 'status', label: 'Status', numeric: false },
];

const STATUS_ORDER: Record<RowStatus, number> = { train: 0, both: 1, val: 2, dropped: 3, stopped: 4 };

/** A sortable number for a weight: NaN (sorted last) when it is not a number. */
export function weightValue(r: RowVM): number {
  if (r.weight !== null) return r.weight;
  if (r.weightText === '∞') return Infinity;
  if (r.weightText === '−∞') return -Infinity;
  return NaN;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Row indices in sorted order (stable: ties keep report order); null key = report order. */
export function sortOrder(rows: readonly RowVM[], key: SortKey | null, dir: SortDir): number[] {
  const idx = rows.map((_, i) => i);
  if (key === null) return dir === 'descending' ? idx.reverse() : idx;
  const sign = dir === 'ascending' ? 1 : -1;
  let cmp: (a: number, b: number) => number;
  if (key === 'origin' || key === 'tags') {
    cmp = (a, b) => sign * collator.compare(rows[a][key], rows[b][key]);
  } else if (key === 'status') {
    cmp = (a, b) => sign * (STATUS_ORDER[rows[a].status] - STATUS_ORDER[rows[b].status]);
  } else {
    const values = key === 'weight' ? rows.map(weightValue) : rows.map((r) => r[key]);
    cmp = (a, b) => {
      const x = values[a];
      const y = values[b];
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? 0 : Number.isNaN(x) ? 1 : -1;
      return sign * (x - y);
    };
  }
  return idx.sort((a, b) => cmp(a, b) || a - b);
}

/** Case-insensitive substring match over origin and tag text; every word must match. */
export function filterOrder(rows: readonly RowVM[], order: readonly number[], query: string, haystack: (i: number) => string): number[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return order.slice();
  return order.filter((i) => {
    const text = haystack(i);
    return words.every((w) => text.includes(w));
  });
}

/** Lower-cased search text per row, built on first use. */
export function haystackOf(rows: readonly RowVM[]): (i: number) => string {
  const cache: Array<string | undefined> = new Array(rows.length);
  return (i) => (cache[i] ??= `${rows[i].origin}\n${rows[i].tags}`.toLowerCase());
}
