// Row number updates between two view-models with the same rows (see
// RowUpdatesVM): made by the extension host, applied by the webview to the
// rows it already holds. Browser-safe.
import { formatWeight } from './format';
import type { RowStatus, RowUpdatesVM, RowVM } from './viewModelTypes';

/** A row's status: from its copies, or 'stopped' when dlm train stops before training (a train error). */
export function rowStatusOf(stopped: boolean, copies: number, valCopies: number): RowStatus {
  if (stopped) return 'stopped';
  if (copies === 0) return 'dropped';
  if (valCopies === 0) return 'train';
  return valCopies >= copies ? 'val' : 'both';
}

const changed = (a: RowVM, b: RowVM): boolean => a !== b && (
  a.weight !== b.weight || a.weightText !== b.weightText || a.copies !== b.copies || a.valCopies !== b.valCopies || a.status !== b.status);

/**
 * What turns `from`'s rows into `to`'s (same length, same static parts):
 * the changed rows by index, or every row when most of them changed.
 */
export function rowUpdates(from: readonly RowVM[], to: readonly RowVM[]): RowUpdatesVM {
  if (from.length !== to.length) throw new Error(`rowUpdates: ${from.length} rows vs ${to.length}`);
  const changedAt: number[] = [];
  for (let i = 0; i < to.length; i++) if (changed(from[i]!, to[i]!)) changedAt.push(i);
  const dense = changedAt.length * 2 > to.length;
  const m = dense ? to.length : changedAt.length;
  const weight = new Float64Array(m);
  let wide = false;
  for (let k = 0; k < m && !wide; k++) wide = to[dense ? k : changedAt[k]!]!.copies > 0xffffffff;
  const copies = wide ? new Float64Array(m) : new Uint32Array(m);
  const valCopies = wide ? new Float64Array(m) : new Uint32Array(m);
  const nonFiniteText: string[] = [];
  for (let k = 0; k < m; k++) {
    const r = to[dense ? k : changedAt[k]!]!;
    // a non-finite weight travels as NaN, its text beside it
    weight[k] = r.weight ?? NaN;
    copies[k] = r.copies;
    valCopies[k] = r.valCopies;
    if (r.weight === null) nonFiniteText.push(r.weightText);
  }
  return { index: dense ? null : Uint32Array.from(changedAt), weight, copies, valCopies, nonFiniteText };
}

/**
 * Whether `u` is consistent (arrays of one length, indices ascending, one text
 * per null weight) and, when `n` is given, fits rows of length `n`.
 */
export function rowUpdatesFit(u: RowUpdatesVM, n?: number): boolean {
  const m = u.weight.length;
  if (u.copies.length !== m || u.valCopies.length !== m) return false;
  let nonFinite = 0;
  for (let k = 0; k < m; k++) if (!Number.isFinite(u.weight[k]!)) nonFinite++;
  if (nonFinite !== u.nonFiniteText.length) return false;
  if (!u.index) return n === undefined || m === n;
  if (u.index.length !== m) return false;
  let prev = -1;
  for (const i of u.index) {
    if (i <= prev) return false;
    prev = i;
  }
  return n === undefined || prev < n;
}

/**
 * Applies `u` to `rows` in place (`stopped`: the new report has a train
 * error); false (and nothing changed) when it does not fit them.
 */
export function applyRowUpdates(rows: RowVM[], u: RowUpdatesVM, stopped: boolean): boolean {
  if (!rowUpdatesFit(u, rows.length)) return false;
  const m = u.weight.length;
  // few distinct weights (products of a few tag weights): one text each
  const texts = new Map<number, string>();
  let j = 0;
  for (let k = 0; k < m; k++) {
    const r = rows[u.index ? u.index[k]! : k]!;
    const w = u.weight[k]!;
    if (!Number.isFinite(w)) {
      r.weight = null;
      r.weightText = u.nonFiniteText[j++]!;
    } else {
      r.weight = w;
      let text = texts.get(w);
      if (text === undefined) texts.set(w, (text = formatWeight(w)));
      r.weightText = text;
    }
    r.copies = u.copies[k]!;
    r.valCopies = u.valCopies[k]!;
    r.status = rowStatusOf(stopped, r.copies, r.valCopies);
  }
  return true;
}
