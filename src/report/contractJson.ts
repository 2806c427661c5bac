// The dry-run JSON contract (docs/spec/dry-run-json.md), written and read
// without losing map key order: JSON.stringify / JSON.parse of plain objects
// would move integer-like keys ("2", "10") to the front, and lose seeds > 2^53.
import {
  SKIP_REASONS, type ConfigProblem, type ConfigSummary, type CountMap, type DocumentError, type DryRunReport, type ReportRow,
  type SkipReason, type SourceSummary, type TagMap, type Totals, type TrainError, type WeightMap, type ProblemStage,
} from '../shared/reportModel';
import { parseOrderedJson, type JsonValue } from './orderedJson';
import { DOCUMENT_ERROR_KINDS } from '../engine/problems';
import { rowColumnsOf, type RowColumns } from '../engine/corpus/rowSet';

// ---------------------------------------------------------------- writing

/** One JSON value already rendered, or a structure to render. */
type Out = { raw: string } | { arr: Out[] } | { obj: Array<[string, Out]> };

const raw = (s: string): Out => ({ raw: s });
const num = (n: number): Out => raw(Number.isFinite(n) ? JSON.stringify(n) : 'null');
const str = (s: string | null): Out => raw(s === null ? 'null' : JSON.stringify(s));
const obj = (entries: Array<[string, Out]>): Out => ({ obj: entries });
const arr = (items: Out[]): Out => ({ arr: items });

function render(v: Out, indent: string, out: string[]): void {
  if ('raw' in v) {
    out.push(v.raw);
    return;
  }
  const inner = `${indent}  `;
  if ('obj' in v) {
    if (v.obj.length === 0) {
      out.push('{}');
      return;
    }
    out.push('{\n');
    v.obj.forEach(([k, val], i) => {
      out.push(`${inner}${JSON.stringify(k)}: `);
      render(val, inner, out);
      out.push(i + 1 < v.obj.length ? ',\n' : '\n');
    });
    out.push(`${indent}}`);
    return;
  }
  const items = v.arr;
  if (items.length === 0) {
    out.push('[]');
    return;
  }
  out.push('[\n');
  items.forEach((item, i) => {
    out.push(inner);
    render(item, inner, out);
    out.push(i + 1 < items.length ? ',\n' : '\n');
  });
  out.push(`${indent}]`);
}

const tagsOut = (m: TagMap): Out => obj([...m].map(([k, v]) => [k, str(v)]));
const nestedOut = (m: WeightMap | CountMap): Out => obj([...m].map(([k, vs]) => [k, obj([...vs].map(([v, n]) => [v, num(n)]))]));

/** The exact contract JSON: 2-space indent, contract key order, map order kept. */
export function reportToJson(report: DryRunReport): string {
  return [...reportJsonChunks(report)].join('');
}

const ROWS_SLOT = '\u0000rows\u0000';

/**
 * The contract JSON with `"rows": []`. Reads only the report's other fields: a
 * live report's rows are a lazy getter (rowSet.ts attachRows) that copying the
 * report (`{ ...report, rows: [] }`) would run, making an object per row.
 */
export function reportHeadJson(report: DryRunReport): string {
  return headJsonWith(report, arr([]));
}

/**
 * The same JSON in pieces (the rows in chunks of a few hundred), so a CLI can
 * stream a million-row report to stdout without holding it as one string, nor
 * a string per row: a report from the corpus index is written straight from
 * its columns (rowColumnsOf), without making its row objects.
 */
export function* reportJsonChunks(report: DryRunReport, rowsPerChunk = 256): Generator<string> {
  const head = headJsonWith(report, raw(ROWS_SLOT));
  const at = head.indexOf(ROWS_SLOT);
  yield head.slice(0, at);
  const cols = rowColumnsOf(report);
  const n = cols ? cols.length : report.rows.length;
  if (n === 0) yield '[]';
  else {
    const write = cols ? columnWriter(cols) : rowWriter(report.rows);
    yield '[\n';
    for (let i = 0; i < n; i += rowsPerChunk) {
      const end = Math.min(n, i + rowsPerChunk);
      let chunk = '';
      for (let j = i; j < end; j++) chunk += (j > i ? ',\n' : '') + write(j);
      yield chunk + (end < n ? ',\n' : '\n  ]');
    }
  }
  yield head.slice(at + ROWS_SLOT.length);
}

