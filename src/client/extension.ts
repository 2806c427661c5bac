// The VS Code extension: starts the dlm-weights language server (dist/server.js)
// and adds the dry-run commands, the report panel and the status bar item.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { ExportFormat } from '../shared/view/messages';
import {
  ExplainRequest, IndexStatusNotification, ReportChangedNotification, SubscribeReportRequest,
  type DlmInitializationOptions, type IndexStatusParams,
} from '../shared/protocol';
import type { Totals } from '../shared/reportModel';
import { chooseCorpus, defaultExportUri, dryRunCommand, exportReport, rememberedCorpora, rerunForPanel, type CommandContext } from './commands';
import { FateDecorations, whyFile } from './decorations';
import { traceHop } from './hopTrace';
import { LiveReports, type HeldReport } from './liveReports';
import { REPORT_VIEW_TYPE, ReportPanel } from './reportPanel';
import { isDlmEditorFile, StatusBar } from './statusBar';
import { InsightsFetcher } from './insights';
import { suggestWeightsCommand, type SuggestWeightsArgs } from './suggestWeights';

/** What `activate()` returns, for the end-to-end tests. */
export interface DlmTestApi {
  lastReportJson(): string | undefined;
  /** The last report's totals, without writing its JSON (cheap to poll). */
  lastReportTotals(): Totals | undefined;
  /** Resolves once the webview has drawn more than `after` reports and live updates (see panelState().drawn). */
  whenDrawn(after: number): Promise<number>;
  client: LanguageClient;
  /** Resolves once the folder's live index has finished a build (ready, error or too large). */
  whenIndexed(folderUri: string): Promise<void>;
  /** Whether the report panel is open, and the folder/corpus of the report it holds. */
  panelState(): { open: boolean; visible: boolean; corpus: string | undefined; renders: number; onScreen: boolean; drawn: number };
  /** The Explorer decoration of a file (tooltip and badge), as the provider gives it. */
  decorationOf(uri: vscode.Uri): { badge?: string; tooltip?: string } | undefined;
  /** The "Why?" text of a file, from the report on screen. */
  explainFile(uri: vscode.Uri): string | undefined;
  /** The status bar item's text and whether it is shown. */
  statusBarText(): { text: string; visible: boolean };
  /** Where the export dialog would start for the report on screen. */
  exportDefaultUri(format: ExportFormat): vscode.Uri | undefined;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<DlmTestApi> {
  const output = vscode.window.createOutputChannel('dlm weights');
  const log = (m: string) => output.appendLine(m);
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', pattern: '**/.dlm/training.yaml' },
      { scheme: 'file', pattern: '**/.dlm/training.yml' },
      { scheme: 'file', pattern: '**/.dlm/ignore' },
      { scheme: 'file', language: 'dlm-ignore' },
      { scheme: 'file', language: 'dlm' },
    ],
    // no file watchers of our own: the server registers narrow ones (`**/.dlm/**`, `**/*.dlm`, and
    // the roots of the corpora it indexes) through dynamic registration, which VS Code supports
    outputChannel: output,
    initializationOptions: { selectedCorpora: rememberedCorpora(context) } satisfies DlmInitializationOptions,
  };
  const lc = new LanguageClient('dlmWeights', 'dlm weights', serverOptions, clientOptions);
  client = lc;

  // the last report received (dry run or live); its JSON is written only when asked for
  let lastReport: HeldReport | undefined;
  const status = new Map<string, IndexStatusParams>();
  const waiters = new Map<string, Array<() => void>>();
  const statusBar = new StatusBar();
  const decorations = new FateDecorations();
  let shownHasCorpus = false;
  /** `offerKnown`: name the live report on screen, which the server then need not send again. */
  const subscribe = (folderUri: string, enabled: boolean, offerKnown = true): void => {
    if (!enabled) live.forget(folderUri);
    const shown = panel.current;
    const knownKey = offerKnown && enabled && shown?.folderUri === folderUri ? shown.liveKey : undefined;
    traceHop(`subscribe sent${knownKey ? ' (known)' : ''}`);
    void lc.sendRequest(SubscribeReportRequest, { folderUri, enabled, patches: true, columns: true, ...(knownKey ? { knownKey } : {}) }).catch((e) => log(`dlm: subscribe failed: ${e}`));
  };
  const panel = new ReportPanel({
    extensionUri: context.extensionUri,
    subscribe,
    exportReport: (format: ExportFormat) => void exportReport(ctx, format),
    rerun: (folderUri) => void rerunForPanel(ctx, folderUri),
    explain: (params) => lc.sendRequest(ExplainRequest, params),
    log,
    onReport: (r) => decorations.setReport(r),
    wantInsights: (r) => void insights.fetch(r),
    stopCounting: () => insights.stop(),
  });
  const insights = new InsightsFetcher(() => lc, panel, log);
  // a full live report equal to the dry run on screen (the usual first one after subscribing) is not parsed again
  const live = new LiveReports((json) => {
    const shown = panel.current?.held;
    return shown && shown.knownJson === json ? shown : undefined;
  }, (key) => {
    const shown = panel.current;
    return shown && shown.liveKey === key ? { held: shown.held, details: shown.details } : undefined;
  });
  const ctx: CommandContext = { context, client: () => lc, panel, log, onReport: (held) => { lastReport = held; } };
  context.subscriptions.push(output, statusBar, panel, insights, decorations, vscode.window.registerFileDecorationProvider(decorations));

  lc.onNotification(IndexStatusNotification, (s) => {
    status.set(s.folderUri, s);
    statusBar.update(s);
    const hasCorpus = [...status.values()].some((x) => x.state !== 'idle');
    if (hasCorpus !== shownHasCorpus) {
      shownHasCorpus = hasCorpus;
      void vscode.commands.executeCommand('setContext', 'dlmWeights.hasCorpus', hasCorpus);
    }
    if (s.state !== 'indexing') for (const w of waiters.get(s.folderUri)?.splice(0) ?? []) w();
  });
  lc.onNotification(ReportChangedNotification, (r) => {
    traceHop(`report ${r.kind ?? 'full'} received`);
    let outcome;
    try {
      outcome = live.receive(r);
      traceHop(`report ${r.kind ?? 'full'} applied`);
    } catch (e) {
      log(`dlm: a live report could not be read: ${(e as Error)?.stack ?? e}`);
      return;
    }
    if (outcome.kind === 'resync') {
      // out of step with the server: subscribing again makes it send a full report
      log(`dlm: live report patch not applied (${outcome.reason}); asking for the whole report`);
      if (panel.isSubscribed(outcome.folderUri)) subscribe(outcome.folderUri, true, false);
      return;
    }
    if (outcome.kind === 'stale') {
      panel.markStale(outcome.folderUri, outcome);
      return;
    }
    const { folderUri, corpus, held, details } = outcome.live;
    // only a report of the corpus on screen is the last report (a one-off run's folder streams its live corpus)
    if (panel.update({ folderUri, corpus, held, details })) lastReport = held;
  });

  const command = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: any[]) => {
    try {
      // the value goes back to executeCommand (e.g. the exported file's URI)
      return await fn(...args);
    } catch (e) {
      log(`dlm: ${id} failed: ${(e as Error)?.stack ?? e}`);
      void vscode.window.showErrorMessage(`dlm: ${(e as Error)?.message ?? e}`);
      return undefined;
    }
  }));
  command('dlmWeights.dryRun', (uri?: vscode.Uri) => dryRunCommand(ctx, uri));
  // the Explorer's folder menu: directory mode on that folder
  command('dlmWeights.dryRunFolder', (uri?: vscode.Uri) => dryRunCommand(ctx, uri, true));
  command('dlmWeights.showReport', async () => {
    if (!panel.reveal()) await dryRunCommand(ctx);
  });
  // (format, target): a scripted export names its file; the user's path goes through the save dialog
  command('dlmWeights.exportReport', (format?: ExportFormat, target?: vscode.Uri) => exportReport(ctx, typeof format === 'string' ? format : undefined, target instanceof vscode.Uri ? target : undefined));
  command('dlmWeights.whyFile', (uri?: vscode.Uri) => whyFile(decorations, uri, () => dryRunCommand(ctx, uri instanceof vscode.Uri ? uri : undefined)));
  command('dlmWeights.selectCorpus', async (uri?: vscode.Uri) => {
    const folder = uri instanceof vscode.Uri ? vscode.workspace.getWorkspaceFolder(uri) : vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0] : await vscode.window.showWorkspaceFolderPick();
    if (folder) await chooseCorpus(ctx, folder, true);
  });
  command('dlmWeights.pinBaseline', () => panel.pinBaseline(true));
  command('dlmWeights.unpinBaseline', () => panel.pinBaseline(false));
  context.subscriptions.push(vscode.workspace.onDidSaveTextDocument((d) => {
    if (isDlmEditorFile(d.uri)) {
      traceHop('config saved');
      panel.configSaved();
    }
  }));
  // returns its result, so tests (and other extensions) can run it with fixed targets
  context.subscriptions.push(vscode.commands.registerCommand('dlmWeights.suggestWeights', async (args?: SuggestWeightsArgs) => {
    try {
      return await suggestWeightsCommand(ctx, args);
    } catch (e) {
      log(`dlm: dlmWeights.suggestWeights failed: ${(e as Error)?.stack ?? e}`);
      void vscode.window.showErrorMessage(`dlm: ${(e as Error)?.message ?? e}`);
      return undefined;
    }
  }));
  command('dlmWeights.restartServer', async () => {
    status.clear();
    statusBar.clear();
    await lc.restart();
  });

  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
    async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel) {
      panel.restore(webviewPanel);
      // the restored webview posts `ready`, which re-runs the last folder's dry run quietly
    },
  }));

  await lc.start();
  log('dlm: language server started');

  return {
    lastReportJson: () => lastReport?.json,
    lastReportTotals: () => lastReport?.report.totals,
    whenDrawn: (after) => panel.whenDrawn(after),
    panelState: () => ({ open: panel.isOpen, visible: panel.visible, corpus: panel.current?.corpus.path, renders: panel.renders, onScreen: panel.onScreen, drawn: panel.drawn }),
    decorationOf: (uri) => {
      const d = decorations.provideFileDecoration(uri);
      return d ? { badge: d.badge, tooltip: d.tooltip } : undefined;
    },
    explainFile: (uri) => decorations.explain(uri),
    statusBarText: () => statusBar.snapshot(),
    exportDefaultUri: (format) => defaultExportUri(ctx, format),
    client: lc,
    whenIndexed: (folderUri: string) => {
      const key = vscode.Uri.parse(folderUri).toString();
      const s = status.get(key);
      if (s && s.state !== 'indexing') return Promise.resolve();
      return new Promise<void>((resolve) => {
        const list = waiters.get(key) ?? [];
        list.push(resolve);
        waiters.set(key, list);
      });
    },
  };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop().catch(() => undefined);
  client = undefined;
}
