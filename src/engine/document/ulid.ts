// dlm_id: a ULID in Crockford base32. dlm checks only the alphabet and the
// length; a fresh id for the quick fix follows the ULID layout (48-bit
// millisecond time, 80 random bits) so ids sort by creation time.
import { randomBytes } from 'node:crypto';

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isValidDlmId(s: string): boolean {
  return ULID_RE.test(s);
}

/** A new ULID for `nowMs` (default: now). */
export function freshUlid(nowMs: number = Date.now(), random: Uint8Array = randomBytes(10)): string {
  let time = BigInt(Math.max(0, Math.floor(nowMs))) & ((1n << 48n) - 1n);
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[Number(time & 31n)] + out;
    time >>= 5n;
  }
  let bits = 0n;
  for (const b of random.subarray(0, 10)) bits = (bits << 8n) | BigInt(b);
  let tail = '';
  for (let i = 0; i < 16; i++) {
    tail = CROCKFORD[Number(bits & 31n)] + tail;
    bits >>= 5n;
  }
  return out + tail;
}

/** The millisecond timestamp a ULID encodes (first 10 characters). */
export function ulidTime(id: string): number {
  let t = 0;
  for (const ch of id.slice(0, 10)) t = t * 32 + CROCKFORD.indexOf(ch);
  return t;
}
