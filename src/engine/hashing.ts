// The three hashes dlm's pipeline depends on: section ids (SHA-256), the
// fractional keep roll (BLAKE2b, 8-byte digest) and the validation split
// (SHA-256). Seeds are arbitrary-precision integers, hence `bigint`.
//
// Hot paths: a dry run computes one roll and at least one split per row. The
// roll uses hash-wasm's BLAKE2b once `prepareHashing()` has loaded it (about
// 6× faster than blakejs, the synchronous fallback). The split (inputs of
// about 25 bytes, where the cost of a call dominates) hashes one block with
// sha256Block.ts, and longer inputs (seeds of many digits) with Node's
// crypto. Each pair gives the same bits.
import * as crypto from 'node:crypto';
import { blake2b } from 'blakejs';
import { ONE_BLOCK_MAX, sha256Head } from './sha256Block.js';
import type { IHasher } from 'hash-wasm/dist/lib/WASMInterface';
// the BLAKE2b build alone (the package's index holds every algorithm: ~270 kB)
import type { createBLAKE2b as createBlake2bTyped } from 'hash-wasm/dist/lib/blake2b';

const { createBLAKE2b } = require('hash-wasm/dist/blake2b.umd.min.js') as { createBLAKE2b: typeof createBlake2bTyped };

export type SectionType = 'prose' | 'instruction' | 'preference' | 'image' | 'audio';

/** First 16 hex chars of sha256(type + "\n" + content); content already normalised. */
export function sectionId(type: SectionType, content: string | Uint8Array, prefix?: string): string {
  const h = crypto.createHash('sha256');
  h.update(type + '\n');
  if (prefix !== undefined) h.update(prefix);
  h.update(content);
  return h.digest().toString('hex', 0, 8);
}

const TWO_32 = 2 ** 32;
const TWO_64 = 2 ** 64;
const encoder = new TextEncoder();

function bigEndian64(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

let fastBlake: IHasher | null = null;
let loading: Promise<void> | null = null;

/** Load the fast BLAKE2b (WebAssembly, compiled asynchronously). Safe to call often. */
export function prepareHashing(): Promise<void> {
  return (loading ??= createBLAKE2b(64).then((h) => { fastBlake = h; }, () => undefined)); // else blakejs stays in use
}

/** The 8-byte BLAKE2b digest of `${seed}:${id}`. */
function rollDigest(seed: bigint, id: string): Uint8Array {
  return rollDigestOf(`${seed}:${id}`);
}

function rollDigestOf(text: string | Uint8Array): Uint8Array {
  if (fastBlake) {
    fastBlake.init();
    fastBlake.update(text);
    return fastBlake.digest('binary');
  }
  return blake2b(typeof text === 'string' ? encoder.encode(text) : text, undefined, 8);
}

/** The 64-bit BLAKE2b value behind the keep roll. */
export function keepRollBits(seed: bigint, id: string): bigint {
  return bigEndian64(rollDigest(seed, id));
}

/**
 * The keep roll in [0, 1): the 64-bit value rounded to a double, over 2^64.
 * hi·2^32 is exact and the one addition rounds the exact 64-bit sum to
 * nearest-even, exactly as Python's int → float conversion does.
 */
export function keepRoll(seed: bigint, id: string): number {
  return keepRollOf(`${seed}:${id}`);
}

/** keepRoll from its input `${seed}:${id}`, as text or as its bytes (hot loops make the seed's decimal once). */
export function keepRollOf(text: string | Uint8Array): number {
  const d = rollDigestOf(text);
  const hi = ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
  const lo = ((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0;
  return (hi * TWO_32 + lo) / TWO_64;
}

/** dlm keeps the fractional extra copy iff 0 < fractional and roll < fractional. */
export function keepsFraction(roll: number, fractional: number): boolean {
  return fractional > 0 && roll < fractional;
}

/** floor(0.1 * 2^64) computed in doubles, as dlm does. */
export function splitThreshold(valFraction: number): bigint {
  return BigInt(Math.trunc(valFraction * TWO_64));
}
export const STANDARD_THRESHOLD = splitThreshold(0.1);

const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'buffer') => Buffer }).hash;

const uint32At = (d: Uint8Array, at: number): number => ((d[at]! << 24) | (d[at + 1]! << 16) | (d[at + 2]! << 8) | d[at + 3]!) >>> 0;

/** The split digest's first 8 bytes, as two uint32s (reused: one thread hashes one input at a time). */
const head = new Uint32Array(2);
/** A text input's bytes, when they fit one block. */
const oneBlock = new Uint8Array(ONE_BLOCK_MAX);

/** sha256(bytes[0..length)) into `head`: one block by hand, longer inputs through Node's crypto. */
function splitHeadOf(bytes: Uint8Array, length: number): Uint32Array {
  if (length <= ONE_BLOCK_MAX) {
    sha256Head(bytes, length, head);
    return head;
  }
  const input = bytes.subarray(0, length);
  const d = oneShot ? oneShot('sha256', input, 'buffer') : crypto.createHash('sha256').update(input).digest();
  head[0] = uint32At(d, 0);
  head[1] = uint32At(d, 4);
  return head;
}

/** splitHeadOf a text input, as its UTF-8 bytes. */
function splitHeadOfText(text: string): Uint32Array {
  const { read, written } = encoder.encodeInto(text, oneBlock);
  if (read === text.length) return splitHeadOf(oneBlock, written);
  const bytes = encoder.encode(text);
  return splitHeadOf(bytes, bytes.length);
}

export function splitBucket(seed: bigint, id: string, subIndex: number | bigint): bigint {
  const h = splitHeadOfText(`${seed}\0${id}\0${subIndex}`);
  return (BigInt(h[0]!) << 32n) | BigInt(h[1]!);
}

/** A split threshold as two 32-bit halves, to compare digests without BigInt. */
export interface SplitThreshold {
  hi: number;
  lo: number;
}
export function thresholdHalves(threshold: bigint): SplitThreshold {
  return { hi: Number(threshold >> 32n), lo: Number(threshold & 0xffffffffn) };
}
const STANDARD_HALVES = thresholdHalves(STANDARD_THRESHOLD);
const halvesCache = new Map<bigint, SplitThreshold>([[STANDARD_THRESHOLD, STANDARD_HALVES]]);

export function assignsToValidation(seed: bigint, id: string, subIndex: number | bigint, threshold = STANDARD_THRESHOLD): boolean {
  let t = halvesCache.get(threshold);
  if (!t) halvesCache.set(threshold, (t = thresholdHalves(threshold)));
  return inValidationOf(`${seed}\0${id}\0${subIndex}`, t);
}

/** Is a split digest's head below the threshold (in validation)? */
const below = (h: Uint32Array, t: SplitThreshold): boolean => h[0]! < t.hi || (h[0] === t.hi && h[1]! < t.lo);

/** assignsToValidation from its input `${seed}\0${id}\0${sub}`, against the standard 10 % by default. */
export function inValidationOf(input: string, t: SplitThreshold = STANDARD_HALVES): boolean {
  return below(splitHeadOfText(input), t);
}

/**
 * inValidationOf for an input already built as bytes, `bytes[0..length)`
 * (the read workers' hot path: no view, no allocation), against the standard 10 %.
 */
export function inValidationOfBytes(bytes: Uint8Array, length: number): boolean {
  return below(splitHeadOf(bytes, length), STANDARD_HALVES);
}
