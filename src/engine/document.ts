// The dry run's view of a `.dlm` document (semantics.md §7): the frontmatter
// text and the body's sections and rows. A thin adapter over the document
// validator (./document/), which follows dlm's parser exactly; every problem
// keeps its kind and its dlm stage (parse or rows).
import type { SectionType } from './hashing.js';
import { validateDocument, type DocumentValidation } from './document/index.js';
import type { DocumentErrorKind, ProblemStage } from './problems.js';

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

/** The dry run's shape of a validation: sections, and the problems of the stages chosen. */
export function documentOf(v: DocumentValidation, stages: (stage: DocumentValidation['problems'][number]['stage']) => boolean = () => true): ParsedDocument {
  const problems: DocumentProblem[] = [
    ...v.problems.filter((p) => stages(p.stage)).map((p): DocumentProblem => ({ stage: 'parse', kind: p.kind, line: p.range.start.line, message: p.message })),
    ...v.rowsProblems.map((p): DocumentProblem => ({ stage: 'rows', kind: p.kind, line: p.range.start.line, message: p.message })),
  ];
  return {
    frontmatter: v.frontmatterText,
    frontmatterLine: 1,
    sections: v.sections.map((s) => ({ type: s.type, adapter: s.adapter, content: s.content, rowCount: s.rowCount, line: s.line - 1 })),
    problems,
  };
}

/** Delimiters, body and rows only: the frontmatter is left to the caller. */
export function parseDocument(raw: string): ParsedDocument {
  return documentOf(validateDocument(raw, { frontmatter: false }), (stage) => stage === 'delimiters' || stage === 'body');
}
