// The Python objects PyYAML's `safe_load` builds, as far as dlm's validation
// can tell them apart: str, bytes, int (arbitrary precision), float, bool,
// None, date/datetime, list, tuple, set and dict. Each container remembers
// where its parts came from in the text, so validation errors can point at
// the key or value the user wrote.

/** [start, end) offsets into the normalised text. */
export type Span = readonly [number, number];

export interface PyInt { kind: 'int'; value: bigint }
export interface PyFloat { kind: 'float'; value: number }
export interface PyBytes { kind: 'bytes'; value: Uint8Array }
export interface PyDate {
  kind: 'date';
  year: number; month: number; day: number;
}
export interface PyDateTime {
  kind: 'datetime';
  year: number; month: number; day: number;
  hour: number; minute: number; second: number; micro: number;
  /** UTC offset in minutes; null for a naive datetime. */
  tzMinutes: number | null;
}
export interface PyList { kind: 'list'; items: PyValue[]; spans: Span[] }
export interface PyTuple { kind: 'tuple'; items: PyValue[]; spans: Span[] }
export interface PySet { kind: 'set'; items: PyValue[]; spans: Span[] }
export interface PyEntry { key: PyValue; value: PyValue; keySpan: Span; valueSpan: Span }
export interface PyDict {
  kind: 'dict';
  /** Python dict order: a repeated key keeps its first position and takes the last value. */
  entries: PyEntry[];
}

export type PyValue =
  | null | boolean | string
  | PyInt | PyFloat | PyBytes | PyDate | PyDateTime
  | PyList | PyTuple | PySet | PyDict;

export function pyInt(value: bigint): PyInt { return { kind: 'int', value }; }
export function pyFloat(value: number): PyFloat { return { kind: 'float', value }; }

export function isDict(v: PyValue): v is PyDict { return typeof v === 'object' && v !== null && v.kind === 'dict'; }

/** Python's type name, for messages. */
export function pyTypeName(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  return v.kind;
}

// ---- hashing: which keys Python's dict treats as the same key ----

const nanIds = new WeakMap<object, number>();
let nextNanId = 1;

/**
 * A string equal for two values exactly when Python's `==` (and hash) make them
 * the same dict key: `1`, `1.0` and `True` collide; each NaN object is its own key.
 * null for unhashable values (list, dict, set).
 */
export function hashKey(v: PyValue): string | null {
  if (v === null) return 'N';
  if (typeof v === 'boolean') return v ? 'i1' : 'i0';
  if (typeof v === 'string') return 's' + v;
  switch (v.kind) {
    case 'int': return 'i' + v.value.toString();
    case 'float': {
      const x = v.value;
      if (Number.isNaN(x)) {
        let id = nanIds.get(v);
        if (id === undefined) { id = nextNanId++; nanIds.set(v, id); }
        return 'nan#' + id;
      }
      if (!Number.isFinite(x)) return x > 0 ? 'f+inf' : 'f-inf';
      if (Number.isInteger(x)) return 'i' + BigInt(x).toString();
      return 'f' + x.toString();
    }
    case 'bytes': return 'b' + Array.from(v.value, (b) => b.toString(16).padStart(2, '0')).join('');
    case 'date': return `d${v.year}-${v.month}-${v.day}`;
    case 'datetime': {
      if (v.tzMinutes === null) return `t${v.year}-${v.month}-${v.day}T${v.hour}:${v.minute}:${v.second}.${v.micro}`;
      const ms = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second) - v.tzMinutes * 60000;
      return `z${ms}.${v.micro}`;
    }
    case 'tuple': {
      const parts: string[] = [];
      for (const it of v.items) {
        const h = hashKey(it);
        if (h === null) return null;
        parts.push(h);
      }
      return 'T(' + parts.map((p) => p.length + ':' + p).join(',') + ')';
    }
    default: return null;
  }
}

// ---- repr: how pydantic shows a non-string key in an error location ----

/** Python `repr(float)`: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant, expStr] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

function bytesRepr(b: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const c of b) { if (c === 0x27) hasSingle = true; if (c === 0x22) hasDouble = true; }
  const q = hasSingle && !hasDouble ? '"' : "'";
  let out = 'b' + q;
  for (const c of b) {
    if (c === 0x5c) out += '\\\\';
    else if (c === q.charCodeAt(0)) out += '\\' + q;
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += String.fromCharCode(c);
  }
  return out + q;
}

function tzRepr(minutes: number): string {
  if (minutes === 0) return 'datetime.timezone.utc';
  let seconds = minutes * 60;
  let days = 0;
  if (seconds < 0) { days = -1; seconds += 86400; }
  const td = days ? `datetime.timedelta(days=-1, seconds=${seconds})` : `datetime.timedelta(seconds=${seconds})`;
  return `datetime.timezone(${td})`;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/**
 * A mapping key as pydantic puts it in an error location: ints within i64 (and
 * bools, as 1/0) stay numbers, everything else is its Python repr (str as is).
 */
export function locKey(v: PyValue): string | number {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null) return 'None';
  switch (v.kind) {
    case 'int':
      if (v.value >= I64_MIN && v.value <= I64_MAX && v.value >= BigInt(Number.MIN_SAFE_INTEGER) && v.value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v.value);
      return v.value.toString();
    case 'float': return pyFloatRepr(v.value);
    case 'bytes': return bytesRepr(v.value);
    case 'date': return `datetime.date(${v.year}, ${v.month}, ${v.day})`;
    case 'datetime': {
      const parts = [v.year, v.month, v.day, v.hour, v.minute];
      if (v.second || v.micro) parts.push(v.second);
      if (v.micro) parts.push(v.micro);
      const tz = v.tzMinutes === null ? '' : `, tzinfo=${tzRepr(v.tzMinutes)}`;
      return `datetime.datetime(${parts.join(', ')}${tz})`;
    }
    default: return pyTypeName(v);
  }
}

/** A short rendering of a value for messages (`true`, `2024`, `None`, …), close to what the user wrote. */
export function describe(v: PyValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return JSON.stringify(v);
  switch (v.kind) {
    case 'int': return v.value.toString();
    case 'float': return Number.isNaN(v.value) ? '.nan' : !Number.isFinite(v.value) ? (v.value > 0 ? '.inf' : '-.inf') : pyFloatRepr(v.value);
    case 'date': return `${v.year}-${String(v.month).padStart(2, '0')}-${String(v.day).padStart(2, '0')}`;
    case 'datetime': return String(locKey(v));
    case 'bytes': return bytesRepr(v.value);
    default: return pyTypeName(v);
  }
}
