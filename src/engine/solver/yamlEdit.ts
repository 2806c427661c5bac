// The proposal as a minimal text edit of one training.yaml: replace the
// factors of entries that exist, insert the missing ones next to their
// siblings (block or flow style, the file's indentation and line endings),
// add `weights:` or the key's mapping when absent. Nothing else in the file
// moves, so comments and formatting stay. The `yaml` package finds the nodes
// (parsed with its failsafe schema: every scalar stays the text written);
// keys are quoted the way PyYAML needs. The edited text is then loaded with
// dlm's own loader semantics and must give exactly the old config with the
// new weights, or no edit is returned.
import { isAlias, isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { loadTrainingYamlText } from '../config/index.js';
import { resolveImplicit, TAG } from '../config/resolve.js';
import type { Range, TrainingConfig } from '../types.js';
import { weightText } from './readable.js';

export interface OffsetEdit {
  /** UTF-16 offsets in the original text. */
  start: number;
  end: number;
  newText: string;
}

export type WeightsEditResult =
  | { ok: true; text: string; edits: Array<OffsetEdit & { range: Range }> }
  | { ok: false; reason: string };

/** `s` as a YAML mapping key that PyYAML reads back as the string `s`. */
export function yamlKey(s: string): string {
  if (/^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/.test(s) && !s.endsWith(' ') && resolveImplicit(s) === TAG.str) return s;
  // single quotes hold any printable text on one line
  if (!/[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
  return `"${[...s].map(escapeDoubleQuoted).join('')}"`;
}

function escapeDoubleQuoted(ch: string): string {
  if (ch === '\\') return '\\\\';
  if (ch === '"') return '\\"';
  const c = ch.codePointAt(0)!;
  if (c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c <= 0x9f) && c !== 0x2028 && c !== 0x2029 && c !== 0xfeff && c !== 0xfffe && c !== 0xffff) return ch;
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

class EditFailure extends Error {}

/** Set weights[key][value] = factor for each entry, as a minimal edit of `text` (a training.yaml dlm loads). */
export function weightsEdit(text: string, key: string, values: ReadonlyMap<string, number>): WeightsEditResult {
  if (values.size === 0) return { ok: true, text, edits: [] };
  const before = loadTrainingYamlText(text);
  if (!before.accepted || !before.config) return { ok: false, reason: 'dlm does not load this file as it is, so an edit there would change nothing' };
  let edits: OffsetEdit[];
  try {
    edits = planEdits(text, key, values);
  } catch (e) {
    if (e instanceof EditFailure) return { ok: false, reason: e.message };
    throw e;
  }
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  out += text.slice(at);
  const after = loadTrainingYamlText(out);
  const want = withWeights(before.config, key, values);
  if (!after.accepted || !after.config || !sameConfig(after.config, want)) {
    return { ok: false, reason: 'the edited file would not give dlm exactly these weights (aliases or merge keys in `weights`?): edit it by hand' };
  }
  return { ok: true, text: out, edits: edits.map((e) => ({ ...e, range: { start: position(text, e.start), end: position(text, e.end) } })) };
}

function planEdits(text: string, key: string, values: ReadonlyMap<string, number>): OffsetEdit[] {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
  if (doc.errors.length) throw new EditFailure('the file does not parse as YAML');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const entries = [...values].map(([v, x]) => `${yamlKey(v)}: ${weightText(x)}`);
  const root = doc.contents;
  if (root === null || root === undefined) {
    // an empty file (or only comments): append the whole block
    const sep = text === '' || /[\r\n]$/.test(text) ? '' : eol;
    return [{ start: text.length, end: text.length, newText: `${sep}weights:${eol}  ${yamlKey(key)}:${eol}${entries.map((e) => `    ${e}${eol}`).join('')}` }];
  }
  if (!isMap(root)) throw new EditFailure('the top level is not a mapping');
  const weightsPair = lastPair(root, 'weights');
  if (!weightsPair) return [insertEntry(text, root, 'weights', { [key]: entries }, eol)];
  const weights = mapValue(weightsPair, '`weights`');
  const keyPair = lastPair(weights, key);
  if (!keyPair) return [insertEntry(text, weights, key, entries, eol)];
  const perValue = mapValue(keyPair, `\`weights.${key}\``);
  const edits: OffsetEdit[] = [];
  const missing: string[] = [];
  for (const [v, x] of values) {
    const p = lastPair(perValue, v);
    const node = p?.value;
    if (!p) missing.push(`${yamlKey(v)}: ${weightText(x)}`);
    else if (isScalar(node) && node.range) {
      if (text.slice(node.range[0], node.range[1]) !== weightText(x)) edits.push({ start: node.range[0], end: node.range[1], newText: weightText(x) });
    }
    else throw new EditFailure(`\`weights.${key}.${v}\` is not a plain value`);
  }
  if (missing.length) edits.push(insertEntries(text, perValue, missing, eol));
  return edits;
}

/** The last pair with this key (PyYAML keeps the last of repeated keys). */
function lastPair(map: YAMLMap, key: string): Pair | undefined {
  let found: Pair | undefined;
  for (const p of map.items as Pair[]) if (isScalar(p.key) && p.key.value === key) found = p;
  return found;
}

function mapValue(p: Pair, what: string): YAMLMap {
  if (isAlias(p.value)) throw new EditFailure(`${what} is an alias (*name): editing it would change its anchor too`);
  if (!isMap(p.value)) throw new EditFailure(`${what} is not a mapping`);
  return p.value;
}

/** A new `name:` entry holding a nested mapping (value lists are leaves: `k: v` texts). */
type Nested = string[] | { [k: string]: Nested };

function insertEntry(text: string, map: YAMLMap, name: string, nested: Nested, eol: string): OffsetEdit {
  if (map.flow) return insertEntries(text, map, [`${yamlKey(name)}: ${flowText(nested)}`], eol);
  const step = childStep(text, map, itemIndent(text, map));
  return insertEntries(text, map, [`${yamlKey(name)}:`, ...blockLines(nested, ' '.repeat(step))], eol);
}

function flowText(n: Nested): string {
  if (Array.isArray(n)) return `{${n.join(', ')}}`;
  return `{${Object.entries(n).map(([k, v]) => `${yamlKey(k)}: ${flowText(v)}`).join(', ')}}`;
}

/** Lines under a new key, each prefixed by one more `step` per level. */
function blockLines(n: Nested, step: string, depth = 1): string[] {
  if (Array.isArray(n)) return n.map((e) => step.repeat(depth) + e);
  return Object.entries(n).flatMap(([k, v]) => [`${step.repeat(depth)}${yamlKey(k)}:`, ...blockLines(v, step, depth + 1)]);
}

/** Insert entries after the last item of `map` (block: lines at the items' indentation; flow: before `}`). */
function insertEntries(text: string, map: YAMLMap, entries: string[], eol: string): OffsetEdit {
  const items = map.items as Pair[];
  if (map.flow) {
    const close = text.lastIndexOf('}', map.range![1] - 1);
    if (close < 0) throw new EditFailure('cannot find the end of a { } mapping');
    if (!items.length) return { start: close, end: close, newText: entries.join(', ') };
    const end = trimmedEnd(text, itemEnd(items.at(-1)!));
    return { start: end, end, newText: `, ${entries.join(', ')}` };
  }
  const indent = ' '.repeat(itemIndent(text, map));
  const block = entries.map((e) => indent + e).join(eol);
  const end = trimmedEnd(text, itemEnd(items.at(-1)!));
  const lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) return { start: text.length, end: text.length, newText: eol + block };
  const at = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return { start: at, end: at, newText: eol + block };
}

function itemEnd(p: Pair): number {
  const node = (p.value ?? p.key) as { range?: [number, number, number] } | null;
  if (!node?.range) throw new EditFailure('cannot locate an entry');
  return node.range[1];
}

/** Back over trailing whitespace and line breaks (block collections end after their last newline). */
function trimmedEnd(text: string, end: number): number {
  while (end > 0 && /[ \t\r\n]/.test(text[end - 1]!)) end--;
  return end;
}

/** Column of the first key of a block mapping. */
function itemIndent(text: string, map: YAMLMap): number {
  const first = (map.items as Pair[])[0];
  const start = (first?.key as { range?: [number, number, number] } | null)?.range?.[0];
  if (start === undefined) throw new EditFailure('cannot locate a mapping key');
  return start - (text.lastIndexOf('\n', start - 1) + 1);
}

/** Indentation step under `map`'s items: from an existing nested block mapping, else 2. */
function childStep(text: string, map: YAMLMap, indent: number): number {
  for (const p of map.items as Pair[]) {
    if (isMap(p.value) && !p.value.flow && p.value.items.length) {
      const step = itemIndent(text, p.value) - indent;
      if (step > 0) return step;
    }
  }
  return 2;
}

function withWeights(config: TrainingConfig, key: string, values: ReadonlyMap<string, number>): TrainingConfig {
  const weights = new Map(config.weights);
  const m = new Map(weights.get(key) ?? []);
  for (const [v, x] of values) m.set(v, x);
  weights.set(key, m);
  return { ...config, weights };
}

function sameConfig(a: TrainingConfig, b: TrainingConfig): boolean {
  const plain = (c: TrainingConfig) => JSON.stringify([c.include, c.exclude, c.excludeDefaults, [...c.metadata], [...c.weights].map(([k, m]) => [k, [...m].sort()]).sort()]);
  return plain(a) === plain(b);
}

function position(text: string, offset: number): Range['start'] {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
