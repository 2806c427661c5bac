// dlm's `DlmTrainingConfig.model_validate(raw)` (pydantic v2, lax mode) on the
// Python objects PyYAML built.
//
// The structure (allowed keys, which value is a list / mapping / string /
// number) is checked by the JSON Schema in schemas/training.schema.json with
// ajv, on a JSON form of the typed YAML tree:
//   - str stays a string (bytes too, when they are UTF-8, as pydantic decodes them);
//   - bool, int and float become JSON booleans and numbers (NaN and ±Infinity
//     included; an int too big for a float becomes null);
//   - None, dates, datetimes and undecodable bytes become null, which the
//     schema accepts nowhere (pydantic accepts none of them either);
//   - list, tuple and set become arrays; dict becomes an object whose
//     non-string keys are spelled "\u0000pyyaml:<repr>", a name the schema's
//     propertyNames reject.
// Each ajv error is mapped back to the key or value the user wrote.
// The code below the schema adds what JSON Schema cannot say: Python's float()
// reading of weight strings, and the negative-weight check dlm runs once the
// weights have their types.

import { distance } from 'fastest-levenshtein';
import type { ErrorObject } from 'ajv';
// compiled ahead of time from schemas/training.schema.json (scripts/gen-validators.mjs): no ajv compile at start-up
import { validateAll, validateFirst } from './trainingValidators.generated.js';
import { intToFloat, laxBoolFromStr, laxFloatFromStr } from './pynum.js';
import { describe, isDict, locKey, type PyDict, type PyValue, type Span } from './pyvalue.js';
import type { TrainingConfig } from '../types.js';

export const NON_STRING_KEY_PREFIX = '\u0000pyyaml:';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
// every error (for the issue list) / the first one (the verdict)
const validateJson = validateAll as Validator;
const validateFast = validateFirst as Validator;
/** Entries per list or mapping that the detailed pass looks at. */
const MAX_DETAILED = 1000;

export const FIELD_ORDER = ['dlm_training_version', 'include', 'exclude', 'exclude_defaults', 'metadata', 'weights'] as const;

/** One reason pydantic rejects the config, with where it is in the text. */
export interface SchemaIssue {
  code: string;
  message: string;
  span: Span;
  loc: Array<string | number>;
  /** The offending value (for a key issue: the key). */
  value: PyValue;
  /** Where the issue points: the key or the value. */
  at: 'key' | 'value';
  /** pydantic's error order: field order, then entry order, key before value. */
  order: number[];
}

