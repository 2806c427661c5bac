// Commands: dry run (choose folder and corpus, run with progress, show the
// report), choose corpus, show report, export report, restart the server.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { csvRows } from '../report/csv';
import { reportFromColumns } from '../report/reportColumns';
import { renderStandaloneHtml } from '../report/html';
import { webviewAssets } from './webviewAssets';
import type { ReportDetailsJson } from '../shared/reportModel';
import type { ExportFormat } from '../shared/view/messages';
import { buildViewModel } from '../report/viewModel';
import {
  CorporaRequest, DryRunRequest, SelectCorpusRequest,
  type CorpusCandidate, type DryRunParams, type DryRunResult, type FolderCorpora,
} from '../shared/protocol';
import { corpusRoots, defaultExportDir, exportFileName, insideAny } from './exportTarget';
import { traceHop } from './hopTrace';
import { HeldReport } from './liveReports';
import type { ReportPanel, ShownReport } from './reportPanel';

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

/** The stages of the one progress notification, reported to the user and to the panel. */
export interface FlowProgress {
  report(message: string, increment?: number): void;
  readonly token?: vscode.CancellationToken;
}

/** Runs dlm/dryRun, reporting the server's stages; undefined when cancelled (cancel is final) or failed. */
export async function runDryRun(ctx: CommandContext, params: DryRunParams, quiet = false, flow?: FlowProgress): Promise<DryRunResult | undefined> {
  const client = ctx.client();
  const token = flow?.token;
  const workDoneToken = randomUUID();
  let last = 0;
  const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
    if (v.kind === 'end') return;
    const pct = v.percentage;
    // the reading stage fills the bar to 90 %; expanding and drawing the report take the rest
    const scaled = pct === undefined ? undefined : Math.floor(pct * 0.9);
    if (v.message) flow?.report(v.message, scaled !== undefined && scaled > last ? scaled - last : undefined);
    if (scaled !== undefined) last = Math.max(last, scaled);
    if (v.message) ctx.panel.progress(v.message);
  });
  try {
    const result = await client.sendRequest(DryRunRequest, { ...params, workDoneToken }, token);
    // a reply that crossed the cancel on the wire is dropped: a cancelled run never shows a report
    if (token?.isCancellationRequested) return undefined;
    return result;
  } catch (e) {
    // cancelled by the user (or by the server): by type, never by message text
    if (token?.isCancellationRequested || e instanceof vscode.CancellationError || (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled)) return undefined;
    const msg = (e as Error)?.message ?? String(e);
    ctx.log(`dlm: dry run failed: ${msg}`);
    ctx.panel.error(msg);
    if (!quiet) void vscode.window.showErrorMessage(`dlm: dry run failed: ${msg}`);
    return undefined;
  } finally {
    sub.dispose();
  }
}

/** The live report the panel holds (shown, or shown before it was closed) for a run of these params. */
function knownLive(ctx: CommandContext, params: DryRunParams): ShownReport | undefined {
  const cur = ctx.panel.current;
  if (!cur?.liveKey || params.seed !== undefined || (params.folderUri !== undefined && params.folderUri !== cur.folderUri)) return undefined;
  return cur;
}

/** The report of an answer: parsed from its JSON, or the one held when the server says it is that one. */
function heldOf(result: DryRunResult, prior: ShownReport | undefined): { held: HeldReport; details: ReportDetailsJson } | undefined {
  if (result.reportColumns) return { held: new HeldReport(reportFromColumns(result.reportColumns)), details: result.details };
  if (!result.known) return { held: HeldReport.fromJson(result.reportJson), details: result.details };
  // the same details object too: the panel then reuses the view-model it built for them
  return prior && prior.liveKey === result.liveKey ? { held: prior.held, details: prior.details } : undefined;
}

/** The newest dry-run command: an older one that finishes later shows nothing. */
let runGeneration = 0;

