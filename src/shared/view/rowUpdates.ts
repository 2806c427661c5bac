// Row number updates between two view-models with the same rows (see
// RowUpdatesVM): made by the extension host, applied by the webview to the
// rows it already holds. Browser-safe.
import { DistinctNumbers } from './distinctNumbers';
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

/** The smallest unsigned array that holds every count in `values` (doubles past 32 bits). */
function countsArray(values: ArrayLike<number>): Uint8Array | Uint16Array | Uint32Array | Float64Array {
  let max = 0;
  for (let k = 0; k < values.length; k++) if (values[k]! > max) max = values[k]!;
  const Kind = max <= 0xff ? Uint8Array : max <= 0xffff ? Uint16Array : max <= 0xffffffff ? Uint32Array : Float64Array;
  return Kind.from(values);
}

/**
 * What turns `from`'s rows into `to`'s (same length, same static parts):
 * the changed rows by index, or every row when most of them changed. Sized
 * for the trip to the webview: a weight edit updates every row, and each
 * row costs 3 bytes (a weight is one of a few products of tag weights).
 */
export function rowUpdates(from: readonly RowVM[], to: readonly RowVM[]): RowUpdatesVM {
  if (from.length !== to.length) throw new Error(`rowUpdates: ${from.length} rows vs ${to.length}`);
  const changedAt: number[] = [];
  for (let i = 0; i < to.length; i++) if (changed(from[i]!, to[i]!)) changedAt.push(i);
  const dense = changedAt.length * 2 > to.length;
  const m = dense ? to.length : changedAt.length;
  const weights = new DistinctNumbers();
  const at = new Uint32Array(m);
  const copies = new Float64Array(m);
  const valCopies = new Float64Array(m);
  const nonFiniteText: string[] = [];
  for (let k = 0; k < m; k++) {
    const r = to[dense ? k : changedAt[k]!]!;
    // a non-finite weight travels as NaN, its text beside it
    at[k] = weights.positionOf(r.weight ?? NaN);
    copies[k] = r.copies;
    valCopies[k] = r.valCopies;
    if (r.weight === null) nonFiniteText.push(r.weightText);
  }
  return {
    index: dense ? null : Uint32Array.from(changedAt),
    weights: Float64Array.from(weights.values),
    weightAt: countsArray(at) as Uint8Array | Uint16Array | Uint32Array,
    copies: countsArray(copies),
    valCopies: countsArray(valCopies),
    nonFiniteText,
  };
}

/**
 * Whether `u` is consistent (arrays of one length, weights finite or NaN and
 * each row's weight among them, indices ascending, one text per non-finite
 * weight) and, when `n` is given, fits rows of length `n`.
 */
export function rowUpdatesFit(u: RowUpdatesVM, n?: number): boolean {
  const m = u.weightAt.length;
  if (u.copies.length !== m || u.valCopies.length !== m) return false;
  for (const w of u.weights) if (w === Infinity || w === -Infinity) return false;
  let nonFinite = 0;
  for (let k = 0; k < m; k++) {
    const s = u.weightAt[k]!;
    if (s >= u.weights.length) return false;
    if (Number.isNaN(u.weights[s]!)) nonFinite++;
  }
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
  const m = u.weightAt.length;
  const texts = Array.from(u.weights, (w) => (Number.isNaN(w) ? null : formatWeight(w)));
  let j = 0;
  for (let k = 0; k < m; k++) {
    const r = rows[u.index ? u.index[k]! : k]!;
    const s = u.weightAt[k]!;
    const text = texts[s]!;
    if (text === null) {
      r.weight = null;
      r.weightText = u.nonFiniteText[j++]!;
    } else {
      r.weight = u.weights[s]!;
      r.weightText = text;
    }
    r.copies = u.copies[k]!;
    r.valCopies = u.valCopies[k]!;
    r.status = rowStatusOf(stopped, r.copies, r.valCopies);
  }
  return true;
}
