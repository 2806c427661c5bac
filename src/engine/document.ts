// A `.dlm` document: `---` frontmatter `---`, then a body of fenced sections
// (semantics.md §7). Only what the dry run needs is interpreted: the
// training block of the frontmatter and the body's sections and rows.
import { normalizeText, pyIsBlank, pySplitLines, pyStrip } from './pytext.js';
import type { SectionType } from './hashing.js';
import type { DocumentErrorKind, ProblemStage } from './problems.js';

export interface BodySection {
  type: SectionType;
  adapter: string | null;
  /** Normalised content that the section id is computed from. */
  content: string;
  /** Training rows this section yields (PROSE: 1; Q/A pairs; preference triples). */
  rowCount: number;
  /** 0-based line of the section's fence in the document (or first body line). */
  line: number;
}

export interface DocumentProblem {
  stage: ProblemStage;
  kind: DocumentErrorKind;
  /** 0-based line in the document. */
  line: number;
  message: string;
}

export interface ParsedDocument {
  frontmatter: string | null;
  /** 0-based line where the frontmatter text starts. */
  frontmatterLine: number;
  sections: BodySection[];
  problems: DocumentProblem[];
}

const FENCE = /^::([A-Za-z0-9_#-]+)::$/;
const ATTR_FENCE = /^::(image|audio)\s.*::$/;
const ADAPTER = /^[a-z][a-z0-9_]{0,31}$/;
const MARKERS: Record<string, RegExp> = {
  instruction: /^<!-- dlm-auto-(harvest|synth): .*-->$/,
  preference: /^<!-- dlm-auto-(harvest|mined): .*-->$/,
};

export function parseDocument(raw: string): ParsedDocument {
  const text = normalizeText(raw);
  const problems: DocumentProblem[] = [];
  const lines = text.split('\n');
  if (lines[0] !== '---') {
    return { frontmatter: null, frontmatterLine: 0, sections: [], problems: [{ stage: 'parse', kind: 'frontmatter-open', line: 0, message: 'a .dlm document must start with a `---` line' }] };
  }
  let close = -1;
  for (let i = 1; i < lines.length; i++) if (lines[i] === '---') { close = i; break; }
  if (close === -1) {
    return { frontmatter: null, frontmatterLine: 1, sections: [], problems: [{ stage: 'parse', kind: 'frontmatter-unclosed', line: 0, message: 'the frontmatter has no closing `---` line' }] };
  }
  const frontmatter = lines.slice(1, close).join('\n');
  // body: the text after the closing line, one leading and one trailing "\n" dropped
  let body = lines.slice(close + 1).join('\n');
  let bodyLine = close + 1;
  if (body.startsWith('\n')) { body = body.slice(1); bodyLine++; }
  if (body.endsWith('\n')) body = body.slice(0, -1);
  const sections = parseBody(body, bodyLine, problems);
  return { frontmatter, frontmatterLine: 1, sections, problems };
}

function parseBody(body: string, firstLine: number, problems: DocumentProblem[]): BodySection[] {
  const out: BodySection[] = [];
  const lines = body.split('\n');
  let type: SectionType = 'prose';
  let adapter: string | null = null;
  let start = firstLine;
  let buf: string[] = [];
  let inCode = false;
  const flush = () => {
    const section = finishSection(type, adapter, buf, start, problems);
    if (section) out.push(section);
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) { inCode = !inCode; buf.push(line); continue; }
    if (!inCode) {
      const m = FENCE.exec(line);
      if (m || ATTR_FENCE.test(line)) {
        flush();
        buf = [];
        start = firstLine + i;
        const parsed = m ? parseFenceName(m[1]!) : null;
        if (!parsed) {
          problems.push(m
            ? { stage: 'parse', kind: 'body-fence', line: start, message: `unknown section fence \`${line}\`: dlm train fails on it` }
            : { stage: 'rows', kind: 'media-section', line: start, message: `\`${line}\`: image and audio sections need a blob store, which dlm train does not pass for a text base; dlm train fails on it` });
          type = 'prose'; adapter = null;
        } else {
          type = parsed.type; adapter = parsed.adapter;
        }
        continue;
      }
    }
    buf.push(line);
  }
  if (inCode) problems.push({ stage: 'parse', kind: 'body-code-block', line: firstLine + lines.length - 1, message: 'unterminated code block (```): dlm cannot parse this document' });
  flush();
  return out;
}

function parseFenceName(name: string): { type: SectionType; adapter: string | null } | null {
  const [t, adapter, ...rest] = name.split('#');
  if (rest.length) return null;
  if (t !== 'prose' && t !== 'instruction' && t !== 'preference') return null;
  if (adapter !== undefined && !ADAPTER.test(adapter)) return null;
  return { type: t, adapter: adapter ?? null };
}

function finishSection(type: SectionType, adapter: string | null, lines: string[], line: number, problems: DocumentProblem[]): BodySection | null {
  let content = lines.join('\n');
  if (type === 'prose') {
    if (pyIsBlank(content)) return null;
    return { type, adapter, content, rowCount: 1, line };
  }
  const marker = MARKERS[type]!;
  const kept = [...lines];
  while (kept.length && (marker.test(kept[0]!) || /^<!-- dlm-auto-harvest: .*-->$/.test(kept[0]!))) kept.shift();
  content = kept.join('\n');
  const rowCount = type === 'instruction' ? countPairs(content, line, problems) : countTriples(content, line, problems);
  return { type, adapter, content, rowCount, line };
}

/** `### Q` … `### A` … pairs; a `### Q !probe` header counts as `### Q`. */
function countPairs(content: string, line: number, problems: DocumentProblem[]): number {
  return countBlocks(content, ['### Q', '### A'], 'instruction-body', line, problems, (s) => (s.startsWith('### Q ') && pyStrip(s.slice(5)) === '!probe' ? '### Q' : s));
}

function countTriples(content: string, line: number, problems: DocumentProblem[]): number {
  return countBlocks(content, ['### Prompt', '### Chosen', '### Rejected'], 'preference-body', line, problems, (s) => s);
}

function countBlocks(content: string, headers: string[], kind: 'instruction-body' | 'preference-body', line: number, problems: DocumentProblem[], canon: (s: string) => string): number {
  let expect = 0;
  let count = 0;
  let sawBody = true;
  for (const raw of pySplitLines(content)) {
    const s = canon(pyStrip(raw));
    const h = headers.indexOf(s);
    if (h === -1) {
      if (expect === 0 && count === 0 && !pyIsBlank(raw)) {
        problems.push({ stage: 'rows', kind, line, message: `text before the first \`${headers[0]}\`: dlm train fails on this section` });
        return count;
      }
      sawBody = true;
      continue;
    }
    if (h !== expect) {
      problems.push({ stage: 'rows', kind, line, message: `expected \`${headers[expect]}\` but found \`${s}\`: dlm train fails on this section` });
      return count;
    }
    sawBody = false;
    expect = (expect + 1) % headers.length;
    if (expect === 0) count++;
  }
  // the last header needs a body too: a trailing header means an incomplete block
  if (expect !== 0 || (count > 0 && !sawBody)) {
    problems.push({ stage: 'rows', kind, line, message: `incomplete \`${headers.join(' / ')}\` block: dlm train fails on this section` });
  }
  return count;
}
