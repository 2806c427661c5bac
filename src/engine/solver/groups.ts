// The corpus seen from one tag key: the rows of each targeted value (whose
// copies move with that value's weight) and everything else (fixed).
import { composeWeight, rowCopies, type HashMemo } from '../expand.js';
import type { TagMap, WeightMap } from '../types.js';

/**
 * Rows of one value that expand identically: same section id (same roll) and
 * same tag map. A row's weight is 1.0 × its factors in tag order (dlm's
 * order, which decides the double): `before` is the running product up to
 * the key's factor, `after` the factors that follow it.
 */
interface Unit {
  id: string;
  before: number;
  after: number[];
  /** The product of the other factors (for the capacity estimate). */
  other: number;
  /** Sum of the sizes of the rows in this unit. */
  size: number;
  roll: number | undefined;
}

/** Every row carrying key=value, as a function of that value's weight. */
export class ValueGroup {
  private units: Unit[] = [];
  private byTags = new Map<TagMap, Map<string, Unit>>();
  rows = 0;
  /** A tag whose factor 0 drops one of these rows whatever the weight (for messages). */
  zeroTag: string | null = null;
  /** Expected copies × size per unit of weight (the fractional roll averaged out). */
  capacity = 0;
  /** Rows whose weight is 0 whatever the key's weight. */
  alwaysDropped = 0;
  nonFinite: string | null = null;

  constructor(readonly value: string, private readonly memo: HashMemo) {}

  add(sectionId: string, tags: TagMap, key: string, merged: WeightMap, size: number): void {
    this.rows++;
    let perTags = this.byTags.get(tags);
    if (!perTags) this.byTags.set(tags, (perTags = new Map()));
    const unit = perTags.get(sectionId);
    if (unit) {
      unit.size += size;
      this.count(unit.other, size);
      return;
    }
    let before = 1.0;
    const after: number[] = [];
    let seenKey = false;
    for (const [k, v] of tags) {
      if (k === key) { seenKey = true; continue; }
      const f = merged.get(k)?.get(v);
      if (f === undefined) continue;
      if (f === 0) this.zeroTag ??= `${k}=${v}`;
      if (!Number.isFinite(f)) this.nonFinite ??= `${k}=${v}`;
      if (seenKey) after.push(f);
      else before *= f;
    }
    const other = after.reduce((a, b) => a * b, before);
    const u: Unit = { id: sectionId, before, after, other, size, roll: undefined };
    perTags.set(sectionId, u);
    this.units.push(u);
    this.count(other, size);
  }

  private count(other: number, size: number): void {
    if (other === 0) this.alwaysDropped++;
    else if (Number.isFinite(other)) this.capacity += size * other;
  }

  /** Copies × size of all these rows when the key's value has weight `x` (dlm's arithmetic, exactly). */
  amount(x: number): number {
    let total = 0;
    for (const u of this.units) {
      let w = u.before * x;
      for (const f of u.after) w *= f;
      if (!(w > 0)) continue;
      const frac = w % 1 !== 0;
      if (frac && u.roll === undefined) u.roll = this.memo.roll(u.id);
      total += u.size * rowCopies(w, frac ? u.roll! : 0);
    }
    return total;
  }
}

export interface KeyView {
  groups: Map<string, ValueGroup>;
  /** Rows per value of the key (targeted or not). */
  valueRows: Map<string, number>;
  /** Copies × size of the rows the proposal cannot change, per value of the key (null: rows without it). */
  fixed: Map<string | null, { rows: number; amount: number }>;
  fixedTotal: number;
  /** A tag whose factor is NaN or infinite on some row (dlm train crashes). */
  nonFinite: string | null;
}

/** Split the corpus by one key: targeted values become groups, everything else is fixed. */
export function viewByKey(
  rows: ReadonlyArray<{ sectionId: string; tags: TagMap }>, merged: WeightMap, memo: HashMemo,
  key: string, targeted: ReadonlySet<string>, sizes?: ArrayLike<number>,
): KeyView {
  const groups = new Map<string, ValueGroup>();
  const valueRows = new Map<string, number>();
  const fixed = new Map<string | null, { rows: number; amount: number }>();
  let fixedTotal = 0;
  let nonFinite: string | null = null;
  const weighted = merged.size > 0;
  for (let i = 0; i < rows.length; i++) {
    const { sectionId, tags } = rows[i]!;
    const size = sizes ? sizes[i]! : 1;
    const value = tags.get(key);
    if (value !== undefined) valueRows.set(value, (valueRows.get(value) ?? 0) + 1);
    if (value !== undefined && targeted.has(value)) {
      let g = groups.get(value);
      if (!g) groups.set(value, (g = new ValueGroup(value, memo)));
      g.add(sectionId, tags, key, merged, size);
      nonFinite ??= g.nonFinite;
      continue;
    }
    // not ours to change: today's weight (the proposal leaves every factor of these rows as it is)
    const w = weighted ? composeWeight(tags, merged) : 1;
    if (!(w <= 0) && !Number.isFinite(w)) nonFinite ??= firstNonFinite(tags, merged);
    const copies = weighted ? rowCopies(w, w > 0 && w % 1 !== 0 ? memo.roll(sectionId) : 0) : 1;
    const slot = value ?? null;
    const f = fixed.get(slot) ?? { rows: 0, amount: 0 };
    f.rows++;
    f.amount += Number.isFinite(w) ? size * copies : 0;
    fixed.set(slot, f);
    fixedTotal += Number.isFinite(w) ? size * copies : 0;
  }
  return { groups, valueRows, fixed, fixedTotal, nonFinite };
}

function firstNonFinite(tags: TagMap, merged: WeightMap): string {
  for (const [k, v] of tags) {
    const f = merged.get(k)?.get(v);
    if (f !== undefined && !Number.isFinite(f)) return `${k}=${v}`;
  }
  return [...tags].map(([k, v]) => `${k}=${v}`).join(', ');
}
