// The body tokenizer of dlm's parser (docs/spec/document.md §6): code
// blocks, fences, sections, provenance markers, section ids. Problems are
// collected in the order dlm would raise them; dlm stops at the first, we
// keep going so an editor can show every bad fence at once.
import { sectionId, type SectionType } from '../hashing.js';
import { normalizeText, pyIsBlank } from '../pytext.js';
import { classifyLine, lookalikeFence, type FenceAttr } from './fences.js';
import { readMarker, synthFieldsError } from './markers.js';

export interface BodyProblem {
  kind: 'body-fence' | 'body-code-block' | 'body-marker';
  message: string;
  /** 0-based line of the offending text and the characters on it. */
  line: number;
  start: number;
  end: number;
  /** The 1-based line dlm reports, or null (the empty-synth-field ValueError). */
  upstreamLine: number | null;
}

export interface BodyLookalike {
  line: number;
  length: number;
  intended: string | null;
}

export interface TokenizedSection {
  type: SectionType;
  /** 0-based line of the fence, or of the first line of leading prose. */
  line: number;
  /** 0-based line just past the section's last line. */
  endLine: number;
  adapter: string | null;
  /** Content lines after the fence, markers removed. */
  content: string;
  /** Lines of markers stripped from the top of the content. */
  markerLines: number;
  sectionId: string;
  mediaPath: string | null;
  attrs: FenceAttr[];
  /** Where the adapter suffix is on the fence line (for diagnostics). */
  adapterRange: { start: number; end: number } | null;
}

export interface BodyResult {
  sections: TokenizedSection[];
  problems: BodyProblem[];
  lookalikes: BodyLookalike[];
}

/**
 * Tokenize the body: `lines` are the document's normalised lines, `first`
 * the 0-based index of the first line after the closing `---`.
 */
export function tokenizeBody(lines: readonly string[], first: number): BodyResult {
  // the text after the closer, one leading and one trailing "\n" dropped
  let start = first;
  let end = lines.length; // exclusive
  if (end - start >= 2 && lines[start] === '') start++;
  if (end - start >= 2 && lines[end - 1] === '') end--;
  if (end - start === 1 && lines[start] === '') end = start; // the body is ""
  const sections: TokenizedSection[] = [];
  const problems: BodyProblem[] = [];
  const lookalikes: BodyLookalike[] = [];

  let inCode = false;
  let codeOpen = -1;
  let cur = { type: 'prose' as SectionType, line: start, adapter: null as string | null, attrs: [] as FenceAttr[], broken: false, adapterRange: null as { start: number; end: number } | null };
  let buf: string[] = [];
  const flush = (endLine: number): void => {
    const s = finishSection(cur, buf, endLine, problems);
    if (s) sections.push(s);
  };

  for (let i = start; i < end; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      inCode = !inCode;
      if (inCode) codeOpen = i;
      buf.push(line);
      continue;
    }
    if (!inCode) {
      const c = classifyLine(line);
      if (c.kind !== 'content') {
        if (c.kind === 'bad') problems.push({ kind: 'body-fence', message: c.message, line: i, start: c.start, end: c.end, upstreamLine: i + 1 });
        flush(i);
        buf = [];
        if (c.kind === 'bad') cur = { type: 'prose', line: i, adapter: null, attrs: [], broken: true, adapterRange: null };
        else {
          const hash = line.indexOf('#');
          cur = {
            type: c.type, line: i, adapter: c.adapter, attrs: c.attrs, broken: false,
            adapterRange: c.adapter !== null ? { start: hash + 1, end: hash + 1 + c.adapter.length } : null,
          };
        }
        continue;
      }
      const look = lookalikeFence(line);
      if (look) lookalikes.push({ line: i, length: line.length, intended: look.intended });
    }
    buf.push(line);
  }
  if (inCode) {
    problems.push({
      kind: 'body-code-block',
      message: 'this ``` code block is never closed: dlm refuses a body that ends inside a code block (it reports the start of the section)',
      line: codeOpen, start: 0, end: lines[codeOpen]!.length, upstreamLine: cur.line + 1,
    });
  }
  flush(end);
  return { sections, problems, lookalikes };
}

/** A section; its id is hashed on first use (a dry run of a big document needs only some). */
class Section implements TokenizedSection {
  private id: string | undefined;
  constructor(
    readonly type: SectionType, readonly line: number, readonly endLine: number, readonly adapter: string | null,
    readonly content: string, readonly markerLines: number, readonly mediaPath: string | null, readonly attrs: FenceAttr[],
    readonly adapterRange: { start: number; end: number } | null,
  ) {}

  /** dlm hashes a media section by its path, a text section by its content (BOM-stripped). */
  get sectionId(): string {
    return (this.id ??= this.mediaPath !== null ? sectionId(this.type, this.mediaPath) : sectionId(this.type, normalizeText(this.content)));
  }
}

interface Pending {
  type: SectionType;
  line: number;
  adapter: string | null;
  attrs: FenceAttr[];
  broken: boolean;
  adapterRange: { start: number; end: number } | null;
}

function finishSection(cur: Pending, buf: string[], endLine: number, problems: BodyProblem[]): TokenizedSection | null {
  if (cur.broken) return null;
  const { type } = cur;
  let kept = buf;
  let markerLines = 0;
  if (type === 'instruction' || type === 'preference') {
    let synth: Map<string, string> | null = null;
    let failed = false;
    while (markerLines < buf.length) {
      const m = readMarker(buf[markerLines]!, type);
      if (m.kind === 'none') break;
      if (m.kind !== 'harvest' && m.error !== null && !failed) {
        failed = true;
        const at = cur.line + 1 + markerLines;
        problems.push({ kind: 'body-marker', message: m.error, line: at, start: 0, end: buf[markerLines]!.length, upstreamLine: cur.line + 1 });
      }
      if (m.kind === 'synth' && m.error === null) synth = m.attrs;
      markerLines++;
    }
    if (!failed && synth) {
      const err = synthFieldsError(synth);
      if (err) problems.push({ kind: 'body-marker', message: err, line: cur.line + 1 + markerLines - 1, start: 0, end: buf[markerLines - 1]!.length, upstreamLine: null });
    }
    kept = buf.slice(markerLines);
  }
  const content = kept.join('\n');
  if (type === 'prose' && pyIsBlank(content)) return null;
  const media = type === 'image' || type === 'audio';
  const mediaPath = media ? (cur.attrs.find((a) => a.key === 'path')?.value ?? '') : null;
  return new Section(type, cur.line, endLine, cur.adapter, content, markerLines, mediaPath, cur.attrs, cur.adapterRange);
}
