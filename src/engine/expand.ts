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

/** Hash results for one section id under one seed. */
export interface SectionHashes {
  roll: number | undefined;
  val: boolean[];
}

/** Memo of the hashes for one seed; keep it across recomputations. */
export class HashMemo {
  private entries = new Map<string, SectionHashes>();
  private readonly threshold: bigint;
  constructor(readonly seed: bigint, readonly valFraction = 0.1) {
    this.threshold = splitThreshold(valFraction);
  }
  entry(id: string): SectionHashes {
    let e = this.entries.get(id);
    if (!e) this.entries.set(id, (e = { roll: undefined, val: [] }));
    return e;
  }
  roll(id: string, e = this.entry(id)): number {
    return (e.roll ??= keepRoll(this.seed, id));
  }
  isVal(id: string, sub: number, e = this.entry(id)): boolean {
    return (e.val[sub] ??= assignsToValidation(this.seed, id, sub, this.threshold));
  }
}

export interface PreRow {
  sectionId: string;
  origin: string;
  tags: TagMap;
  /** Memoised hashes of this row's section for `hashSeed` (filled lazily). */
  hashes?: SectionHashes;
  hashMemo?: HashMemo;
}

function hashesOf(p: PreRow, memo: HashMemo): SectionHashes {
  if (p.hashMemo !== memo) {
    p.hashes = memo.entry(p.sectionId);
    p.hashMemo = memo;
  }
  return p.hashes!;
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
  // rows share tag maps (one per directory chain): compose each map once
  const composed = new Map<TagMap, number>();
  for (let i = 0; i < pre.length; i++) {
    const p = pre[i]!;
    let weight = 1.0;
    if (weighted) {
      const c = composed.get(p.tags);
      if (c === undefined) composed.set(p.tags, (weight = composeWeight(p.tags, merged)));
      else weight = c;
    }
    rows[i] = { sectionId: p.sectionId, origin: p.origin, tags: p.tags, weight, copies: 0, valCopies: 0 };
    // dlm drops w <= 0 first, then int(w) raises on NaN / infinity for the first such row
    if (trainError === null && weighted && !(weight <= 0) && !Number.isFinite(weight)) {
      trainError = Number.isNaN(weight) ? 'nan-weight' : 'inf-weight';
    }
  }
  if (trainError === null) {
    const seen = new Map<string, number>();
    let expanded = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const h = hashesOf(pre[i]!, memo);
      const w = r.weight;
      r.copies = weighted ? rowCopies(w, w > 0 && w % 1 !== 0 ? memo.roll(r.sectionId, h) : 0) : 1;
      if (r.copies === 0) continue;
      let sub = seen.get(r.sectionId) ?? 0;
      for (let c = 0; c < r.copies; c++, sub++) if (memo.isVal(r.sectionId, sub, h)) r.valCopies++;
      seen.set(r.sectionId, sub);
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
