// A reason PyYAML refuses a text, and where PyYAML would say it is.

import type { Span } from '../pyvalue.js';

export interface YamlIssue {
  code: string;
  message: string;
  /** Where the problem is, for an editor (offsets in the loaded text). */
  span: Span;
  /**
   * Offset of PyYAML's mark for this error (its problem mark, else its context
   * mark); null when PyYAML gives none (an unacceptable character).
   * Absent means the start of `span`.
   */
  mark?: number | null;
}

/** The offset of PyYAML's mark for an issue, or null. */
export function markOf(issue: YamlIssue): number | null {
  return issue.mark === undefined ? issue.span[0] : issue.mark;
}

/** Sort by where PyYAML meets each problem (marks first, then spans); drop repeats of a code at one place. */
export function inStreamOrder(list: readonly YamlIssue[]): YamlIssue[] {
  const key = (i: YamlIssue): number => markOf(i) ?? -1;
  const sorted = [...list].sort((a, b) => key(a) - key(b) || a.span[0] - b.span[0]);
  const seen = new Set<string>();
  const out: YamlIssue[] = [];
  for (const i of sorted) {
    const k = `${i.code}@${i.span[0]}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
  }
  return out;
}

/** 0-based line of an offset, counting line breaks as PyYAML does (\r\n once; \r, \n, NEL, U+2028, U+2029). */
export function lineAt(text: string, offset: number): number {
  let line = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029) line++;
    else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) line++;
  }
  return line;
}
