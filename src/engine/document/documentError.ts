// The dry run's `documentError` for a document (docs/spec/dry-run-json.md):
// the first parse problem, else the first section `dlm train` cannot turn
// into rows. Failures of the sources stage (between the two) are the
// caller's: it expands training.sources.
import type { DocumentError } from '../types.js';
import type { DocumentProblem, DocumentValidation } from './types.js';

export function parseErrorOf(v: DocumentValidation): DocumentError | null {
  const p = v.problems[0];
  return p ? toDocumentError(p) : null;
}

export function rowsErrorOf(v: DocumentValidation): DocumentError | null {
  return v.rowsError ? toDocumentError(v.rowsError) : null;
}

export function toDocumentError(p: DocumentProblem): DocumentError {
  return { stage: p.stage === 'rows' ? 'rows' : 'parse', kind: p.kind, message: p.message };
}