function headJsonWith(report: DryRunReport, rowsOut: Out): string {
  const doc = obj([
    ['formatVersion', num(report.formatVersion)],
    ['mode', str(report.mode)],
    ['document', str(report.document)],
    ['seed', raw(report.seed === null ? 'null' : report.seed.toString())],
    ['valFraction', num(report.valFraction)],
    ['sources', arr(report.sources.map((s) => obj([
      ['path', str(s.path)],
      ['files', num(s.files)],
      ['skipped', obj(SKIP_REASONS.map((r) => [r, num(s.skipped[r])]))],
    ])))],
    ['configs', arr(report.configs.map((c) => obj([
      ['anchor', str(c.anchor)],
      ['trainingYaml', str(c.trainingYaml)],
      ['problem', str(c.problem)],
      ['ignoreRules', num(c.ignoreRules)],
      ['metadata', tagsOut(c.metadata)],
      ['weights', nestedOut(c.weights)],
    ])))],
    ['mergedWeights', nestedOut(report.mergedWeights)],
    ['rows', rowsOut],
    ['distribution', nestedOut(report.distribution)],
    ['totals', obj(TOTAL_KEYS.map((k) => [k, num(report.totals[k])]))],
    ['trainError', str(report.trainError)],
    ['documentError', report.documentError === null ? raw('null') : obj([
      ['stage', str(report.documentError.stage)],
      ['kind', str(report.documentError.kind)],
      ['message', str(report.documentError.message)],
    ])],
  ]);
  const out: string[] = [];
  render(doc, '', out);
  return out.join('');
}

/**
 * The rows array, written directly: it is most of the report (a million rows
 * on a big corpus). Rows share tag maps (one per folder chain), so each map
 * is rendered once; nothing is kept per row.
 */
const ROW_INDENT = '    ';
const numText = (x: number): string => (Number.isFinite(x) ? JSON.stringify(x) : 'null');

function tagsJsonCache(): (m: TagMap) => string {
  const cache = new Map<TagMap, string>();
  return (m) => {
    let t = cache.get(m);
    if (t === undefined) {
      const out: string[] = [];
      render(tagsOut(m), `${ROW_INDENT}  `, out);
      cache.set(m, (t = out.join('')));
    }
    return t;
  };
}

function rowJson(sectionId: string, origin: string, tags: string, weight: string, copies: number, valCopies: number): string {
  return `${ROW_INDENT}{\n${ROW_INDENT}  "sectionId": ${JSON.stringify(sectionId)},\n${ROW_INDENT}  "origin": ${JSON.stringify(origin)},` +
    `\n${ROW_INDENT}  "tags": ${tags},\n${ROW_INDENT}  "weight": ${weight},\n${ROW_INDENT}  "copies": ${numText(copies)},\n${ROW_INDENT}  "valCopies": ${numText(valCopies)}\n${ROW_INDENT}}`;
}

/** The same, for a row from the index: its id is 16 hex digits and its counts are integers (no escaping, no checks). */
function indexRowJson(sectionId: string, origin: string, tags: string, weight: string, copies: number, valCopies: number): string {
  return `${ROW_INDENT}{\n${ROW_INDENT}  "sectionId": "${sectionId}",\n${ROW_INDENT}  "origin": ${JSON.stringify(origin)},` +
    `\n${ROW_INDENT}  "tags": ${tags},\n${ROW_INDENT}  "weight": ${weight},\n${ROW_INDENT}  "copies": ${copies},\n${ROW_INDENT}  "valCopies": ${valCopies}\n${ROW_INDENT}}`;
}

/** Writes row i of a ReportRow array. */
function rowWriter(rows: readonly ReportRow[]): (i: number) => string {
  const tags = tagsJsonCache();
  return (i) => {
    const r = rows[i]!;
    return rowJson(r.sectionId, r.origin, tags(r.tags), numText(r.weight), r.copies, r.valCopies);
  };
}

