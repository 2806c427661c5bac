// YAML 1.1 scalar typing the way PyYAML's SafeLoader does it: which tag a
// plain scalar gets (implicit resolution), and what each standard tag builds.
// Differences from the `yaml` package's yaml-1.1 schema that matter here:
// `y`/`n` stay strings, `1e3` and `1.0e3` stay strings (a float needs a dot
// and a signed exponent), `0o17` is a string, `0:30` is a string, and bad
// values under an explicit tag (`!!int x`, `!!bool maybe`, `2024-13-45`) raise
// non-YAML Python exceptions.

import { PyCrash, pyFloatFromStr, pyIntFromStr } from './pynum.js';
import { pyFloat, pyInt, type PyValue } from './pyvalue.js';

export const TAG = {
  str: 'tag:yaml.org,2002:str',
  int: 'tag:yaml.org,2002:int',
  float: 'tag:yaml.org,2002:float',
  bool: 'tag:yaml.org,2002:bool',
  null: 'tag:yaml.org,2002:null',
  timestamp: 'tag:yaml.org,2002:timestamp',
  binary: 'tag:yaml.org,2002:binary',
  merge: 'tag:yaml.org,2002:merge',
  value: 'tag:yaml.org,2002:value',
  seq: 'tag:yaml.org,2002:seq',
  map: 'tag:yaml.org,2002:map',
  set: 'tag:yaml.org,2002:set',
  omap: 'tag:yaml.org,2002:omap',
  pairs: 'tag:yaml.org,2002:pairs',
} as const;

/** A YAML-level error PyYAML raises (dlm catches it and ignores the file). */
export class YamlError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

