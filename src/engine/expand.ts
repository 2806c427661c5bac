// Weight composition, expansion into copies and the train/validation split
// (semantics.md §5–6). Hash results are memoised per (seed, section id) so a
// weights edit recomputes copies without hashing anything again.
import type { ReportRow, TagMap, Totals, TrainError, WeightMap } from './types.js';
import { assignsToValidation, keepRoll, keepsFraction, splitThreshold } from './hashing.js';

/** A row's weight: 1.0 times each (key, value) factor of its tags found in the merged map, in tag order. */
export function composeWeight(tags: TagMap, merged: WeightMap): number {
  let w = 1.0;
  for (const [k, v] of tags) {
    const f = merged.get(k)?.get(v);
    if (f !== undefined) w *= f;
  }
  return w;
}

/** Copies of one row: 0 when weight ≤ 0, else trunc(w) plus one when the roll keeps the fraction. */
export function rowCopies(weight: number, roll: number): number {
  if (weight <= 0) return 0;
  const whole = Math.trunc(weight);
  return whole + (keepsFraction(roll, weight - whole) ? 1 : 0);
}

/** Memo of the hashes for one seed; keep it across recomputations. */
export class HashMemo {
  private rolls = new Map<string, number>();
  private val = new Map<string, boolean[]>();
  private readonly threshold: bigint;
  constructor(readonly seed: bigint, readonly valFraction = 0.1) {
    this.threshold = splitThreshold(valFraction);
  }
  roll(id: string): number {
    let r = this.rolls.get(id);
    if (r === undefined) {
      r = keepRoll(this.seed, id);
      this.rolls.set(id, r);
    }
    return r;
  }
  isVal(id: string, sub: number): boolean {
    let a = this.val.get(id);
    if (!a) this.val.set(id, (a = []));
    let v = a[sub];
    if (v === undefined) a[sub] = v = assignsToValidation(this.seed, id, sub, this.threshold);
    return v;
  }
}

export interface PreRow {
  sectionId: string;
  origin: string;
  tags: TagMap;
}

export interface Expansion {
  rows: ReportRow[];
  totals: Totals;
  trainError: TrainError | null;
}

/** Expand rows with the merged weights and split them, exactly as dlm train would. */
export function expandRows(pre: readonly PreRow[], merged: WeightMap, memo: HashMemo): Expansion {
  const weighted = merged.size > 0;
  const rows: ReportRow[] = new Array(pre.length);
  let trainError: TrainError | null = pre.length === 0 ? 'no-rows' : null;
  for (let i = 0; i < pre.length; i++) {
    const p = pre[i]!;
    const weight = weighted ? composeWeight(p.tags, merged) : 1.0;
    rows[i] = { sectionId: p.sectionId, origin: p.origin, tags: p.tags, weight, copies: 0, valCopies: 0 };
    // dlm drops w <= 0 first, then int(w) raises on NaN / infinity for the first such row
    if (trainError === null && weighted && !(weight <= 0) && !Number.isFinite(weight)) {
      trainError = Number.isNaN(weight) ? 'nan-weight' : 'inf-weight';
    }
  }
  if (trainError === null) {
    const seen = new Map<string, number>();
    let expanded = 0;
    for (const r of rows) {
      r.copies = weighted ? rowCopies(r.weight, r.weight > 0 && r.weight % 1 !== 0 ? memo.roll(r.sectionId) : 0) : 1;
      let sub = seen.get(r.sectionId) ?? 0;
      for (let c = 0; c < r.copies; c++, sub++) if (memo.isVal(r.sectionId, sub)) r.valCopies++;
      if (r.copies) seen.set(r.sectionId, sub);
      expanded += r.copies;
    }
    if (expanded === 0) trainError = 'all-dropped';
  }
  if (trainError !== null) for (const r of rows) { r.copies = 0; r.valCopies = 0; }
  return { rows, totals: totalsOf(rows), trainError };
}

export function totalsOf(rows: readonly ReportRow[]): Totals {
  const t: Totals = { rows: rows.length, expandedRows: 0, droppedRows: 0, trainRows: 0, valRows: 0, leakedRows: 0 };
  for (const r of rows) {
    t.expandedRows += r.copies;
    t.valRows += r.valCopies;
    if (r.copies === 0) t.droppedRows++;
    if (r.valCopies > 0 && r.valCopies < r.copies) t.leakedRows++;
  }
  t.trainRows = t.expandedRows - t.valRows;
  return t;
}
