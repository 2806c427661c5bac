// The text of each training row, as the mix measures it (docs/mix-json.md):
// what dlm trains on, in characters (Unicode code points, Python's len()).
//
// - A file row is a PROSE section: "# source: <relpath>\n\n" + the file's
//   text (one leading BOM removed, CRLF and lone CR turned into LF), and dlm
//   strips a PROSE row of Python whitespace (semantics.md §3–4). The header
//   starts with "#", so only the end is ever stripped — into the header's
//   "\n\n" when the file is blank.
// - A document PROSE section is its content, stripped.
// - An INSTRUCTION or PREFERENCE section gives one row per `### Q` / `### A`
//   pair or `### Prompt` / `### Chosen` / `### Rejected` triple; its row text
//   is that block as written, headers included, stripped. (dlm renders these
//   rows through the model's chat template, which this count leaves out.)
import type { BodySection } from '../document.js';
import { codePointLength, isPySpace, normalizeText, pyRstrip, pySplitLines, pyStrip } from '../pytext.js';

function header(relpath: string): string {
  return `# source: ${relpath}\n\n`;
}

/** The row text of a file: `text` is its decoded content (a BOM and CRs are handled here). */
export function fileRowText(text: string, relpath: string): string {
  return pyRstrip(header(relpath) + normalizeText(text));
}

/**
 * Code points of `fileRowText` for the file's bytes, without decoding them
 * (the reader can call it on the buffer it already holds). The bytes must be
 * valid UTF-8, as every file that becomes a row is.
 */
export function fileRowChars(bytes: Uint8Array, relpath: string): number {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let end = bytes.length;
  // trailing Python whitespace (CR and LF among it, so line endings do not matter here)
  while (end > start) {
    let j = end - 1;
    while (j > start && (bytes[j]! & 0xc0) === 0x80) j--;
    if (!isPySpace(decodeAt(bytes, j, end))) break;
    end = j;
  }
  if (end === start) return codePointLength(pyRstrip(header(relpath)));
  let n = codePointLength(header(relpath));
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if ((b & 0xc0) !== 0x80) n++;
    if (b === 0x0d && bytes[i + 1] === 0x0a) n--; // CRLF becomes one LF
  }
  return n;
}

/** The code point encoded at bytes[from, to). */
function decodeAt(bytes: Uint8Array, from: number, to: number): number {
  const b0 = bytes[from]!;
  if (b0 < 0x80 || to - from < 2) return b0;
  let cp = b0 & (b0 >= 0xf0 ? 0x07 : b0 >= 0xe0 ? 0x0f : 0x1f);
  for (let i = from + 1; i < to; i++) cp = (cp << 6) | (bytes[i]! & 0x3f);
  return cp;
}

const FIRST_HEADER: Record<string, (line: string) => boolean> = {
  // a `### Q !probe` line counts as `### Q`, as in the document parser
  instruction: (s) => s === '### Q' || (s.startsWith('### Q ') && pyStrip(s.slice(5)) === '!probe'),
  preference: (s) => s === '### Prompt',
};

/** One text per training row of a document body section (`rowCount` of them). */
export function bodySectionRowTexts(section: Pick<BodySection, 'type' | 'content' | 'rowCount'>): string[] {
  const content = section.content.charCodeAt(0) === 0xfeff ? section.content.slice(1) : section.content;
  const starts = FIRST_HEADER[section.type];
  if (!starts) return section.rowCount > 0 ? [pyStrip(content)] : [];
  const blocks: string[][] = [];
  // the Q/A and preference parsers split on every Python line break
  for (const line of pySplitLines(content)) {
    if (starts(pyStrip(line))) blocks.push([]);
    blocks[blocks.length - 1]?.push(line);
  }
  const texts = blocks.slice(0, section.rowCount).map((b) => pyStrip(b.join('\n')));
  while (texts.length < section.rowCount) texts.push('');
  return texts;
}

/** Characters of a row text: code points, as Python's len(). */
export const rowChars = codePointLength;
