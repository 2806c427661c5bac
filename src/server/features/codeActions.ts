// Quick fixes: the `fixes` each of our diagnostics carries (in LSP
// `Diagnostic.data`) as code actions. Edits apply to the diagnosed file;
// `renameTo` renames it. Only what the client sent back is read: the work is
// bounded by the request itself.
import {
  CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { Fix } from '../../engine/diagnostics/index';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './diagnostics';
import { pathToUri } from './uri';

export interface CodeActionRequest {
  /** The document's URI, as the client named it. */
  uri: string;
  /** The diagnostics the client sends back (`context.diagnostics`). */
  diagnostics: readonly LspDiagnostic[];
  /** `context.only`: the kinds the client asks for. */
  only?: readonly string[];
  /** The client accepts `documentChanges` with a `rename` resource operation. */
  rename: boolean;
}

function fixesOf(d: LspDiagnostic): Fix[] {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || !Array.isArray(data.fixes)) return [];
  return data.fixes.filter((f): f is Fix => typeof f?.title === 'string' && Array.isArray(f.edits));
}

export function codeActions(req: CodeActionRequest): CodeAction[] {
  const only = req.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
  const uri = req.uri;
  const out: CodeAction[] = [];
  for (const d of Array.isArray(req.diagnostics) ? req.diagnostics : []) {
    if (d?.source !== DIAGNOSTIC_SOURCE) continue;
    for (const fix of fixesOf(d)) {
      let edit: WorkspaceEdit;
      if (fix.renameTo) {
        if (!req.rename || typeof fix.renameTo !== 'string') continue;
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
