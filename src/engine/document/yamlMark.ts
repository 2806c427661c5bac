// The line PyYAML's error mark points at. dlm reports `mark.line + 2` for a
// frontmatter YAML error (its problem mark, else its context mark), so the
// issue our loader reports first must be turned into the position PyYAML
// stops at. PyYAML counts \n, \x85, U+2028 and U+2029 as line breaks.
import type { YamlIssue } from '../config/pyyaml.js';

const BREAK = /[\n\x85\u2028\u2029]/;

/** PyYAML's scan_to_next_token: skip spaces, comments and line breaks. */
function nextToken(text: string, at: number): number {
  let i = at;
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '#') while (i < text.length && !BREAK.test(text[i]!)) i++;
    if (i < text.length && BREAK.test(text[i]!)) { i++; continue; }
    return i;
  }
}

/** Offset of PyYAML's mark for `issue`, or null when PyYAML gives none. */
export function pyyamlMarkOffset(text: string, issue: YamlIssue): number | null {
  if (issue.code === 'yaml-bad-character') return null; // the reader's error carries no mark
  if (issue.code === 'yaml-multiline-key') return Math.max(issue.span[0], issue.span[1] - 1); // at the late `:`
  if (/^Implicit map keys need to be followed by map values/.test(issue.message)) {
    const first = text[issue.span[0]];
    // `|x` / `>x`: PyYAML fails on the block scalar's header, on that line
    if (first === '|' || first === '>') return issue.span[0];
    // a `[` / `{` key: PyYAML gives up at the first token on a later line
    if (first === '[' || first === '{') {
      const eol = text.slice(issue.span[0]).search(BREAK);
      return eol < 0 ? text.length : nextToken(text, issue.span[0] + eol);
    }
    // a plain key without `:`: PyYAML notices where its scalar scan stops (at a `#` starting
    // a line, unlike a comment after the key on its own line, which it skips)
    let i = issue.span[1];
    while (text[i] === ' ') i++;
    if (text[i] === '#') return nextToken(text, i);
    while (i < text.length && (text[i] === ' ' || BREAK.test(text[i]!))) i++;
    return i;
  }
  // a mis-indented entry: PyYAML names the token that starts it
  if (/^All mapping items must start at the same column/.test(issue.message)) return nextToken(text, issue.span[0]);
  return issue.span[0];
}

/** 0-based PyYAML line of an offset. */
export function pyyamlLine(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (BREAK.test(text[i]!)) n++;
  return n;
}

/** The issue dlm reports (our loader's first) with PyYAML's line for it (0-based, in `text`) or null. */
export function firstYamlIssue(text: string, issues: readonly YamlIssue[]): { issue: YamlIssue; line: number | null; mark: number | null } {
  const issue = issues[0]!;
  const at = pyyamlMarkOffset(text, issue);
  return { issue, line: at === null ? null : pyyamlLine(text, at), mark: at };
}
