// Status bar item while a dlm file is active: `rows → copies` of its folder's
// corpus, or "dlm: document error" when dlm train would stop before building
// one; a click opens the report.
import * as vscode from 'vscode';
import type { IndexStatusParams } from '../shared/protocol';
import type { DocumentError } from '../shared/reportModel';

const formatCount = (n: number): string => n.toLocaleString('en-US');

const STAGE_WORDS: Record<DocumentError['stage'], string> = {
  parse: 'while reading the document',
  sources: 'while expanding training.sources',
  rows: 'while turning sections into training rows',
};

/** Our messages quote YAML and paths in backticks and brackets: show them as text. */
function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => `\\${c}`);
}

export function isDlmEditorFile(uri: vscode.Uri): boolean {
  if (uri.scheme !== 'file') return false;
  const p = uri.path;
  return /\/\.dlm\/(training\.yaml|training\.yml|ignore)$/.test(p) || p.endsWith('.dlm');
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dlmWeights.status', vscode.StatusBarAlignment.Right, 100);
  private readonly status = new Map<string, IndexStatusParams>();
  private readonly subs: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'dlm weights';
    this.item.command = 'dlmWeights.showReport';
    this.subs.push(vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.render();
  }

  update(s: IndexStatusParams): void {
    this.status.set(s.folderUri, s);
    this.render();
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    const uri = editor?.document.uri;
    if (!uri || !isDlmEditorFile(uri)) { this.item.hide(); return; }
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const s = folder ? this.status.get(folder.uri.toString()) : undefined;
    if (!s) { this.item.hide(); return; }
    const corpus = s.corpus.kind === 'document' ? vscode.workspace.asRelativePath(s.corpus.path) : 'directory mode';
    switch (s.state) {
      case 'indexing':
        this.item.text = '$(sync~spin) dlm: indexing…';
        this.item.tooltip = `Indexing the corpus (${corpus})`;
        break;
      case 'ready': {
        if (s.documentError) {
          this.showDocumentError(s.documentError, corpus);
          break;
        }
        const t = s.totals!;
        this.item.text = `${s.trainError ? '$(error)' : '$(database)'} ${formatCount(t.rows)} rows → ${formatCount(t.expandedRows)} copies`;
        const md = new vscode.MarkdownString(
          `**dlm dry run** (${corpus})\n\n${formatCount(t.files)} files · ${formatCount(t.rows)} rows → ${formatCount(t.expandedRows)} copies ` +
          `(${formatCount(t.valRows)} validation, ${formatCount(t.droppedRows)} dropped)` +
          (s.trainError ? `\n\n$(error) \`dlm train\` would stop: ${s.trainError}` : '') + '\n\nClick to open the report.',
          true,
        );
        this.item.tooltip = md;
        break;
      }
      default:
        this.item.text = '$(warning) dlm';
        this.item.tooltip = s.message ?? 'The corpus could not be indexed';
    }
    this.item.show();
  }

  /** dlm train stops before it builds a dataset: no rows to count, the failure instead. */
  private showDocumentError(e: DocumentError, corpus: string): void {
    this.item.text = '$(error) dlm: document error';
    this.item.tooltip = new vscode.MarkdownString(
      `**dlm dry run** (${corpus})\n\n$(error) \`dlm train\` stops ${STAGE_WORDS[e.stage]} (\`${e.kind}\`): ${escapeMarkdown(e.message)}\n\nClick to open the report.`,
      true,
    );
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subs) s.dispose();
  }
}
