// The target-mix solver: weights for one tag key's values that bring each
// value's share of the expanded corpus within a tolerance of its target, at
// the report's seed, checked with dlm's exact expansion (integer copies plus
// the BLAKE2b fractional roll per row).
//
// Model. dlm merges every loaded config's weights into ONE map, and a row's
// weight is the product of its tags' factors. Rows carrying a targeted value
// v get weight (other factors) × x_v; everything else keeps today's weight.
// A value's copies are a non-decreasing step function of x_v alone, so the
// search is: pick the total size N of the expanded corpus, aim each value at
// target × N, and for each value take the readable x whose exact copies come
// closest (binary search on a grid of readable numbers). A few totals and
// 1–4 significant digits are tried; the most readable hit wins and is then
// verified once more through expandRows itself.
import { expandRows, type PreRow } from '../expand.js';
import { viewByKey, type KeyView, type ValueGroup } from './groups.js';
import { MIN_WEIGHT, readableGrid, significantDigits } from './readable.js';
import type { MixLine, Proposal, SolveInput, Unreachable } from './types.js';

const DEFAULT_TOLERANCE = 0.01;
const DEFAULT_MAX_WEIGHT = 100;
const MAX_DIGITS = 4;
/**
 * Multipliers of the base totals, in two rounds. The near round (within ×2,
 * nearest first) is tried at every precision before the far one: a 1-digit
 * weight is not worth a corpus ten times the size the targets call for. The
 * far round (×1/10 to ×100) is for small corpora whose copies only hit the
 * targets at a particular scale.
 */
const NEAR = [1, ...[1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 70, 100].flatMap((k) => [1 + k / 100, 1 / (1 + k / 100)])];
const FAR = Array.from({ length: 73 }, (_, i) => 1.1 ** (i - 24)).filter((m) => m > 2.01 || m < 1 / 2.01);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

interface Candidate {
  xs: Map<string, number>;
  amounts: Map<string, number>;
  total: number;
  maxDev: number;
  digits: number;
}

