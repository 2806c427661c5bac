// How a doc-cases.json error line maps to an editor's line, shared by the
// engine and CLI replays of the cases.
/** Kinds whose upstream line points at the offending line (check-json.md). */
export const EXACT_LINE = new Set(['frontmatter-open', 'frontmatter-yaml', 'body-fence', 'instruction-body', 'preference-body']);

/** dlm's line counts PyYAML's extra line breaks (NEL, LS, PS); an editor's line does not. */
export function editorLine(bytes: Buffer, dlmLine: number): number {
  const text = bytes.toString('utf8').replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  let pyLine = 1;
  let editor = 0;
  for (const ch of text) {
    if (pyLine >= dlmLine) break;
    if (ch === '\n') { pyLine++; editor++; } else if (ch === '\x85' || ch === '\u2028' || ch === '\u2029') pyLine++;
  }
  return editor;
}
