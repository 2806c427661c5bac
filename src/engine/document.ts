// The dry run's view of a `.dlm` document (semantics.md §7): the frontmatter
// text and the body's sections and rows. A thin adapter over the document
// validator (./document/), which follows dlm's parser exactly; this shape
// keeps the problems the dry run has always reported here — delimiters, the
// body and its rows — and leaves the frontmatter to its caller.
import type { SectionType } from './hashing.js';
import { validateDocument } from './document/index.js';

export interface BodySection {
  type: SectionType;
  adapter: string | null;
  /** Normalised content that the section id is computed from. */
  content: string;
  /** Training rows this section yields (PROSE: 1; Q/A pairs; preference triples; media: 0). */
  rowCount: number;
  /** 0-based line of the section's fence in the document (or first body line). */
  line: number;
}

export interface DocumentProblem {
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

export function parseDocument(raw: string): ParsedDocument {
  const v = validateDocument(raw, { frontmatter: false });
  const problems = [...v.problems.filter((p) => p.stage === 'delimiters' || p.stage === 'body'), ...v.rowsProblems]
    .map((p) => ({ line: p.range.start.line, message: p.message }));
  return {
    frontmatter: v.frontmatterText,
    frontmatterLine: 1,
    sections: v.sections.map((s) => ({ type: s.type, adapter: s.adapter, content: s.content, rowCount: s.rowCount, line: s.line - 1 })),
    problems,
  };
}
