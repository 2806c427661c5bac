// Where the `yaml` lexer splits the text into tokens differently from
// PyYAML's scanner, we hide one character from it (same length, so every
// offset stays put) and the node builder (./nodes.ts) reads it back:
//
// - an anchor or alias name ends at the first character outside
//   [0-9A-Za-z_-] for PyYAML, where `yaml` runs on to the next space: in
//   `&a:b` PyYAML reads anchor `a` on the plain scalar `:b`, in `*a: v` alias
//   `a` used as a key. The `&` / `*` becomes a mark, so `yaml` reads one plain
//   scalar, and the builder takes the name off its front;
// - inside [ ] / { }, PyYAML's `-` is a sequence indicator only before a
//   space or a line break: `[-]`, `{a: -}` hold the string "-". The `-`
//   becomes a mark `yaml` reads as a plain scalar;
// - PyYAML skips a byte order mark only at the very start; anywhere else it is
//   an ordinary character, which the `yaml` lexer would drop.
//
// The marks are characters the text does not contain (private-use ones, as a rule).

import type { CST } from 'yaml';
import { inspectCst, type CstFacts } from './cstChecks.js';
import { lexAndParse } from './lexer.js';

export interface Marks {
  /** In place of the `&` of an anchor whose name PyYAML ends at `:` or `?`. */
  anchor: string;
  /** In place of the `*` of such an alias. */
  alias: string;
  /** In place of a `-` PyYAML reads as a plain scalar inside [ ] / { }. */
  dash: string;
  /** In place of a U+FEFF after the start of the text. */
  bom: string;
}

export interface Retokenized {
  /** The text the `yaml` lexer sees. */
  src: string;
  tokens: CST.Token[];
  facts: CstFacts;
  /** null when nothing was replaced. */
  marks: Marks | null;
}

/**
 * Four characters that do not occur in `text`: private-use ones first, then
 * other BMP characters the `yaml` lexer reads as plain text. Null if the text
 * holds every one of them (then nothing is replaced).
 */
function unusedMarks(text: string): Marks | null {
  const present = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xe000) present.add(c);
  }
  const found: string[] = [];
  for (let cp = 0xe000; cp <= 0xfffd && found.length < 4; cp++) {
    if (cp !== 0xfeff && !present.has(cp)) found.push(String.fromCharCode(cp));
  }
  return found.length === 4 ? { anchor: found[0]!, alias: found[1]!, dash: found[2]!, bom: found[3]! } : null;
}

/** Lex `src` (PyYAML's line breaks already made `\n`) into a CST that splits tokens where PyYAML does. */
export function retokenize(src: string): Retokenized {
  const wantTabs = src.includes('\t');
  let marks: Marks | null = null;
  const laterBom = src.indexOf('\ufeff', 1) > 0;
  if (laterBom) marks = unusedMarks(src);
  if (laterBom && marks) src = src[0] + src.slice(1).split('\ufeff').join(marks.bom);
  let tokens = lexAndParse(src);
  let facts = inspectCst(tokens, src, wantTabs);
  if (facts.glued.length || facts.flowDashes.length) marks ??= unusedMarks(src);
  if ((facts.glued.length || facts.flowDashes.length) && marks) {
    const chars = src.split('');
    for (const at of facts.glued) chars[at] = chars[at] === '&' ? marks.anchor : marks.alias;
    for (const at of facts.flowDashes) chars[at] = marks.dash;
    src = chars.join('');
    tokens = lexAndParse(src);
    facts = inspectCst(tokens, src, wantTabs);
  }
  return { src, tokens, facts, marks };
}
