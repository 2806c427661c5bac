// Loading one `.dlm/training.yaml` exactly as dlm's discovery does
// (`_load_training_yaml`): strict UTF-8 -> BOM and CRLF hygiene -> PyYAML
// `safe_load` -> "top level must be a mapping" -> pydantic validation.
// Every way it can fail becomes a ConfigIssue with an editor range.

import type { ConfigProblem, Range } from '../types.js';
import { decodeUtf8Strict, TextMap } from './decode.js';
import { loadCommonShape } from './commonShape.js';
import { pyyamlSafeLoad, simpleBlockRoot, simpleSafeLoad } from './pyyaml.js';
import { describe, isDict, locKey, type PyDict, type PyValue, type Span } from './pyvalue.js';
import { floatOf, isPlainText, validateConfig, type SchemaIssue } from './validate.js';
import type { ConfigIssue, ConfigLocations, LoadResult } from './index.js';

const IGNORED = 'dlm train ignores this whole file';

function issue(map: TextMap, code: string, problem: ConfigIssue['problem'], message: string, span: Span, path: (string | number)[] = []): ConfigIssue {
  return { code, problem, message, range: map.range(span[0], span[1]), path };
}

/** Quick fix: quote a plain scalar (`true` -> `'true'`). */
function quoteFix(map: TextMap, span: Span): ConfigIssue['fix'] | undefined {
  const text = map.normalized.slice(span[0], span[1]);
  if (!isPlainText(text) || text !== text.trim()) return undefined;
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return { range: map.range(span[0], span[1]), newText: quoted, title: `Quote as ${quoted} (a string)` };
}

const QUOTABLE = new Set(['tag-key-not-string', 'metadata-not-string', 'pattern-not-string']);

function fromSchemaIssue(map: TextMap, s: SchemaIssue): ConfigIssue {
  const out = issue(map, s.code, 'schema', s.message, s.span, s.loc);
  const v = s.value;
  const quotable = QUOTABLE.has(s.code) && v !== null && typeof v !== 'string' && (typeof v === 'boolean' || v.kind === 'int' || v.kind === 'float' || v.kind === 'date' || v.kind === 'datetime');
  if (quotable) {
    const fix = quoteFix(map, s.span);
    if (fix) out.fix = fix;
  }
  return out;
}

function collectLocations(root: PyDict, map: TextMap, duplicates: Array<{ dict: PyDict; key: PyValue; firstSpan: Span; winnerSpan: Span }>): ConfigLocations {
  const r = (s: Span): Range => map.range(s[0], s[1]);
  const loc: ConfigLocations = { topKeys: new Map(), metadata: [], weights: [], include: [], exclude: [], duplicateKeys: [] };
  const paths = new Map<PyDict, string[]>([[root, []]]);
  for (const e of root.entries) {
    if (typeof e.key !== 'string') continue;
    loc.topKeys.set(e.key, r(e.keySpan));
    const v = e.value;
    if (isDict(v)) paths.set(v, [e.key]);
    if ((e.key === 'include' || e.key === 'exclude') && v !== null && typeof v === 'object' && v.kind === 'list') {
      v.items.forEach((item, i) => { if (typeof item === 'string') loc[e.key as 'include'].push({ pattern: item, range: r(v.spans[i]!) }); });
    } else if (e.key === 'metadata' && isDict(v)) {
      for (const m of v.entries) if (typeof m.key === 'string') loc.metadata.push({ key: m.key, keyRange: r(m.keySpan), valueRange: r(m.valueSpan) });
    } else if (e.key === 'weights' && isDict(v)) {
      for (const t of v.entries) {
        if (typeof t.key !== 'string') continue;
        const values: ConfigLocations['weights'][number]['values'] = [];
        if (isDict(t.value)) {
          paths.set(t.value, ['weights', t.key]);
          for (const w of t.value.entries) {
            const weight = floatOf(w.value);
            if (typeof w.key === 'string' && weight !== null) values.push({ tagValue: w.key, keyRange: r(w.keySpan), valueRange: r(w.valueSpan), weight });
          }
        }
        loc.weights.push({ tagKey: t.key, keyRange: r(t.keySpan), values });
      }
    }
  }
  for (const d of duplicates) {
    const path = paths.get(d.dict);
    if (!path) continue;
    loc.duplicateKeys.push({ path, key: typeof d.key === 'string' ? d.key : String(locKey(d.key)), firstRange: r(d.firstSpan), winnerRange: r(d.winnerSpan) });
  }
  return loc;
}

function describeTop(v: PyValue): string {
  if (v === null) return 'nothing';
  if (typeof v === 'boolean' || typeof v === 'string') return `a single value (${describe(v)})`;
  switch (v.kind) {
    case 'list': case 'tuple': return 'a list';
    case 'set': return 'a set';
    default: return `a single value (${describe(v)})`;
  }
}

/**
 * Real configs are a few hundred bytes. Past this size the YAML tree alone
 * takes gigabytes and tens of seconds (a 5 MB flow list: 3 GB, 24 s), so the
 * file is reported as too large to check instead of risking the process.
 * dlm's own verdict on such a file is not computed: this is the one place
 * where dlm-weights declines to predict. Counted in UTF-8 bytes, so a file
 * on disk is refused from its size alone, before it is read.
 */
