// A file's memoised split bits read a range of copies at once
// (validationInRange): the same answer as reading each copy with splitOf,
// for every range below MEMO_COPIES, copy 15 (the sign bit of an int32)
// included, and -1 as soon as one copy of the range is not worked out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MEMO_COPIES, splitOf, validationInRange, withSplit } from '../../src/engine/corpus/fileTable';
import { rng } from '../helpers/rng';

function oneByOne(bits: number, from: number, count: number): number {
  let v = 0;
  for (let k = from; k < from + count; k++) {
    const s = splitOf(bits, k);
    if (s === undefined) return -1;
    if (s) v++;
  }
  return v;
}

test('a range of copies reads as each copy does', () => {
  const random = rng(7);
  const patterns: number[] = [];
  for (let p = 0; p < 400; p++) {
    // every copy worked out, or some left out; validation at several rates
    const known = p % 4 === 0 ? 0.7 : 1;
    const rate = [0, 0.1, 0.5, 1][p % 4]!;
    const cols = new Uint32Array(1);
    for (let k = 0; k < MEMO_COPIES; k++) if (random() < known) cols[0] = withSplit(cols[0]!, k, random() < rate);
    patterns.push(cols[0]!);
  }
  let unknown = 0;
  let all = 0;
  for (const bits of patterns) {
    for (let from = 0; from < MEMO_COPIES; from++) {
      for (let count = 0; from + count <= MEMO_COPIES; count++) {
        const want = oneByOne(bits, from, count);
        assert.equal(validationInRange(bits, from, count), want, `bits ${bits.toString(2)} from ${from} count ${count}`);
        if (want === -1) unknown++;
        if (count === MEMO_COPIES) all++;
      }
    }
  }
  assert.ok(unknown > 1000 && all === patterns.length);
  // every copy in validation: all 16 counted, the sign bit's copy too
  const full = new Uint32Array(1);
  for (let k = 0; k < MEMO_COPIES; k++) full[0] = withSplit(full[0]!, k, true);
  assert.equal(validationInRange(full[0]!, 0, MEMO_COPIES), MEMO_COPIES);
  assert.equal(validationInRange(full[0]!, 15, 1), 1);
});
