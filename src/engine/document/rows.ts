// `dlm train` turning instruction and preference sections into rows
// (docs/spec/document.md §7): `### Q` / `### A` pairs and `### Prompt` /
// `### Chosen` / `### Rejected` triples. Lines are Python `splitlines()`
// lines, headers compare after Python's strip(); a body runs until the next
// header (blank lines inside it are kept) and must not be blank.
import { pyIsBlank, pySplitLines, pyStrip } from '../pytext.js';

export interface RowsParse {
  rows: number;
  /** 1-based line in the section content (after markers) where parsing failed. */
  error: { line: number; message: string } | null;
}

const PROBE = '### Q !probe';

/** `### Q !probe` headers count as `### Q` (dlm rewrites them before parsing). */
function normalizeProbes(content: string): string {
  if (!content.includes(PROBE)) return content;
  return pySplitLines(content).map((l) => (pyStrip(l) === PROBE ? '### Q' : l)).join('\n');
}

export function parseInstructionRows(content: string): RowsParse {
  return parseBlocks(pySplitLines(normalizeProbes(content)), ['### Q', '### A'], 'question / answer pair (`### Q` then `### A`)');
}

export function parsePreferenceRows(content: string): RowsParse {
  return parseBlocks(pySplitLines(content), ['### Prompt', '### Chosen', '### Rejected'], 'triple (`### Prompt`, `### Chosen`, `### Rejected`)');
}

function isHeader(line: string, headers: readonly string[]): boolean {
  return headers.includes(pyStrip(line));
}

function parseBlocks(lines: string[], headers: string[], what: string): RowsParse {
  let i = 0;
  let rows = 0;
  while (i < lines.length && pyIsBlank(lines[i]!)) i++;
  while (i < lines.length) {
    for (let h = 0; h < headers.length; h++) {
      const header = headers[h]!;
      if (i >= lines.length) {
        return { rows, error: { line: i + 1, message: `the section ends where \`${header}\` should follow` } };
      }
      const line = lines[i]!;
      if (pyStrip(line) !== header) {
        const got = line.length > 60 ? `${line.slice(0, 57)}...` : line;
        const after = h === 0 ? (rows === 0 ? 'the section must start with' : 'expected') : `\`${headers[h - 1]}\` must be followed by`;
        return { rows, error: { line: i + 1, message: `${after} \`${header}\` alone on its line, but found \`${got}\`` } };
      }
      i++;
      let blank = true;
      while (i < lines.length && !isHeader(lines[i]!, headers)) {
        if (blank && !pyIsBlank(lines[i]!)) blank = false;
        i++;
      }
      if (blank) return { rows, error: { line: i + 1, message: `the \`${header}\` body is empty` } };
    }
    rows++;
    while (i < lines.length && pyIsBlank(lines[i]!)) i++;
  }
  if (rows === 0) return { rows, error: { line: 1, message: `the section has no ${what}` } };
  return { rows, error: null };
}
