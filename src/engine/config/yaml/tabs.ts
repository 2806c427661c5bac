// Tabs: PyYAML's scanner never skips a tab between tokens ("found character
// '\t' that cannot start any token"), so a tab is only an ordinary character
// inside quoted scalars, comments and the content of block scalars.

import type { CST } from 'yaml';
import type { YamlIssue } from './issues.js';

/** The parts of a block scalar's lines that are content for PyYAML (where a tab is an ordinary character). */
export function blockScalarTabSpans(tok: CST.BlockScalar, src: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const props = tok.props as CST.SourceToken[];
  const header = props.find((p) => p.type === 'block-scalar-header');
  const last = props[props.length - 1];
  const bodyStart = last ? last.offset + last.source.length : tok.offset;
  const explicit = header ? /[1-9]/.exec(header.source) : null;
  const minIndent = Math.max(1, tok.indent + 1);
  let indent: number;
  if (explicit) indent = minIndent + Number(explicit[0]) - 1;
  else {
    // PyYAML: the deepest run of leading spaces before the first content character.
    let max = 0;
    let col = 0;
    for (let i = 0; i < tok.source.length; i++) {
      const c = tok.source[i];
      if (c === ' ') { col++; if (col > max) max = col; } else if (c === '\n') col = 0; else break;
    }
    indent = Math.max(minIndent, max);
  }
  let lineStart = bodyStart;
  const end = bodyStart + tok.source.length;
  while (lineStart < end) {
    let lineEnd = src.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    let spaces = 0;
    while (lineStart + spaces < lineEnd && src[lineStart + spaces] === ' ') spaces++;
    if (spaces >= indent) out.push([lineStart + indent, lineEnd]);
    lineStart = lineEnd + 1;
  }
  return out;
}

export function findTabIssues(src: string, tabOk: Array<[number, number]>): YamlIssue[] {
  const out: YamlIssue[] = [];
  tabOk.sort((a, b) => a[0] - b[0]);
  let j = 0;
  for (let i = src.indexOf('\t'); i >= 0; i = src.indexOf('\t', i + 1)) {
    while (j < tabOk.length && tabOk[j]![1] <= i) j++;
    let ok = false;
    for (let k = j; k < tabOk.length && tabOk[k]![0] <= i; k++) if (i < tabOk[k]![1]) { ok = true; break; }
    if (!ok) {
      out.push({ code: 'yaml-tab', message: 'a tab character outside quotes, comments and block scalars: PyYAML reads it as "found character \'\\t\' that cannot start any token" (indent and separate with spaces)', span: [i, i + 1] });
      if (out.length >= 50) break;
    }
  }
  return out;
}