// Implicit resolvers, each with the first characters it is tried for, in
// PyYAML's registration order (the first that matches wins).
const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT_RE = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT_RE = /^(?:[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const MERGE_RE = /^<<$/;
const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP_RE = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;
const VALUE_RE = /^=$/;

type Resolver = readonly [tag: string, re: RegExp];
const RESOLVERS: Array<readonly [firstChars: string, tag: string, re: RegExp]> = [
  ['yYnNtTfFoO', TAG.bool, BOOL_RE],
  ['-+0123456789.', TAG.float, FLOAT_RE],
  ['-+0123456789', TAG.int, INT_RE],
  ['<', TAG.merge, MERGE_RE],
  ['~nN', TAG.null, NULL_RE],
  ['0123456789', TAG.timestamp, TIMESTAMP_RE],
  ['=', TAG.value, VALUE_RE],
];
const BY_FIRST = new Map<string, Resolver[]>();
for (const [chars, tag, re] of RESOLVERS) {
  for (const c of chars) {
    let list = BY_FIRST.get(c);
    if (!list) BY_FIRST.set(c, (list = []));
    list.push([tag, re]);
  }
}
const EMPTY_RESOLVERS: Resolver[] = [[TAG.null, NULL_RE]];

/** Python's `re.match(r'...$')`: `$` also matches before one final newline. */
export function pyMatch(re: RegExp, s: string): RegExpExecArray | null {
  return re.exec(s) ?? (s.endsWith('\n') ? re.exec(s.slice(0, -1)) : null);
}

/** `pyMatch` as a yes or no (no match array made). */
function pyMatches(re: RegExp, s: string): boolean {
  return re.test(s) || (s.endsWith('\n') && re.test(s.slice(0, -1)));
}

/** The tag PyYAML gives an untagged plain scalar (or one tagged `!`). */
export function resolveImplicit(value: string): string {
  const list = value === '' ? EMPTY_RESOLVERS : BY_FIRST.get(value[0]!);
  if (list) for (const [tag, re] of list) if (pyMatches(re, value)) return tag;
  return TAG.str;
}

// ---- constructors for scalar tags ----

const BOOL_VALUES: Record<string, boolean> = { yes: true, no: false, true: true, false: false, on: true, off: false };

export function constructBool(value: string): boolean {
  const b = BOOL_VALUES[value.toLowerCase()];
  if (b === undefined) throw new PyCrash('KeyError', `${JSON.stringify(value.toLowerCase())} is not a YAML 1.1 boolean`);
  return b;
}

function splitSign(value: string): { sign: 1 | -1; rest: string } {
  if (value.length === 0) throw new PyCrash('IndexError', 'string index out of range');
  const sign = value[0] === '-' ? -1 : 1;
  const rest = value[0] === '-' || value[0] === '+' ? value.slice(1) : value;
  return { sign, rest };
}

export function constructInt(raw: string): PyValue {
  const { sign, rest: v } = splitSign(raw.replace(/_/g, ''));
  const s = BigInt(sign);
  if (v === '0') return pyInt(0n);
  if (v.startsWith('0b')) return pyInt(s * pyIntFromStr(v.slice(2), 2));
  if (v.startsWith('0x')) return pyInt(s * pyIntFromStr(v.slice(2), 16));
  if (v.length === 0) throw new PyCrash('IndexError', 'string index out of range');
  if (v[0] === '0') return pyInt(s * pyIntFromStr(v, 8));
  if (v.includes(':')) {
    const digits = v.split(':').map((p) => pyIntFromStr(p, 10)).reverse();
    let base = 1n;
    let total = 0n;
    for (const d of digits) { total += d * base; base *= 60n; }
    return pyInt(s * total);
  }
  return pyInt(s * pyIntFromStr(v, 10));
}

export function constructFloat(raw: string): PyValue {
  const { sign, rest: v } = splitSign(raw.replace(/_/g, '').toLowerCase());
  if (v === '.inf') return pyFloat(sign * Infinity);
  if (v === '.nan') return pyFloat(NaN);
  if (v.includes(':')) {
    const digits = v.split(':').map((p) => pyFloatFromStr(p)).reverse();
    let base = 1;
    let total = 0.0;
    for (const d of digits) { total += d * base; base *= 60; }
    return pyFloat(sign * total);
  }
  return pyFloat(sign * pyFloatFromStr(v));
}

// The constructor's timestamp pattern is looser than the resolver's (1-digit
// month and day are fine for an explicit `!!timestamp`).
const TS_PARTS = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function constructTimestamp(value: string): PyValue {
  const m = pyMatch(TS_PARTS, value);
  if (!m) throw new PyCrash('AttributeError', "'NoneType' object has no attribute 'groupdict'");
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1) throw new PyCrash('ValueError', `year ${year} is out of range`);
  if (month < 1 || month > 12) throw new PyCrash('ValueError', 'month must be in 1..12');
  if (day < 1 || day > daysIn(year, month)) throw new PyCrash('ValueError', 'day is out of range for month');
  if (m[4] === undefined) return { kind: 'date', year, month, day };
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const micro = Number((m[7] ?? '').slice(0, 6).padEnd(6, '0'));
  let tzMinutes: number | null = null;
  if (m[9]) {
    const total = Number(m[10]) * 60 + Number(m[11] ?? '0');
    if (total >= 24 * 60) throw new PyCrash('ValueError', 'offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)');
    tzMinutes = m[9] === '-' ? -total : total;
  } else if (m[8]) tzMinutes = 0;
  if (hour > 23) throw new PyCrash('ValueError', 'hour must be in 0..23');
  if (minute > 59) throw new PyCrash('ValueError', 'minute must be in 0..59');
  if (second > 59) throw new PyCrash('ValueError', 'second must be in 0..59');
  return { kind: 'datetime', year, month, day, hour, minute, second, micro, tzMinutes };
}

// Python's base64.decodebytes (binascii.a2b_base64, non-strict): characters
// outside the alphabet are skipped, enough `=` padding ends the data.
const B64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => { B64[c.charCodeAt(0)] = i; });

export function constructBinary(value: string): PyValue {
  if (/[^\x00-\x7f]/.test(value)) throw new YamlError('yaml-bad-binary', 'failed to convert base64 data into ascii');
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let leftBits = 0;
  let pads = 0;
  let done = false;
  for (let i = 0; i < value.length && !done; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x3d) { // '='
      if (quad >= 2 && quad + ++pads >= 4) done = true;
      continue;
    }
    const d = B64[c]!;
    if (d < 0) continue;
    pads = 0;
    left = (left << 6) | d;
    leftBits += 6;
    if (leftBits >= 8) {
      leftBits -= 8;
      out.push((left >> leftBits) & 0xff);
      left &= (1 << leftBits) - 1;
    }
    quad = (quad + 1) & 3;
  }
  if (!done && quad !== 0) {
    throw new YamlError('yaml-bad-binary', quad === 1
      ? 'failed to decode base64 data: the number of data characters cannot be 1 more than a multiple of 4'
      : 'failed to decode base64 data: Incorrect padding');
  }
  return { kind: 'bytes', value: Uint8Array.from(out) };
}