export const MAX_CONFIG_BYTES = 1 << 20;

/** The verdict on a training.yaml of `bytes` bytes that is not checked (see MAX_CONFIG_BYTES). */
export function tooLargeResult(bytes: number): LoadResult {
  const message = `dlm-weights does not check a training.yaml over ${MAX_CONFIG_BYTES / 1024} KiB (this one has ${(bytes / 2 ** 20).toFixed(1)} MiB): treat it as ignored until it is split or trimmed; real configs are a few hundred bytes.`;
  return { accepted: false, problem: 'yaml', crash: false, config: null, issues: [{ code: 'file-too-large', problem: 'yaml', message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, path: [] }], locations: null };
}

/** UTF-8 size of `s`, or a lower bound already over `limit` (no full count for huge texts). */
function utf8SizeOver(s: string, limit: number): number | null {
  if (s.length > limit) return s.length; // every UTF-16 unit is at least one byte
  if (s.length * 3 <= limit) return null; // every unit is at most three bytes
  const n = Buffer.byteLength(s, 'utf8');
  return n > limit ? n : null;
}

/**
 * Load the text dlm would see (BOM already removed for bytes, maybe present for editor text).
 * `commonShape: false` skips the direct path for the commonest configs (./commonShape.ts), for
 * the test that compares the two.
 */
export function loadText(editorText: string, bomAlreadyRemoved: boolean, commonShape = true): LoadResult {
  const over = utf8SizeOver(editorText, MAX_CONFIG_BYTES);
  if (over !== null) return tooLargeResult(over);
  const map = new TextMap(editorText, bomAlreadyRemoved);
  const text = map.normalized;
  const simple = simpleBlockRoot(text);
  if (simple && commonShape) {
    const common = loadCommonShape(simple, map);
    if (common) return common;
  }
  const y = simple ? simpleSafeLoad(text, simple) : pyyamlSafeLoad(text);

  if (y.kind === 'yaml') {
    const issues = y.issues.map((i) => issue(map, i.code, 'yaml', `${IGNORED}: it is not valid YAML for PyYAML — ${i.message}.`, i.span));
    return { accepted: false, problem: 'yaml', crash: false, config: null, issues, locations: null };
  }
  if (y.kind === 'crash') {
    const message = `dlm train crashes while loading this file: PyYAML raises ${y.exception} (${y.message}), which dlm does not catch — the whole run stops, not just this file.`;
    return { accepted: false, problem: 'loader-crash', crash: true, config: null, issues: [issue(map, 'loader-crash', 'loader-crash', message, y.span)], locations: null };
  }

  const value = y.value === null ? ({ kind: 'dict', entries: [] } satisfies PyDict) : y.value;
  if (!isDict(value)) {
    const span: Span = y.rootSpan[1] > y.rootSpan[0] ? y.rootSpan : [0, Math.min(text.length, map.lineEnd(0))];
    const message = `${IGNORED}: the top level must be a mapping of keys (include, exclude, exclude_defaults, metadata, weights, dlm_training_version), but it is ${describeTop(value)}.`;
    return { accepted: false, problem: 'not-mapping', crash: false, config: null, issues: [issue(map, 'not-mapping', 'not-mapping', message, span)], locations: null };
  }

  const locations = collectLocations(value, map, y.duplicates);
  const v = validateConfig(value, text);
  if (v.issues.length || !v.config) {
    return { accepted: false, problem: 'schema', crash: false, config: null, issues: v.issues.map((s) => fromSchemaIssue(map, s)), locations };
  }
  const issues: ConfigIssue[] = v.nonFinite.map((n) => issue(map, 'weight-nonfinite', null,
    `dlm accepts this file, but the weight ${Number.isNaN(n.value) ? 'NaN' : n.value > 0 ? 'infinity' : '-infinity'} for ${n.loc.slice(1).join('.')} crashes dlm train when it expands rows (int(${Number.isNaN(n.value) ? 'nan' : 'inf'})). Use a finite number.`, n.span, n.loc));
  return { accepted: true, problem: null, crash: issues.length > 0, config: v.config, issues, locations };
}

export function loadBytes(bytes: Uint8Array): LoadResult {
  const d = decodeUtf8Strict(bytes);
  if (!d.ok) {
    // Point at the first bad byte: decode the valid prefix to find its position.
    const prefix = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes.subarray(0, d.byteOffset));
    const map = new TextMap(prefix.startsWith('\ufeff') ? prefix.slice(1) : prefix, true);
    const at = map.normalized.length;
    const message = `${IGNORED}: it is not valid UTF-8 (byte ${d.byteOffset}: ${d.reason}). Save it as UTF-8.`;
    return { accepted: false, problem: 'encoding' as ConfigProblem, crash: false, config: null, issues: [issue(map, 'encoding-invalid-utf8', 'encoding', message, [at, at])], locations: null };
  }
  return loadText(d.text, true);
}
