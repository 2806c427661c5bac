// `DlmFrontmatter.model_validate(raw)` (pydantic v2, lax mode) on the Python
// values PyYAML built, with pydantic's error locations and types.
//
// schemas/dlm-frontmatter.schema.json describes the structure. A walk over
// the value and the schema together does what JSON Schema cannot say:
// pydantic's lax readings of int / float / bool (`'8'`, `8.0`, `true`), its
// type errors on str / mapping / list fields, and unions (`auto` or an int,
// `auto` or a list). ajv then checks the coerced JSON form (required and
// unknown keys, enums, bounds, lengths, the dlm_id pattern, adapter names).
// The cross-field rules on `training` run last, like pydantic's validators.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { validateFrontmatter as generatedValidator } from './frontmatterValidator.generated.js';
import schemaJson from '../../../schemas/dlm-frontmatter.schema.json';
import { describe, isDict, locKey, pyFloatRepr, type PyDict, type PyValue, type Span } from '../config/pyvalue.js';
import { closest } from '../diagnostics/similar.js';
import { laxBool, laxFloat, laxInt, textOf } from './coerce.js';

type SchemaNode = Record<string, unknown> & {
  $ref?: string; type?: string | string[]; properties?: Record<string, SchemaNode>; additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode; anyOf?: SchemaNode[]; enum?: unknown[]; const?: unknown; default?: unknown; 'x-pydantic'?: string;
  minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
};

export const FRONTMATTER_SCHEMA = schemaJson as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

/** One pydantic error, placed in the frontmatter text. */
export interface SchemaError {
  loc: Array<string | number>;
  /** pydantic's error type (`missing`, `extra_forbidden`, `int_parsing`, …). */
  type: string;
  message: string;
  /** [start, end) in the frontmatter YAML text. */
  span: Span;
  /** The offending key or value, when there is one. */
  value?: PyValue;
  at: 'key' | 'value';
  /** A nearby valid key or enum value ("did you mean"). */
  suggestion?: string;
  order: number[];
}

const NON_STRING_KEY = '\u0000key:';

/** Compiled ahead of time from the schema (scripts/gen-validators.mjs): no ajv compile at run time. */
function ajvValidate(): ValidateFunction {
  return generatedValidator as unknown as ValidateFunction;
}

export function resolveNode(node: SchemaNode): SchemaNode {
  let n = node;
  while (n.$ref) n = FRONTMATTER_SCHEMA.definitions[n.$ref.replace('#/definitions/', '')]!;
  return n;
}