/** Writes row i from columns; tags and weight rendered once per tag map. */
function columnWriter(cols: RowColumns): (i: number) => string {
  const tags = tagsJsonCache();
  const weights = new Map<number, string>();
  return (i) => {
    const ref = cols.tagsRef(i);
    let w = weights.get(ref);
    if (w === undefined) weights.set(ref, (w = numText(cols.weight(i))));
    return indexRowJson(cols.sectionId(i), cols.origin(i), tags(cols.tags(i)), w, cols.copies(i), cols.valCopies(i));
  };
}

const TOTAL_KEYS: ReadonlyArray<keyof Totals> = ['rows', 'expandedRows', 'droppedRows', 'trainRows', 'valRows', 'leakedRows'];

// ---------------------------------------------------------------- reading

class ContractError extends Error {
  constructor(where: string, what: string) {
    super(`dry-run JSON: ${where}: ${what}`);
    this.name = 'ContractError';
  }
}

function asObject(v: JsonValue, where: string): Map<string, JsonValue> {
  if (!(v instanceof Map)) throw new ContractError(where, 'expected an object');
  return v;
}
function field(o: Map<string, JsonValue>, key: string, where: string): JsonValue {
  if (!o.has(key)) throw new ContractError(where, `missing "${key}"`);
  return o.get(key) as JsonValue;
}
function asArray(v: JsonValue, where: string): JsonValue[] {
  if (!Array.isArray(v)) throw new ContractError(where, 'expected an array');
  return v;
}
function asString(v: JsonValue, where: string): string {
  if (typeof v !== 'string') throw new ContractError(where, 'expected a string');
  return v;
}
function asStringOrNull(v: JsonValue, where: string): string | null {
  return v === null ? null : asString(v, where);
}
/** Numbers; null stands for a non-finite weight and reads back as NaN. */
function asNumber(v: JsonValue, where: string, nullable = false): number {
  if (v === null && nullable) return NaN;
  if (typeof v !== 'object' || v === null || !('num' in v)) throw new ContractError(where, 'expected a number');
  return Number(v.num);
}
function asCount(v: JsonValue, where: string): number {
  const n = asNumber(v, where);
  if (!Number.isSafeInteger(n) || n < 0) throw new ContractError(where, 'expected a non-negative integer');
  return n;
}
function oneOf<T extends string>(v: JsonValue, allowed: readonly T[], where: string): T {
  const s = asString(v, where);
  if (!(allowed as readonly string[]).includes(s)) throw new ContractError(where, `unexpected value ${JSON.stringify(s)}`);
  return s as T;
}

function tagMap(v: JsonValue, where: string): TagMap {
  const m: TagMap = new Map();
  for (const [k, val] of asObject(v, where)) m.set(k, asString(val, `${where}.${k}`));
  return m;
}
function nestedMap(v: JsonValue, where: string, counts: boolean): WeightMap {
  const m: WeightMap = new Map();
  for (const [k, inner] of asObject(v, where)) {
    const values = new Map<string, number>();
    for (const [tv, n] of asObject(inner, `${where}.${k}`)) {
      const w = `${where}.${k}.${tv}`;
      values.set(tv, counts ? asCount(n, w) : asNumber(n, w, true));
    }
    m.set(k, values);
  }
  return m;
}

const PROBLEMS: readonly ConfigProblem[] = ['yaml', 'not-mapping', 'schema', 'encoding'];
const TRAIN_ERRORS: readonly TrainError[] = ['no-rows', 'all-dropped', 'nan-weight', 'inf-weight'];

function source(v: JsonValue, where: string): SourceSummary {
  const o = asObject(v, where);
  const sk = asObject(field(o, 'skipped', where), `${where}.skipped`);
  const skipped = {} as Record<SkipReason, number>;
  for (const r of SKIP_REASONS) skipped[r] = asCount(field(sk, r, `${where}.skipped`), `${where}.skipped.${r}`);
  return { path: asString(field(o, 'path', where), `${where}.path`), files: asCount(field(o, 'files', where), `${where}.files`), skipped };
}

