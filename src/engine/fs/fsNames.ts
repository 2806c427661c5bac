// File names that are not valid UTF-8. Python (and so dlm) keeps them with
// "surrogate escapes": each byte that is not part of a valid UTF-8 sequence
// becomes the lone surrogate U+DC00+byte. We do the same, so such a name
// sorts and prints as dlm's does and maps back to the exact bytes on disk.
// Hand-written: no library implements Python's surrogateescape both ways.

/** Does `s` hold a lone surrogate (a UTF-16 unit not part of a pair)? */
export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
    }
    return true;
  }
  return false;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none (Python's strict rules). */
function validSequenceAt(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
  else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
  else return 0;
  const second = b[i + 1];
  if (second === undefined || second < lo || second > hi) return 0;
  for (let k = 2; k <= need; k++) {
    const d = b[i + k];
    if (d === undefined || d < 0x80 || d > 0xbf) return 0;
  }
  return need + 1;
}

/** Bytes of a name as Python decodes them with `surrogateescape`. */
export function decodeFsName(bytes: Uint8Array): string {
  let out = '';
  let start = 0; // start of the current run of valid bytes
  let i = 0;
  const flush = (end: number) => {
    if (end > start) out += Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
  };
  while (i < bytes.length) {
    const n = validSequenceAt(bytes, i);
    if (n > 0) { i += n; continue; }
    flush(i);
    out += String.fromCharCode(0xdc00 + bytes[i]!);
    i++;
    start = i;
  }
  flush(i);
  return out;
}

/** The bytes on disk of a path string (inverse of decodeFsName; well-formed text is plain UTF-8). */
export function encodeFsPath(s: string): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
    }
    // a lone surrogate: an escaped byte (U+DC80..U+DCFF), anything else as UTF-8 would (U+FFFD)
    parts.push(Buffer.from(s.slice(start, i), 'utf8'));
    parts.push(c >= 0xdc80 && c <= 0xdcff ? Buffer.of(c - 0xdc00) : Buffer.from('\ufffd', 'utf8'));
    start = i + 1;
  }
  parts.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

/** The path to hand to Node's fs: the string itself, or its bytes when it carries escaped bytes. */
export function nodePath(s: string): string | Buffer {
  // a regular expression scans a path for any surrogate far faster than a loop; pairs are checked only then
  return ANY_SURROGATE.test(s) && hasLoneSurrogate(s) ? encodeFsPath(s) : s;
}

const ANY_SURROGATE = /[\ud800-\udfff]/;
