// The three hashes dlm's pipeline depends on: section ids (SHA-256), the
// fractional keep roll (BLAKE2b, 8-byte digest) and the validation split
// (SHA-256). Seeds are arbitrary-precision integers, hence `bigint`.
import { createHash } from 'node:crypto';
import { blake2b } from 'blakejs';

export type SectionType = 'prose' | 'instruction' | 'preference' | 'image' | 'audio';

/** First 16 hex chars of sha256(type + "\n" + content); content already normalised. */
export function sectionId(type: SectionType, content: string | Uint8Array, prefix?: string): string {
  const h = createHash('sha256');
  h.update(type + '\n');
  if (prefix !== undefined) h.update(prefix);
  h.update(content);
  return h.digest().toString('hex', 0, 8);
}

const TWO_64 = 2 ** 64;
const encoder = new TextEncoder();

function bigEndian64(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

/** The 64-bit BLAKE2b value behind the keep roll. */
export function keepRollBits(seed: bigint, id: string): bigint {
  return bigEndian64(blake2b(encoder.encode(`${seed}:${id}`), undefined, 8));
}

/** The keep roll in [0, 1): the 64-bit value rounded to a double, over 2^64. */
export function keepRoll(seed: bigint, id: string): number {
  return Number(keepRollBits(seed, id)) / TWO_64;
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

export function splitBucket(seed: bigint, id: string, subIndex: number | bigint): bigint {
  const digest = createHash('sha256').update(`${seed}\0${id}\0${subIndex}`).digest();
  return digest.readBigUInt64BE(0);
}

export function assignsToValidation(seed: bigint, id: string, subIndex: number | bigint, threshold = STANDARD_THRESHOLD): boolean {
  return splitBucket(seed, id, subIndex) < threshold;
}
