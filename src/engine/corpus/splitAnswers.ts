// Split answers worked out ahead of an expansion (in the read workers, before
// the CLI ends them): the same hash the expansion would make, one byte per
// copy. Shared by the worker and the tests that check the memo it fills.
import { inValidationOfBytes } from '../hashing.js';
import type { SplitColumns } from './readProtocol.js';

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * Fills `cols.answers` for jobs `0..jobs-1`: 1 train, 2 validation, for copies
 * from..from+count-1 of each job's id. Each input `${seed}\0${id}\0${sub}` is
 * built as bytes in one reused buffer (the seed once, the id once per job, the
 * copy number's digits per copy), hashed through a view of its length: no
 * string is made per copy.
 */
export function answerSplits(seed: string, cols: SplitColumns, jobs: number): void {
  const prefix = Buffer.from(`${seed}\0`, 'latin1'); // a decimal integer: ASCII
  const idAt = prefix.length;
  const subAt = idAt + 17;
  const buf = Buffer.alloc(subAt + 16);
  prefix.copy(buf, 0);
  buf[subAt - 1] = 0;
  const views: Uint8Array[] = [];
  let o = 0;
  for (let j = 0; j < jobs; j++) {
    for (let k = 0; k < 8; k++) {
      const b = cols.ids[j * 8 + k]!;
      buf[idAt + 2 * k] = HEX_DIGITS[b >> 4]!;
      buf[idAt + 2 * k + 1] = HEX_DIGITS[b & 15]!;
    }
    const from = cols.from[j]!;
    const end = from + cols.count[j]!;
    for (let sub = from; sub < end; sub++) {
      const len = subAt + writeDecimal(buf, subAt, sub);
      const view = (views[len] ??= buf.subarray(0, len));
      cols.answers[o++] = inValidationOfBytes(view) ? 2 : 1;
    }
  }
}

/** Writes n (a non-negative integer below 2^32) in decimal at `at`; returns the digits written. */
function writeDecimal(buf: Uint8Array, at: number, n: number): number {
  if (n < 10) { buf[at] = 48 + n; return 1; }
  let digits = 0;
  for (let m = n; m > 0; m = Math.floor(m / 10)) digits++;
  for (let k = digits - 1, m = n; k >= 0; k--, m = Math.floor(m / 10)) buf[at + k] = 48 + (m % 10);
  return digits;
}
