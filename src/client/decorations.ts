// Explorer decorations: each file's fate in the report on screen (its weight,
// dropped, excluded, skipped), and the "Why?" command on a file. They follow
// the report the panel holds (a dry run, then its live updates): the lookup
// table is built once per report, on the Explorer's first question.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { explainFate, fateLabel, FileFates } from './fileFates';
import type { ShownReport } from './reportPanel';

export class FateDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private fates: FileFates | undefined;
  private shown: ShownReport | undefined;

  /** A new report (or none): every decoration may change. */
  setReport(r: ShownReport | undefined): void {
    if (r && this.shown && r.held === this.shown.held && r.details === this.shown.details) return;
    this.shown = r;
    this.fates = r ? new FileFates(r.held.report, r.details) : undefined;
    this.changed.fire(undefined);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file' || !this.fates) return undefined;
    const fate = this.fates.fateOf(uri.fsPath);
    if (!fate) return undefined;
    const label = fateLabel(fate);
    const d = new vscode.FileDecoration(label.badge, `dlm: ${label.tooltip}`, label.dimmed ? new vscode.ThemeColor('list.deemphasizedForeground') : undefined);
    d.propagate = false;
    return d;
  }

  /** The explanation of one file, from the report on screen. */
  explain(uri: vscode.Uri): string | undefined {
    if (!this.fates || !this.shown) return undefined;
    const rel = path.relative(this.fates.root, uri.fsPath).split(path.sep).join('/');
    return explainFate(rel, this.fates.fateOf(uri.fsPath), this.shown.held.report.mergedWeights);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * `dlmWeights.whyFile`: why a file gets its copies (or none). Answered from
 * the report on screen; a server-side explanation request, once there is
 * one, belongs here (it can name the config line behind each factor).
 */
export async function whyFile(decorations: FateDecorations, uri: vscode.Uri | undefined, runDryRun: () => Promise<void>): Promise<void> {
  uri ??= vscode.window.activeTextEditor?.document.uri;
  if (!(uri instanceof vscode.Uri)) return;
  let text = decorations.explain(uri);
  if (text === undefined) {
    await runDryRun();
    text = decorations.explain(uri);
  }
  if (text === undefined) return;
  const [first, ...rest] = text.split('\n');
  await vscode.window.showInformationMessage(`dlm: ${first}`, { modal: true, detail: rest.join('\n') || undefined });
}