export function solveMix(input: SolveInput): Proposal {
  const tol = input.tolerance ?? DEFAULT_TOLERANCE;
  const maxW = input.maxWeight ?? DEFAULT_MAX_WEIGHT;
  const { key, shares } = input.target;
  const targets = [...shares];
  const view = viewByKey(input.rows, input.merged, input.memo, key, new Set(shares.keys()), input.sizes);
  const nowWeight = (v: string) => input.merged.get(key)?.get(v) ?? 1;
  const loaded = input.configs.filter((c) => c.loaded);
  const winners = new Map(targets.map(([v]) => [v, { setBy: [...loaded].reverse().find((c) => c.weights.get(key)?.has(v))?.id ?? null, today: input.merged.get(key)?.get(v) ?? null }]));
  let evaluations = 0;
  const cache = new Map<ValueGroup, Map<number, number>>();
  const amount = (g: ValueGroup, x: number): number => {
    let m = cache.get(g);
    if (!m) cache.set(g, (m = new Map()));
    let a = m.get(x);
    if (a === undefined) {
      evaluations++;
      m.set(x, (a = g.amount(x)));
    }
    return a;
  };

  const finish = (reachable: boolean, unreachable: Unreachable[], chosen: Candidate | null): Proposal => ({
    key, reachable, unreachable, winners, evaluations,
    weights: chosen ? new Map(chosen.xs) : new Map(),
    changes: new Map(chosen ? [...chosen.xs].filter(([v, x]) => x !== nowWeight(v)) : []),
    writeTo: loaded.at(-1)?.id ?? null,
    ...mixLines(view, targets, chosen, (g) => amount(g, nowWeight(g.value))),
  });

  const unreachable = structuralProblems(input, view, targets, tol);
  if (unreachable.length) return finish(false, unreachable, null);

  const F = view.fixedTotal;
  const S = targets.reduce((a, [, t]) => a + t, 0);
  const pos = targets.filter(([v, t]) => t > 0 && view.groups.has(v)).map(([v, t]) => ({ g: view.groups.get(v)!, t }));
  const zero = targets.filter(([v, t]) => t === 0 && view.groups.has(v)).map(([v]) => view.groups.get(v)!);
  const targetOf = new Map(targets);

  const evaluate = (xs: Map<string, number>): Candidate => {
    const amounts = new Map<string, number>();
    let total = F;
    for (const [v, x] of xs) {
      const a = x === 0 ? 0 : amount(view.groups.get(v)!, x);
      amounts.set(v, a);
      total += a;
    }
    let maxDev = total > 0 ? 0 : Infinity;
    if (total > 0) for (const [v, a] of amounts) maxDev = Math.max(maxDev, Math.abs(a / total - targetOf.get(v)!));
    let digits = 0;
    for (const x of xs.values()) digits += significantDigits(x);
    return { xs, amounts, total, maxDev, digits };
  };

  // the totals to aim at: the one the targets imply, then around it
  const bases: number[] = [];
  if (pos.length) {
    if (F > 0 && S < 1 - 1e-12) bases.push(F / (1 - S));
    else if (F > 0) bases.push(F / Math.max((tol * pos.length - (S - 1)) / 2, 1e-9));
    else bases.push(pos.reduce((a, { g }) => a + amount(g, nowWeight(g.value)), 0) || pos.reduce((a, { g }) => a + g.capacity, 0));
    // totals where one value keeps weight 1 (readable by construction)
    for (const { g, t } of pos) bases.push(amount(g, 1) / t);
  }
  const round = (ladder: number[]) => [...new Set(bases.flatMap((b) => ladder.map((m) => b * m)))].filter((n) => Number.isFinite(n) && n > 0);

  const pre: PreRow[] = input.rows.map((r) => ({ sectionId: r.sectionId, origin: '', tags: r.tags }));
  // today's weights, when they already hit the targets, are the answer: nothing to change
  const today = evaluate(new Map([...pos.map(({ g }) => g), ...zero].map((g) => [g.value, nowWeight(g.value)])));
  if (today.maxDev <= tol && verify(input, pre, key, today, tol)) return finish(true, [], today);
  let best: Candidate | null = null;
  for (const totals of [round(NEAR), round(FAR)]) for (let digits = 1; digits <= MAX_DIGITS; digits++) {
    const grid = readableGrid(digits, MIN_WEIGHT, maxW);
    const hits: Candidate[] = [];
    const seen = new Set<string>();
    for (const N of pos.length ? totals : [0]) {
      const xs = new Map<string, number>();
      const adjust = (1 - F / N - S) / pos.length;
      for (const { g, t } of pos) xs.set(g.value, pickWeight(grid, (x) => amount(g, x), Math.max(0, t + adjust) * N));
      for (const g of zero) xs.set(g.value, 0);
      const signature = [...xs.values()].join(',');
      if (seen.has(signature)) continue;
      seen.add(signature);
      const c = refine(evaluate(xs), grid, pos.map((p) => p.g.value), targetOf, evaluate, tol);
      if (!best || c.maxDev < best.maxDev) best = c;
      if (c.maxDev <= tol) hits.push(c);
    }
    hits.sort((a, b) => a.digits - b.digits || a.maxDev - b.maxDev);
    for (const c of hits) if (verify(input, pre, key, c, tol)) return finish(true, [], c);
  }
  return finish(false, searchFailure(best, targets, tol, maxW, key, input.memo.seed), best);
}

/** The readable weight whose exact amount is closest to `want` (ties: fewer digits, then smaller). */
function pickWeight(grid: Float64Array, amountAt: (x: number) => number, want: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  if (amountAt(grid[hi]!) < want) return grid[hi]!;
  // smallest index whose amount reaches `want` (amounts never decrease as the weight grows)
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (amountAt(grid[mid]!) >= want) hi = mid;
    else lo = mid + 1;
  }
  const up = grid[lo]!;
  if (lo === 0) return up;
  const down = grid[lo - 1]!;
  const dUp = amountAt(up) - want;
  const dDown = want - amountAt(down);
  if (dUp !== dDown) return dUp < dDown ? up : down;
  return significantDigits(up) < significantDigits(down) ? up : down;
}

