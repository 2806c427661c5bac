// Quick fixes: the `fixes` each diagnostic carries (in LSP `Diagnostic.data`)
// as code actions. Edits apply to the diagnosed file; `renameTo` renames it.
import {
  CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic, type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Fix } from '../engine/diagnostics/index';
import type { DiagnosticData } from './diagnostics';
import { pathToUri } from './uri';

function fixesOf(d: LspDiagnostic): Fix[] {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || !Array.isArray(data.fixes)) return [];
  return data.fixes.filter((f): f is Fix => typeof f?.title === 'string' && Array.isArray(f.edits));
}

export interface EditSupport {
  /** Client accepts `documentChanges` with a `rename` resource operation. */
  rename: boolean;
}

export function codeActions(params: CodeActionParams, support: EditSupport): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
  const uri = params.textDocument.uri;
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== 'dlm-weights') continue;
    for (const fix of fixesOf(d)) {
      let edit: WorkspaceEdit;
      if (fix.renameTo) {
        if (!support.rename) continue;
        const edits = fix.edits.length ? [{ textDocument: { uri, version: null }, edits: fix.edits }] : [];
        edit = { documentChanges: [...edits, { kind: 'rename', oldUri: uri, newUri: pathToUri(fix.renameTo), options: { overwrite: false, ignoreIfExists: false } }] };
      } else {
        edit = { changes: { [uri]: fix.edits } };
      }
      out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit, isPreferred: out.length === 0 ? true : undefined });
    }
  }
  return out;
}
