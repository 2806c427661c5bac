// The report panel: one reused webview showing the view-model of the last dry
// run, refreshed live (via dlm/subscribeReport) while it is visible. A live
// update whose rows stayed the same (only weights changed) is posted as a
// `rows` message: the webview keeps its rows and takes their new numbers.
import * as vscode from 'vscode';
import { createNonce, webviewHtml, type WebviewHtmlOptions } from '../report/html';
import { sameReport } from '../report/reportPatch';
import { buildViewModel, sameRowStatics, type ReportViewModel } from '../report/viewModel';
import type { CorpusRef, ExplainAnswer, ExplainParams } from '../shared/protocol';
import type { DryRunReport, ReportDetailsJson } from '../shared/reportModel';
import { isHostToWebviewMessage, isWebviewToHostMessage, KEPT_PARTS, type ExplainMessage, type ExportFormat, type HostToWebviewMessage, type KeptPart, type MoreRowsMessage } from '../shared/view/messages';
import { rowColumnsOf, rowColumnsSlice } from '../shared/view/rowColumns';

/** Rows sent with a whole report before the others: more than any first screen shows. */
const FIRST_ROWS = 400;
import { rowUpdates } from '../shared/view/rowUpdates';
import { traceHop } from './hopTrace';
import { webviewAssets } from './webviewAssets';
import type { HeldReport } from './liveReports';
import { isDlmEditorFile } from './statusBar';
import type { MixVM, SinceVM } from '../shared/view/insightsTypes';

/** The second pass over the report on screen (mix, since-last-run), as far as it has come. */
export interface ShownInsights {
  mix: MixVM | null;
  since: SinceVM | null;
}

/** Whether a dlm config or document has unsaved edits (the report then differs from the saved state). */
function hasUnsavedConfig(): boolean {
  return vscode.workspace.textDocuments.some((d) => d.isDirty && isDlmEditorFile(d.uri));
}

export const REPORT_VIEW_TYPE = 'dlmWeights.report';

export interface ShownReport {
  folderUri: string;
  corpus: CorpusRef;
  /** The report and (lazily) its contract JSON. */
  held: HeldReport;
  details: ReportDetailsJson;
  /** The server's name for it when it is the folder's live report (DryRunResult.liveKey). */
  liveKey?: string;
}

/** Same contract JSON, compared without writing it when it is not at hand. */
export function sameHeldReport(a: HeldReport, b: HeldReport): boolean {
  if (a === b) return true;
  const ja = a.knownJson;
  const jb = b.knownJson;
  if (ja !== undefined && jb !== undefined) return ja === jb;
  return sameReport(a.report, b.report);
}

export interface ReportPanelHost {
  extensionUri: vscode.Uri;
  subscribe(folderUri: string, enabled: boolean): void;
  exportReport(format: ExportFormat): void;
  rerun(folderUri: string | undefined): void;
  /** dlm/explain to the language server. */
  explain(params: ExplainParams): Promise<ExplainAnswer>;
  log(message: string): void;
  /** The report on screen changed (a dry run, a live update, or none after close). */
  onReport?(r: ShownReport | undefined): void;
  /** A report is shown (new or updated): count its mix and compare it with the store. */
  wantInsights?(r: ShownReport): void;
  /** The reader asked to stop counting. */
  stopCounting?(): void;
}

