// Status bar item whenever a workspace folder holds a dlm corpus: a spinner
// with the files counted so far while it indexes (from start-up on), then
// `rows → copies` of the active editor's folder (else the first folder with a
// corpus); a click opens the report. Folders without any `.dlm` ('idle')
// show nothing.
import * as vscode from 'vscode';
import type { IndexStatusParams } from '../shared/protocol';
import { statusBarView } from './statusText';

export function isDlmEditorFile(uri: vscode.Uri): boolean {
  if (uri.scheme !== 'file') return false;
  const p = uri.path;
  return /\/\.dlm\/(training\.yaml|training\.yml|ignore)$/.test(p) || p.endsWith('.dlm');
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dlmWeights.status', vscode.StatusBarAlignment.Right, 100);
  private readonly status = new Map<string, IndexStatusParams>();
  private readonly subs: vscode.Disposable[] = [];
  private visible = false;

  constructor() {
    this.item.name = 'dlm weights';
    this.item.command = 'dlmWeights.showReport';
    this.subs.push(vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.render();
  }

  update(s: IndexStatusParams): void {
    const key = vscode.Uri.parse(s.folderUri).toString();
    const prev = this.status.get(key);
    // a progress message keeps the state; the counts of an earlier build must not linger
    this.status.set(key, s.state === 'indexing' && !s.message && prev?.state === 'indexing' ? { ...s, message: prev.message } : s);
    this.render();
  }

  clear(): void {
    this.status.clear();
    this.render();
  }

  /** The status the item shows: the active editor's folder when it has a corpus, else the first that has one. */
  private shownStatus(): IndexStatusParams | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    const own = folder ? this.status.get(folder.uri.toString()) : undefined;
    if (own && own.state !== 'idle') return own;
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const s = this.status.get(f.uri.toString());
      if (s && s.state !== 'idle') return s;
    }
    return undefined;
  }

  private render(): void {
    const s = this.shownStatus();
    if (!s) {
      this.visible = false;
      this.item.hide();
      return;
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folderName = folders.length > 1 ? folders.find((f) => f.uri.toString() === vscode.Uri.parse(s.folderUri).toString())?.name : undefined;
    const corpus = s.corpus.kind === 'document' ? vscode.workspace.asRelativePath(s.corpus.path) : 'directory mode';
    const view = statusBarView(s, corpus, folderName);
    this.item.text = view.text;
    this.item.tooltip = view.markdown ? new vscode.MarkdownString(view.tooltip, true) : view.tooltip;
    this.visible = true;
    this.item.show();
  }

  /** What the item shows (for the end-to-end tests). */
  snapshot(): { text: string; visible: boolean } {
    return { text: this.item.text, visible: this.visible };
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subs) s.dispose();
  }
}
