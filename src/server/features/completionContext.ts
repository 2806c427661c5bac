// Where in a training.yaml the cursor is, for completion: a top-level key,
// a tag key or a tag value (of `weights` or `metadata`), block or flow style.
// Reads only the lines up to the cursor's (clamped) position.
import type { Position } from 'vscode-languageserver-types';
import { hasOpenBrace, keyBeforeValue, leadingKey, openFlowAfterKey } from './keyScan';

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try { return JSON.parse(t) as string; } catch { return t.slice(1, -1); }
  }
  return t;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlankOrComment = (line: string): boolean => /^\s*(#.*)?$/.test(line);

export type CompletionContext =
  | { kind: 'topKey' }
  /** `present`: the keys the mapping at the cursor already has (on other lines, or other entries of the flow mapping). */
  | { kind: 'tagKey'; section: 'weights' | 'metadata'; style: 'block' | 'flow'; indent: string; present: Set<string> }
  | { kind: 'tagValue'; section: 'weights' | 'metadata'; tagKey: string; style: 'block' | 'flow'; indent: string; present: Set<string> }
  | { kind: 'none' };

/** Keys of the flow entries around the cursor: those typed before it (but the last, being typed) and those after it on the line. */
function flowKeys(inner: string, after: string): Set<string> {
  const out = new Set<string>();
  const add = (item: string) => {
    const colon = item.indexOf(':');
    if (colon > 0) out.add(unquote(item.slice(0, colon)));
  };
  const items = inner.split(',');
  items.pop();
  for (const item of items) add(item);
  const close = after.indexOf('}');
  const rest = (close === -1 ? after : after.slice(0, close)).split(',');
  rest.shift(); // the rest of the entry being typed
  for (const item of rest) add(item);
  return out;
}

/** Keys of the block mapping whose entries are the lines after `from` indented exactly `indent`, up to a line indented less (the cursor's line left out). */
function blockKeys(lines: readonly string[], from: number, indent: number, cursorLine: number): Set<string> {
  const out = new Set<string>();
  for (let i = from + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (isBlankOrComment(l)) continue;
    const n = indentOf(l);
    if (n < indent) break;
    if (n !== indent || i === cursorLine) continue;
    const key = leadingKey(l);
    if (key !== null) out.add(unquote(key));
  }
  return out;
}

/**
 * Where in a training.yaml the cursor is, by indentation (block style) or an
 * open `{` (flow style). `pos` must lie inside `lines` (see clampPosition);
 * the work is linear in the lines up to it.
 */
export function completionContext(lines: readonly string[], pos: Position): CompletionContext {
  const line = lines[pos.line] ?? '';
  const before = line.slice(0, pos.character);
  if (before.includes('#')) return { kind: 'none' };
  if (indentOf(before) === 0 && !before.includes(':')) return { kind: 'topKey' };
  // the enclosing top-level key
  let top: string | null = null;
  let topLine = -1;
  const sameLineTop = /^([A-Za-z_][A-Za-z0-9_]*)\s*:(.*)$/.exec(before);
  if (sameLineTop) { top = sameLineTop[1]!; topLine = pos.line; }
  else {
    for (let i = pos.line - 1; i >= 0; i--) {
      const l = lines[i]!;
      if (isBlankOrComment(l) || indentOf(l) > 0) continue;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(l);
      top = m ? m[1]! : null;
      topLine = i;
      break;
    }
  }
  if (top !== 'weights' && top !== 'metadata') return { kind: 'none' };
  const section = top;
  // flow style: `key: {va` (weights) — or `metadata: {ke`
  const flow = openFlowAfterKey(before);
  if (flow && section === 'weights' && topLine !== pos.line) {
    const lastItem = flow.inner.slice(flow.inner.lastIndexOf(',') + 1);
    if (lastItem.includes(':')) return { kind: 'none' };
    return { kind: 'tagValue', section, tagKey: unquote(flow.key), style: 'flow', indent: '', present: flowKeys(flow.inner, line.slice(pos.character)) };
  }
  if (topLine === pos.line) {
    const rest = sameLineTop![2]!;
    if (hasOpenBrace(rest)) {
      const inner = rest.slice(rest.lastIndexOf('{') + 1);
      const lastItem = inner.slice(inner.lastIndexOf(',') + 1);
      if (lastItem.includes(':')) return { kind: 'none' };
      return { kind: 'tagKey', section, style: 'flow', indent: '', present: flowKeys(inner, line.slice(pos.character)) };
    }
    return { kind: 'none' };
  }
  const cur = indentOf(before);
  const typed = before.trimStart();
  // the first child's indentation under the section key
  let childIndent = -1;
  for (let i = topLine + 1; i < lines.length; i++) {
    if (i === pos.line) continue;
    const l = lines[i]!;
    if (isBlankOrComment(l)) continue;
    if (indentOf(l) === 0) break;
    childIndent = indentOf(l);
    break;
  }
  if (childIndent === -1 || cur <= childIndent) {
    if (typed.includes(':')) {
      // `key: va` — a metadata value
      if (section !== 'metadata') return { kind: 'none' };
      const key = keyBeforeValue(typed);
      return key !== null ? { kind: 'tagValue', section, tagKey: unquote(key), style: 'block', indent: '', present: new Set() } : { kind: 'none' };
    }
    const indent = childIndent === -1 ? cur : childIndent;
    return { kind: 'tagKey', section, style: 'block', indent: before.slice(0, cur), present: blockKeys(lines, topLine, indent, pos.line) };
  }
  if (section !== 'weights' || typed.includes(':')) return { kind: 'none' };
  // a tag value under a tag key: the nearest line above with less indentation
  for (let i = pos.line - 1; i > topLine; i--) {
    const l = lines[i]!;
    if (isBlankOrComment(l) || indentOf(l) >= cur) continue;
    const key = leadingKey(l);
    return key !== null ? { kind: 'tagValue', section, tagKey: unquote(key), style: 'block', indent: before.slice(0, cur), present: blockKeys(lines, i, cur, pos.line) } : { kind: 'none' };
  }
  return { kind: 'none' };
}
