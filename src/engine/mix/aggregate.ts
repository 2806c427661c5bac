// The training mix: for every tag value and every top-level folder, how many
// rows, characters and tokens it holds before the weights (each row once) and
// after them (each row times its copies). Pure: rows in, numbers out.
import type { TagMap } from '../types.js';

/** What the mix needs to know of one training row. */
export interface MixRow {
  origin: string;
  sectionId: string;
  tags: TagMap;
  copies: number;
  chars: number;
  tokens: number;
  /** False when this row's token count is an estimate. */
  tokensExact: boolean;
  /** True when the row's text could not be read again (chars and tokens are 0). */
  unread?: boolean;
}

export interface Amounts {
  rows: number;
  chars: number;
  tokens: number;
}

export interface MixPart {
  before: Amounts;
  after: Amounts;
}

export interface TagValueMix extends MixPart {
  /** null: the rows that do not carry this tag key. */
  value: string | null;
}

export interface LongRow {
  origin: string;
  sectionId: string;
  tokens: number;
  copies: number;
}

export interface Mix {
  tokens: {
    /** 'tokenizer' when a tokenizer counted, else the estimate's method. */
    method: string;
    tokenizer: string | null;
    /** True only when every row's count is the tokenizer's own. */
    exact: boolean;
    /** Rows whose token count is an estimate. */
    estimatedRows: number;
  };
  /** Rows whose text could not be read again (counted as rows with 0 characters and 0 tokens). */
  unreadRows: number;
  sequenceLen: number;
  totals: MixPart;
  tags: Array<{ key: string; values: TagValueMix[] }>;
  folders: Array<MixPart & { folder: string }>;
  /** Rows longer than sequenceLen tokens, in row order. */
  longRows: { rows: number; expandedRows: number; list: LongRow[] };
}

export interface MixOptions {
  sequenceLen: number;
  /** The counter's label when a tokenizer counted; null when estimating. */
  tokenizer: string | null;
  /** The estimate's method name (docs/mix-json.md). */
  estimateMethod: string;
}

/**
 * The folder a row counts under: the first component of its origin, "." for
 * files at the root (and a document's own sections). Origins leaving the base
 * folder keep their leading ".." parts: "../src/a.py" counts under "../src".
 */
export function topFolder(origin: string): string {
  const parts = origin.split('/');
  let i = 0;
  while (i < parts.length - 1 && parts[i] === '..') i++;
  if (i === parts.length - 1) return i === 0 ? '.' : parts.slice(0, i).join('/');
  return parts.slice(0, i + 1).join('/');
}

const zero = (): Amounts => ({ rows: 0, chars: 0, tokens: 0 });
const part = (): MixPart => ({ before: zero(), after: zero() });

function add(p: MixPart, r: MixRow): void {
  p.before.rows += 1;
  p.before.chars += r.chars;
  p.before.tokens += r.tokens;
  p.after.rows += r.copies;
  p.after.chars += r.chars * r.copies;
  p.after.tokens += r.tokens * r.copies;
}

export function computeMix(rows: readonly MixRow[], opts: MixOptions): Mix {
  const totals = part();
  // keys, values and folders in order of first appearance (row order is dlm's)
  const byTag = new Map<string, Map<string, MixPart>>();
  const byFolder = new Map<string, MixPart>();
  const longRows: LongRow[] = [];
  let longExpanded = 0;
  let estimated = 0;
  let unread = 0;
  for (const r of rows) {
    add(totals, r);
    for (const [k, v] of r.tags) {
      let values = byTag.get(k);
      if (!values) byTag.set(k, (values = new Map()));
      let p = values.get(v);
      if (!p) values.set(v, (p = part()));
      add(p, r);
    }
    const folder = topFolder(r.origin);
    let f = byFolder.get(folder);
    if (!f) byFolder.set(folder, (f = part()));
    add(f, r);
    if (!r.tokensExact) estimated++;
    if (r.unread) unread++;
    if (r.tokens > opts.sequenceLen) {
      longRows.push({ origin: r.origin, sectionId: r.sectionId, tokens: r.tokens, copies: r.copies });
      longExpanded += r.copies;
    }
  }
  const tags = [...byTag].map(([key, values]) => {
    const list: TagValueMix[] = [...values].map(([value, p]) => ({ value, ...p }));
    // the rows without this key, so each key's values add up to the totals
    const tagged = part();
    for (const p of values.values()) {
      addAmounts(tagged.before, p.before);
      addAmounts(tagged.after, p.after);
    }
    const rest: TagValueMix = { value: null, before: minus(totals.before, tagged.before), after: minus(totals.after, tagged.after) };
    if (rest.before.rows > 0) list.push(rest);
    return { key, values: list };
  });
  return {
    tokens: {
      method: opts.tokenizer === null ? opts.estimateMethod : 'tokenizer',
      tokenizer: opts.tokenizer,
      exact: opts.tokenizer !== null && estimated === 0,
      estimatedRows: estimated,
    },
    unreadRows: unread,
    sequenceLen: opts.sequenceLen,
    totals,
    tags,
    folders: [...byFolder].map(([folder, p]) => ({ folder, ...p })),
    longRows: { rows: longRows.length, expandedRows: longExpanded, list: longRows },
  };
}

function addAmounts(into: Amounts, a: Amounts): void {
  into.rows += a.rows;
  into.chars += a.chars;
  into.tokens += a.tokens;
}

function minus(a: Amounts, b: Amounts): Amounts {
  return { rows: a.rows - b.rows, chars: a.chars - b.chars, tokens: a.tokens - b.tokens };
}

/** part / whole as a fraction; 0 when the whole is 0. */
export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
