// SHA-256 (FIPS 180-4) of one short message — at most 55 bytes, so one
// padded block — giving the digest's first 8 bytes as two big-endian uint32s.
//
// Why by hand: dlm's validation split hashes `${seed}\0${id}\0${copy}` (about
// 25 bytes) once per copy of every row, some 280k times for a 50k-file tree.
// The libraries we tried cost more per call than the hash itself: hash-wasm
// makes three typed arrays and three WebAssembly calls per hash (0.64 µs and
// the garbage collection behind them), @stablelib/sha256 and fast-sha256
// reuse their state but take 1.2 µs. This one allocates nothing; measured in
// a cold 50k-file dry run, 7 % less CPU. It is the split's only fast path
// (hashing.ts); every other SHA-256 (section ids, split inputs longer than a
// block) is Node's crypto, and the tests hold this one to Node's crypto on
// every length it accepts.

/** Longest message that fits one block (64 bytes less the 0x80 byte and the 8-byte length). */
export const ONE_BLOCK_MAX = 55;

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = 0x6a09e667 | 0;
const H1 = 0xbb67ae85 | 0;

/** The message schedule, reused (one thread runs one hash at a time). */
const W = new Int32Array(64);

/**
 * Writes the first 8 bytes of SHA-256(bytes[0..length)) to `out` as two
 * uint32s (out[0] = bytes 0–3). `length` must be at most ONE_BLOCK_MAX.
 */
export function sha256Head(bytes: Uint8Array, length: number, out: Uint32Array): void {
  // the padded block: the message, 0x80, zeros, the length in bits (it fits the last word)
  for (let w = 0; w < 16; w++) W[w] = 0;
  for (let i = 0; i < length; i++) W[i >> 2] |= bytes[i]! << (24 - ((i & 3) << 3));
  W[length >> 2] |= 0x80 << (24 - ((length & 3) << 3));
  W[15] = length << 3;
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = H0, b = H1, c = 0x3c6ef372 | 0, d = 0xa54ff53a | 0;
  let e = 0x510e527f | 0, f = 0x9b05688c | 0, g = 0x1f83d9ab | 0, h = 0x5be0cd19 | 0;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  out[0] = (a + H0) >>> 0;
  out[1] = (b + H1) >>> 0;
}
