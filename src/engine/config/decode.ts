// Turning the bytes or the editor text of a `training.yaml` into the text dlm
// hands to PyYAML, and mapping offsets in that text back to editor positions.
//
// dlm reads the file as strict UTF-8, strips one leading BOM and turns CRLF and
// lone CR into LF. The editor keeps its own text (maybe CRLF, maybe a BOM), and
// every range we report must be in *that* text. Since a CRLF or CR becomes one
// LF, every line of the normalised text is the same line (same number, same
// characters) in the editor text, as LSP counts lines (\n, \r\n and \r break a
// line). Only a BOM kept in the editor text shifts line 0 by one character.

import type { Position, Range } from '../types.js';

export type DecodeResult =
  | { ok: true; text: string }
  | { ok: false; byteOffset: number; reason: string };

const BOM = '\ufeff';

/** Strict UTF-8 decoding as Python's `bytes.decode('utf-8')`, plus one leading BOM removed. */
export function decodeUtf8Strict(bytes: Uint8Array): DecodeResult {
  try {
    // ignoreBOM: keep the BOM in the output so we strip exactly one ourselves.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { ok: true, text: text.startsWith(BOM) ? text.slice(1) : text };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { ok: false, byteOffset: at.offset, reason: at.reason };
  }
}

/** Where strict decoding fails first, for the message (Python reports the same start byte). */
function firstInvalidUtf8(b: Uint8Array): { offset: number; reason: string } {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; }
    else return { offset: i, reason: 'invalid start byte' };
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined) return { offset: i, reason: 'unexpected end of data' };
      if ((d & 0xc0) !== 0x80) return { offset: i, reason: 'invalid continuation byte' };
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { offset: i, reason: 'invalid continuation byte' };
    i += need + 1;
  }
  return { offset: Math.max(0, b.length - 1), reason: 'invalid data' };
}

/**
 * The text dlm parses (`normalized`) and a way back to editor positions.
 * `normalized` never contains \r; its lines are the editor's lines.
 */
export class TextMap {
  readonly normalized: string;
  /** 1 when the editor text starts with a BOM that `normalized` lacks. */
  private readonly bomShift: number;
  private readonly lineStarts: number[];

  constructor(editorText: string, bomAlreadyRemoved = false) {
    let t = editorText;
    let shift = 0;
    if (!bomAlreadyRemoved && t.startsWith(BOM)) { t = t.slice(1); shift = 1; }
    this.bomShift = shift;
    this.normalized = t.indexOf('\r') >= 0 ? t.replace(/\r\n?/g, '\n') : t;
    const starts = [0];
    const n = this.normalized;
    for (let i = n.indexOf('\n'); i >= 0; i = n.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  /** Editor position of an offset into `normalized` (UTF-16 units, LSP convention). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.normalized.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid; else hi = mid - 1;
    }
    const character = o - this.lineStarts[lo]! + (lo === 0 ? this.bomShift : 0);
    return { line: lo, character };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** Offset just past the end of the line holding `offset` (before its \n). */
  lineEnd(offset: number): number {
    const i = this.normalized.indexOf('\n', offset);
    return i < 0 ? this.normalized.length : i;
  }
}
