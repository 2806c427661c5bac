// Python's notions of ordering, whitespace and line breaks, which differ from
// JavaScript's and decide dlm's behaviour at the edges.

/**
 * The code point of the character holding UTF-16 unit `i` of `s`, as Python
 * sees it: a surrogate pair is one astral code point, a lone surrogate (an
 * escaped byte of a file name that is not UTF-8) is its own code point.
 */
function codePointAround(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff ? 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00) : c;
  }
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
    const h = s.charCodeAt(i - 1);
    if (h >= 0xd800 && h <= 0xdbff) return 0x10000 + ((h - 0xd800) << 10) + (c - 0xdc00);
  }
  return c;
}

/** Compare two strings by Unicode code point, as Python compares `str`. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // units below the surrogates are code points; otherwise look at the whole character
    if (x < 0xd800 && y < 0xd800) return x - y;
    return codePointAround(a, i) - codePointAround(b, i);
  }
  return a.length - b.length;
}

/** Compare POSIX paths the way Python sorts `Path` objects: component by component. */
export function comparePyPaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const c = compareCodePoints(pa[i]!, pb[i]!);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** Length in code points, as Python's `len(str)` (a lone surrogate counts as one). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // every unit counts except the second half of a surrogate pair
    if (c < 0xdc00 || c > 0xdfff || i === 0) { n++; continue; }
    const h = s.charCodeAt(i - 1);
    if (h < 0xd800 || h > 0xdbff) n++;
  }
  return n;
}

// Python str.isspace(): Unicode White_Space plus the separators \x1c-\x1f.
const PY_WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const ONLY_WS = new RegExp(`^[${PY_WS}]*$`);

export function isPySpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

// Loops, not `[ws]+$` regexes: those backtrack quadratically on long inner runs of spaces.
export function pyStrip(s: string): string {
  return pyRstrip(pyLstrip(s));
}
export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isPySpace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}
export function pyLstrip(s: string): string {
  let start = 0;
  while (start < s.length && isPySpace(s.charCodeAt(start))) start++;
  return start === 0 ? s : s.slice(start);
}
export function pyIsBlank(s: string): boolean {
  return ONLY_WS.test(s);
}

/** Python `str.splitlines()`: splits on every Unicode line boundary, CRLF as one. */
export function pySplitLines(s: string): string[] {
  if (s === '') return [];
  const parts = s.split(/\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/);
  // a trailing line break does not start a new (empty) line
  if (/(?:\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])$/.test(s)) parts.pop();
  return parts;
}

/** dlm's text normalisation: one leading BOM removed, CRLF and lone CR become LF. */
export function normalizeText(s: string): string {
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}