/** Run and show, under one cancellable notification that lasts until the report is on screen. */
async function runAndShow(ctx: CommandContext, params: DryRunParams): Promise<void> {
  const generation = ++runGeneration;
  traceHop('folder and corpus chosen');
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'dlm: dry run', cancellable: true },
    async (progress, token) => {
      const flow: FlowProgress = { token, report: (message, increment) => progress.report({ message, increment }) };
      flow.report('starting');
      const hadPanel = ctx.panel.isOpen;
      // the panel opens now: its webview loads while the server works, and shows the progress
      ctx.panel.prepare();
      const shown = await runToShow(ctx, params, flow, token, () => generation === runGeneration);
      if (!shown) {
        // nothing to show (cancelled, failed): a panel opened for it goes; a newer run keeps its own
        if (generation === runGeneration) ctx.panel.unprepare();
      } else if (token.isCancellationRequested && generation === runGeneration) {
        // cancelled while the report was being drawn: take it back
        if (!hadPanel) ctx.panel.close();
        else if (shown.before) void ctx.panel.show(shown.before, true);
      }
    },
  );
}

/**
 * Runs and shows the report (once the webview has drawn it); undefined when
 * there is nothing to show: cancelled, failed, or `newest()` no longer holds.
 */
async function runToShow(
  ctx: CommandContext, params: DryRunParams, flow: FlowProgress, token: vscode.CancellationToken, newest: () => boolean,
): Promise<{ before: ShownReport | undefined } | undefined> {
  const prior = knownLive(ctx, params);
  // the report as columns: read far faster than its contract JSON (written only if an export asks)
  const asked: DryRunParams = { ...params, columns: true };
  let result = await runDryRun(ctx, prior ? { ...asked, knownKey: prior.liveKey } : asked, false, flow);
  if (!result || token.isCancellationRequested || !newest()) return undefined;
  let got = heldOf(result, prior);
  if (!got) {
    // (the report named is no longer held: ask for it whole)
    result = await runDryRun(ctx, asked, false, flow);
    if (!result || token.isCancellationRequested || !newest()) return undefined;
    got = heldOf(result, undefined)!;
  }
  const { held, details } = got;
  traceHop('dryRun answer parsed');
  if (token.isCancellationRequested || !newest()) return undefined;
  flow.report('drawing the report', 5);
  ctx.onReport(held);
  await ctx.context.workspaceState.update(LAST_FOLDER_KEY, result.corpus.folderUri);
  const before = ctx.panel.current;
  await ctx.panel.show({ folderUri: result.corpus.folderUri, corpus: result.corpus, held, details, liveKey: result.liveKey });
  return { before };
}

/**
 * `dlmWeights.dryRun`: choose folder and corpus, run, open the report.
 * `directory`: the Explorer's folder menu (`dlmWeights.dryRunFolder`), directory mode on `uri`.
 */
