// pydantic v2's lax-mode readings of int, float and bool fields, on the
// Python values PyYAML built (docs/spec/document.md §5). Each returns the
// value or the pydantic error type, so errorTypes match upstream's.
import { laxBoolFromStr, laxFloatFromStr } from '../config/pynum.js';
import type { PyValue } from '../config/pyvalue.js';

export type Coerced<T> = { ok: true; value: T } | { ok: false; type: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** str, or bytes that are UTF-8 (pydantic decodes them); null otherwise. */
export function textOf(v: PyValue): string | null {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && v.kind === 'bytes') {
    try {
      return utf8.decode(v.value);
    } catch {
      return null;
    }
  }
  return null;
}

function isRustSpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}
function rustTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isRustSpace(s.charCodeAt(a))) a++;
  while (b > a && isRustSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

const I64 = 2 ** 63;

/** pydantic's int from a string: trimmed, `_` between characters, an optional `.000` tail. */
function intFromText(s: string): bigint | null {
  let t = rustTrim(s);
  if (t.includes('_')) {
    if (t.startsWith('_') || t.endsWith('_') || t.includes('__')) return null;
    t = t.replace(/_/g, '');
  }
  const m = /^([+-]?[0-9]+)(?:\.0+)?$/.exec(t);
  return m ? BigInt(m[1]!) : null;
}

export function laxInt(v: PyValue): Coerced<bigint> {
  if (typeof v === 'boolean') return { ok: true, value: v ? 1n : 0n };
  if (v !== null && typeof v === 'object') {
    if (v.kind === 'int') return { ok: true, value: v.value };
    if (v.kind === 'float') {
      const x = v.value;
      if (!Number.isFinite(x)) return { ok: false, type: 'finite_number' };
      if (!Number.isInteger(x)) return { ok: false, type: 'int_from_float' };
      if (Math.abs(x) >= I64) return { ok: false, type: 'int_parsing_size' };
      return { ok: true, value: BigInt(x) };
    }
  }
  const s = textOf(v);
  if (s !== null) {
    const n = intFromText(s);
    return n === null ? { ok: false, type: 'int_parsing' } : { ok: true, value: n };
  }
  return { ok: false, type: 'int_type' };
}

export function laxFloat(v: PyValue): Coerced<number> {
  if (typeof v === 'boolean') return { ok: true, value: v ? 1 : 0 };
  if (v !== null && typeof v === 'object') {
    if (v.kind === 'float') return { ok: true, value: v.value };
    if (v.kind === 'int') {
      const x = Number(v.value); // rounds like Python's float(int); past the range Python overflows
      return Number.isFinite(x) ? { ok: true, value: x } : { ok: false, type: 'float_type' };
    }
  }
  const s = textOf(v);
  if (s !== null) {
    const x = laxFloatFromStr(s);
    return x === null ? { ok: false, type: 'float_parsing' } : { ok: true, value: x };
  }
  return { ok: false, type: 'float_type' };
}

export function laxBool(v: PyValue): Coerced<boolean> {
  if (typeof v === 'boolean') return { ok: true, value: v };
  if (v !== null && typeof v === 'object') {
    // pydantic reads an i64 (or a float holding one) as 0 / 1; other numbers are not booleans at all
    if (v.kind === 'int') {
      if (v.value === 0n || v.value === 1n) return { ok: true, value: v.value === 1n };
      return { ok: false, type: v.value >= -(2n ** 63n) && v.value < 2n ** 63n ? 'bool_parsing' : 'bool_type' };
    }
    if (v.kind === 'float') {
      if (v.value === 0 || v.value === 1) return { ok: true, value: v.value === 1 };
      return { ok: false, type: Number.isInteger(v.value) && Math.abs(v.value) < I64 ? 'bool_parsing' : 'bool_type' };
    }
  }
  const s = textOf(v);
  if (s !== null) {
    const b = laxBoolFromStr(s);
    return b === null ? { ok: false, type: 'bool_parsing' } : { ok: true, value: b };
  }
  return { ok: false, type: 'bool_type' };
}
