// `check` on a `.dlm` document (docs/spec/check-json.md): one error
// diagnostic per reason dlm refuses it or `dlm train` fails on its body,
// code = the document-error kind; warnings for what dlm accepts but the
// author probably did not mean.
import type { Diagnostic } from '../diagnostics/types.js';
import type { DocumentValidation } from './types.js';
import { validateDocument, type ValidateOptions } from './validate.js';

export interface DocumentCheck {
  dlmAccepts: boolean;
  diagnostics: Diagnostic[];
}

export function checkDocument(input: Uint8Array | string, options: ValidateOptions = {}): DocumentCheck {
  return diagnosticsOf(validateDocument(input, options));
}

export function diagnosticsOf(v: DocumentValidation): DocumentCheck {
  const diagnostics: Diagnostic[] = [];
  for (const p of v.problems) diagnostics.push({ severity: 'error', code: p.kind, message: p.message, range: p.range, ...(p.fixes?.length ? { fixes: p.fixes } : {}) });
  for (const p of v.rowsProblems) {
    // an image / audio section parses; whether training can use it depends on the base model
    diagnostics.push({ severity: p.kind === 'media-section' ? 'warning' : 'error', code: p.kind, message: p.message, range: p.range });
  }
  for (const w of v.warnings) diagnostics.push({ severity: 'warning', code: w.code, message: w.message, range: w.range, ...(w.fixes?.length ? { fixes: w.fixes } : {}) });
  return { dlmAccepts: v.dlmAccepts, diagnostics };
}