export async function dryRunCommand(ctx: CommandContext, uri?: vscode.Uri, directory = false): Promise<void> {
  traceHop('command');
  if (!(uri instanceof vscode.Uri)) uri = undefined;
  const folder = await pickFolder(uri);
  let params: DryRunParams;
  if (uri && isDlmDocument(uri)) {
    params = { documentUri: uri.toString(), folderUri: folder?.uri.toString() };
  } else if (directory && uri && folder && await isDirectory(uri)) {
    // a folder from the Explorer's context menu: directory mode on that folder (`dry-run --directory <folder>`)
    params = { documentUri: uri.toString(), folderUri: folder.uri.toString() };
  } else {
    if (!folder) {
      void vscode.window.showWarningMessage('dlm: open a folder to dry-run its corpus.');
      return;
    }
    if (!(await chooseCorpus(ctx, folder, false))) return;
    params = { folderUri: folder.uri.toString() };
  }
  await runAndShow(ctx, params);
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/** Re-run for the panel (its rerun button, or a restored panel) without prompts. */
export async function rerunForPanel(ctx: CommandContext, folderUri: string | undefined): Promise<void> {
  const cur = ctx.panel.current;
  const folder = folderUri ?? ctx.context.workspaceState.get<string>(LAST_FOLDER_KEY) ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  if (!folder) return;
  const params: DryRunParams = cur && cur.corpus.kind === 'document' && cur.folderUri === folder
    ? { folderUri: folder, documentUri: cur.corpus.uri }
    : { folderUri: folder };
  const generation = runGeneration;
  const result = await runDryRun(ctx, { ...params, columns: true }, true);
  if (!result || generation !== runGeneration) return;
  const { held, details } = heldOf(result, undefined)!;
  ctx.onReport(held);
  void ctx.panel.show({ folderUri: result.corpus.folderUri, corpus: result.corpus, held, details, liveKey: result.liveKey }, true);
}

const LAST_EXPORT_DIR_KEY = 'dlmWeights.lastExportFolder';

/** Where the export dialog starts for the report on screen: outside every corpus root, named after corpus and seed. */
export function defaultExportUri(ctx: CommandContext, format: ExportFormat): vscode.Uri | undefined {
  const cur = ctx.panel.current;
  if (!cur) return undefined;
  const roots = corpusRoots(cur.held.report, cur.details, cur.corpus);
  const dir = defaultExportDir(ctx.context.globalState.get<string>(LAST_EXPORT_DIR_KEY), roots, tmpdir());
  return vscode.Uri.file(path.join(dir, exportFileName(cur.corpus, cur.held.report.seed, format)));
}

/**
 * `dlmWeights.exportReport`: the shown report as JSON, CSV or HTML, written
 * only where the user says. The dialog opens outside every corpus root (an
 * export inside one would be read by dlm train as one more row), and a path
 * inside one is refused.
 */
export async function exportReport(ctx: CommandContext, format?: ExportFormat, chosen?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const cur = ctx.panel.current;
  if (!cur) {
    void vscode.window.showInformationMessage('dlm: nothing to export yet — run DLM: Dry-Run the Corpus first.');
    return undefined;
  }
  if (!format) {
    const pick = await vscode.window.showQuickPick([
      { label: 'CSV', description: 'one line per row', format: 'csv' as const },
      { label: 'JSON', description: 'the dry-run contract JSON', format: 'json' as const },
      { label: 'HTML', description: 'a self-contained report page', format: 'html' as const },
    ], { placeHolder: 'Export the dry-run report as' });
    if (!pick) return undefined;
    format = pick.format;
  }
  const roots = corpusRoots(cur.held.report, cur.details, cur.corpus);
  let target = chosen;
  for (;;) {
    if (!target) {
      target = await vscode.window.showSaveDialog({
        defaultUri: defaultExportUri(ctx, format),
        filters: { [format.toUpperCase()]: [format] },
        saveLabel: 'Export',
        title: 'Export the dry-run report (outside the corpus)',
      });
      if (!target) return undefined;
    }
    const root = insideAny(target.fsPath, roots);
    if (!root) break;
    const why = `dlm: not exported — ${vscode.workspace.asRelativePath(target)} is inside the corpus (${vscode.workspace.asRelativePath(root, true)}), so dlm train would read it as one more training row.`;
    if (chosen) {
      void vscode.window.showWarningMessage(why);
      return undefined;
    }
    const again = 'Choose Another Place';
    if (await vscode.window.showWarningMessage(why, { modal: true }, again) !== again) return undefined;
    target = undefined;
  }
  let content: string;
  // the report on screen (live updates included); its JSON is written now if it came as a patch
  if (format === 'json') content = `${cur.held.json}\n`;
  else if (format === 'csv') content = csvRows(cur.held.report);
  else {
    // with the training mix and since-last-run as far as they are counted
    content = renderStandaloneHtml(ctx.panel.withInsights(buildViewModel(cur.held.report, cur.details)), webviewAssets(vscode.Uri.joinPath(ctx.context.extensionUri, 'dist').fsPath));
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  await ctx.context.globalState.update(LAST_EXPORT_DIR_KEY, path.dirname(target.fsPath));
  const done = target;
  void vscode.window.showInformationMessage(`dlm: report exported to ${done.fsPath}`, 'Open', 'Reveal in File Manager').then((a) => {
    if (a === 'Open') void vscode.commands.executeCommand('vscode.open', done);
    else if (a === 'Reveal in File Manager') void vscode.commands.executeCommand('revealFileInOS', done);
  });
  return done;
}
