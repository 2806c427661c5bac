// Positions from the client, made safe before any feature looks at them: a
// request may name any line and character (10^9, negative, past the end, not
// even a number). Every feature clamps first, so its work is bounded by the
// document's size and never by the numbers in the request.
import type { Position } from 'vscode-languageserver-types';

/** The editor's lines of a text (LSP splits on CRLF, CR and LF). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function toIndex(n: unknown, max: number): number {
  if (typeof n !== 'number' || Number.isNaN(n) || n <= 0) return 0;
  return n >= max ? max : Math.floor(n);
}

/** The nearest position inside the text: lines past the end → the last line, characters past a line's end → its end. */
export function clampPosition(lines: readonly string[], p: Position | null | undefined): Position {
  const line = toIndex(p?.line, lines.length - 1);
  return { line, character: toIndex(p?.character, lines[line]!.length) };
}
