// The fast hashing paths (hash-wasm's BLAKE2b once loaded, the one-block SHA-256, rolls
// and splits without BigInt) give exactly the reference bits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blake2b } from 'blakejs';
import { parityPath } from '../helpers/shared';
import { rng } from '../helpers/rng';
import { assignsToValidation, inValidationOf, inValidationOfBytes, keepRoll, keepRollBits, prepareHashing, splitBucket } from '../../src/engine/hashing';
import { ONE_BLOCK_MAX, sha256Head } from '../../src/engine/sha256Block';
import { HashInputs } from '../../src/engine/corpus/splitAnswers';

test('keep vectors after the fast BLAKE2b is loaded', async () => {
  await prepareHashing();
  const { vectors } = JSON.parse(readFileSync(join(parityPath(), 'vectors/keep.json'), 'utf8'));
  for (const v of vectors) {
    const seed = BigInt(v.seedDecimal);
    assert.equal(keepRollBits(seed, v.sectionId).toString(), v.rollBits);
    assert.equal(keepRoll(seed, v.sectionId), Number(BigInt(v.rollBits)) / 2 ** 64);
  }
});

test('fast roll and split agree with the BigInt definitions on random seeds and ids', async () => {
  await prepareHashing();
  const r = rng(5);
  for (let i = 0; i < 3000; i++) {
    const seed = BigInt(Math.floor(r() * 2 ** 40)) * (r() < 0.5 ? -1n : 1n) * (r() < 0.1 ? 10n ** 30n : 1n);
    const id = Array.from({ length: 16 }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
    const ref = blake2b(new TextEncoder().encode(`${seed}:${id}`), undefined, 8);
    let bits = 0n;
    for (const b of ref) bits = (bits << 8n) | BigInt(b);
    assert.equal(keepRoll(seed, id), Number(bits) / 2 ** 64);
    const sub = Math.floor(r() * 5);
    const threshold = BigInt(Math.floor(r() * 2 ** 53)) << 11n;
    // the split bucket: the first 8 bytes of Node's SHA-256, big-endian
    const bucket = createHash('sha256').update(`${seed}\0${id}\0${sub}`).digest().readBigUInt64BE(0);
    assert.equal(splitBucket(seed, id, sub), bucket);
    assert.equal(assignsToValidation(seed, id, sub, threshold), bucket < threshold);
  }
});

test('the read workers\' byte-built inputs give the same rolls and splits as the text definitions', async () => {
  await prepareHashing();
  const r = rng(17);
  for (let i = 0; i < 2000; i++) {
    const seed = BigInt(Math.floor(r() * 2 ** 40)) * (r() < 0.5 ? -1n : 1n) * (r() < 0.1 ? 10n ** 30n : 1n);
    const ids = Uint8Array.from({ length: 8 }, () => Math.floor(r() * 256));
    const id = Buffer.from(ids).toString('hex');
    const inputs = new HashInputs(String(seed));
    inputs.setId(ids, 0);
    assert.equal(inputs.roll(), keepRoll(seed, id), `roll of ${seed}:${id}`);
    // copies 0..120: one-digit, two-digit (from the table) and three-digit copy numbers
    for (const sub of [0, 1, 9, 10, 15, 16, 42, 99, 100, 120]) {
      assert.equal(inputs.isVal(sub), assignsToValidation(seed, id, sub), `split of ${seed}:${id} copy ${sub}`);
    }
  }
});

test('the one-block SHA-256 gives Node\'s digest head on every length it takes, and the split falls back beyond it', () => {
  const r = rng(23);
  const out = new Uint32Array(2);
  for (let length = 0; length <= ONE_BLOCK_MAX; length++) {
    for (let k = 0; k < 200; k++) {
      // bytes of every value, in a buffer longer than the message (only `length` bytes count)
      const bytes = Uint8Array.from({ length: 64 }, () => Math.floor(r() * 256));
      sha256Head(bytes, length, out);
      const ref = createHash('sha256').update(bytes.subarray(0, length)).digest();
      assert.deepEqual([out[0], out[1]], [ref.readUInt32BE(0), ref.readUInt32BE(4)], `length ${length}`);
    }
  }
  // inputs at and past one block: the same answer as the text definition
  for (const length of [ONE_BLOCK_MAX, ONE_BLOCK_MAX + 1, 64, 90]) {
    for (let k = 0; k < 200; k++) {
      const text = Array.from({ length }, () => String.fromCharCode(32 + Math.floor(r() * 95))).join('');
      const bytes = Buffer.from(text + 'padding', 'latin1');
      assert.equal(inValidationOfBytes(bytes, length), inValidationOf(text), `length ${length}`);
    }
  }
});
