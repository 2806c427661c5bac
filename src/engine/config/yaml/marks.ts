// Where PyYAML reports a problem it finds by reading ahead: its marks.
//
// PyYAML's scanner notices that a simple key got no `:` (or a `:` on a later
// line) at its first check for stale keys made on a later line than the key.
// It checks right after each token (after a plain scalar, that is after the
// spaces and line breaks its scan takes, stopping at a `#`), and again after
// skipping spaces, comments and line breaks to the next token.

import type { CST } from 'yaml';

/** The next place PyYAML's scanner starts a token at or after `pos`, skipping spaces, line breaks and comments. */
export function nextTokenFrom(src: string, pos: number): number {
  let i = pos;
  for (;;) {
    while (src[i] === ' ' || src[i] === '\n') i++;
    if (src[i] !== '#') return Math.min(i, src.length);
    const nl = src.indexOf('\n', i);
    if (nl < 0) return src.length;
    i = nl;
  }
}

/** The first token on a line after the one holding `from` (blank and comment lines skipped), or the end. */
export function firstTokenOnALaterLine(src: string, from: number): number {
  const nl = src.indexOf('\n', from);
  return nl < 0 ? src.length : nextTokenFrom(src, nl);
}

interface Leaf { end: number; plain: boolean }

const BLANK = new Set(['space', 'newline', 'comment']);

/** The tokens of `tok` in text order, as PyYAML's scanner would emit them (blanks left out). */
function leavesOf(tok: CST.Token | null | undefined, out: Leaf[]): void {
  if (!tok) return;
  switch (tok.type) {
    case 'scalar':
      out.push({ end: tok.offset + tok.source.length, plain: true });
      return;
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'alias':
    case 'block-scalar':
      out.push({ end: tok.offset + tok.source.length, plain: false });
      return;
    case 'flow-collection':
      leavesOf(tok.start, out);
      for (const it of tok.items) {
        for (const t of it.start) leavesOf(t, out);
        if ('key' in it) leavesOf(it.key, out);
        for (const t of ('sep' in it ? it.sep : undefined) ?? []) leavesOf(t, out);
        leavesOf(it.value, out);
      }
      for (const t of tok.end) leavesOf(t, out);
      return;
    case 'block-map':
    case 'block-seq':
    case 'document':
    case 'doc-end':
    case 'directive':
    case 'error':
      return; // not part of a simple key
    default:
      if (!BLANK.has(tok.type)) out.push({ end: tok.offset + tok.source.length, plain: false });
  }
}

/**
 * PyYAML's mark for a simple key (its properties `props`, then `key`) that
 * gets no `:` on its own line: where the scanner first stands on a later line.
 */
export function staleKeyMark(src: string, props: readonly CST.SourceToken[], key: CST.Token | null | undefined): number {
  const leaves: Leaf[] = [];
  for (const p of props) leavesOf(p, leaves);
  leavesOf(key, leaves);
  const start = props[0]?.offset ?? key?.offset ?? 0;
  // a block scalar drops a pending key at its `|` / `>` (and is no key itself): PyYAML fails there
  if (key?.type === 'block-scalar') return key.offset;
  let lineEnd = src.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = src.length;
  let at = start;
  for (const leaf of leaves) {
    at = leaf.end;
    if (leaf.plain) {
      while (src[at] === ' ') at++;
      if (src[at] === '\n') while (src[at] === ' ' || src[at] === '\n') at++;
    }
    if (at > lineEnd) return Math.min(at, src.length);
    at = nextTokenFrom(src, at);
    if (at > lineEnd) return at;
  }
  // The next token is on the key's line. `,` `]` `}`, a block `-` or `?`, `|` `>`: PyYAML drops
  // the pending key there, and a key that needed its `:` fails on the spot.
  const c = src[at];
  if (c === ',' || c === ']' || c === '}' || c === '|' || c === '>') return at;
  if ((c === '-' || c === '?') && (src[at + 1] === undefined || src[at + 1] === ' ' || src[at + 1] === '\n')) return at;
  // A `: ` later on the line still makes this the key (PyYAML's parser then fails at the token
  // in between); otherwise the scanner goes on to a later line.
  if (/:(?: |$)/.test(src.slice(at, lineEnd))) return at;
  return firstTokenOnALaterLine(src, at);
}
