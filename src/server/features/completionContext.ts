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
  | { kind: 'tagKey'; section: 'weights' | 'metadata' }
  | { kind: 'tagValue'; section: 'weights' | 'metadata'; tagKey: string }
  | { kind: 'none' };

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
    return lastItem.includes(':') ? { kind: 'none' } : { kind: 'tagValue', section, tagKey: unquote(flow.key) };
  }
  if (topLine === pos.line) {
    const rest = sameLineTop![2]!;
    if (hasOpenBrace(rest)) {
      const inner = rest.slice(rest.lastIndexOf('{') + 1);
      const lastItem = inner.slice(inner.lastIndexOf(',') + 1);
      return lastItem.includes(':') ? { kind: 'none' } : { kind: 'tagKey', section };
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
      return key !== null ? { kind: 'tagValue', section, tagKey: unquote(key) } : { kind: 'none' };
    }
    return { kind: 'tagKey', section };
  }
  if (section !== 'weights' || typed.includes(':')) return { kind: 'none' };
  // a tag value under a tag key: the nearest line above with less indentation
  for (let i = pos.line - 1; i > topLine; i--) {
    const l = lines[i]!;
    if (isBlankOrComment(l) || indentOf(l) >= cur) continue;
    const key = leadingKey(l);
    return key !== null ? { kind: 'tagValue', section, tagKey: unquote(key) } : { kind: 'none' };
  }
  return { kind: 'none' };
}