function esc(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

interface Place {
  loc: Array<string | number>;
  order: number[];
  span: Span;
  keySpan: Span | null;
  value: PyValue;
  node: SchemaNode | null;
}

function typed(v: PyValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return `a boolean (${v})`;
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v)})`;
  switch (v.kind) {
    case 'int': return `an integer (${v.value})`;
    case 'float': return `a number (${describe(v)})`;
    case 'date': return `a date (${describe(v)})`;
    case 'datetime': return 'a date and time';
    case 'bytes': return 'binary data';
    case 'list': case 'tuple': return 'a list';
    case 'set': return 'a set';
    case 'dict': return 'a mapping';
  }
}

function path(loc: Array<string | number>): string {
  return loc.length ? loc.map(String).join('.') : 'the frontmatter';
}

function bound(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? String(x) : pyFloatRepr(x);
}

const TYPE_TEXT: Record<string, string> = {
  int_type: 'an integer', int_parsing: 'an integer', int_from_float: 'a whole number', finite_number: 'a finite number',
  int_parsing_size: 'an integer within ±2^63 when written as a float', float_type: 'a number', float_parsing: 'a number',
  bool_type: 'true or false', bool_parsing: 'true or false (yes/no, on/off, 1/0 also work)', string_type: 'a string',
  string_unicode: 'UTF-8 text',
};

class Walk {
  readonly errors: SchemaError[] = [];
  readonly places = new Map<string, Place>();
  readonly suppressed: string[] = [];
  readonly ints = new Map<string, bigint>();

  fail(ptr: string, place: Place, type: string, message: string): null {
    this.errors.push({ loc: place.loc, type, message, span: place.span, value: place.value, at: 'value', order: place.order });
    this.suppressed.push(ptr);
    return null;
  }

  walk(v: PyValue, raw: SchemaNode, ptr: string, place: Place): unknown {
    const node = resolveNode(raw);
    place.node = node;
    this.places.set(ptr, place);
    if (node.anyOf) return this.union(v, node, ptr, place);
    if (node.enum) {
      const s = textOf(v);
      if (s !== null) return s;
      return v === null ? null : '\u0000not-a-literal';
    }
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (v === null && types.includes('null')) return null;
    const p = path(place.loc);
    switch (types.find((t) => t !== 'null')) {
      case 'object': {
        if (node.properties) return this.model(v, node, ptr, place);
        return this.dict(v, node, ptr, place);
      }
      case 'array': {
        if (v === null || typeof v !== 'object' || (v.kind !== 'list' && v.kind !== 'tuple' && v.kind !== 'set')) {
          const tuple = node['x-pydantic'] === 'tuple';
          return this.fail(ptr, place, tuple ? 'tuple_type' : 'list_type', `${p} must be a list (\`[a, b]\` or lines starting with \`- \`), but it is ${typed(v)}`);
        }
        return v.items.map((x, i) => this.walk(x, node.items!, `${ptr}/${i}`, { loc: [...place.loc, i], order: [...place.order, i], span: v.spans[i] ?? place.span, keySpan: null, value: x, node: null }));
      }
      case 'string': {
        const s = textOf(v);
        if (s !== null) return s;
        const bytes = v !== null && typeof v === 'object' && v.kind === 'bytes';
        return this.fail(ptr, place, bytes ? 'string_unicode' : 'string_type', `${p} must be a string, but YAML reads it as ${typed(v)}`);
      }
      case 'integer': {
        const r = laxInt(v);
        if (!r.ok) return this.fail(ptr, place, r.type, `${p} must be ${TYPE_TEXT[r.type] ?? 'an integer'}, but it is ${typed(v)}`);
        this.ints.set(ptr, r.value);
        return Number(r.value);
      }
      case 'number': {
        const r = laxFloat(v);
        if (!r.ok) return this.fail(ptr, place, r.type, `${p} must be a number, but it is ${typed(v)}`);
        return r.value;
      }
      case 'boolean': {
        const r = laxBool(v);
        if (!r.ok) return this.fail(ptr, place, r.type, `${p} must be ${TYPE_TEXT[r.type]}, but it is ${typed(v)}`);
        return r.value;
      }
      default:
        return v;
    }
  }

  private model(v: PyValue, node: SchemaNode, ptr: string, place: Place): unknown {
    const p = path(place.loc);
    if (!isDict(v)) return this.fail(ptr, place, 'model_type', `${p} must be a mapping of settings (\`{}\` for all defaults), but it is ${typed(v)}`);
    const names = Object.keys(node.properties!);
    const out: Record<string, unknown> = {};
    v.entries.forEach((e, i) => {
      const name = typeof e.key === 'string' ? e.key : `${NON_STRING_KEY}${i}`;
      const idx = typeof e.key === 'string' ? names.indexOf(e.key) : -1;
      const child: Place = { loc: [...place.loc, locKey(e.key)], order: [...place.order, idx >= 0 ? idx : names.length + i], span: e.valueSpan, keySpan: e.keySpan, value: e.value, node: null };
      const childPtr = `${ptr}/${esc(name)}`;
      if (idx >= 0) out[name] = this.walk(e.value, node.properties![name]!, childPtr, child);
      else {
        this.places.set(childPtr, child);
        out[name] = null;
      }
    });
    return out;
  }

  private dict(v: PyValue, node: SchemaNode, ptr: string, place: Place): unknown {
    if (!isDict(v)) return this.fail(ptr, place, 'dict_type', `${path(place.loc)} must be a mapping (name: settings), but it is ${typed(v)}`);
    const out: Record<string, unknown> = {};
    v.entries.forEach((e, i) => {
      let name: string;
      if (typeof e.key === 'string') name = e.key;
      else {
        name = `${NON_STRING_KEY}${i}`;
        this.errors.push({ loc: [...place.loc, locKey(e.key), '[key]'], type: 'string_type', message: `the name \`${describe(e.key)}\` in ${path(place.loc)} is read as ${typed(e.key)}; names must be strings`, span: e.keySpan, value: e.key, at: 'key', order: [...place.order, i, 0] });
      }
      const child: Place = { loc: [...place.loc, locKey(e.key)], order: [...place.order, i, 1], span: e.valueSpan, keySpan: e.keySpan, value: e.value, node: null };
      out[name] = this.walk(e.value, node.additionalProperties as SchemaNode, `${ptr}/${esc(name)}`, child);
    });
    return out;
  }

  /** pydantic's smart union over `auto` and an int or a list: the first member that accepts the value. */
  private union(v: PyValue, node: SchemaNode, ptr: string, place: Place): unknown {
    const failed: SchemaError[] = [];
    for (const [i, raw] of node.anyOf!.entries()) {
      const member = resolveNode(raw);
      const tag = member.const !== undefined ? `literal[${JSON.stringify(member.const).replace(/"/g, "'")}]` : member.type === 'integer' ? 'int' : 'list[str]';
      const memberPlace: Place = { ...place, loc: [...place.loc, tag], order: [...place.order, i] };
      if (member.const !== undefined) {
        if (textOf(v) === member.const) return member.const;
        failed.push({ loc: memberPlace.loc, type: 'literal_error', message: '', span: place.span, value: v, at: 'value', order: memberPlace.order });
        continue;
      }
      const sub = new Walk();
      const out = sub.walk(v, member, ptr, memberPlace);
      if (!sub.errors.length) {
        for (const [k, p] of sub.places) this.places.set(k, p);
        for (const [k, n] of sub.ints) this.ints.set(k, n);
        this.places.set(ptr, place);
        return out;
      }
      failed.push(...sub.errors);
    }
    const p = path(place.loc);
    const what = node.anyOf!.some((m) => resolveNode(m).type === 'integer') ? '`auto` or a positive integer' : '`auto` or a list of names';
    for (const f of failed) this.errors.push({ ...f, message: `${p} must be ${what}, but it is ${typed(v)}` });
    this.suppressed.push(ptr);
    return null;
  }

  isSuppressed(ptr: string): boolean {
    return this.suppressed.some((s) => ptr === s || ptr.startsWith(s + '/'));
  }
}

