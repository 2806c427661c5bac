// Python's and pydantic's ways of reading numbers from text, which decide
// whether a weight like `' 2 '`, `'1_0'` or `'inf'` is accepted.


/** Trim characters of `set` from both ends, in linear time (no backtracking regex). */
function trimChars(s: string, set: (c: number) => boolean): string {
  let a = 0;
  let b = s.length;
  while (a < b && set(s.charCodeAt(a))) a++;
  while (b > a && set(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Unicode White_Space (Rust's `char::is_whitespace`), which pydantic-core trims. */
function isRustSpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}
/** Python's `str.isspace()`: White_Space plus the separators \x1c-\x1f. */
function isPySpace(c: number): boolean {
  return isRustSpace(c) || (c >= 0x1c && c <= 0x1f);
}
const pyStrip = (s: string): string => trimChars(s, isPySpace);

/** A non-YAML Python exception raised while loading (dlm does not catch it). */
export class PyCrash extends Error {
  constructor(readonly exception: string, message: string) {
    super(message);
  }
}

// Python's float() and int() also read digits of other scripts (Unicode
// category Nd); map them to ASCII the way Python does before parsing.
const ND = /\p{Nd}/u;
const ND_ALL = /\p{Nd}/gu;
function digitValue(ch: string): number {
  let cp = ch.codePointAt(0)!;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  // Nd characters come in runs of ten starting at a zero.
  let start = cp;
  while (ND.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}
function asciiDigits(s: string): string {
  return /[^\x00-\x7f]/.test(s) ? s.replace(ND_ALL, (c) => String(digitValue(c))) : s;
}

/** PEP 515: underscores only between two digits. Returns the string without them, or null. */
function dropDigitUnderscores(s: string): string | null {
  if (s.indexOf('_') < 0) return s;
  if (!/^(?:[^_]|(?<=[0-9])_(?=[0-9]))*$/.test(s)) return null;
  return s.replace(/_/g, '');
}

const FLOAT_TEXT = /^[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)$/i;

/** Parse a decimal float literal already checked against FLOAT_TEXT (correctly rounded). */
function floatOfText(t: string): number {
  const lower = t.toLowerCase();
  const sign = lower.startsWith('-') ? -1 : 1;
  const body = lower.replace(/^[+-]/, '');
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  return Number(t); // JS number parsing of a decimal literal rounds correctly
}

/** Python `float(str)`; throws PyCrash('ValueError') like Python does. */
export function pyFloatFromStr(s: string): number {
  const t0 = asciiDigits(pyStrip(s));
  const t = dropDigitUnderscores(t0);
  if (t === null || !FLOAT_TEXT.test(t)) throw new PyCrash('ValueError', `could not convert string to float: ${JSON.stringify(s)}`);
  return floatOfText(t);
}

/** Python `int(str, base)` for base 2, 8, 10 or 16; throws PyCrash('ValueError'). */
export function pyIntFromStr(s: string, base: 2 | 8 | 10 | 16): bigint {
  const bad = (): never => { throw new PyCrash('ValueError', `invalid literal for int() with base ${base}: ${JSON.stringify(s)}`); };
  let t = asciiDigits(pyStrip(s));
  let neg = false;
  if (t.startsWith('-') || t.startsWith('+')) { neg = t[0] === '-'; t = t.slice(1); }
  const prefix = base === 2 ? /^0[bB]_?/ : base === 8 ? /^0[oO]_?/ : base === 16 ? /^0[xX]_?/ : null;
  if (prefix && prefix.test(t)) t = t.replace(prefix, '');
  const u = dropDigitUnderscoresAny(t);
  if (u === null || u === '') return bad();
  const digit = base === 2 ? /^[01]+$/ : base === 8 ? /^[0-7]+$/ : base === 10 ? /^[0-9]+$/ : /^[0-9a-fA-F]+$/;
  if (!digit.test(u)) return bad();
  const lit = base === 2 ? '0b' + u : base === 8 ? '0o' + u : base === 16 ? '0x' + u : u;
  const v = BigInt(lit);
  return neg ? -v : v;
}
/** Underscores allowed between any two digit characters (for int() of any base). */
function dropDigitUnderscoresAny(s: string): string | null {
  if (s.indexOf('_') < 0) return s;
  if (!/^(?:[^_]|(?<=[0-9a-zA-Z])_(?=[0-9a-zA-Z]))*$/.test(s)) return null;
  return s.replace(/_/g, '');
}

/** Python `float(int)`: correctly rounded; null where Python raises OverflowError. */
export function intToFloat(v: bigint): number | null {
  const x = Number(v); // round-to-nearest-even, ±Infinity past the double range
  return Number.isFinite(x) ? x : null;
}

const RUST_FLOAT = FLOAT_TEXT;

/**
 * pydantic v2 (lax) reading a `float` from a string: the trimmed text as a
 * float literal; failing that, the untrimmed text without its underscores,
 * provided none leads, trails or doubles. null when pydantic says `float_parsing`.
 */
export function laxFloatFromStr(s: string): number | null {
  const t = trimChars(s, isRustSpace);
  if (RUST_FLOAT.test(t)) return floatOfText(t);
  if (s.indexOf('_') >= 0 && !s.startsWith('_') && !s.endsWith('_') && s.indexOf('__') < 0) {
    const u = s.replace(/_/g, '');
    if (RUST_FLOAT.test(u)) return floatOfText(u);
  }
  return null;
}

/** pydantic v2 (lax) reading a `bool` from a string; null when it says `bool_parsing`. */
export function laxBoolFromStr(s: string): boolean | null {
  switch (s.toLowerCase()) {
    case '1': case 'on': case 't': case 'true': case 'y': case 'yes': return true;
    case '0': case 'off': case 'f': case 'false': case 'n': case 'no': return false;
    default: return null;
  }
}
