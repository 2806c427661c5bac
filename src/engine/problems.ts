// Typed problems: what stops `dlm train` before it builds a dataset, with the
// stage and kind of docs/spec/dry-run-json.md and, where we know it, the place
// in a file. Code passes these objects around; it never parses message text.
import type { Range } from './types.js';

export type ProblemStage = 'parse' | 'sources' | 'rows';

/** The closed list of docs/spec/dry-run-json.md ("Kinds"), formatVersion 1. */
export const DOCUMENT_ERROR_KINDS = [
  // parse: reading and parsing the .dlm document (docs/spec/document.md §8)
  'frontmatter-encoding', 'frontmatter-open', 'frontmatter-unclosed', 'frontmatter-yaml',
  'frontmatter-yaml-crash', 'frontmatter-not-mapping', 'frontmatter-version', 'frontmatter-schema',
  'body-fence', 'body-code-block', 'body-marker',
  // sources: expanding training.sources (and loading every discovered training.yaml)
  'source-outside-root', 'source-path-missing', 'config-loader-crash',
  // rows: turning sections into training rows
  'instruction-body', 'preference-body', 'media-section',
] as const;
export type DocumentErrorKind = (typeof DOCUMENT_ERROR_KINDS)[number];

/** Where a problem is: an absolute file path and a 0-based range in it (LSP convention). */
export interface ProblemLocation {
  file: string;
  range: Range;
}

/** One reason `dlm train` stops, as dlm would report it first. */
export interface EngineProblem {
  stage: ProblemStage;
  kind: DocumentErrorKind;
  /** A plain sentence for people; never parsed. */
  message: string;
  /** Null when neither dlm nor we can point at a place. */
  location: ProblemLocation | null;
}

export function isDocumentErrorKind(s: string): s is DocumentErrorKind {
  return (DOCUMENT_ERROR_KINDS as readonly string[]).includes(s);
}