const VALUE_KEYWORDS = ['enum', 'const', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'minLength', 'pattern', 'anyOf'];
const PYDANTIC_TYPE: Record<string, string> = {
  enum: 'literal_error', const: 'literal_error', maximum: 'less_than_equal', exclusiveMaximum: 'less_than',
  minimum: 'greater_than_equal', exclusiveMinimum: 'greater_than', minLength: 'string_too_short', pattern: 'value_error', anyOf: 'value_error',
};

function literalList(values: unknown[]): string {
  return values.map((x) => (x === null ? 'null' : `\`${String(x)}\``)).join(', ');
}

function valueError(e: ErrorObject, place: Place, src: (s: Span) => string): SchemaError {
  const p = path(place.loc);
  const v = place.value;
  const node = place.node ?? {};
  const shown = src(place.span).trim() || describe(v);
  const base = { loc: place.loc, type: PYDANTIC_TYPE[e.keyword]!, span: place.span, value: v, at: 'value' as const, order: place.order };
  switch (e.keyword) {
    case 'enum': case 'const': {
      const values = (node.enum ?? [node.const]) as unknown[];
      const s = textOf(v);
      const suggestion = s !== null ? closest(s, values.filter((x): x is string => typeof x === 'string')) ?? undefined : undefined;
      return { ...base, message: `${p} must be one of ${literalList(values)} (case-sensitive), but it is ${typed(v)}${suggestion ? ` — did you mean \`${suggestion}\`?` : ''}`, suggestion };
    }
    case 'maximum': return { ...base, message: `${p} must be at most ${bound(node.maximum!)}, but it is ${shown}` };
    case 'exclusiveMaximum': return { ...base, message: `${p} must be less than ${bound(node.exclusiveMaximum!)}, but it is ${shown}` };
    case 'minimum': return { ...base, message: `${p} must be at least ${bound(node.minimum!)}, but it is ${shown}` };
    case 'exclusiveMinimum': return { ...base, message: `${p} must be greater than ${bound(node.exclusiveMinimum!)}, but it is ${shown}` };
    case 'minLength': return { ...base, message: `${p} must not be empty` };
    case 'pattern': return { ...base, message: `dlm_id must be a ULID: 26 characters of Crockford base32 (0-9, A-Z without I, L, O, U; uppercase), but it is ${typed(v)}` };
    default: return { ...base, message: `${p} must be \`auto\` or a positive integer, but it is ${shown}` };
  }
}

