// Lexing: PyYAML ignores indentation inside [ ] / { } and quoted scalars.
//
// The `yaml` lexer (YAML 1.2) ends a flow collection or a quoted scalar at a
// line that is not indented more than the surrounding block; PyYAML does not
// look at indentation there at all (only `---` / `...` at column 0 still end
// a document). This lexer runs those two states with no indentation minimum.
// No public option does this, so it reaches into three private members of the
// lexer (listed in LEXER_INTERNALS); `yaml` is pinned to an exact version and
// test/engine/config-yaml-internals.test.ts fails by name if one of them moves.

import { Lexer, Parser, type CST } from 'yaml';

/** The private members of `yaml`'s Lexer this file relies on. */
export const LEXER_INTERNALS = {
  /** A number the constructor assigns (plain assignment, so our prototype accessor sees it) and `[`/`]` move. */
  flowLevel: 'flowLevel',
  /** A number: the indentation a continuation line needs. */
  indentNext: 'indentNext',
  /** A generator method the lexer calls through `this` for every quoted scalar. */
  parseQuotedScalar: 'parseQuotedScalar',
} as const;

type LexerInternals = { indentNext: number; flowLevel: number; parseQuotedScalar(): Generator<string, string> };
type PatchedLexer = LexerInternals & { pyFlowLevel: number; pySavedIndent: number };

export class PyYamlLexer extends Lexer {}
{
  const proto = PyYamlLexer.prototype as unknown as PatchedLexer;
  const base = Lexer.prototype as unknown as LexerInternals;
  // Entering [ ] / { } drops the indentation minimum; leaving restores it
  // (nothing changes it while inside: the lexer only moves it in block context).
  Object.defineProperty(proto, LEXER_INTERNALS.flowLevel, {
    get(this: PatchedLexer) { return this.pyFlowLevel ?? 0; },
    set(this: PatchedLexer, v: number) {
      const was = this.pyFlowLevel ?? 0;
      if (was === 0 && v > 0) { this.pySavedIndent = this.indentNext; this.indentNext = 0; }
      else if (was > 0 && v === 0) this.indentNext = this.pySavedIndent ?? 0;
      this.pyFlowLevel = v;
    },
  });
  function* unindentedQuoted(this: LexerInternals): Generator<string, string> {
    const saved = this.indentNext;
    this.indentNext = 0;
    try {
      return yield* base.parseQuotedScalar.call(this);
    } finally {
      this.indentNext = saved;
    }
  }
  proto.parseQuotedScalar = function (this: PatchedLexer) {
    return (this.pyFlowLevel ?? 0) > 0 ? base.parseQuotedScalar.call(this) : unindentedQuoted.call(this);
  };
}

/** The `yaml` CST of a text, lexed the PyYAML way. */
export function lexAndParse(src: string): CST.Token[] {
  const parser = new Parser();
  const out: CST.Token[] = [];
  for (const lexeme of new PyYamlLexer().lex(src)) for (const t of parser.next(lexeme)) out.push(t);
  for (const t of parser.end()) out.push(t);
  return out;
}
