// Keep rolls and split hashes in the read workers: while they read (each
// file's roll and the splits of the copies its weight hint gives) and ahead of
// an expansion (the copies a report still needs), the same hashes the
// expansion would make. Shared by the worker and the tests that check the memo
// it fills.
import { inValidationOfBytes, keepRollOf } from '../hashing.js';
import type { SplitColumns } from './readProtocol.js';

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * The hash inputs of one id, built as bytes in reused buffers (the seed once,
 * the id's hex digits once per file, a copy number's digits per copy) and
 * hashed in place: no string per hash, and no UTF-8 encoding of one.
 * Split: `${seed}\0${id}\0${sub}`; keep roll: `${seed}:${id}`.
 */
export class HashInputs {
  private readonly buf: Buffer;
  private readonly idAt: number;
  private readonly subAt: number;
  private readonly rollInput: Buffer;

  constructor(seed: string) {
    const prefix = Buffer.from(`${seed}\0`, 'latin1'); // a decimal integer: ASCII
    this.idAt = prefix.length;
    this.subAt = this.idAt + 17;
    this.buf = Buffer.alloc(this.subAt + 16);
    prefix.copy(this.buf, 0);
    this.rollInput = Buffer.alloc(this.idAt + 16);
    this.rollInput.write(`${seed}:`, 0, 'latin1');
  }

  /** The 8-byte id at `ids[at]`, as 16 hex digits. */
  setId(ids: Uint8Array, at: number): void {
    const buf = this.buf;
    for (let k = 0; k < 8; k++) {
      const b = ids[at + k]!;
      buf[this.idAt + 2 * k] = HEX_DIGITS[b >> 4]!;
      buf[this.idAt + 2 * k + 1] = HEX_DIGITS[b & 15]!;
    }
  }

  /** The current id's keep roll (its digits are copied into the roll's input here, only when a roll is made). */
  roll(): number {
    const at = this.idAt;
    for (let k = 0; k < 16; k++) this.rollInput[at + k] = this.buf[at + k]!;
    return keepRollOf(this.rollInput);
  }

  /** Is copy `sub` (a non-negative integer below 2^32) of the current id in validation? */
  isVal(sub: number): boolean {
    return inValidationOfBytes(this.buf, this.subAt + writeDecimal(this.buf, this.subAt, sub));
  }
}

/** The decimal digits of 0..99 (the copy numbers a read memoises), so writing one takes no loop. */
const SMALL_DECIMALS: Uint8Array[] = Array.from({ length: 100 }, (_, n) => Buffer.from(String(n), 'latin1'));

/** Fills `cols.answers` for jobs `0..jobs-1`: 1 train, 2 validation, for copies from..from+count-1 of each job's id. */
export function answerSplits(seed: string, cols: SplitColumns, jobs: number): void {
  const input = new HashInputs(seed);
  let o = 0;
  for (let j = 0; j < jobs; j++) {
    input.setId(cols.ids, j * 8);
    const from = cols.from[j]!;
    const end = from + cols.count[j]!;
    for (let sub = from; sub < end; sub++) cols.answers[o++] = input.isVal(sub) ? 2 : 1;
  }
}

/** Writes n in decimal at `at`; returns the digits written. */
function writeDecimal(buf: Uint8Array, at: number, n: number): number {
  if (n < 100) {
    // one path for every small number: code optimised on copies 0 and 1 needs no new feedback for copy 12
    const d = SMALL_DECIMALS[n]!;
    buf.set(d, at);
    return d.length;
  }
  let digits = 0;
  for (let m = n; m > 0; m = Math.floor(m / 10)) digits++;
  for (let k = digits - 1, m = n; k >= 0; k--, m = Math.floor(m / 10)) buf[at + k] = 48 + (m % 10);
  return digits;
}