/** Nudge the worst value one grid step at a time while that helps (at most 3 steps per value). */
function refine(c: Candidate, grid: Float64Array, values: string[], targets: Map<string, number>, evaluate: (xs: Map<string, number>) => Candidate, tol: number): Candidate {
  for (let step = 0; step < 3 * values.length && c.maxDev > tol; step++) {
    let worst: string | null = null;
    let worstDev = -1;
    for (const v of values) {
      const d = Math.abs(c.amounts.get(v)! / c.total - targets.get(v)!);
      if (d > worstDev) { worstDev = d; worst = v; }
    }
    if (worst === null) break;
    const i = lowerIndex(grid, c.xs.get(worst)!);
    const j = c.amounts.get(worst)! / c.total < targets.get(worst)! ? i + 1 : i - 1;
    if (j < 0 || j >= grid.length) break;
    const next = evaluate(new Map(c.xs).set(worst, grid[j]!));
    if (next.maxDev >= c.maxDev) break;
    c = next;
  }
  return c;
}

function lowerIndex(grid: Float64Array, x: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (grid[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The proposal through expandRows itself: dlm's expansion with the new merged map, no train error, every share within tolerance. */
function verify(input: SolveInput, pre: PreRow[], key: string, c: Candidate, tol: number): boolean {
  const merged = new Map(input.merged);
  const values = new Map(merged.get(key) ?? []);
  for (const [v, x] of c.xs) values.set(v, x);
  merged.set(key, values);
  const e = expandRows(pre, merged, input.memo);
  if (e.trainError !== null) return false;
  const amounts = new Map<string, number>();
  let total = 0;
  e.rows.forEach((r, i) => {
    const a = r.copies * (input.sizes ? input.sizes[i]! : 1);
    total += a;
    const v = r.tags.get(key);
    if (v !== undefined && c.xs.has(v)) amounts.set(v, (amounts.get(v) ?? 0) + a);
  });
  if (total !== c.total) return false;
  for (const [v, t] of input.target.shares) {
    if (!c.xs.has(v)) continue;
    const a = amounts.get(v) ?? 0;
    if (a !== c.amounts.get(v) || Math.abs(a / total - t) > tol) return false;
  }
  return true;
}

/** Targets no weights can reach, whatever the search does. */
function structuralProblems(input: SolveInput, view: KeyView, targets: Array<[string, number]>, tol: number): Unreachable[] {
  const { key } = input.target;
  const out: Unreachable[] = [];
  if (view.nonFinite) {
    out.push({ reason: 'train-fails', value: null, message: `the weight of ${view.nonFinite} is NaN or infinite: dlm train crashes, whatever the ${key} weights are` });
  }
  const keysOfValue = otherKeysByValue(input, key);
  if (view.valueRows.size === 0 && targets.some(([, t]) => t > 0)) {
    const asValue = keysOfValue.get(key);
    out.push({ reason: 'unknown-key', value: null, message: `no row carries the tag key \`${key}\`${asValue ? ` (\`${key}\` is a value of ${[...asValue].map((k) => `\`${k}\``).join(', ')})` : ''}` });
  }
  for (const [v, t] of targets) {
    if (t <= 0) continue;
    const g = view.groups.get(v);
    if (!g) {
      const others = keysOfValue.get(v);
      if (others) out.push({ reason: 'value-of-other-key', value: v, message: `no row carries ${key}=${v}: \`${v}\` is a value of ${[...others].map((k) => `\`${k}\``).join(', ')}, not of \`${key}\`` });
      else if (view.valueRows.size) out.push({ reason: 'unknown-value', value: v, message: `no row carries ${key}=${v} (values in the corpus: ${[...view.valueRows.keys()].slice(0, 8).join(', ')})` });
    } else if (g.capacity === 0) {
      out.push({ reason: 'all-rows-dropped', value: v, message: `every row with ${key}=${v} is dropped by another tag's weight of 0 (${g.zeroTag ?? 'a zero factor'}), whatever the ${key} weight` });
    }
  }
  if (out.length) return out;
  const S = targets.reduce((a, [, t]) => a + t, 0);
  const F = view.fixedTotal;
  const m = targets.filter(([v, t]) => t > 0 && view.groups.has(v)).length;
  const others = describeFixed(view, key);
  if (m === 0) {
    if (F === 0) out.push({ reason: 'targets-sum', value: null, message: 'every target is 0 and no other row is left: dlm train would have nothing to train on' });
  } else if (F === 0 && Math.abs(1 - S) > tol * m) {
    out.push({ reason: 'targets-sum', value: null, message: `the targets add up to ${pct(S)}, but every expanded row carries one of the targeted ${key} values, so their shares add up to 100%` });
  } else if (F > 0 && S - 1 >= tol * m) {
    out.push({ reason: 'targets-sum', value: null, message: `the targets add up to ${pct(S)}, but ${others} stay in the total, so the targeted shares add up to less than 100%` });
  }
  return out;
}

