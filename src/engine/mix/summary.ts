// The training mix as lines of the CLI's human summary.
import { share, type Amounts, type Mix, type MixPart } from './aggregate.js';

function pct(part: number, whole: number): string {
  return whole === 0 ? '-' : `${(100 * share(part, whole)).toFixed(1)}%`;
}

function cells(p: MixPart, t: MixPart): string[] {
  const pair = (k: keyof Amounts) => `${pct(p.before[k], t.before[k])} → ${pct(p.after[k], t.after[k])}`;
  return [pair('rows'), pair('chars'), pair('tokens')];
}

/** Where token counts come from, said so that an estimate cannot pass for a count. */
export function tokenSourceWords(mix: Mix): string {
  const m = mix.tokens;
  if (m.tokenizer === null) return 'tokens ESTIMATED as UTF-8 bytes / 4: no tokenizer';
  if (m.estimatedRows === 0) return `tokens counted with ${m.tokenizer}`;
  return `tokens counted with ${m.tokenizer}; ${m.estimatedRows} row${m.estimatedRows === 1 ? '' : 's'} ESTIMATED`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   ').trimEnd());
}

export interface MixSummaryOptions {
  /** Where token counts come from, in words (default: tokenSourceWords). */
  source?: string;
  maxLongRows?: number;
}

/** Share of rows, characters and tokens per tag value and top-level folder, before → after the weights. */
export function mixSummaryLines(mix: Mix, opts: MixSummaryOptions = {}): string[] {
  const t = mix.totals;
  const maxLongRows = opts.maxLongRows ?? 5;
  let source = opts.source ?? tokenSourceWords(mix);
  if (mix.tokens.tokenizer !== null && mix.tokens.estimatedRows > 0 && opts.source) source += `; ${mix.tokens.estimatedRows} row${mix.tokens.estimatedRows === 1 ? '' : 's'} ESTIMATED`;
  const out = ['Training mix, share before → after weights', `  (${source})`];
  const rows = [['', 'rows', 'characters', 'tokens']];
  for (const k of mix.tags) for (const v of k.values) rows.push([`  ${k.key}${v.value === null ? ' (not set)' : `=${v.value}`}`, ...cells(v, t)]);
  for (const f of mix.folders) rows.push([`  ${f.folder === '.' ? '(top level)' : `${f.folder}/`}`, ...cells(f, t)]);
  out.push(...table(rows));
  out.push(`  total: ${t.before.rows} → ${t.after.rows} rows, ${t.before.chars} → ${t.after.chars} characters, ${t.before.tokens} → ${t.after.tokens} tokens`);
  if (mix.unreadRows) out.push(`  ${mix.unreadRows} row${mix.unreadRows === 1 ? '' : 's'} could not be read again (counted as empty)`);
  const long = mix.longRows;
  if (long.rows) {
    const shown = long.list.slice(0, maxLongRows).map((r) => `${r.origin} (${r.tokens})`).join(', ');
    out.push(`  ${long.rows} row${long.rows === 1 ? '' : 's'} longer than sequence_len ${mix.sequenceLen} tokens (${long.expandedRows} after expansion): ${shown}${long.rows > maxLongRows ? ', …' : ''}`);
  }
  return out;
}
