// Code actions: the `fixes` each of our diagnostics carries (in LSP
// `Diagnostic.data`) as quick fixes (edits apply to the diagnosed file;
// `renameTo` renames it); the actions for dlm's global merge of weights,
// read from the document's text and its snapshot (./weightActions.ts); and
// the workspace-wide quoting fix (./fixAll.ts), computed only when asked for
// by kind or offered beside a diagnostic it fixes.
import {
  CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { Fix } from '../../engine/diagnostics/index';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './diagnostics';
import { FIX_ALL_UNQUOTED_COMMAND, fixAllUnquoted, UNQUOTED_CODES, type ConfigText } from './fixAll';
import type { Snapshot } from './snapshot';
import { pathToUri } from './uri';
import { weightActions } from './weightActions';

export interface CodeActionRequest {
  /** The document's URI, as the client named it. */
  uri: string;
  /** The diagnostics the client sends back (`context.diagnostics`). */
  diagnostics: readonly LspDiagnostic[];
  /** `context.only`: the kinds the client asks for. */
  only?: readonly string[];
  /** The client accepts `documentChanges` with a `rename` resource operation. */
  rename: boolean;
  /** The document as the editor holds it, and its corpus' snapshot: for the weight actions. */
  document?: { path: string; text: string; snapshot: Snapshot | null };
  /** Every config of the workspace, for the fix-all (read only when that action is wanted). */
  workspaceConfigs?: () => Iterable<ConfigText>;
}

/** Does `only` (the kinds the client asks for) take an action of `kind`? */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  if (!Array.isArray(only)) return true;
  return only.some((k) => k === CodeActionKind.Empty || k === kind || kind.startsWith(`${k}.`));
}

function fixesOf(d: LspDiagnostic): Fix[] {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || !Array.isArray(data.fixes)) return [];
  return data.fixes.filter((f): f is Fix => typeof f?.title === 'string' && Array.isArray(f.edits));
}

export function codeActions(req: CodeActionRequest): CodeAction[] {
  const only = req.only;
  const diagnostics = Array.isArray(req.diagnostics) ? req.diagnostics : [];
  const out: CodeAction[] = [];
  if (wanted(only, CodeActionKind.QuickFix)) {
    out.push(...quickFixes(req.uri, diagnostics, req.rename));
    if (req.document) out.push(...weightActions({ ...req.document, uri: req.uri, diagnostics }));
  }
  // the fix-all reads every config: only when asked for by kind, or beside a diagnostic it fixes
  const fixAll = CodeActionKind.SourceFixAll;
  const asked = Array.isArray(only) && only.some((k) => k === fixAll || fixAll.startsWith(`${k}.`));
  const beside = diagnostics.some((d) => d?.source === DIAGNOSTIC_SOURCE && UNQUOTED_CODES.has(String(d.code)));
  if (req.workspaceConfigs && wanted(only, CodeActionKind.SourceFixAll) && (asked || beside)) {
    const all = fixAllUnquoted(req.workspaceConfigs());
    if (all) {
      const title = `Quote every unquoted boolean/number tag in the workspace (${all.values} in ${all.files} ${all.files === 1 ? 'file' : 'files'})`;
      out.push({ title, kind: CodeActionKind.SourceFixAll, edit: all.edit });
    }
  }
  return out;
}

function quickFixes(uri: string, diagnostics: readonly LspDiagnostic[], rename: boolean): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d?.source !== DIAGNOSTIC_SOURCE) continue;
    for (const fix of fixesOf(d)) {
      let edit: WorkspaceEdit;
      if (fix.renameTo) {
        if (!rename || typeof fix.renameTo !== 'string') continue;
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

export { FIX_ALL_UNQUOTED_COMMAND };