export interface SchemaResult {
  errors: SchemaError[];
  /** The coerced JSON form (what pydantic's model holds), with defaults not filled in. */
  json: Record<string, unknown> | null;
  /** Exact integers of the integer fields, by JSON pointer (`/training/seed`). */
  ints: Map<string, bigint>;
}

/**
 * Validate the migrated frontmatter mapping. `text` is the frontmatter YAML
 * text the spans point into.
 */
export function validateFrontmatter(root: PyDict, text: string): SchemaResult {
  const walk = new Walk();
  const rootPlace: Place = { loc: [], order: [], span: [0, 0], keySpan: null, value: root, node: null };
  const json = walk.walk(root, FRONTMATTER_SCHEMA, '', rootPlace) as Record<string, unknown>;
  const src = (s: Span): string => text.slice(s[0], s[1]);
  const errors = [...walk.errors];
  const validate = ajvValidate();
  const byPointer = new Map<string, ErrorObject[]>();
  const adapterCandidates: SchemaError[] = [];
  if (!validate(json)) {
    for (const e of validate.errors ?? []) {
      const ptr = e.instancePath;
      if (walk.isSuppressed(ptr)) continue;
      if (e.schemaPath.includes('/anyOf/')) continue; // the union's own error speaks for its branches
      if (e.propertyName !== undefined && e.keyword !== 'propertyNames') continue;
      const place = walk.places.get(ptr);
      if (!place) continue;
      if (e.keyword === 'required') {
        const name = (e.params as { missingProperty: string }).missingProperty;
        const names = Object.keys(place.node?.properties ?? {});
        const span = place.keySpan ?? (place.loc.length ? place.span : ([0, 0] as Span)); // a list item: its own text
        errors.push({ loc: [...place.loc, name], type: 'missing', message: `\`${name}\` is required${place.loc.length ? ` in ${path(place.loc)}` : ''}`, span, at: 'key', order: [...place.order, names.indexOf(name)] });
      } else if (e.keyword === 'additionalProperties') {
        const name = (e.params as { additionalProperty: string }).additionalProperty;
        const child = walk.places.get(`${ptr}/${esc(name)}`);
        if (!child) continue;
        const where = place.loc.length ? path(place.loc) : 'the frontmatter';
        const keyText = src(child.keySpan ?? child.span).trim();
        if (name.startsWith(NON_STRING_KEY)) {
          errors.push({ loc: child.loc, type: 'invalid_key', message: `the key \`${keyText}\` is read as ${typed(child.loc.length ? (keyValue(place.value, child) ?? null) : null)}; keys must be strings`, span: child.keySpan ?? child.span, at: 'key', order: child.order });
        } else {
          const known = Object.keys(place.node?.properties ?? {});
          const suggestion = closest(name, known) ?? undefined;
          errors.push({ loc: child.loc, type: 'extra_forbidden', message: `unknown key \`${name}\` in ${where}${suggestion ? ` — did you mean \`${suggestion}\`?` : ` (known: ${known.join(', ')})`}`, span: child.keySpan ?? child.span, value: name, at: 'key', suggestion, order: child.order });
        }
      } else if (e.keyword === 'minProperties' || e.keyword === 'propertyNames') {
        const candidate = adapterError(e, place, walk);
        if (candidate) adapterCandidates.push(candidate);
      } else if (VALUE_KEYWORDS.includes(e.keyword)) {
        const list = byPointer.get(ptr) ?? [];
        list.push(e);
        byPointer.set(ptr, list);
      }
    }
  }
  for (const [ptr, list] of byPointer) {
    // pydantic reports one error per value; NaN fails every bound and pydantic checks the upper ones first
    list.sort((a, b) => VALUE_KEYWORDS.indexOf(a.keyword) - VALUE_KEYWORDS.indexOf(b.keyword));
    errors.push(valueError(list[0]!, walk.places.get(ptr)!, src));
  }
  // the adapter-name validator runs only on a mapping that validated
  if (adapterCandidates.length) {
    const adaptersLoc = 'training.adapters';
    const clean = !errors.some((x) => path(x.loc).startsWith(adaptersLoc + '.') || path(x.loc) === adaptersLoc);
    if (clean) errors.push(adapterCandidates[0]!); // pydantic reports only the first: emptiness, else the first bad name
  }
  const training = json && typeof json === 'object' ? (json.training as Record<string, unknown> | undefined) : undefined;
  if (training && !errors.some((x) => x.loc[0] === 'training')) {
    const cross = trainingRules(training, walk.places.get('/training')!);
    if (cross) errors.push(cross);
  }
  errors.sort((a, b) => compareOrder(a.order, b.order));
  return { errors, json: errors.length ? null : json, ints: walk.ints };
}

function keyValue(parent: PyValue, child: Place): PyValue | undefined {
  if (!isDict(parent)) return undefined;
  return parent.entries.find((e) => e.keySpan === child.keySpan)?.key;
}

function adapterError(e: ErrorObject, place: Place, walk: Walk): SchemaError | null {
  const base = { loc: place.loc, type: 'value_error', at: 'key' as const, order: place.order };
  if (e.keyword === 'minProperties') {
    return { ...base, message: 'training.adapters is empty: declare at least one adapter, or remove the key for a single adapter', span: place.keySpan ?? place.span, value: place.value };
  }
  const name = (e.params as { propertyName: string }).propertyName;
  if (name.startsWith(NON_STRING_KEY)) return null;
  const child = walk.places.get(`${e.instancePath}/${esc(name)}`);
  return { ...base, message: `\`${name}\` is not a valid adapter name: a lowercase letter, then up to 31 lowercase letters, digits or _`, span: child?.keySpan ?? place.span, value: name };
}

const FLAT_DEFAULTS: Array<[string, unknown]> = [['adapter', 'lora'], ['lora_r', 8], ['lora_alpha', 16], ['lora_dropout', 0.05], ['target_modules', 'auto'], ['learning_rate', 2e-4]];

/** pydantic's model validators on `training` (after its fields validated). */
function trainingRules(t: Record<string, unknown>, place: Place): SchemaError | null {
  const adapters = t.adapters as Record<string, unknown> | null | undefined;
  const count = adapters ? Object.keys(adapters).length : 0;
  const gate = t.gate as Record<string, unknown> | undefined;
  const span = place.keySpan ?? place.span;
  const base = { loc: ['training'], type: 'value_error', span, at: 'key' as const, order: place.order };
  if (gate?.enabled === true && count < 2) {
    return { ...base, message: `training.gate.enabled: true needs two or more named adapters in training.adapters (there ${count === 1 ? 'is 1' : `are ${count}`})` };
  }
  if (adapters) {
    const drift = FLAT_DEFAULTS.filter(([k, d]) => k in t && t[k] !== d).map(([k]) => k);
    if (drift.length) {
      return { ...base, message: `training.adapters is set, so ${drift.join(', ')} must stay at ${drift.length > 1 ? 'their defaults' : 'its default'}; move ${drift.length > 1 ? 'them' : 'it'} into the adapter entries` };
    }
  }
  return null;
}

function compareOrder(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
