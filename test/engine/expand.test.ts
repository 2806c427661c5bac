import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeWeight, expandRows, HashMemo, rowCopies, totalsOf } from '../../src/engine/expand';

const W = (o: Record<string, Record<string, number>>) => new Map(Object.entries(o).map(([k, v]) => [k, new Map(Object.entries(v))]));
const T = (o: Record<string, string>) => new Map(Object.entries(o));

test('weights multiply in tag order, unknown tags count 1', () => {
  assert.equal(composeWeight(T({ a: 'x', b: 'y', c: 'z' }), W({ a: { x: 0.1 }, b: { y: 3 } })), 0.1 * 3);
  assert.ok(Number.isNaN(composeWeight(T({ a: 'x', b: 'y' }), W({ a: { x: 0 }, b: { y: Infinity } }))), '0 × ∞ = NaN');
});

test('copies: trunc plus the fractional roll; zero and negative drop', () => {
  assert.equal(rowCopies(2, 0.99), 2);
  assert.equal(rowCopies(2.5, 0.4), 3);
  assert.equal(rowCopies(2.5, 0.6), 2);
  assert.equal(rowCopies(0, 0), 0);
  assert.equal(rowCopies(-0, 0), 0);
});

test('train errors: no rows, all dropped, nan and inf (first offending row decides)', () => {
  const memo = new HashMemo(42n);
  assert.equal(expandRows([], new Map(), memo).trainError, 'no-rows');
  const rows = [{ sectionId: 'a', origin: 'a', tags: T({ k: 'v' }) }];
  assert.equal(expandRows(rows, W({ k: { v: 0 } }), memo).trainError, 'all-dropped');
  assert.equal(expandRows(rows, W({ k: { v: NaN } }), memo).trainError, 'nan-weight');
  const two = [...rows, { sectionId: 'b', origin: 'b', tags: T({ j: 'w' }) }];
  assert.equal(expandRows(two, W({ k: { v: Infinity }, j: { w: NaN } }), memo).trainError, 'inf-weight');
  const r = expandRows(two, W({ k: { v: Infinity } }), memo);
  assert.ok(r.rows.every((x) => x.copies === 0 && x.valCopies === 0), 'no copies when dlm stops');
});

test('without weights every row is one copy; totals add up', () => {
  const memo = new HashMemo(7n);
  const rows = Array.from({ length: 50 }, (_, i) => ({ sectionId: `s${i % 10}`, origin: `f${i}`, tags: T({}) }));
  const e = expandRows(rows, new Map(), memo);
  assert.equal(e.totals.expandedRows, 50);
  assert.deepEqual(totalsOf(e.rows), e.totals);
  assert.equal(e.totals.trainRows + e.totals.valRows, 50);
});
