// Commands: dry run (choose folder and corpus, run with progress, show the
// report), choose corpus, show report, export report, restart the server.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { csvRows } from '../report/csv';
import { renderStandaloneHtml } from '../report/html';
import type { ExportFormat } from '../shared/view/messages';
import { buildViewModel } from '../report/viewModel';
import {
  CorporaRequest, DryRunRequest, SelectCorpusRequest,
  type CorpusCandidate, type DryRunParams, type DryRunResult, type FolderCorpora,
} from '../shared/protocol';
import { HeldReport } from './liveReports';
import type { ReportPanel } from './reportPanel';

const CORPUS_STATE_KEY = 'dlmWeights.selectedCorpora';
const LAST_FOLDER_KEY = 'dlmWeights.lastReportFolder';

export interface CommandContext {
  context: vscode.ExtensionContext;
  client(): LanguageClient;
  panel: ReportPanel;
  log(message: string): void;
  /** Called with every report received (dry run or live update). */
  onReport(report: HeldReport): void;
}

/** Remembered corpus choices: folder URI → `.dlm` document URI (null: directory mode). */
export function rememberedCorpora(context: vscode.ExtensionContext): Record<string, string | null> {
  return context.workspaceState.get<Record<string, string | null>>(CORPUS_STATE_KEY) ?? {};
}

async function remember(context: vscode.ExtensionContext, folderUri: string, documentUri: string | null): Promise<void> {
  await context.workspaceState.update(CORPUS_STATE_KEY, { ...rememberedCorpora(context), [folderUri]: documentUri });
}

function isDlmDocument(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && uri.path.endsWith('.dlm');
}

/** The folder to act on: the one of `uri` or the active editor, the only one, or ask. */
async function pickFolder(uri: vscode.Uri | undefined): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const own = target ? vscode.workspace.getWorkspaceFolder(target) : undefined;
  if (own && uri) return own;
  if (folders.length <= 1) return folders[0];
  const pick = await vscode.window.showQuickPick(
    folders.map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(f.uri, true), folder: f, picked: f === own })),
    { placeHolder: 'Dry-run the corpus of which workspace folder?' },
  );
  return pick?.folder;
}

async function corporaOf(ctx: CommandContext, folder: vscode.WorkspaceFolder): Promise<FolderCorpora | undefined> {
  const r = await ctx.client().sendRequest(CorporaRequest, { folderUri: folder.uri.toString() });
  return r.folders[0];
}

/** Ask which corpus drives a folder (QuickPick), remember and apply the choice. */
export async function chooseCorpus(ctx: CommandContext, folder: vscode.WorkspaceFolder, always: boolean): Promise<boolean> {
  const info = await corporaOf(ctx, folder);
  if (!info) return false;
  const docs = info.candidates.filter((c) => c.kind === 'document');
  const remembered = rememberedCorpora(ctx.context)[info.folderUri];
  const stillThere = remembered === null || (remembered !== undefined && docs.some((d) => d.uri === remembered));
  if (!always && (docs.length <= 1 || stillThere)) return true;
  type Item = vscode.QuickPickItem & { candidate: CorpusCandidate };
  const items: Item[] = info.candidates.map((c) => ({
    label: c.kind === 'directory' ? '$(folder) Directory mode' : `$(file) ${c.label}`,
    description: c.kind === 'directory' ? `every file under ${folder.name}` : `${c.sources} source${c.sources === 1 ? '' : 's'}`,
    detail: info.active.path === c.path ? 'current' : undefined,
    candidate: c,
  }));
  const pick = await vscode.window.showQuickPick(items, { placeHolder: `Which corpus of ${folder.name} should dlm weights follow?` });
  if (!pick) return false;
  const documentUri = pick.candidate.kind === 'document' ? pick.candidate.uri : null;
  await remember(ctx.context, info.folderUri, documentUri);
  await ctx.client().sendRequest(SelectCorpusRequest, { folderUri: info.folderUri, documentUri });
  return true;
}