interface Place {
  loc: Array<string | number>;
  keySpan: Span | null;
  valueSpan: Span;
  key: PyValue | undefined;
  value: PyValue;
  order: number[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function bytesText(b: Uint8Array): string | null {
  try {
    return utf8.decode(b);
  } catch {
    return null;
  }
}

/** The JSON name of a mapping key; non-strings get the prefix the schema rejects. */
function keyName(k: PyValue): string {
  if (typeof k === 'string') return k;
  if (k !== null && typeof k === 'object' && k.kind === 'bytes') {
    const t = bytesText(k.value);
    if (t !== null) return t;
  }
  return NON_STRING_KEY_PREFIX + String(locKey(k));
}

function pointerPart(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

const MAX_JSON_DEPTH = 3; // top (0) > field (1) > tag key (2) > tag value (3)

/** The JSON form of a value (containers cut to `cap` entries for the detailed pass). */
function toJson(v: PyValue, depth: number, cap: number): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  switch (v.kind) {
    case 'int': return intToFloat(v.value);
    case 'float': return v.value;
    case 'bytes': return bytesText(v.value);
    case 'date':
    case 'datetime': return null;
    case 'list':
    case 'tuple':
    case 'set': {
      if (depth >= MAX_JSON_DEPTH) return null;
      const n = Math.min(v.items.length, cap);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = toJson(v.items[i]!, depth + 1, cap);
      return out;
    }
    case 'dict': {
      if (depth >= MAX_JSON_DEPTH) return null;
      // no prototype: `__proto__`, `constructor`, `toString` are ordinary keys to Python
      const obj: Record<string, unknown> = Object.create(null);
      const n = Math.min(v.entries.length, cap);
      for (let i = 0; i < n; i++) {
        const e = v.entries[i]!;
        obj[keyName(e.key)] = toJson(e.value, depth + 1, cap);
      }
      return obj;
    }
  }
}

/** Finds the key/value behind a JSON pointer of the JSON form, on demand. */
class Places {
  private readonly names = new WeakMap<PyDict, Map<string, number>>();
  readonly root: Place;

  constructor(root: PyDict) {
    this.root = { loc: [], keySpan: null, valueSpan: [0, 0], key: undefined, value: root, order: [] };
  }

  private nameIndex(d: PyDict): Map<string, number> {
    let m = this.names.get(d);
    if (!m) {
      m = new Map();
      d.entries.forEach((e, i) => m!.set(keyName(e.key), i)); // a later entry with the same name wins, as in the JSON form
      this.names.set(d, m);
    }
    return m;
  }

  get(pointer: string): Place | undefined {
    let place = this.root;
    const segs = decodeSegments(pointer);
    for (let depth = 0; depth < segs.length; depth++) {
      const seg = segs[depth]!;
      const v = place.value;
      if (v === null || typeof v !== 'object') return undefined;
      if (v.kind === 'dict') {
        const i = this.nameIndex(v).get(seg);
        if (i === undefined) return undefined;
        const e = v.entries[i]!;
        place = { loc: [...place.loc, locKey(e.key)], keySpan: e.keySpan, valueSpan: e.valueSpan, key: e.key, value: e.value, order: depth === 0 ? fieldOrder(seg, i) : [...place.order, i] };
      } else if (v.kind === 'list' || v.kind === 'tuple' || v.kind === 'set') {
        const i = Number(seg);
        if (!Number.isInteger(i) || i < 0 || i >= v.items.length) return undefined;
        place = { loc: [...place.loc, i], keySpan: null, valueSpan: v.spans[i] ?? place.valueSpan, key: undefined, value: v.items[i]!, order: [...place.order, i] };
      } else return undefined;
    }
    return place;
  }
}

function fieldOrder(name: string, entryIndex: number): number[] {
  const i = (FIELD_ORDER as readonly string[]).indexOf(name);
  return i >= 0 ? [i] : [FIELD_ORDER.length, entryIndex];
}

// ---- messages ----

const IGNORED = 'dlm train ignores this whole file';

function typed(v: PyValue): string {
  if (v === null) return 'null (no value)';
  if (typeof v === 'boolean') return `a boolean (${v ? 'true' : 'false'})`;
  if (typeof v === 'string') return 'a string';
  switch (v.kind) {
    case 'int': return `an integer (${describe(v)})`;
    case 'float': return `a number (${describe(v)})`;
    case 'date': return `a date (${describe(v)})`;
    case 'datetime': return 'a date and time';
    case 'bytes': return 'binary data that is not UTF-8 text';
    case 'list': case 'tuple': return 'a list';
    case 'set': return 'a set';
    case 'dict': return 'a mapping';
  }
}

function quoteHint(src: string): string {
  const q = `'${src.replace(/'/g, "''")}'`;
  return ` Quote it: ${q}.`;
}

function issueFor(code: string, place: Place, at: 'key' | 'value', message: string, orderTail: number[] = []): SchemaIssue {
  const span = at === 'key' && place.keySpan ? place.keySpan : place.valueSpan;
  const loc = at === 'key' ? [...place.loc, '[key]'] : place.loc;
  return { code, message, span, loc, value: at === 'key' ? (place.key ?? null) : place.value, at, order: [...place.order, ...orderTail] };
}

function describeKeyPath(loc: Array<string | number>): string {
  return loc.map((p) => String(p)).join('.');
}

/**
 * Validate the top-level mapping like dlm's pydantic model. Returns every issue
 * (empty when dlm accepts the file) and, when accepted, the config.
 */
export function validateConfig(root: PyDict, text: string): { issues: SchemaIssue[]; config: TrainingConfig | null; nonFinite: Array<{ span: Span; loc: Array<string | number>; value: number }> } {
  const table = new Places(root);
  const issues: SchemaIssue[] = [];
  const src = (s: Span): string => text.slice(s[0], s[1]);

  // A quick pass on the whole JSON form decides; a detailed pass (all errors)
  // runs on a form with containers cut to MAX_DETAILED entries, so a huge list
  // of bad entries does not make a huge list of issues.
  if (!validateFast(toJson(root, 0, Infinity))) {
    const full = validateFast.errors ?? [];
    const detailed = validateJson(toJson(root, 0, MAX_DETAILED)) ? [] : validateJson.errors ?? [];
    for (const e of detailed.length ? detailed : full) {
      const issue = fromAjv(e, table, src);
      if (issue) issues.push(issue);
    }
    if (!issues.length) issues.push({ code: 'schema-invalid', message: `${IGNORED}: it does not match dlm's schema.`, span: [0, 0], loc: [], value: null, at: 'value', order: [] });
  }

  // What the schema cannot say: Python's float() reading of weight strings.
  const weights = lastEntry(root, 'weights');
  if (weights && isDict(weights.value)) {
    weights.value.entries.forEach((te) => {
      if (!isDict(te.value)) return;
      te.value.entries.forEach((ve) => {
        const v = ve.value;
        const s = typeof v === 'string' ? v : v !== null && typeof v === 'object' && v.kind === 'bytes' ? bytesText(v.value) : null;
        if (s !== null && laxFloatFromStr(s) === null) {
          const place = table.get(`/weights/${pointerPart(keyName(te.key))}/${pointerPart(keyName(ve.key))}`);
          if (place) issues.push(issueFor('weight-not-number', place, 'value', `${IGNORED}: the weight ${JSON.stringify(s)} is not a number Python's float() can read. Write a number like 2 or 0.5.`));
        }
      });
    });
  }
  // dlm's validator: no negative factor (runs once the weights have their types).
  const nonFinite: Array<{ span: Span; loc: Array<string | number>; value: number }> = [];
  if (weights && isDict(weights.value)) {
    for (const te of weights.value.entries) {
      if (!isDict(te.value)) continue;
      for (const ve of te.value.entries) {
        const f = floatOf(ve.value);
        // a finite factor ≥ 0, nearly every one, needs no place: looking one up builds pointers and indexes
        if (f === null || (f >= 0 && Number.isFinite(f))) continue;
        const place = table.get(`/weights/${pointerPart(keyName(te.key))}/${pointerPart(keyName(ve.key))}`);
        if (!place) continue;
        if (f < 0) {
          issues.push({ ...issueFor('weight-negative', place, 'value', `${IGNORED}: weight ${src(place.valueSpan).trim() || describe(ve.value)} for ${describeKeyPath(place.loc.slice(1))} is negative; dlm only accepts factors ≥ 0 (0 drops the rows).`), loc: ['weights'] });
        } else if (!Number.isFinite(f)) {
          nonFinite.push({ span: place.valueSpan, loc: place.loc, value: f });
        }
      }
    }
  }

  issues.sort((a, b) => compareOrder(a.order, b.order));
  if (issues.length) return { issues, config: null, nonFinite };
  return { issues, config: buildConfig(root), nonFinite };
}

function compareOrder(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function lastEntry(d: PyDict, name: string): { value: PyValue; keySpan: Span; valueSpan: Span } | undefined {
  // the dict already holds one entry per key (PyYAML: the last value wins)
  return d.entries.find((e) => typeof e.key === 'string' ? e.key === name : keyName(e.key) === name);
}

function decodeSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function fromAjv(e: ErrorObject, table: Places, src: (s: Span) => string): SchemaIssue | null {
  if (e.schemaPath.includes('/anyOf/')) return null; // the anyOf error itself says it
  if (e.propertyName !== undefined && e.keyword !== 'propertyNames') return null;
  const segs = decodeSegments(e.instancePath);
  const field = segs[0];
  if (e.keyword === 'additionalProperties' && segs.length === 0) {
    const name = (e.params as { additionalProperty: string }).additionalProperty;
    const place = table.get('/' + pointerPart(name));
    if (!place) return null;
    if (name.startsWith(NON_STRING_KEY_PREFIX)) {
      return issueFor('key-not-string', place, 'key', `${IGNORED}: the top-level key \`${src(place.keySpan ?? place.valueSpan).trim()}\` is read as ${typed(place.key ?? null)}, not a string, and is not one of dlm's keys (${FIELD_ORDER.join(', ')}).`, []);
    }
    const suggestion = suggestKey(name);
    const issue = issueFor('unknown-key', place, 'key', `${IGNORED}: unknown key \`${name}\`. dlm accepts only ${FIELD_ORDER.join(', ')}${suggestion ? ` — did you mean \`${suggestion}\`?` : '.'}`);
    issue.loc = [name];
    return issue;
  }
  if (e.keyword === 'propertyNames') {
    const name = (e.params as { propertyName: string }).propertyName;
    const place = table.get(`${e.instancePath}/${pointerPart(name)}`);
    if (!place) return null;
    const keyText = src(place.keySpan ?? place.valueSpan).trim();
    const where = field === 'metadata' ? 'tag keys in metadata' : segs.length === 1 ? 'tag keys in weights' : `tag values under weights.${String(place.loc[1])}`;
    const issue = issueFor('tag-key-not-string', place, 'key', `${IGNORED}: key \`${keyText}\` is read as ${typed(place.key ?? null)}, but ${where} must be strings.${isPlainText(keyText) ? quoteHint(keyText) : ''}`, [0]);
    return issue;
  }
  const place = table.get(e.instancePath);
  if (!place) return null;
  const valueText = src(place.valueSpan).trim();
  const v = place.value;
  switch (field) {
    case 'dlm_training_version':
      return issueFor('version-invalid', place, 'value', `${IGNORED}: dlm_training_version must be 1, but it is ${typed(v)}${typeof v === 'string' ? ` (${JSON.stringify(v)})` : ''}.`);
    case 'include':
    case 'exclude':
      if (segs.length === 1) return issueFor(`${field}-not-list`, place, 'value', `${IGNORED}: ${field} must be a list of glob patterns (a YAML list like [${JSON.stringify('**/*.py')}] or lines starting with "- "), but it is ${typed(v)}.`);
      return issueFor('pattern-not-string', place, 'value', `${IGNORED}: every ${field} pattern must be a string, but ${valueText ? `\`${valueText}\`` : 'this entry'} is read as ${typed(v)}.${isPlainText(valueText) && v !== null ? quoteHint(valueText) : ''}`, [1]);
    case 'exclude_defaults':
      return issueFor('exclude-defaults-invalid', place, 'value', `${IGNORED}: exclude_defaults must be true or false (also yes/no/on/off/1/0), but it is ${typed(v)}${typeof v === 'string' ? ` (${JSON.stringify(v)})` : ''}.`);
    case 'metadata':
      if (segs.length === 1) return issueFor('metadata-not-mapping', place, 'value', `${IGNORED}: metadata must be a mapping of tag key to tag value, but it is ${typed(v)}.${v === null ? ' Remove the key or write `metadata: {}`.' : ''}`);
      return issueFor('metadata-not-string', place, 'value', `${IGNORED}: tag value ${valueText ? `\`${valueText}\`` : '(empty)'} of ${String(place.loc[1])} is read as ${typed(v)}, but tag values must be strings.${isPlainText(valueText) && v !== null ? quoteHint(valueText) : v === null ? " Write '' for an empty string." : ''}`, [1]);
    case 'weights':
      if (segs.length === 1) return issueFor('weights-not-mapping', place, 'value', `${IGNORED}: weights must be a mapping (tag key → tag value → factor), but it is ${typed(v)}.${v === null ? ' Remove the key or write `weights: {}`.' : ''}`);
      if (segs.length === 2) return issueFor('tag-values-not-mapping', place, 'value', `${IGNORED}: weights.${String(place.loc[1])} must be a mapping of tag value → factor, but it is ${typed(v)}.`, [1]);
      return issueFor('weight-not-number', place, 'value', `${IGNORED}: the weight for ${describeKeyPath(place.loc.slice(1))} must be a number, but it is ${typed(v)}.`, [1]);
    default:
      return issueFor('schema-invalid', place, 'value', `${IGNORED}: ${e.message ?? 'invalid value'}.`);
  }
}

/** A plain (unquoted, untagged, one-line) scalar we can offer to quote. */
export function isPlainText(s: string): boolean {
  return s.length > 0 && !/^[\s'"!&*|>[{]/.test(s) && !s.includes('\n');
}

function suggestKey(name: string): string | null {
  const n = name.toLowerCase().replace(/[-\s]/g, '_');
  let best: string | null = null;
  let bestD = 3;
  for (const f of FIELD_ORDER) {
    const d = distance(n, f);
    if (d < bestD || (n !== name && n === f)) { best = f; bestD = d; }
  }
  return best === name ? null : best;
}

// ---- lax coercions (pydantic v2) for building the accepted config ----

function strOf(v: PyValue): string | null {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && v.kind === 'bytes') return bytesText(v.value);
  return null;
}

/** pydantic's lax float: number, bool, or a string it can parse; null otherwise. */
export function floatOf(v: PyValue): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null) return null;
  if (typeof v === 'string') return laxFloatFromStr(v);
  switch (v.kind) {
    case 'float': return v.value;
    case 'int': return intToFloat(v.value);
    case 'bytes': { const s = bytesText(v.value); return s === null ? null : laxFloatFromStr(s); }
    default: return null;
  }
}

function boolOf(v: PyValue): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === null) return null;
  if (typeof v === 'string') return laxBoolFromStr(v);
  switch (v.kind) {
    case 'int': return v.value === 0n ? false : v.value === 1n ? true : null;
    case 'float': return v.value === 0 ? false : v.value === 1 ? true : null;
    case 'bytes': { const s = bytesText(v.value); return s === null ? null : laxBoolFromStr(s); }
    default: return null;
  }
}

function listOf(v: PyValue): string[] {
  if (v === null || typeof v !== 'object' || !('items' in v)) return [];
  return v.items.map((x) => strOf(x) ?? '');
}

function buildConfig(root: PyDict): TrainingConfig {
  const config: TrainingConfig = { include: [], exclude: [], excludeDefaults: true, metadata: new Map(), weights: new Map() };
  for (const e of root.entries) {
    switch (e.key) {
      case 'include': config.include = listOf(e.value); break;
      case 'exclude': config.exclude = listOf(e.value); break;
      case 'exclude_defaults': config.excludeDefaults = boolOf(e.value) ?? true; break;
      case 'metadata':
        if (isDict(e.value)) for (const m of e.value.entries) config.metadata.set(strOf(m.key) ?? '', strOf(m.value) ?? '');
        break;
      case 'weights':
        if (isDict(e.value)) {
          for (const t of e.value.entries) {
            const name = strOf(t.key) ?? '';
            const inner = new Map<string, number>(); // a repeated key (after decoding) replaces, keeping its place
            if (isDict(t.value)) for (const w of t.value.entries) inner.set(strOf(w.key) ?? '', floatOf(w.value) ?? NaN);
            config.weights.set(name, inner);
          }
        }
        break;
      default: break;
    }
  }
  return config;
}
