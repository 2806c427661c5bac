// The commonest training.yaml shape, read straight into PyYAML's node graph.
//
// Nearly every config is block mappings and sequences of one-line scalars in
// plain ASCII (see the README's examples). The general path (./safeLoad.ts)
// lexes, re-tokenizes, checks and composes every text to match PyYAML on any
// input, which costs about 0.3 ms per config warm and 1 ms cold: a repo with
// hundreds of configs spent most of its start-up there. This reader accepts
// only that shape — anything else (flow collections, anchors, tags, block or
// multi-line scalars, escapes, tabs, non-ASCII, odd indentation, empty
// values) returns undefined and takes the general path. It builds the same
// nodes with the same spans, so the one constructor makes the same values;
// test/engine/config-yaml-fast.test.ts checks the two paths agree on every
// text this reader accepts.

import type { PMap, PNode, PScalar, PSeq } from '../construct.js';
import type { Span } from '../pyvalue.js';
import { resolveImplicit, TAG } from '../resolve.js';

/** Deeper texts take the general path (it models PyYAML's recursion limit). */
const MAX_DEPTH = 32;
/** PyYAML refuses implicit keys past 1024 characters; long lines take the general path. */
const MAX_LINE = 1000;

/** One content line: a `key: value` / `key:` pair or a `- value` item. */
interface Line {
  indent: number;
  item: boolean;
  /** where the content starts: the `-` of an item, the key of a pair */
  at: number;
  /** the key (pairs only) */
  key: PScalar | null;
  /** null: the value is the block on the lines below */
  value: PScalar | null;
  /** where the line ends, its line break included */
  end: number;
}

/** The root node of `text` if it has the simple shape, else undefined. */
export function simpleBlockRoot(text: string): PNode | undefined {
  const lines = contentLines(text);
  if (!lines || lines.length === 0 || lines[0]!.indent !== 0 || lines[0]!.item) return undefined;
  const at = { i: 0 };
  const root = block(lines, at, 0, 0);
  return root && at.i === lines.length ? root.node : undefined;
}

function contentLines(text: string): Line[] | undefined {
  const out: Line[] = [];
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    if (nl - start > MAX_LINE) return undefined;
    const end = nl < text.length ? nl + 1 : nl;
    const line = parseLine(text, start, nl, end);
    if (line === undefined) return undefined;
    if (typeof line === 'number') {
      // A comment (or blank) line indented deeper than the scalar line before it belongs to that
      // scalar in the general path (its node ends after it): not modelled here.
      const last = out[out.length - 1];
      if (last?.value && line > last.indent) return undefined;
    } else out.push(line);
    start = end;
  }
  return out;
}

/** A content line; for a blank or comment line, its indentation; undefined outside the shape. */
function parseLine(text: string, start: number, stop: number, end: number): Line | number | undefined {
  let p = start;
  for (let k = start; k < stop; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x20 || c > 0x7e) return undefined; // tabs, CR, control and non-ASCII characters
  }
  while (p < stop && text.charCodeAt(p) === 32) p++;
  if (p === stop || text[p] === '#') return p - start;
  if (p === start && (text.startsWith('---', p) || text.startsWith('...', p) || text[p] === '%')) return undefined;
  const indent = p - start;
  if (text[p] === '-') {
    if (text[p + 1] !== ' ') return undefined;
    p += 2;
    while (p < stop && text.charCodeAt(p) === 32) p++;
    const value = scalar(text, p, stop, false);
    return value && { indent, item: true, at: start + indent, key: null, value: value.node, end };
  }
  const p0 = p;
  const key = scalar(text, p, stop, true);
  if (!key) return undefined;
  p = key.next + 1; // after the `:`
  if (p < stop && text[p] !== ' ') return undefined;
  while (p < stop && text.charCodeAt(p) === 32) p++;
  if (p === stop || text[p] === '#') return { indent, item: false, at: p0, key: key.node, value: null, end };
  const value = scalar(text, p, stop, false);
  return value && { indent, item: false, at: p0, key: key.node, value: value.node, end };
}

const PLAIN_FIRST = /[A-Za-z0-9_./~+]/;
const PLAIN_KEY = /[A-Za-z0-9_./+-]/;
const PLAIN_VALUE = /[A-Za-z0-9_./~+*(), -]/;

/**
 * A one-line scalar at `p`: a key ends at its `:`, a value at the line's end
 * or its comment. `next` is where the key's `:` is (keys) or the line's stop.
 */
function scalar(text: string, p: number, stop: number, isKey: boolean): { node: PScalar; next: number } | undefined {
  if (p >= stop) return undefined; // an empty item (`- `)
  const q = text[p];
  let valueEnd: number;
  let node: PScalar;
  if (q === "'" || q === '"') {
    const close = text.indexOf(q, p + 1);
    if (close < 0 || close >= stop) return undefined;
    const inner = text.slice(p + 1, close);
    if (q === '"' && inner.includes('\\')) return undefined;
    valueEnd = close + 1;
    node = { t: 'scalar', tag: TAG.str, value: inner, span: [p, valueEnd] };
  } else {
    const c = text[p]!;
    if (!(PLAIN_FIRST.test(c) || (c === '-' && /[0-9.]/.test(text[p + 1] ?? '')))) return undefined;
    const allowed = isKey ? PLAIN_KEY : PLAIN_VALUE;
    let k = p;
    while (k < stop && text[k] !== ':' && !(text[k] === '#' && text[k - 1] === ' ')) {
      if (!allowed.test(text[k]!)) return undefined;
      k++;
    }
    if (!isKey && k < stop && text[k] === ':') return undefined;
    valueEnd = k;
    while (valueEnd > p && text.charCodeAt(valueEnd - 1) === 32) valueEnd--;
    const value = text.slice(p, valueEnd);
    node = { t: 'scalar', tag: resolveImplicit(value), value, span: [p, valueEnd] };
  }
  if (isKey) return text[valueEnd] === ':' ? { node, next: valueEnd } : undefined;
  // after a value: spaces, then nothing or a comment
  let k = valueEnd;
  while (k < stop && text.charCodeAt(k) === 32) k++;
  if (k < stop && !(text[k] === '#' && k > valueEnd)) return undefined;
  return { node, next: stop };
}

/** The block mapping or sequence whose first line is lines[at.i] (at `indent`), with where it ends. */
function block(lines: Line[], at: { i: number }, indent: number, depth: number): { node: PNode; end: number } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const first = lines[at.i]!;
  const isSeq = first.item;
  const span: [number, number] = [first.at, 0];
  const items: PNode[] = [];
  const pairs: Array<[PNode, PNode]> = [];
  let end = 0;
  while (at.i < lines.length) {
    const line = lines[at.i]!;
    if (line.indent < indent) break;
    if (line.indent > indent || line.item !== isSeq) return undefined;
    at.i++;
    let value: PNode;
    if (line.value) {
      value = line.value;
      end = line.end;
    } else {
      const next = lines[at.i];
      if (!next || next.indent <= indent) return undefined; // an empty value or a sequence at the key's indent
      const inner = block(lines, at, next.indent, depth + 1);
      if (!inner) return undefined;
      value = inner.node;
      end = inner.end;
    }
    if (isSeq) items.push(value);
    else pairs.push([line.key!, value]);
  }
  span[1] = end;
  const node: PSeq | PMap = isSeq ? { t: 'seq', tag: TAG.seq, items, span: span as Span } : { t: 'map', tag: TAG.map, pairs, span: span as Span };
  return { node, end };
}