/** Run dlm/dryRun with a cancellable notification showing the server's progress. */
export async function runDryRun(ctx: CommandContext, params: DryRunParams, quiet = false): Promise<DryRunResult | undefined> {
  const client = ctx.client();
  let cancelToken: vscode.CancellationToken | undefined;
  const run = async (progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken) => {
    cancelToken = token;
    const workDoneToken = randomUUID();
    let last = 0;
    const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
      if (v.kind === 'end') return;
      const pct = v.percentage;
      progress?.report({ message: v.message, increment: pct !== undefined && pct > last ? pct - last : undefined });
      if (pct !== undefined) last = Math.max(last, pct);
      if (v.message) ctx.panel.progress(v.message);
    });
    try {
      return await client.sendRequest(DryRunRequest, { ...params, workDoneToken }, token);
    } finally {
      sub.dispose();
    }
  };
  try {
    if (quiet) return await run();
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'dlm: dry run', cancellable: true },
      (progress, token) => run(progress, token),
    );
  } catch (e) {
    // cancelled by the user (or by the server): by type, never by message text
    if (cancelToken?.isCancellationRequested || e instanceof vscode.CancellationError || (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled)) return undefined;
    const msg = (e as Error)?.message ?? String(e);
    ctx.log(`dlm: dry run failed: ${msg}`);
    ctx.panel.error(msg);
    if (!quiet) void vscode.window.showErrorMessage(`dlm: dry run failed: ${msg}`);
    return undefined;
  }
}

/** `dlmWeights.dryRun`: choose folder and corpus, run, open the report. */
export async function dryRunCommand(ctx: CommandContext, uri?: vscode.Uri): Promise<void> {
  if (!(uri instanceof vscode.Uri)) uri = undefined;
  const folder = await pickFolder(uri);
  let params: DryRunParams;
  if (uri && isDlmDocument(uri)) {
    params = { documentUri: uri.toString(), folderUri: folder?.uri.toString() };
  } else {
    if (!folder) {
      void vscode.window.showWarningMessage('dlm: open a folder to dry-run its corpus.');
      return;
    }
    if (!(await chooseCorpus(ctx, folder, false))) return;
    params = { folderUri: folder.uri.toString() };
  }
  const result = await runDryRun(ctx, params);
  if (!result) return;
  const held = HeldReport.fromJson(result.reportJson);
  ctx.onReport(held);
  await ctx.context.workspaceState.update(LAST_FOLDER_KEY, result.corpus.folderUri);
  ctx.panel.show({ folderUri: result.corpus.folderUri, corpus: result.corpus, held, details: result.details });
}

/** Re-run for the panel (its rerun button, or a restored panel) without prompts. */
export async function rerunForPanel(ctx: CommandContext, folderUri: string | undefined): Promise<void> {
  const cur = ctx.panel.current;
  const folder = folderUri ?? ctx.context.workspaceState.get<string>(LAST_FOLDER_KEY) ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  if (!folder) return;
  const params: DryRunParams = cur && cur.corpus.kind === 'document' && cur.folderUri === folder
    ? { folderUri: folder, documentUri: cur.corpus.uri }
    : { folderUri: folder };
  const result = await runDryRun(ctx, params, true);
  if (!result) return;
  const held = HeldReport.fromJson(result.reportJson);
  ctx.onReport(held);
  ctx.panel.show({ folderUri: result.corpus.folderUri, corpus: result.corpus, held, details: result.details }, true);
}

/** `dlmWeights.exportReport`: the shown report as JSON, CSV or HTML, written only where the user says. */
export async function exportReport(ctx: CommandContext, format?: ExportFormat): Promise<void> {
  const cur = ctx.panel.current;
  if (!cur) {
    void vscode.window.showInformationMessage('dlm: run a dry run first (DLM: Dry-Run Weighted Expansion).');
    return;
  }
  if (!format) {
    const pick = await vscode.window.showQuickPick([
      { label: 'JSON', description: 'the dry-run contract JSON', format: 'json' as const },
      { label: 'CSV', description: 'one line per row', format: 'csv' as const },
      { label: 'HTML', description: 'a self-contained report page', format: 'html' as const },
    ], { placeHolder: 'Export the dry-run report as' });
    if (!pick) return;
    format = pick.format;
  }
  const base = cur.details.root ? vscode.Uri.file(cur.details.root) : vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `dlm-dry-run.${format}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined,
    filters: { [format.toUpperCase()]: [format] },
    saveLabel: 'Export',
  });
  if (!target) return;
  let content: string;
  // the report on screen (live updates included); its JSON is written now if it came as a patch
  if (format === 'json') content = `${cur.held.json}\n`;
  else if (format === 'csv') content = csvRows(cur.held.report);
  else {
    const dist = vscode.Uri.joinPath(ctx.context.extensionUri, 'dist');
    const [js, css] = await Promise.all(['webview.js', 'webview.css'].map(async (f) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, f)))));
    // with the training mix and since-last-run as far as they are counted
    content = renderStandaloneHtml(ctx.panel.withInsights(buildViewModel(cur.held.report, cur.details)), { js: js!, css: css! });
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  void vscode.window.showInformationMessage(`dlm: exported the report to ${vscode.workspace.asRelativePath(target)}`);
}