export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelSubs: vscode.Disposable[] = [];
  private subscribedFolder: string | undefined;
  current: ShownReport | undefined;
  /**
   * What the deltas compare with: the last report computed while no dlm
   * config had unsaved edits ('saved'), or one the user pinned ('pinned').
   */
  private baseline: { report: DryRunReport; kind: 'saved' | 'pinned' } | undefined;
  /** Set while an edited config does not load: the panel keeps the last valid report and says so. */
  private stale: { path: string; line: number; message: string } | null = null;
  /** The view-model the webview was last sent, and the id of the `report` message its rows came with. */
  private posted: { id: number; vm: ReportViewModel } | undefined;
  private nextId = 1;
  /** What the second pass gave for the report on screen (kept across live updates until the next arrives). */
  insights: ShownInsights | undefined;
  /** Whole reports posted to the webview (the tests check that re-showing the panel posts none). */
  renders = 0;
  /** Reports and live updates the webview said it drew (the bench times edit → drawn). */
  drawn = 0;
  /** The id of the last report the webview said is on screen. */
  private shownId = 0;
  /**
   * Whether the panel's webview has loaded (said `ready`). Until then messages
   * wait in `unsent` and go in order at `ready`: a report posted to a webview
   * still loading is sent once, not again when it says `ready`.
   */
  private webviewReady = false;
  private unsent: HostToWebviewMessage[] = [];
  /**
   * The rows past the first screen of the last report posted: sent once the
   * webview says it drew the first ones. Megabytes in flight through VS Code's
   * message relay would otherwise hold up the report's way there and the
   * webview's `shown` on its way back.
   */
  private otherRows: MoreRowsMessage | undefined;
  /**
   * Set while a dry run opened the panel ahead of its report (prepare): the
   * webview loads meanwhile and shows the run's progress, not an older report.
   */
  private prepared: { created: boolean } | undefined;
  /** The last view-model built for a whole report, reused when the same report is shown again. */
  private lastBuilt: { held: HeldReport; details: ReportDetailsJson; compared: DryRunReport | undefined; vm: ReportViewModel } | undefined;
  /** A report shown or updated whose second pass (insights) starts once the webview has drawn it. */
  private insightsAfterDrawn: ShownReport | undefined;
  /** Callers waiting for the webview to draw more than a count of reports (whenDrawn). */
  private readonly drawnWaiters: Array<{ after: number; resolve: (drawn: number) => void }> = [];
  /** Callers waiting for a report id to be on screen. */
  private readonly shownWaiters = new Map<number, () => void>();

  constructor(private readonly host: ReportPanelHost) {}

  /**
   * Show a finished dry run (a fresh one: no deltas). Resolves once the
   * webview says it is on screen, or the panel closed, or a newer report
   * replaced it before that.
   */
  show(r: ShownReport, preserveFocus = false): Promise<void> {
    this.prepared = undefined;
    const cur = this.current;
    if (this.panel && cur && this.onScreen && !this.comparedWith && !this.stale && cur.folderUri === r.folderUri && cur.corpus.path === r.corpus.path && sameHeldReport(cur.held, r.held)) {
      // the same report is on screen with nothing to compare: drawing it again would change nothing
      this.panel.reveal(undefined, preserveFocus);
      return Promise.resolve();
    }
    this.baseline = { report: r.held.report, kind: 'saved' };
    this.stale = null;
    if (this.current?.corpus.path !== r.corpus.path) this.insights = undefined;
    this.current = r;
    this.host.onReport?.(r);
    this.ensurePanel(preserveFocus);
    this.postLiveState();
    const id = this.postReport('show');
    this.syncSubscription();
    this.wantInsightsOnceDrawn(r, id !== undefined);
    if (id === undefined) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.settleShownWaiters();
      this.shownWaiters.set(id, resolve);
    });
  }

  /** Resolves once the webview said it drew more than `after` reports and live updates. */
  whenDrawn(after: number): Promise<number> {
    if (this.drawn > after) return Promise.resolve(this.drawn);
    return new Promise((resolve) => this.drawnWaiters.push({ after, resolve }));
  }

  /**
   * The second pass (token counts, since-last-run) of `r` starts after the
   * webview has drawn it, so it does not compete with the drawing.
   */
  private wantInsightsOnceDrawn(r: ShownReport, drawing: boolean): void {
    if (!drawing) {
      this.insightsAfterDrawn = undefined;
      this.host.wantInsights?.(r);
    } else this.insightsAfterDrawn = r;
  }

  /**
   * Opens the panel for a dry run that has started, so that its webview loads
   * while the server works: it shows the run's progress until show().
   */
  prepare(preserveFocus = false): void {
    const created = !this.panel;
    this.prepared = { created: created || this.prepared?.created === true };
    this.ensurePanel(preserveFocus);
    if (created) this.progress('starting');
  }

  /** The run prepare() opened the panel for ended with nothing to show: a panel it created goes. */
  unprepare(): void {
    const p = this.prepared;
    this.prepared = undefined;
    if (p?.created) this.disposePanel();
  }

  /** Whether the webview has drawn the last whole report posted to it. */
  get onScreen(): boolean {
    return !!this.panel && !!this.posted && this.shownId >= this.posted.id;
  }

  /** Whether a panel is open (visible or not). */
  get isOpen(): boolean {
    return !!this.panel;
  }

  /** Close the panel (a run cancelled while its report was being drawn). */
  close(): void {
    this.disposePanel();
    this.current = undefined;
    this.host.onReport?.(undefined);
    this.syncSubscription();
  }

  /** The second pass for `r` (partial while counting): shown when `r` is still the report on screen. */
  setInsights(r: ShownReport, insights: ShownInsights): void {
    if (this.current !== r) return;
    this.insights = insights;
    if (this.posted) {
      this.withInsights(this.posted.vm);
      this.post({ type: 'insights', base: this.posted.id, mix: insights.mix, since: insights.since });
    }
  }

  private settleShownWaiters(): void {
    for (const w of this.shownWaiters.values()) w();
    this.shownWaiters.clear();
  }

  /** A live update for the folder on screen: show it with deltas against the baseline. False: not the corpus on screen. */
  update(r: ShownReport): boolean {
    const cur = this.current;
    if (!cur || cur.folderUri !== r.folderUri || cur.corpus.path !== r.corpus.path) return false;
    const wasStale = this.stale !== null;
    this.stale = null;
    const rebased = this.baseline?.kind !== 'pinned' && !hasUnsavedConfig();
    if (sameHeldReport(cur.held, r.held)) {
      if (rebased && this.baseline?.report !== cur.held.report) this.rebase();
      else if (wasStale) this.postLiveState();
      return true;
    }
    if (rebased) this.baseline = { report: r.held.report, kind: 'saved' };
    this.current = r;
    this.host.onReport?.(r);
    this.postUpdate('live update');
    this.wantInsightsOnceDrawn(r, this.panel !== undefined);
    this.postLiveState();
    return true;
  }

  /** The server kept the last report: an edited config does not load. */
  markStale(folderUri: string, info: { path: string; line: number; message: string }): void {
    if (!this.current || this.current.folderUri !== folderUri) return;
    this.stale = info;
    this.postLiveState();
  }

  /** Compare with the report on screen from now on (`dlmWeights.pinBaseline`), or back to the last saved state. */
  pinBaseline(pin: boolean): void {
    if (!this.current) return;
    if (pin) this.baseline = { report: this.current.held.report, kind: 'pinned' };
    else this.baseline = hasUnsavedConfig() && this.baseline ? { ...this.baseline, kind: 'saved' } : { report: this.current.held.report, kind: 'saved' };
    // the rows stay: only the deltas change
    this.postUpdate('baseline pinned');
    this.postLiveState();
  }

  /** Every config saved: the report on screen is the saved state, the new baseline. */
  private rebase(): void {
    if (!this.current || this.baseline?.kind === 'pinned') return;
    this.baseline = { report: this.current.held.report, kind: 'saved' };
    // the rows stay: only the deltas change
    this.postUpdate('rebased');
    this.postLiveState();
  }

  /** After a save: the baseline follows when no dlm config is left unsaved. */
  configSaved(): void {
    if (this.current && this.baseline?.kind !== 'pinned' && !hasUnsavedConfig() && this.baseline?.report !== this.current.held.report) this.rebase();
  }

  private get comparedWith(): DryRunReport | undefined {
    const b = this.baseline?.report;
    return b && b !== this.current?.held.report ? b : undefined;
  }

  private postLiveState(): void {
    if (!this.current) return;
    const stale = this.stale && {
      file: vscode.workspace.asRelativePath(this.stale.path, true) || this.stale.path,
      line: this.stale.line + 1,
      message: this.stale.message,
    };
    this.post({ type: 'liveState', stale, baseline: this.baseline?.kind ?? 'saved' });
  }

  /** Whether the panel is subscribed to live reports of this folder. */
  isSubscribed(folderUri: string): boolean {
    return this.subscribedFolder === folderUri;
  }

  get visible(): boolean {
    return !!this.panel?.visible;
  }

  reveal(): boolean {
    if (!this.panel) return false;
    this.panel.reveal();
    return true;
  }

  progress(message: string, done?: number, total?: number): void {
    this.post(done === undefined ? { type: 'progress', message } : { type: 'progress', message, done, total });
  }

  error(message: string): void {
    this.post({ type: 'error', message });
  }

  /** Adopt a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel): void {
    this.disposePanel();
    this.panel = panel;
    this.posted = undefined;
    this.setUp(panel);
  }

  private ensurePanel(preserveFocus: boolean): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'dlm dry run', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, {
      enableScripts: true,
      // hiding and re-showing the panel keeps its state (scroll, filters, opened lists): no re-render
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(this.host.extensionUri, 'dist')],
    });
    this.panel = panel;
    this.setUp(panel);
  }

  private setUp(panel: vscode.WebviewPanel): void {
    this.webviewReady = false;
    this.unsent = [];
    this.otherRows = undefined;
    const dist = vscode.Uri.joinPath(this.host.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    let assets: WebviewHtmlOptions['assets'];
    try {
      assets = webviewAssets(dist.fsPath);
    } catch {
      // unreadable here (a file system other than the disk?): by URI, as VS Code serves them
      assets = {
        scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
        styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      };
    }
    panel.webview.html = webviewHtml({ cspSource: panel.webview.cspSource, nonce: createNonce(), assets });
    this.panelSubs.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.received(m)),
      panel.onDidChangeViewState(() => this.syncSubscription()),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.posted = undefined;
        for (const s of this.panelSubs.splice(0)) s.dispose();
        this.settleShownWaiters();
        this.syncSubscription();
      }),
    );
  }

  private received(m: unknown): void {
    if (!isWebviewToHostMessage(m)) {
      this.host.log('dlm: ignored a webview message of unexpected shape');
      return;
    }
    switch (m.type) {
      case 'ready': {
        traceHop('webview ready');
        const first = !this.webviewReady;
        this.webviewReady = true;
        const unsent = this.unsent.splice(0);
        // a webview that just loaded gets what was posted meanwhile, a report only once
        if ((first && unsent.some((msg) => msg.type === 'report')) || this.prepared) {
          // (opened for a run: its progress, then its report, not the report held from before)
          for (const msg of unsent) this.post(msg);
        } else if (this.current) {
          // a webview that reloaded, or lost track of the report (a `rows` update it could not apply)
          this.postReport('ready');
          this.postLiveState();
        } else {
          for (const msg of unsent) this.post(msg);
          this.host.rerun(undefined);
        }
        break;
      }
      case 'openFile':
        void this.openFile(m.path, m.line);
        break;
      case 'export':
        this.host.exportReport(m.format);
        break;
      case 'rerun':
        this.host.rerun(this.current?.folderUri);
        break;
      case 'stopCounting':
        this.host.stopCounting?.();
        break;
      case 'explain':
        void this.explain(m);
        break;
      case 'pinBaseline':
        this.pinBaseline(m.pin);
        break;
      case 'shown':
        if (m.timing) {
          traceHop(`webview received ${m.id}`, m.timing.received);
          traceHop(`webview drawn ${m.id}`, m.timing.drawn);
        }
        this.post({ type: 'seen', id: m.id });
        this.sendOtherRows(m.id);
        // drawn from its first rows, but final only with the others (a sorted or filtered table)
        if (m.firstRows) break;
        traceHop(`shown ${m.id}`);
        this.drawn++;
        if (this.insightsAfterDrawn && this.insightsAfterDrawn === this.current && this.posted && m.id >= this.posted.id) {
          const r = this.insightsAfterDrawn;
          this.insightsAfterDrawn = undefined;
          this.host.wantInsights?.(r);
        }
        for (let i = this.drawnWaiters.length - 1; i >= 0; i--) {
          const w = this.drawnWaiters[i]!;
          if (this.drawn > w.after) { this.drawnWaiters.splice(i, 1); w.resolve(this.drawn); }
        }
        this.shownId = Math.max(this.shownId, m.id);
        // waiters end once the latest report posted is drawn (a new webview is sent it again on `ready`)
        if (this.onScreen) this.settleShownWaiters();
        break;
    }
  }

  /** "Why?" about the report on screen: the server answers only for that report (same corpus, seed and row). */
  private async explain(m: ExplainMessage): Promise<void> {
    const cur = this.current;
    let answer: ExplainAnswer;
    if (!cur) answer = { unavailable: 'No report is shown.' };
    else {
      const report = cur.held.report;
      let target: ExplainParams['target'];
      if (m.target.kind === 'row') {
        const row = report.rows[m.target.row];
        if (!row) { this.post({ type: 'explanation', id: m.id, answer: { unavailable: 'No such row.' } }); return; }
        target = { kind: 'row', row: m.target.row, origin: row.origin, sectionId: row.sectionId };
      } else target = m.target;
      const seed = report.seed === null ? {} : { seed: String(report.seed) };
      try {
        answer = await this.host.explain({ folderUri: cur.folderUri, corpusPath: cur.corpus.path, ...seed, target });
      } catch (e) {
        answer = { unavailable: `The language server could not explain it: ${(e as Error)?.message ?? e}` };
      }
    }
    this.post({ type: 'explanation', id: m.id, answer });
  }

  private async openFile(path: string, line?: number): Promise<void> {
    const root = this.current?.details.root;
    const uri = /^([/\\]|[A-Za-z]:[/\\])/.test(path) || !root ? vscode.Uri.file(path) : vscode.Uri.joinPath(vscode.Uri.file(root), path);
    try {
      const pos = new vscode.Position(line ?? 0, 0);
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
    } catch (e) {
      void vscode.window.showWarningMessage(`dlm: cannot open ${path}: ${(e as Error)?.message ?? e}`);
    }
  }

  /** The whole view-model (a new dry run, or a webview that (re)loaded or lost track). */
  private postReport(why: string, vm?: ReportViewModel): number | undefined {
    const cur = this.current;
    if (!cur) return undefined;
    try {
      if (!vm) {
        const compared = this.comparedWith;
        const last = this.lastBuilt;
        // the same report shown again (a dry run of an unchanged corpus): its view-model is at hand
        vm = last && last.held === cur.held && last.details === cur.details && last.compared === compared ? last.vm
          : buildViewModel(cur.held.report, cur.details, compared);
        this.lastBuilt = { held: cur.held, details: cur.details, compared, vm };
        vm = this.withInsights(vm);
      }
      const id = this.nextId++;
      traceHop(`view model built ${id} (${why})`);
      this.posted = this.panel ? { id, vm } : undefined;
      if (this.panel) this.renders++;
      // the rows as columns: far less to copy through the webview's message channel than 50k row
      // objects; the first screen's rows first, drawn at once, the others right after
      const cols = rowColumnsOf(vm.rows);
      const n = vm.rows.length;
      this.otherRows = undefined;
      if (n <= FIRST_ROWS) this.post({ type: 'report', vm: { ...vm, rows: [] }, id, rowColumns: cols });
      else {
        this.post({ type: 'report', vm: { ...vm, rows: [] }, id, rowColumns: rowColumnsSlice(cols, 0, FIRST_ROWS), rowsTotal: n });
        if (this.panel) this.otherRows = { type: 'moreRows', base: id, from: FIRST_ROWS, rowColumns: rowColumnsSlice(cols, FIRST_ROWS, n) };
      }
      traceHop(`report posted ${id}`);
      return this.panel ? id : undefined;
    } catch (e) {
      this.posted = undefined;
      this.host.log(`dlm: building the report view failed: ${(e as Error)?.stack ?? e}`);
      this.error(`The report could not be shown: ${(e as Error)?.message ?? e}`);
      return undefined;
    }
  }

  /**
   * A live update: the view-model is built from the one on screen (fast when
   * the rows are the same) and, when the rows are the same, only their new
   * numbers and the small parts go to the webview.
   */
  private postUpdate(why: string): void {
    const cur = this.current;
    const base = this.posted;
    if (!cur) return;
    if (!base || !this.panel) {
      this.postReport('update without a base');
      return;
    }
    let vm: ReportViewModel;
    try {
      vm = this.withInsights(buildViewModel(cur.held.report, cur.details, this.comparedWith, base.vm));
    } catch (e) {
      this.posted = undefined;
      this.host.log(`dlm: building the report view failed: ${(e as Error)?.stack ?? e}`);
      this.error(`The report could not be shown: ${(e as Error)?.message ?? e}`);
      return;
    }
    traceHop(`view model updated (${why})`);
    if (!sameRowStatics(vm, base.vm)) {
      this.postReport('update with other rows', vm);
      return;
    }
    this.posted = { id: base.id, vm };
    // large parts the webview already shows stay out of the message
    const head: ReportViewModel = { ...vm, rows: [] };
    const same: KeptPart[] = [];
    for (const k of KEPT_PARTS) {
      if (vm[k] === base.vm[k] || JSON.stringify(vm[k]) === JSON.stringify(base.vm[k])) {
        same.push(k);
        (head[k] as unknown[]) = [];
      }
    }
    this.post({ type: 'rows', base: base.id, vm: head, rows: rowUpdates(base.vm.rows, vm.rows), ...(same.length ? { same } : {}) });
    traceHop(`rows posted ${base.id}`);
  }

  /**
   * Adds the mix and since-last-run known so far to `vm`, in place: the
   * view-model builder keys its fast-path state by the object.
   */
  withInsights(vm: ReportViewModel): ReportViewModel {
    if (this.insights) {
      vm.mix = this.insights.mix;
      vm.since = this.insights.since;
    }
    return vm;
  }

  /** The other rows of report `id`, once its first ones are drawn. */
  private sendOtherRows(id: number): void {
    const more = this.otherRows;
    if (!more || more.base !== id) return;
    this.otherRows = undefined;
    this.post(more);
  }

  private post(msg: HostToWebviewMessage): void {
    if (!this.panel) return;
    // an update of the report's rows needs all of them there
    if (msg.type === 'rows' && this.otherRows?.base === msg.base) this.sendOtherRows(msg.base);
    if (!isHostToWebviewMessage(msg)) {
      this.host.log(`dlm: refused to post a ${(msg as { type: string }).type} message of unexpected shape`);
      return;
    }
    if (!this.webviewReady) {
      // a newer whole report makes the older ones (and their updates) moot
      if (msg.type === 'report') this.unsent = this.unsent.filter((m) => m.type !== 'report' && m.type !== 'moreRows' && m.type !== 'rows' && m.type !== 'insights');
      this.unsent.push(msg);
      return;
    }
    void this.panel.webview.postMessage(msg);
  }

  /** Subscribe to live updates of the shown folder while the panel is visible. */
  private syncSubscription(): void {
    const want = this.panel?.visible && this.current ? this.current.folderUri : undefined;
    if (want === this.subscribedFolder) return;
    if (this.subscribedFolder) this.host.subscribe(this.subscribedFolder, false);
    if (want) this.host.subscribe(want, true);
    this.subscribedFolder = want;
  }

  private disposePanel(): void {
    this.settleShownWaiters();
    for (const s of this.panelSubs.splice(0)) s.dispose();
    this.panel?.dispose();
    this.panel = undefined;
    this.posted = undefined;
  }

  dispose(): void {
    this.disposePanel();
    this.syncSubscription();
  }
}
