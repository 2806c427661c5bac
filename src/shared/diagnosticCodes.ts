// The diagnostic-code registry for every layer outside the engine. The data
// (code, severity, what dlm does, quick-fix kinds) lives in the engine
// (src/engine/diagnostics/codes.ts) because the engine emits the codes and
// imports nothing outside itself; this module re-exports it and adds what
// only people see: how each kind of quick fix is described.
import type { FixKind } from '../engine/diagnostics/codes';

export {
  DIAGNOSTIC_CODES, FIX_KINDS, isDiagnosticCode,
  type DiagnosticCode, type DiagnosticCodeInfo, type FixKind,
} from '../engine/diagnostics/codes';
export type { Severity } from '../engine/diagnostics/types';

/** A quick fix as the README names it (markdown). */
export const FIX_KIND_TEXT: Record<FixKind, string> = {
  quote: "quote it (`'true'`)",
  'did-you-mean': '"did you mean"',
  'rename-file': 'rename the file',
  'remove-line': 'remove the line',
  'folder-contents-glob': 'use `…/**`',
  'folder-rule': 'append `/`',
  'new-dlm-id': 'a fresh `dlm_id`',
  'add-dlm-version': 'add `dlm_version`',
  'scope-to-folder': 'scope it to this folder (a tag only this folder\'s `metadata` sets)',
  'go-to-winner': 'go to the winning config',
  'remove-dead-weight': 'remove the dead weight',
};
