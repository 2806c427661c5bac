// The `mix` JSON section (docs/mix-json.md): fixed key order, data-valued
// names (tag values, folders) only ever as string values inside arrays, so
// JSON.stringify keeps every order and the output is byte-stable.
import { share, type Amounts, type Mix, type MixPart } from './aggregate.js';

interface AmountsJson extends Amounts {
  rowShare: number;
  charShare: number;
  tokenShare: number;
}

function amounts(a: Amounts): Amounts {
  return { rows: a.rows, chars: a.chars, tokens: a.tokens };
}

function withShares(a: Amounts, whole: Amounts): AmountsJson {
  return { ...amounts(a), rowShare: share(a.rows, whole.rows), charShare: share(a.chars, whole.chars), tokenShare: share(a.tokens, whole.tokens) };
}

function partJson(p: MixPart, totals: MixPart): { before: AmountsJson; after: AmountsJson } {
  return { before: withShares(p.before, totals.before), after: withShares(p.after, totals.after) };
}

/** The section as a plain value, keys in documented order. */
export function mixJsonValue(mix: Mix): unknown {
  const t = mix.totals;
  return {
    tokens: { method: mix.tokens.method, tokenizer: mix.tokens.tokenizer, exact: mix.tokens.exact, estimatedRows: mix.tokens.estimatedRows },
    unreadRows: mix.unreadRows,
    sequenceLen: mix.sequenceLen,
    totals: { before: amounts(t.before), after: amounts(t.after) },
    tags: mix.tags.map((k) => ({ key: k.key, values: k.values.map((v) => ({ value: v.value, ...partJson(v, t) })) })),
    folders: mix.folders.map((f) => ({ folder: f.folder, ...partJson(f, t) })),
    longRows: {
      rows: mix.longRows.rows,
      expandedRows: mix.longRows.expandedRows,
      list: mix.longRows.list.map((r) => ({ origin: r.origin, sectionId: r.sectionId, tokens: r.tokens, copies: r.copies })),
    },
  };
}

/**
 * The section's JSON text, 2-space indented; `indent` is prefixed to every
 * line after the first so it can sit under a key of an enclosing object.
 */
export function mixJson(mix: Mix, indent = ''): string {
  const text = JSON.stringify(mixJsonValue(mix), null, 2);
  return indent ? text.replace(/\n/g, `\n${indent}`) : text;
}
