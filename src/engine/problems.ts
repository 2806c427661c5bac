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

/** The first problem in dlm's order (parse, then sources, then rows), or null. */
export function firstProblem(problems: readonly EngineProblem[]): EngineProblem | null {
  const rank = { parse: 0, sources: 1, rows: 2 } as const;
  let best: EngineProblem | null = null;
  for (const p of problems) if (best === null || rank[p.stage] < rank[best.stage]) best = p;
  return best;
}

/**
 * Why dlm-weights cannot predict a corpus at all (the CLI exits 2; the editor
 * shows the message): the path is not what it should be, or cannot be read.
 * Not a dlm failure: those are EngineProblems.
 */
export type CorpusErrorKind =
  /** directory mode on something that is not a directory */
  | 'not-a-directory'
  /** a `.dlm` document that is missing or not a regular file */
  | 'not-a-regular-file'
  /** a `.dlm` document over MAX_DOCUMENT_BYTES */
  | 'too-large'
  /** a `.dlm` document that exists but cannot be read (permissions, I/O) */
  | 'unreadable'
  /** a folder whose `.dlm/` holds several documents, none named corpus.dlm: `dlm train DIR` refuses to choose */
  | 'several-documents';

export class CorpusError extends Error {
  constructor(readonly kind: CorpusErrorKind, message: string, readonly path: string) {
    super(message);
    this.name = 'CorpusError';
  }
}

/**
 * Where dlm-weights knows its prediction may differ from dlm: an input it
 * did not evaluate, or a value dlm computes in a way our facts do not pin
 * down. Reported beside the report (it is not a dlm failure).
 */
export interface PredictionGap {
  kind: 'ignore-not-evaluated' | 'config-not-evaluated' | 'name-not-utf8' | 'source-not-file-or-directory' | 'folder-unreadable';
  /** Absolute path of the file concerned. */
  path: string;
  message: string;
}

/** A cancelled run: an AbortSignal's abort reason (a DOMException or Error named AbortError). */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}