function config(v: JsonValue, where: string): ConfigSummary {
  const o = asObject(v, where);
  const problem = field(o, 'problem', where);
  return {
    anchor: asString(field(o, 'anchor', where), `${where}.anchor`),
    trainingYaml: oneOf(field(o, 'trainingYaml', where), ['valid', 'invalid', 'absent'] as const, `${where}.trainingYaml`),
    problem: problem === null ? null : oneOf(problem, PROBLEMS, `${where}.problem`),
    ignoreRules: asCount(field(o, 'ignoreRules', where), `${where}.ignoreRules`),
    metadata: tagMap(field(o, 'metadata', where), `${where}.metadata`),
    weights: nestedMap(field(o, 'weights', where), `${where}.weights`, false),
  };
}

function row(v: JsonValue, where: string): ReportRow {
  const o = asObject(v, where);
  return {
    sectionId: asString(field(o, 'sectionId', where), `${where}.sectionId`),
    origin: asString(field(o, 'origin', where), `${where}.origin`),
    tags: tagMap(field(o, 'tags', where), `${where}.tags`),
    weight: asNumber(field(o, 'weight', where), `${where}.weight`, true),
    copies: asCount(field(o, 'copies', where), `${where}.copies`),
    valCopies: asCount(field(o, 'valCopies', where), `${where}.valCopies`),
  };
}

const STAGES: readonly ProblemStage[] = ['parse', 'sources', 'rows'];

/** `documentError`; a report written before the key existed reads as null. */
function documentError(v: JsonValue): DocumentError | null {
  if (v === null) return null;
  const o = asObject(v, 'documentError');
  return {
    stage: oneOf(field(o, 'stage', 'documentError'), STAGES, 'documentError.stage'),
    kind: oneOf(field(o, 'kind', 'documentError'), DOCUMENT_ERROR_KINDS, 'documentError.kind'),
    message: asString(o.get('message') ?? '', 'documentError.message'),
  };
}

/** Reads contract JSON into a DryRunReport, keeping every map's key order. */
export function parseReportJson(text: string): DryRunReport {
  const o = asObject(parseOrderedJson(text), 'top level');
  const version = asNumber(field(o, 'formatVersion', 'top level'), 'formatVersion');
  if (version !== 1) throw new ContractError('formatVersion', `unsupported version ${version}`);
  const seedV = field(o, 'seed', 'top level');
  // null only beside a documentError at stage parse (the document's seed is unknown)
  if (seedV !== null && (typeof seedV !== 'object' || !('num' in seedV) || !/^-?\d+$/.test(seedV.num))) {
    throw new ContractError('seed', 'expected an integer or null');
  }
  const t = asObject(field(o, 'totals', 'top level'), 'totals');
  const totals = {} as Totals;
  for (const k of TOTAL_KEYS) totals[k] = asCount(field(t, k, 'totals'), `totals.${k}`);
  const te = field(o, 'trainError', 'top level');
  return {
    formatVersion: 1,
    mode: oneOf(field(o, 'mode', 'top level'), ['document', 'directory'] as const, 'mode'),
    document: asStringOrNull(field(o, 'document', 'top level'), 'document'),
    seed: seedV === null ? null : BigInt(seedV.num),
    valFraction: asNumber(field(o, 'valFraction', 'top level'), 'valFraction'),
    sources: asArray(field(o, 'sources', 'top level'), 'sources').map((s, i) => source(s, `sources[${i}]`)),
    configs: asArray(field(o, 'configs', 'top level'), 'configs').map((c, i) => config(c, `configs[${i}]`)),
    mergedWeights: nestedMap(field(o, 'mergedWeights', 'top level'), 'mergedWeights', false),
    rows: asArray(field(o, 'rows', 'top level'), 'rows').map((r, i) => row(r, `rows[${i}]`)),
    distribution: nestedMap(field(o, 'distribution', 'top level'), 'distribution', true),
    totals,
    trainError: te === null ? null : oneOf(te, TRAIN_ERRORS, 'trainError'),
    documentError: documentError(o.get('documentError') ?? null),
  };
}
