// The dlm-weights language server: the binding of the connection to the
// language features (./features: plain functions over a document, a position
// and a snapshot). Here: document sync and debounce, workspace folders and
// their corpora, file events, publishing, the custom dlm/* protocol
// (src/shared/protocol.ts) and its subscriptions.
import { lstatSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CodeActionKind, DidChangeConfigurationNotification, ErrorCodes, FileChangeType,
  ProposedFeatures, ResponseError, TextDocumentSyncKind, TextDocuments, createConnection,
  type CancellationToken, type CodeActionParams, type CodeLensParams, type Connection, type InitializeParams, type InitializeResult,
  type ExecuteCommandParams, type Range, type TextDocumentPositionParams, type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { reportToJson } from '../report/contractJson';
import { reportHeadJson, rowChangesOf, rowCountOf } from '../report/reportPatch';
import { dryRunsAnswered, handleDryRun, liveKeyOf, type DryRunHost } from './dryRunRequest';
import { reportColumnsOf } from '../report/reportColumns';
import { handleInsights, handleSuggestWeights } from './insightsRequest';
import { codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { explain } from './features/explain';
import { FIX_ALL_UNQUOTED_COMMAND, fixAllUnquoted, workspaceConfigs, type ConfigText } from './features/fixAll';
import { GO_TO_LOCATION_COMMAND } from './features/weightActions';
import { nodeFs } from '../engine/fs/index';
import { completion } from './features/completion';
import { configKind } from './features/configFiles';
import { fileDiagnostics, fileDiagnosticsFromDisk } from './features/diagnostics';
import { hover } from './features/hover';
import { diskTextOf, staleEdit } from './liveTruth';
import { DiagnosticsPublisher } from './publisher';
import { RequestScope } from './requestScope';
import { guardTransport, transportFromArgs } from './transport';
import {
  CorporaRequest, DryRunRequest, ExplainRequest, InsightsRequest, SuggestWeightsRequest, IndexStatusNotification, ReportChangedNotification, SelectCorpusRequest,
  SubscribeReportRequest,
  type CorporaParams, type CorporaResult, type DlmInitializationOptions, type DryRunParams, type ExplainParams, type IndexStatusParams, type ReportChangedParams,
  type ReportChangedStale, type SelectCorpusParams, type SubscribeReportParams, type InsightsParams, type SuggestWeightsParams,
} from '../shared/protocol';
import { reportDetailsJson, type DryRunReport, type ReportDetails } from '../shared/reportModel';
import { fetchSettings, normalizeSettings, sameSettings, sectionOf } from './settings';
import { pathToUri, uriToPath } from './features/uri';
import { editDebounce } from './editDebounce';
import { flushed } from './flushed';
import { traceHop, tracing } from './hopTrace';
import { FileWatching, type CorpusRoot, type FileBatch, type WatchHint } from './watchFiles';
import {
  anchorOfConfigFile, FolderCorpus, isCorpusMarkerPath, isDlmDocumentPath, isUnder, type FolderHost, type ProgressSink,
} from './workspace';

/** How long a snapshot's diagnostics wait at most for its report to leave and the dry runs to be answered (see snapshotReady). */
const REPORT_FIRST_MS = 1000;
/**
 * How long a built index's diagnostics wait after a dry run that waited for
 * the build has been answered: the client is reading and drawing that report
 * (~1 s at 50k files), and a build's cross-file checks (~0.5 s of this
 * process's thread at 50k) would compete with it for the machine's cores.
 */
const FIRST_REPORT_DRAWN_MS = 1000;
/** How long an edit waits for the cross-file recompute before publishing per-file checks alone. */
const CROSS_GRACE_MS = 100;

/** A folder the client subscribed to (dlm/subscribeReport) and what it was last sent. */
interface Subscription {
  enabled: boolean;
  patches: boolean;
  /** Full reports go as columns (SubscribeReportParams.columns). */
  columns: boolean;
  /** seq of the last dlm/reportChanged sent for the folder (0: none yet). */
  seq: number;
  /**
   * What the client holds: the last report sent (a patch lists only the rows that changed since it)
   * and what it was made of (a patch needs the same details object: same rows, same order).
   */
  base: { report: DryRunReport; details: ReportDetails; corpusPath: string } | null;
}

export function startServer(): void {
  const transport = transportFromArgs(process.argv.slice(2));
  const connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
  const server = new DlmServer(connection);
  if (transport) guardTransport(transport, { shutdownReceived: () => server.shutdownReceived, log: (m) => server.log(m) });
  server.listen();
}

class DlmServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly folders = new Map<string, FolderCorpus>();
  /** Unsaved text of open training.yaml / ignore files, by absolute path. */
  private readonly texts = new Map<string, string>();
  private readonly publisher: DiagnosticsPublisher;
  private readonly subscribed = new Map<string, Subscription>();
  private readonly editTimers = new Map<string, { timer: NodeJS.Timeout; run: () => void }>();
  /** When each open config was last edited (its next edit is a lone one or part of a burst). */
  private readonly lastEditAt = new Map<string, number>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  private readonly warnedTooLarge = new Set<string>();
  private caps = { configuration: false, workDoneProgress: false, dynamicConfig: false, dynamicWatch: false, relativePatterns: false, snippets: false, rename: false, codeLensRefresh: false };
  private watching: FileWatching | null = null;
  private init: DlmInitializationOptions = {};
  /** The last `dlmWeights` section pushed (didChangeConfiguration) or given in initializationOptions. */
  private pushedSettings: unknown = undefined;
  private rootFolders: Array<{ uri: string; name: string }> = [];
  /** What the custom requests may name: the workspace folders (and the folders' live corpus documents). */
  private readonly scope = new RequestScope(
    () => [...this.folders.values()].map((f) => f.path),
    () => [...this.folders.values()].flatMap((f) => (f.corpus.kind === 'document' ? [f.corpus.path] : [])),
  );
  shutdownReceived = false;

  /** Resolves once `initialized` has added the workspace folders: the custom requests wait for it (a command at start-up). */
  private readonly foldersAdded: Promise<void>;
  private markFoldersAdded: () => void = () => undefined;

  constructor(private readonly connection: Connection) {
    this.publisher = new DiagnosticsPublisher(connection, (m) => this.log(m));
    this.foldersAdded = new Promise((resolve) => { this.markFoldersAdded = resolve; });
  }

  log(message: string): void {
    try { this.connection.console.log(message); } catch { /* connection gone */ }
  }

  /**
   * A request handler: an exception is logged and answered with an LSP
   * InternalError carrying its message (a deliberate ResponseError, such as
   * cancelled or invalid params, goes out as it is).
   */
  private request<A extends unknown[], R>(name: string, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await fn(...args);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        this.log(`dlm: ${name} failed: ${(e as Error)?.stack ?? e}`);
        throw new ResponseError(ErrorCodes.InternalError, `dlm-weights: ${name} failed: ${(e as Error)?.message ?? String(e)}`);
      }
    };
  }

  /** A notification (or internal event) handler: there is nobody to answer, so an exception is logged, never fatal. */
  private guard<A extends unknown[]>(name: string, fn: (...args: A) => unknown): (...args: A) => Promise<void> {
    return async (...args: A) => {
      try {
        await fn(...args);
      } catch (e) {
        this.log(`dlm: ${name} failed: ${(e as Error)?.stack ?? e}`);
      }
    };
  }

  listen(): void {
    const c = this.connection;
    process.on('uncaughtException', (e) => this.log(`dlm: uncaught exception: ${e?.stack ?? e}`));
    process.on('unhandledRejection', (e) => this.log(`dlm: unhandled rejection: ${(e as Error)?.stack ?? e}`));

    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(this.guard('initialized', () => this.initialized()));
    c.onShutdown(() => {
      this.shutdownReceived = true;
      this.watching?.dispose();
      for (const f of this.folders.values()) f.dispose();
    });

    // TextDocuments fires onDidChangeContent right after onDidOpen: check an opened document at once
    const justOpened = new Set<string>();
    this.documents.onDidOpen(this.guard('didOpen', (e: { document: TextDocument }) => {
      justOpened.add(e.document.uri);
      const opened = uriToPath(e.document.uri);
      // a client may have dropped a closed file's diagnostics: send them again even if unchanged
      if (opened && (configKind(opened) || isDlmDocumentPath(opened))) this.publisher.forceNext(opened);
      this.documentChanged(e.document, 0);
    }));
    this.documents.onDidChangeContent(this.guard('didChange', (e: { document: TextDocument }) => {
      if (justOpened.delete(e.document.uri)) return;
      const now = performance.now();
      const delay = editDebounce(now, this.lastEditAt.get(e.document.uri));
      this.lastEditAt.set(e.document.uri, now);
      this.documentChanged(e.document, delay);
    }));
    this.documents.onDidClose(this.guard('didClose', (e: { document: TextDocument }) => this.documentClosed(e.document)));

    c.onDidChangeWatchedFiles(this.guard('didChangeWatchedFiles', (p: { changes?: Array<{ uri: string; type: number }> }) => {
      for (const ch of p?.changes ?? []) {
        const path = uriToPath(ch.uri);
        if (path) this.watching?.clientEvent(path, HINTS[ch.type] ?? 'changed');
      }
    }));
    c.onDidChangeConfiguration(this.guard('didChangeConfiguration', (p: { settings?: unknown }) => this.settingsChanged(p?.settings)));

    c.onHover(this.request('hover', (p: TextDocumentPositionParams) => {
      const path = uriToPath(p.textDocument.uri);
      const text = this.documents.get(p.textDocument.uri)?.getText();
      if (!path || text === undefined) return null;
      const folder = this.folderForPath(path);
      const unavailable = !folder ? 'This file is in no workspace folder.'
        : folder.state === 'tooLarge' || folder.state === 'error' ? folder.stateMessage : undefined;
      return hover({ path, text, position: p.position, snapshot: folder?.snapshot ?? null, unavailable });
    }));

    c.onCompletion(this.request('completion', (p: TextDocumentPositionParams) => {
      const path = uriToPath(p.textDocument.uri);
      const text = this.documents.get(p.textDocument.uri)?.getText();
      if (!path || text === undefined) return [];
      return completion({ path, text, position: p.position, snapshot: this.folderForPath(path)?.snapshot ?? null, snippets: this.caps.snippets });
    }));

    c.onCodeAction(this.request('codeAction', (p: CodeActionParams) => {
      const uri = p.textDocument.uri;
      const path = typeof uri === 'string' ? uriToPath(uri) : null;
      const text = this.documents.get(uri)?.getText();
      return codeActions({
        uri, diagnostics: p.context?.diagnostics ?? [], only: p.context?.only, rename: this.caps.rename,
        document: path && text !== undefined ? { path, text, snapshot: this.folderForPath(path)?.snapshot ?? null } : undefined,
        workspaceConfigs: () => this.workspaceConfigs(),
      });
    }));

    c.onExecuteCommand(this.request('executeCommand', async (p: ExecuteCommandParams) => {
      switch (p?.command) {
        case FIX_ALL_UNQUOTED_COMMAND: {
          const all = fixAllUnquoted(this.workspaceConfigs());
          if (!all) return { files: 0, values: 0 };
          const r = await this.connection.workspace.applyEdit({ label: 'Quote every unquoted boolean/number tag', edit: all.edit });
          return { files: all.files, values: all.values, applied: r.applied };
        }
        case GO_TO_LOCATION_COMMAND: {
          const target = (p.arguments?.[0] ?? {}) as { uri?: unknown; range?: Range };
          this.scope.pathOf(target.uri, 'uri');
          const r = await this.connection.window.showDocument({ uri: target.uri as string, selection: target.range, takeFocus: true });
          return { success: r.success };
        }
        default:
          throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${JSON.stringify(p?.command)}`);
      }
    }));

    c.onCodeLens(this.request('codeLens', (p: CodeLensParams) => {
      const path = uriToPath(p.textDocument.uri);
      const text = this.documents.get(p.textDocument.uri)?.getText();
      if (!path || text === undefined) return [];
      return codeLenses({ path, text, snapshot: this.folderForPath(path)?.snapshot ?? null });
    }));

    // the custom requests name paths only inside the workspace folders (./requestScope.ts)
    c.onRequest(DryRunRequest, this.request(DryRunRequest.method, async (p: DryRunParams, token: CancellationToken) => {
      await this.readyForCorpusRequest(p);
      return handleDryRun(this.dryRunHost(), p ?? {}, token);
    }));
    c.onRequest(InsightsRequest, this.request(InsightsRequest.method, async (p: InsightsParams, token: CancellationToken) => {
      await this.readyForCorpusRequest(p);
      return handleInsights(this.dryRunHost(), p ?? {}, token);
    }));
    c.onRequest(SuggestWeightsRequest, this.request(SuggestWeightsRequest.method, async (p: SuggestWeightsParams, token: CancellationToken) => {
      await this.readyForCorpusRequest(p);
      return handleSuggestWeights(this.dryRunHost(), p ?? ({} as SuggestWeightsParams), token);
    }));

    c.onRequest(ExplainRequest, this.request(ExplainRequest.method, async (p: ExplainParams) => {
      await this.foldersAdded;
      this.scope.pathOf(p?.folderUri, 'folderUri');
      const folder = this.folderByUri(p.folderUri);
      const unavailable = !folder ? 'This folder has no corpus.' : folder.state === 'tooLarge' || folder.state === 'error' ? folder.stateMessage : undefined;
      return explain({
        target: p.target, seed: p.seed, corpusPath: p.corpusPath, currentCorpusPath: folder?.corpus.path,
        snapshot: folder?.state === 'ready' ? folder.snapshot : null, unavailable,
      });
    }));
    c.onRequest(CorporaRequest, this.request(CorporaRequest.method, async (p: CorporaParams) => {
      await this.foldersAdded;
      if (p?.folderUri != null) this.scope.pathOf(p.folderUri, 'folderUri');
      return this.corpora(p ?? {});
    }));
    c.onRequest(SelectCorpusRequest, this.request(SelectCorpusRequest.method, async (p: SelectCorpusParams) => {
      await this.foldersAdded;
      this.scope.pathOf(p?.folderUri, 'folderUri');
      const selected = p.documentUri === null ? null : this.scope.pathOf(p.documentUri, 'documentUri');
      const folder = this.folderByUri(p.folderUri);
      if (!folder) return null;
      if (selected !== folder.selected) {
        folder.selected = selected;
        if (!folder.settings.corpusDocument) folder.markReplan();
      }
      return null;
    }));
    c.onRequest(SubscribeReportRequest, this.request(SubscribeReportRequest.method, async (p: SubscribeReportParams) => {
      await this.foldersAdded;
      if (p?.enabled) {
        this.scope.pathOf(p.folderUri, 'folderUri');
        const folder = this.folderByUri(p.folderUri);
        // (re)subscribing starts over with a full report; seq keeps counting so stale patches never match
        const seq = this.subscribed.get(p.folderUri)?.seq ?? 0;
        this.subscribed.set(p.folderUri, { enabled: true, patches: p.patches === true, columns: p.columns === true, seq, base: null });
        if (folder?.snapshot && folder.state === 'ready') void this.sendReport(folder, p.patches === true ? p.knownKey : undefined);
      } else {
        // unsubscribing reads nothing: any folder URI may be let go
        const sub = this.subscribed.get(p?.folderUri);
        if (sub) { sub.enabled = false; sub.base = null; }
      }
      return null;
    }));

    this.documents.listen(c);
    c.listen();
  }

  private dryRunHost(): DryRunHost {
    return {
      connection: this.connection,
      folderForPath: (path) => this.folderForPath(path),
      folderByUri: (uri) => this.folderByUri(uri),
      folders: () => [...this.folders.values()],
      texts: () => this.texts,
    };
  }

  // ------------------------------------------------------------ lifecycle

  private initialize(p: InitializeParams): InitializeResult {
    const cap = p.capabilities;
    this.caps = {
      configuration: !!cap.workspace?.configuration,
      workDoneProgress: !!cap.window?.workDoneProgress,
      dynamicConfig: !!cap.workspace?.didChangeConfiguration?.dynamicRegistration,
      dynamicWatch: !!cap.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      relativePatterns: !!cap.workspace?.didChangeWatchedFiles?.relativePatternSupport,
      snippets: !!cap.textDocument?.completion?.completionItem?.snippetSupport,
      rename: !!cap.workspace?.workspaceEdit?.documentChanges && !!cap.workspace.workspaceEdit.resourceOperations?.includes('rename'),
      codeLensRefresh: !!cap.workspace?.codeLens?.refreshSupport,
    };
    this.publisher.relatedSupported = !!cap.textDocument?.publishDiagnostics?.relatedInformation;
    const init: unknown = p.initializationOptions;
    this.init = (typeof init === 'object' && init !== null ? init : {}) as DlmInitializationOptions;
    this.pushedSettings = sectionOf(init);
    const folders = p.workspaceFolders ?? (p.rootUri ? [{ uri: p.rootUri, name: p.rootUri.split('/').pop() || p.rootUri }] : []);
    this.rootFolders = folders.map((f) => ({ uri: f.uri, name: f.name }));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '{', ',', "'", '"'], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
        executeCommandProvider: { commands: [FIX_ALL_UNQUOTED_COMMAND, GO_TO_LOCATION_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'dlm-weights' },
    };
  }

  private async initialized(): Promise<void> {
    traceHop('initialized');
    try {
      await this.addFoldersAndWatch();
    } finally {
      this.markFoldersAdded();
    }
  }

  private async addFoldersAndWatch(): Promise<void> {
    const c = this.connection;
    if (this.caps.dynamicConfig) await c.client.register(DidChangeConfigurationNotification.type, { section: 'dlmWeights' }).catch(() => undefined);
    this.watching = new FileWatching(c, { log: (m) => this.log(m), onBatch: this.guard('file changes', (b: FileBatch) => this.applyChanges(b)) }, {
      dynamicWatch: this.caps.dynamicWatch,
      relativePatterns: this.caps.relativePatterns,
      clientWatchesItself: this.init.watchFiles === false,
    });
    await this.watching.start();
    if (this.rootFolders.length) {
      try {
        c.workspace.onDidChangeWorkspaceFolders(this.guard('didChangeWorkspaceFolders', async (e: WorkspaceFoldersChangeEvent) => {
          for (const f of e.removed) this.removeFolder(f.uri);
          for (const f of e.added) await this.addFolder(f.uri, f.name);
        }));
      } catch { /* client without workspace folder support */ }
    }
    for (const f of this.rootFolders) await this.addFolder(f.uri, f.name);
  }

  private async addFolder(uri: string, name: string): Promise<void> {
    if (this.folders.has(uri) || !uriToPath(uri)) return;
    const settings = await fetchSettings(this.connection, uri, this.caps.configuration, this.pushedSettings);
    const folder = new FolderCorpus(uri, name, settings, this.folderHost());
    const remembered = this.init.selectedCorpora?.[uri];
    if (remembered !== undefined) folder.selected = remembered === null ? null : uriToPath(remembered) ?? undefined;
    this.folders.set(uri, folder);
    // watch first, then look: nothing created in between is missed
    await this.updateWatching();
    folder.start();
  }

  /** What must be watched: every folder (a `.dlm` may appear anywhere), and the roots of the corpora being indexed. */
  private updateWatching(): Promise<void> {
    if (!this.watching) return Promise.resolve();
    const roots: CorpusRoot[] = [];
    for (const f of this.folders.values()) {
      if (f.isDormant) continue;
      const plan = f.currentPlan;
      if (plan) for (const d of plan.directives) roots.push({ path: d.abs, isFile: d.isFile });
      else roots.push({ path: f.path, isFile: false });
    }
    return this.watching.update([...this.folders.values()].map((f) => f.path), roots);
  }

  private removeFolder(uri: string): void {
    const folder = this.folders.get(uri);
    if (!folder) return;
    folder.dispose();
    this.folders.delete(uri);
    this.subscribed.delete(uri);
    for (const p of this.publisher.dropFolder(uri)) this.publish(p);
    void this.updateWatching();
  }

  /**
   * A didChangeConfiguration push. One that carries the `dlmWeights` section
   * applies to every folder as it is; one without it (VS Code sends none) means
   * "pull again".
   */
  private async settingsChanged(pushed: unknown): Promise<void> {
    const section = sectionOf(pushed);
    if (section !== undefined) this.pushedSettings = section;
    for (const f of this.folders.values()) {
      const next = section !== undefined ? normalizeSettings(section) : await fetchSettings(this.connection, f.uri, this.caps.configuration, this.pushedSettings);
      if (!sameSettings(next, f.settings)) {
        f.settings = next;
        this.warnedTooLarge.delete(f.uri);
        f.forgetCandidates();
        f.markReplan();
      }
    }
  }

  private folderHost(): FolderHost {
    return {
      texts: () => this.texts,
      log: (m) => this.log(m),
      beginProgress: (title) => this.beginProgress(title),
      onSnapshot: (folder, reason) => void this.guard('snapshot', () => this.snapshotReady(folder, reason))(),
      onState: (folder) => this.sendStatus(folder),
      onProgress: (folder, message) => this.sendIndexingProgress(folder, message),
    };
  }

  private readonly lastProgressAt = new Map<string, number>();

  /** 'indexing' with the build's file counts, a few times a second at most (a client's start-up indicator). */
  private sendIndexingProgress(folder: FolderCorpus, message: string): void {
    const now = Date.now();
    if (folder.state !== 'indexing' || now - (this.lastProgressAt.get(folder.uri) ?? 0) < 250) return;
    this.lastProgressAt.set(folder.uri, now);
    const params: IndexStatusParams = { folderUri: folder.uri, state: 'indexing', corpus: folder.corpus, message, watch: this.watching?.effectiveMode };
    void this.connection.sendNotification(IndexStatusNotification, params).catch(() => undefined);
  }

  private async beginProgress(title: string): Promise<ProgressSink> {
    if (!this.caps.workDoneProgress) return { report: () => undefined, done: () => undefined };
    try {
      const r = await this.connection.window.createWorkDoneProgress();
      r.begin(title, 0, undefined, false);
      let last = 0;
      let ended = false;
      return {
        report: (message, percentage) => {
          const now = Date.now();
          if (now - last < 100) return;
          last = now;
          if (percentage === undefined) r.report(message);
          else r.report(percentage, message);
        },
        done: () => {
          if (ended) return;
          ended = true;
          r.done();
        },
      };
    } catch {
      return { report: () => undefined, done: () => undefined };
    }
  }

  // ------------------------------------------------------------ folders and files

  private folderByUri(uri: string): FolderCorpus | undefined {
    const f = this.folders.get(uri);
    if (f) return f;
    const path = uriToPath(uri);
    return path ? [...this.folders.values()].find((x) => x.path === path) : undefined;
  }

  /** The folder whose corpus a path belongs to: the deepest folder containing it, else one whose sources reach it. */
  /** Every training.yaml of the indexed corpora, and every open one, as the editor holds it. */
  private workspaceConfigs(): ConfigText[] {
    const snapshots = [...this.folders.values()].flatMap((f) => (f.snapshot ? [f.snapshot] : []));
    const open = new Map([...this.texts].filter(([p]) => this.scope.allows(p)));
    return workspaceConfigs(snapshots, open, nodeFs);
  }

  private folderForPath(path: string): FolderCorpus | undefined {
    let best: FolderCorpus | undefined;
    for (const f of this.folders.values()) {
      if (isUnder(path, f.path) && (!best || f.path.length > best.path.length)) best = f;
    }
    if (best && best.inCorpus(path)) return best;
    return [...this.folders.values()].find((f) => f.inCorpus(path)) ?? best;
  }

  private foldersConcerned(path: string): FolderCorpus[] {
    return [...this.folders.values()].filter((f) => f.concerns(path));
  }

  private versionOf(path: string): number | undefined {
    return this.documents.get(pathToUri(path))?.version;
  }

  private publish(path: string): void {
    this.publisher.publish(path, this.versionOf(path));
  }

  // ------------------------------------------------------------ editor documents

  private documentChanged(doc: TextDocument, delay: number): void {
    const path = uriToPath(doc.uri);
    if (!path) return;
    const kind = configKind(path);
    if (!kind) return;
    const uri = doc.uri;
    clearTimeout(this.editTimers.get(uri)?.timer);
    traceHop('edit received');
    const run = this.guard('edit', () => {
      traceHop('edit debounced');
      this.editTimers.delete(uri);
      const current = this.documents.get(uri);
      if (!current) return;
      const text = current.getText();
      // a config opened in a folder that has no `.dlm` yet (e.g. created in the editor): index once its `.dlm/` exists
      for (const f of this.folders.values()) if (f.isDormant && isUnder(path, f.path) && diskState(dirname(path)).dir) f.wake();
      this.publisher.setLocal(path, fileDiagnostics(path, text));
      if (kind === 'training.yml') { this.publish(path); return; }
      const prev = this.texts.get(path);
      this.texts.set(path, text);
      const anchor = anchorOfConfigFile(path)!;
      const folders = this.foldersConcerned(path).filter((f) => f.state !== 'tooLarge');
      if (prev === text || folders.length === 0) { this.publish(path); return; }
      // (while a folder is indexing, the change waits for the build and is applied after it)
      for (const f of folders) f.markAnchor(anchor, 0);
      if (!folders.some((f) => f.state === 'ready')) { this.publish(path); return; }
      // publish the per-file checks now unless the cross-file recompute lands first
      clearTimeout(this.graceTimers.get(path));
      this.graceTimers.set(path, setTimeout(() => { this.graceTimers.delete(path); this.publish(path); }, CROSS_GRACE_MS));
    });
    this.editTimers.set(uri, { timer: setTimeout(run, delay), run: () => void run() });
  }

  /**
   * Before a request about a corpus (dry run, insights, suggest): the folders
   * are known, its paths lie inside them (or it fails), and pending edits are applied.
   */
  private async readyForCorpusRequest(p: { documentUri?: string | null; folderUri?: string | null } | undefined): Promise<void> {
    await this.foldersAdded;
    if (p?.documentUri != null) this.scope.pathOf(p.documentUri, 'documentUri');
    if (p?.folderUri != null) this.scope.pathOf(p.folderUri, 'folderUri');
    this.flushEdits();
  }

  /** Apply debounced edits now (a dry run must see what the editor shows). */
  private flushEdits(): void {
    for (const [uri, e] of [...this.editTimers]) {
      clearTimeout(e.timer);
      this.editTimers.delete(uri);
      e.run();
    }
  }

  private documentClosed(doc: TextDocument): void {
    this.lastEditAt.delete(doc.uri);
    const path = uriToPath(doc.uri);
    if (!path || !configKind(path)) return;
    clearTimeout(this.editTimers.get(doc.uri)?.timer);
    this.editTimers.delete(doc.uri);
    const hadText = this.texts.delete(path);
    // back to what is on disk
    this.publisher.setLocal(path, fileDiagnosticsFromDisk(path));
    this.publish(path);
    const anchor = anchorOfConfigFile(path);
    if (hadText && anchor) for (const f of this.foldersConcerned(path)) f.markAnchor(anchor, 0);
  }

  /**
   * A batch of changes on disk (from the client or the server's watcher). What
   * happened to each path is read from the disk now, not from the events (they
   * come late, out of order, or coalesced): a path that exists and the index
   * already lists was changed, one it lists that is gone was deleted, one it
   * does not list that exists is new, and one that neither exists nor is listed
   * (a lock file created and deleted in between) changes nothing.
   */
  private applyChanges(batch: FileBatch): void {
    for (const root of batch.lost) this.rescan(root);
    for (const [path, hint] of batch.paths) this.fileChanged(path, hint);
  }

  /** Events under `root` were lost: re-read everything there. */
  private rescan(root: string): void {
    for (const f of this.folders.values()) {
      if (!isUnder(root, f.path) && !isUnder(f.path, root) && !f.concerns(root)) continue;
      if (f.isDormant) f.probeAgain(0);
      else if (f.state !== 'tooLarge') f.markRebuild(0);
    }
    // per-file checks of closed configs are re-read by the rebuild; drop those of configs that are gone
    for (const p of this.publisher.localPaths()) {
      if (isUnder(p, root) && !this.texts.has(p) && !diskState(p).exists) { this.publisher.setLocal(p, null); this.publish(p); }
    }
  }

  private fileChanged(path: string, hint: WatchHint): void {
    const disk = diskState(path);
    for (const f of this.folders.values()) {
      if (!f.isDormant || !isUnder(path, f.path) || !disk.exists) continue;
      // a `.dlm` appeared: start indexing; a folder appeared (moved in, checked out): look inside it
      if (isCorpusMarkerPath(path)) f.wake();
      else if (disk.dir) f.probeAgain();
    }
    const kind = configKind(path);
    // a folder over dlmWeights.maxFiles stays stopped until its settings change
    const folders = this.foldersConcerned(path).filter((f) => f.state !== 'tooLarge');
    if (kind) {
      if (!this.texts.has(path)) {
        this.publisher.setLocal(path, disk.exists ? fileDiagnosticsFromDisk(path) : null);
        this.publish(path);
      }
      // a training.yaml beside it changes the yml's message
      if (kind === 'training.yml') return;
      if (kind === 'training.yaml') {
        const yml = join(dirname(path), 'training.yml');
        if (this.publisher.hasLocal(yml)) { this.publisher.setLocal(yml, fileDiagnosticsFromDisk(yml)); this.publish(yml); }
      }
      const anchor = anchorOfConfigFile(path)!;
      for (const f of folders) f.markAnchor(anchor, 0);
      return;
    }
    if (path.endsWith('/.dlm') || path.endsWith('\\.dlm')) {
      // a `.dlm` directory appeared or went away: anchors changed (at a folder's root, maybe its document too)
      for (const f of folders) f.markRebuild();
      for (const f of folders) if (f.choiceDependsOn(path)) f.markReplan(200);
      if (disk.exists && !disk.file) return;
    }
    if (isDlmDocumentPath(path)) {
      for (const f of folders) {
        f.forgetCandidates();
        // the active document's sources may have changed; a document in the folder's own `.dlm/` may change the choice
        if (f.choiceDependsOn(path)) f.markReplan(200);
      }
    }
    for (const f of folders) {
      if (!f.inCorpus(path)) continue;
      const listed = f.listedAs(path);
      if (listed === null) {
        // no listing yet (indexing): go by the event
        if (hint === 'changed' && disk.exists) f.markFile(path, 50);
        else f.markRebuild(400);
      } else if (listed === 'file' && disk.file) {
        f.markFile(path, 50);
      } else if ((listed === 'unread' && disk.file) || (listed === 'dir' && disk.dir) || (listed === 'none' && (!disk.exists || (disk.dir && isEmptyDir(path))))) {
        // the listing holds: a change to a file the report does not read (`.git/index`), a folder's own
        // change event, something created and deleted in between (a lock file), an empty folder
      } else {
        f.markRebuild(400);
      }
    }
  }

  // ------------------------------------------------------------ results

  private snapshotReady(folder: FolderCorpus, reason: 'build' | 'update'): void {
    traceHop(`snapshot ready (${reason})`);
    // the report first: a weight edit's updated report is what the user waits to see, and a
    // dry run waiting for the index answers before the diagnostics (the cross-file checks take
    // a while on a large corpus). They follow once the report has left (a large message is
    // written while the event loop is free) and the dry runs are answered, or after
    // REPORT_FIRST_MS at most (a build's, FIRST_REPORT_DRAWN_MS after a dry run waiting
    // for it is answered); else on the next turn.
    const sent = this.subscribed.get(folder.uri)?.enabled ? this.sendReport(folder) : undefined;
    const answered = dryRunsAnswered();
    // (not for a folder removed meanwhile: its diagnostics are gone with it)
    const publish = this.guard('snapshot', () => { if (this.folders.get(folder.uri) === folder) this.publishSnapshot(folder, reason); });
    if (!sent && !answered) {
      setImmediate(publish);
      return;
    }
    let done = false;
    const then = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // (after the turn that writes a dry run's answer; a build's, once the client has drawn that answer)
      if (answered && reason === 'build') setTimeout(publish, FIRST_REPORT_DRAWN_MS);
      else setImmediate(publish);
    };
    const timer = setTimeout(then, REPORT_FIRST_MS);
    // then everything written meanwhile (the report, a dry run's answer) has left the process
    void Promise.all([sent, answered]).then(() => flushed(this.connection)).then(then, then);
  }

  /** The diagnostics and lenses of a new snapshot. */
  private publishSnapshot(folder: FolderCorpus, reason: 'build' | 'update'): void {
    // weight-line lenses read the snapshot: ask the client to fetch them again
    if (this.caps.codeLensRefresh) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    const files = folder.configFiles();
    const all = [...files.yaml, ...files.ignore, ...files.yml];
    if (reason === 'build') {
      for (const p of all) {
        if (this.texts.has(p)) continue;
        this.publisher.setLocal(p, fileDiagnosticsFromDisk(p));
      }
    }
    const touched = this.publisher.updateCross(folder);
    for (const p of all) touched.add(p);
    for (const p of this.texts.keys()) if (folder.concerns(p)) touched.add(p);
    for (const p of touched) {
      clearTimeout(this.graceTimers.get(p));
      this.graceTimers.delete(p);
      this.publish(p);
    }
    traceHop(`snapshot published (${reason})`);
  }

  /** `knownKey`: the live report the client holds (a dry run's liveKey): not sent again when it is still the snapshot's. */
  private sendReport(folder: FolderCorpus, knownKey?: string): Promise<void> | undefined {
    const snap = folder.snapshot;
    const sub = this.subscribed.get(folder.uri);
    if (!snap || !sub?.enabled) return undefined;
    // a half-typed config is not the new truth: the subscriber keeps its last report and is told why
    const stale = staleEdit({
      texts: new Map([...this.texts].filter(([p]) => folder.concerns(p))),
      diskText: (p) => diskTextOf(p),
      localDiagnostics: (p) => this.publisher.localOf(p),
    });
    if (stale && sub.base) {
      const params: ReportChangedStale = { kind: 'stale', folderUri: folder.uri, corpus: folder.corpus, path: stale.path, line: stale.line, message: stale.message };
      return this.connection.sendNotification(ReportChangedNotification, params).catch(() => undefined);
    }
    const seq = ++sub.seq;
    const { report, details } = snap;
    const base = sub.base;
    let params: ReportChangedParams;
    if (knownKey !== undefined && !stale && liveKeyOf(report) === knownKey) {
      params = { kind: 'known', folderUri: folder.uri, corpus: folder.corpus, seq, key: knownKey };
      sub.base = { report, details, corpusPath: folder.corpus.path };
    } else if (sub.patches && base && base.details === details && rowCountOf(base.report) === rowCountOf(report) && base.corpusPath === folder.corpus.path) {
      // only weights changed since the last full report: same rows, same order (see src/shared/protocol.ts)
      params = {
        kind: 'patch', folderUri: folder.uri, corpus: folder.corpus, seq, baseSeq: seq - 1,
        headJson: reportHeadJson(report), rows: rowChangesOf(report, base.report),
      };
      sub.base = { ...base, report };
    } else {
      params = {
        kind: 'full', folderUri: folder.uri, corpus: folder.corpus, seq,
        reportJson: sub.columns ? '' : reportToJson(report), details: reportDetailsJson(details, snap.index.plan.base),
        ...(sub.columns ? { reportColumns: reportColumnsOf(report) } : {}),
      };
      sub.base = { report, details, corpusPath: folder.corpus.path };
    }
    traceHop(`report ${params.kind} written`);
    const sent = this.connection.sendNotification(ReportChangedNotification, params).catch(() => undefined);
    if (tracing) void sent.then(() => flushed(this.connection)).then(() => traceHop(`report ${params.kind} sent`));
    return sent;
  }

  private sendStatus(folder: FolderCorpus): void {
    // a folder that started indexing, or a new plan, may change what must be watched
    void this.updateWatching();
    const snap = folder.snapshot;
    const params: IndexStatusParams = {
      folderUri: folder.uri, state: folder.state, corpus: folder.corpus, message: folder.stateMessage, watch: this.watching?.effectiveMode,
    };
    if (folder.state === 'ready' && snap) {
      params.totals = { ...snap.report.totals, files: snap.report.sources.reduce((n, s) => n + s.files, 0) };
      params.trainError = snap.report.trainError;
      params.documentError = snap.report.documentError;
    }
    if (folder.state === 'tooLarge' && folder.stateMessage && !this.warnedTooLarge.has(folder.uri)) {
      this.warnedTooLarge.add(folder.uri);
      void this.connection.window.showWarningMessage(folder.stateMessage);
    }
    void this.connection.sendNotification(IndexStatusNotification, params).catch(() => undefined);
  }

  private async corpora(p: CorporaParams): Promise<CorporaResult> {
    const list = p.folderUri ? [this.folderByUri(p.folderUri)].filter((f): f is FolderCorpus => !!f) : [...this.folders.values()];
    const out: CorporaResult = { folders: [] };
    for (const f of list) {
      let candidates;
      try {
        candidates = await f.listCandidates();
      } catch {
        candidates = [{ kind: 'directory' as const, path: f.path, uri: f.uri, label: '.' }];
      }
      out.folders.push({ folderUri: f.uri, name: f.name, active: f.corpus, activeReason: f.activeReason, candidates });
    }
    return out;
  }
}

const HINTS: Record<number, WatchHint> = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' };

/** What is at a path now, without following a symlink (one counts as a file: the listing keeps symlinks to files). */
function diskState(path: string): { exists: boolean; file: boolean; dir: boolean } {
  try {
    const st = lstatSync(path);
    return { exists: true, file: st.isFile() || st.isSymbolicLink(), dir: st.isDirectory() };
  } catch {
    return { exists: false, file: false, dir: false };
  }
}

function isEmptyDir(path: string): boolean {
  try { return readdirSync(path).length === 0; } catch { return false; }
}