/** "12 expanded rows without `lang` and 3 with lang=rust" (the rows the proposal cannot change). */
function describeFixed(view: KeyView, key: string): string {
  const parts: string[] = [];
  const without = view.fixed.get(null);
  if (without?.amount) parts.push(`${without.amount} expanded row(s) without \`${key}\``);
  const other = [...view.fixed].filter(([v, f]) => v !== null && f.amount > 0);
  if (other.length) parts.push(`${other.reduce((a, [, f]) => a + f.amount, 0)} with untargeted values (${other.slice(0, 4).map(([v]) => `${key}=${v}`).join(', ')})`);
  return parts.join(' and ') || 'the other rows';
}

/** value → the other keys that carry it (for "a value of another key"). */
function otherKeysByValue(input: SolveInput, key: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const seen = new Set<object>();
  for (const r of input.rows) {
    if (seen.has(r.tags)) continue;
    seen.add(r.tags);
    for (const [k, v] of r.tags) {
      if (k === key) continue;
      let s = out.get(v);
      if (!s) out.set(v, (s = new Set()));
      s.add(k);
    }
  }
  return out;
}

function searchFailure(best: Candidate | null, targets: Array<[string, number]>, tol: number, maxW: number, key: string, seed: bigint): Unreachable[] {
  if (!best) return [{ reason: 'granularity', value: null, message: 'no weights to try' }];
  const capped = targets.filter(([v, t]) => best.xs.get(v) === maxW && best.amounts.get(v)! / best.total < t - tol);
  if (capped.length) {
    return capped.map(([v, t]) => ({ reason: 'weight-cap' as const, value: v, message: `${key}=${v} stays below ${pct(t)} even at weight ${maxW} (the largest this tool proposes): the other rows outweigh it` }));
  }
  const misses = targets.filter(([v, t]) => best.xs.has(v) && Math.abs(best.amounts.get(v)! / best.total - t) > tol)
    .map(([v, t]) => `${key}=${v} ${pct(best.amounts.get(v)! / best.total)} for ${pct(t)}`);
  return [{
    reason: 'granularity', value: null,
    message: `no weights up to ${maxW} put every value within ${+(100 * tol).toFixed(2)} point(s) of its target at seed ${seed}: copies come in whole rows (a section's rows move together), and the closest is ${misses.join(', ')}`,
  }];
}

function mixLines(view: KeyView, targets: Array<[string, number]>, chosen: Candidate | null, nowAmount: (g: ValueGroup) => number): Pick<Proposal, 'mix' | 'total'> {
  const lines: Array<Omit<MixLine, 'shareBefore' | 'share'>> = [];
  for (const [v, t] of targets) {
    const g = view.groups.get(v);
    const before = g ? nowAmount(g) : 0;
    lines.push({ value: v, targeted: true, rows: g?.rows ?? 0, before, after: chosen ? chosen.amounts.get(v) ?? 0 : before, target: t, delta: null });
  }
  for (const [v, f] of view.fixed) if (v !== null) lines.push({ value: v, targeted: false, rows: f.rows, before: f.amount, after: f.amount, target: null, delta: null });
  const without = view.fixed.get(null);
  if (without) lines.push({ value: null, targeted: false, rows: without.rows, before: without.amount, after: without.amount, target: null, delta: null });
  const total = { rows: lines.reduce((a, l) => a + l.rows, 0), before: lines.reduce((a, l) => a + l.before, 0), after: lines.reduce((a, l) => a + l.after, 0) };
  const mix = lines.map((l): MixLine => {
    const share = total.after ? l.after / total.after : 0;
    return { ...l, shareBefore: total.before ? l.before / total.before : 0, share, delta: l.target === null ? null : share - l.target };
  });
  return { mix, total };
}
