// Small text edits of a training.yaml that keep its layout and comments: a
// mapping entry removed (its own lines in block style, its span and one comma
// in flow style), a line inserted, a span replaced. Every edit here is only a
// candidate: the callers reload the result with the engine's loader and keep
// it only when dlm reads back exactly the intended config.
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import { loadConfigText } from './configText';
import type { TrainingConfig } from '../../engine/types';

/** The text's lines (without their line breaks) and its line break. */
export function linesOf(text: string): { lines: string[]; eol: string } {
  return { lines: text.split(/\r?\n/), eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function offsetAt(text: string, pos: Position): number {
  let off = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', off);
    if (nl === -1) return text.length;
    off = nl + 1;
  }
  return Math.min(off + pos.character, text.length);
}

function positionAt(text: string, offset: number): Position {
  let line = 0;
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) { line++; start = nl + 1; }
  return { line, character: offset - start };
}

/** `edits` (non-overlapping) applied to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const spans = edits.map((e) => ({ from: offsetAt(text, e.range.start), to: offsetAt(text, e.range.end), text: e.newText })).sort((a, b) => b.from - a.from);
  let out = text;
  for (const s of spans) out = out.slice(0, s.from) + s.text + out.slice(s.to);
  return out;
}

const isBlank = (s: string) => /^\s*(#.*)?$/.test(s);

/** Does the entry from `start` to `end` fill its lines (only indentation before, only a comment after)? */
export function ownsLines(lines: readonly string[], start: Position, end: Position): boolean {
  const first = lines[start.line] ?? '';
  const last = lines[end.line] ?? '';
  return first.slice(0, start.character).trim() === '' && isBlank(last.slice(end.character));
}

/** Is `pos` the first non-blank character of its line? */
export function startsLine(lines: readonly string[], pos: Position): boolean {
  return (lines[pos.line] ?? '').slice(0, pos.character).trim() === '';
}

/** Delete whole lines `from`..`to` (inclusive). */
export function deleteLines(lines: readonly string[], from: number, to: number): TextEdit {
  if (to + 1 < lines.length) return { range: { start: { line: from, character: 0 }, end: { line: to + 1, character: 0 } }, newText: '' };
  // the last line: take the line break before it instead
  const start = from > 0 ? { line: from - 1, character: lines[from - 1]!.length } : { line: 0, character: 0 };
  return { range: { start, end: { line: to, character: lines[to]!.length } }, newText: '' };
}

/** Remove a flow-style entry spanning `range`, with the comma after it (or, for the last one, before it). */
export function removeFlowEntry(text: string, range: Range): TextEdit {
  const from = offsetAt(text, range.start);
  const to = offsetAt(text, range.end);
  const after = /^\s*,[ \t]*/.exec(text.slice(to));
  if (after) return { range: { start: range.start, end: positionAt(text, to + after[0].length) }, newText: '' };
  const before = /,\s*$/.exec(text.slice(0, from));
  const start = before ? positionAt(text, from - before[0].length) : range.start;
  return { range: { start, end: range.end }, newText: '' };
}

/** A line inserted before line `line` (or at the end of the text). */
export function insertLine(lines: readonly string[], eol: string, line: number, content: string): TextEdit {
  if (line < lines.length) return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: content + eol };
  const last = lines.length - 1;
  const end = { line: last, character: lines[last]!.length };
  // a text ending with a line break has an empty last "line": write into it
  return lines[last] === '' ? { range: { start: end, end }, newText: content + eol } : { range: { start: end, end }, newText: eol + content };
}

/** The config dlm reads from `text`, or null when it does not accept it. */
export function acceptedConfig(text: string): TrainingConfig | null {
  const r = loadConfigText(text);
  return r?.accepted ? r.config : null;
}

/** Tag map → plain object for comparing configs (order kept). */
function plain(c: TrainingConfig): unknown {
  return {
    include: c.include, exclude: c.exclude, excludeDefaults: c.excludeDefaults,
    metadata: [...c.metadata],
    // an emptied tag key weights nothing: the same as an absent one
    weights: [...c.weights].filter(([, vs]) => vs.size > 0).map(([k, vs]) => [k, [...vs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]).sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)),
  };
}

/** Do the two configs weight and tag exactly alike? */
export function sameConfig(a: TrainingConfig, b: TrainingConfig): boolean {
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}
