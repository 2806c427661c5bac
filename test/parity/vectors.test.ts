import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parityPath } from '../helpers/shared';
import { assignsToValidation, keepRoll, keepRollBits, keepsFraction, splitBucket, STANDARD_THRESHOLD } from '../../src/engine/hashing';
import { rowCopies } from '../../src/engine/expand';

const dir = parityPath();

test('keep vectors: every decision of the fractional keep roll', () => {
  const { vectors } = JSON.parse(readFileSync(join(dir, 'vectors/keep.json'), 'utf8'));
  assert.ok(vectors.length > 1000);
  let checked = 0;
  for (const v of vectors) {
    const seed = BigInt(v.seedDecimal);
    assert.equal(keepRollBits(seed, v.sectionId).toString(), v.rollBits, `bits ${v.sectionId}`);
    const roll = keepRoll(seed, v.sectionId);
    if ("roll" in v) assert.equal(roll, v.roll);
    assert.equal(keepsFraction(roll, v.fractional), v.expected, JSON.stringify(v));
    if ('weight' in v && 'copies' in v) {
      assert.equal(rowCopies(v.weight, roll), v.copies, JSON.stringify(v));
    }
    checked++;
  }
  assert.equal(checked, vectors.length);
});

test('split vectors: every train/validation decision', () => {
  const data = JSON.parse(readFileSync(join(dir, 'vectors/split.json'), 'utf8'));
  assert.equal(STANDARD_THRESHOLD.toString(), data.standardThreshold);
  for (const v of data.vectors) {
    const seed = BigInt(v.seedDecimal);
    assert.equal(splitBucket(seed, v.sectionId, BigInt(v.subIndex)).toString(), v.bucket);
    assert.equal(assignsToValidation(seed, v.sectionId, BigInt(v.subIndex), BigInt(v.threshold)), v.expected, JSON.stringify(v));
  }
});
