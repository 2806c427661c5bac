// The live report path end to end on the benchmark corpus: a weight edit in an
// open training.yaml → the language server recomputes and sends
// dlm/reportChanged (a patch) → the client applies it (src/client/liveReports)
// → the report panel's view-model update and `rows` message (what
// src/client/reportPanel.ts does) → the webview applies the message (headless
// Chromium, the real webview bundle, the real 50k-row view-model).
// For comparison, the full path the same edits took before patches: full
// reports (a subscription without `patches`), parsed and rebuilt, and a full
// re-render of the webview.
//   node --import tsx scripts/bench/live.ts [--files 50000] [--server dist/server.js]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LiveReports, type LiveReport } from '../../src/client/liveReports';
import { isHostToWebviewMessage, type HostToWebviewMessage } from '../../src/shared/view/messages';
import { sameReport } from '../../src/report/reportPatch';
import { rowUpdates } from '../../src/shared/view/rowUpdates';
import { buildViewModel, sameRowStatics, type ReportViewModel } from '../../src/report/viewModel';
import type { ReportChangedParams } from '../../src/shared/protocol';
import { buildWebviewAssets, launchBrowser, openWebview } from '../../test/report/browserHarness';
import { LspClient, uriOf } from '../../test/server/lspHarness';
import { ensureBenchCorpus, type BenchCorpus } from './corpus';
import { EDIT_BURST_GAP_MS, LONE_EDIT_DEBOUNCE_MS } from '../../src/server/editDebounce';

// each edit comes after a pause (a lone edit): its debounce is the short one
const DEBOUNCE_MS = LONE_EDIT_DEBOUNCE_MS;

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

interface Arrival {
  p: ReportChangedParams;
  at: number;
  /** LiveReports.receive: patch application (or parse of a full report) */
  receiveMs: number;
  live: LiveReport | undefined;
}

export interface LiveFigures {
  rows: number;
  edits: number;
  patch: {
    /** edit → patch received by the client (server recompute, diagnostics, serialisation, transfer), after the debounce */
    serverMs: number[];
    patchBytes: number;
    applyMs: number[];
    /** the panel's no-change check, view-model fast path, rows message (diff, validation) */
    viewModelMs: number[];
    messageBytes: number;
    /** the webview: message delivered (structured clone), validated, applied, next frame */
    webviewMs: number[];
    totalMs: number[];
  };
  full: {
    serverMs: number[];
    reportBytes: number;
    parseMs: number[];
    viewModelMs: number[];
    messageBytes: number;
    webviewMs: number[];
    totalMs: number[];
  };
}

// In-page timing of one message: postMessage → the webview's handler (registered
// first, so a listener added now runs right after it) → the next frame painted.
const PAGE_TIMER = `
window.__timeMessage = (msg) => new Promise((resolve) => {
  const t0 = performance.now();
  window.addEventListener('message', () => {
    const handled = performance.now();
    requestAnimationFrame(() => setTimeout(() => resolve({ handler: handled - t0, frame: performance.now() - t0 }), 0));
  }, { once: true });
  window.postMessage(msg, '*');
});`;

async function timeInPage(page: Page, msg: HostToWebviewMessage): Promise<number> {
  // hand the message over first (CDP transfer is not part of the figure)
  await page.evaluate((m) => { (window as unknown as { __msg: unknown }).__msg = m; }, msg);
  const r = await page.evaluate('window.__timeMessage(window.__msg)') as { handler: number; frame: number };
  return r.frame;
}

export async function benchLive(serverJs: string, corpus: BenchCorpus, opts: { edits?: number; fullEdits?: number; global?: boolean; log?: (m: string) => void } = {}): Promise<LiveFigures> {
  const edits = opts.edits ?? 7;
  const fullEdits = opts.fullEdits ?? 3;
  const log = opts.log ?? (() => undefined);
  const c = LspClient.start(serverJs);
  const live = new LiveReports();
  const arrivals: Arrival[] = [];
  c.onReport = (p) => {
    const at = performance.now();
    const o = live.receive(p);
    arrivals.push({ p, at, receiveMs: performance.now() - at, live: o.kind === 'report' ? o.live : undefined });
  };
  const folderUri = uriOf(corpus.root);
  try {
    await c.initialize([corpus.root]);
    await c.indexed(corpus.root, 300_000);
    // --global: the root config's weight, which every row carries (every row's numbers change)
    const file = join(opts.global ? corpus.root : corpus.weightAnchor, '.dlm', 'training.yaml');
    const text = readFileSync(file, 'utf8');

    const settle = async (): Promise<void> => {
      // until no report came for a second
      for (let n = -1; n !== arrivals.length;) {
        n = arrivals.length;
        await new Promise((r) => setTimeout(r, 1000));
      }
    };
    const edit = async (i: number): Promise<Arrival> => {
      const n = arrivals.length;
      const edited = text.replace(/(^\s+(?:t\d+|bench): )([\d.]+)/m, (_m, a: string, w: string) => `${a}${(Number(w) + 0.1 * i).toFixed(2)}`);
      await new Promise((r) => setTimeout(r, EDIT_BURST_GAP_MS + 100));
      const t0 = performance.now();
      c.change(file, edited);
      const a = await c.until(`live report after edit ${i}`, () => arrivals[n], 60_000);
      (a as Arrival & { sent: number }).sent = t0;
      return a;
    };
    const serverMsOf = (a: Arrival): number => a.at - (a as Arrival & { sent: number }).sent - DEBOUNCE_MS;

    // ---------------------------------------------------------------- patch path
    await c.request('dlm/subscribeReport', { folderUri, enabled: true, patches: true });
    await c.until('the first live report', () => arrivals.length > 0 || undefined, 60_000);
    // the config open in the editor, as the user has it (opening recomputes once)
    const opened = arrivals.length;
    c.open(file, text);
    await c.until('the report after opening the config', () => arrivals.length > opened || undefined, 60_000);
    await settle();
    let cur = live.get(folderUri)!;
    const rows = cur.held.report.rows.length;
    log(`live: ${rows} rows; ${edits} weight edits with patches…`);
    let vm = buildViewModel(cur.held.report, cur.details);
    const vm0 = vm;
    const rowsMessages: HostToWebviewMessage[] = [];
    const patch: LiveFigures['patch'] = { serverMs: [], patchBytes: 0, applyMs: [], viewModelMs: [], messageBytes: 0, webviewMs: [], totalMs: [] };
    for (let i = 1; i <= edits; i++) {
      const a = await edit(i);
      if (a.p.kind !== 'patch' || !a.live) throw new Error(`edit ${i}: expected a patch, got ${a.p.kind}`);
      patch.serverMs.push(serverMsOf(a));
      patch.applyMs.push(a.receiveMs);
      patch.patchBytes = JSON.stringify(a.p).length;
      // what the report panel does with it (src/client/reportPanel.ts update → postUpdate)
      const t = performance.now();
      if (sameReport(cur.held.report, a.live.held.report)) throw new Error(`edit ${i} changed nothing`);
      const next = buildViewModel(a.live.held.report, a.live.details, cur.held.report, vm);
      if (!sameRowStatics(next, vm)) throw new Error('the view-model fast path did not apply');
      const msg: HostToWebviewMessage = { type: 'rows', base: 1, vm: { ...next, rows: [] }, rows: rowUpdates(vm.rows, next.rows) };
      if (!isHostToWebviewMessage(msg)) throw new Error('invalid rows message');
      patch.viewModelMs.push(performance.now() - t);
      patch.messageBytes = JSON.stringify(msg).length;
      rowsMessages.push(msg);
      cur = a.live;
      vm = next;
      // keep only what the extension keeps (the last report and view-model), so GC works as it would there
      a.live = undefined;
      (a as { p?: unknown }).p = undefined;
      await settle();
    }
    const lastPatched = cur;

    // ---------------------------------------------------------------- full path (before patches)
    const full: LiveFigures['full'] = { serverMs: [], reportBytes: 0, parseMs: [], viewModelMs: [], messageBytes: 0, webviewMs: [], totalMs: [] };
    const fullVms: ReportViewModel[] = [];
    if (fullEdits > 0) {
      log(`live: ${fullEdits} weight edits with full reports…`);
      await c.request('dlm/subscribeReport', { folderUri, enabled: true, patches: false });
      await settle();
      let prev = live.get(folderUri)!.held.report;
      for (let i = 1; i <= fullEdits; i++) {
        const a = await edit(edits + i);
        if (a.p.kind !== 'full' || !a.live) throw new Error(`edit ${i}: expected a full report`);
        full.serverMs.push(serverMsOf(a));
        full.parseMs.push(a.receiveMs);
        full.reportBytes = a.p.reportJson.length;
        const t = performance.now();
        const v = buildViewModel(a.live.held.report, a.live.details, prev);
        const msg: HostToWebviewMessage = { type: 'report', vm: v, id: 2 + i };
        if (!isHostToWebviewMessage(msg)) throw new Error('invalid report message');
        full.viewModelMs.push(performance.now() - t);
        full.messageBytes = JSON.stringify(msg).length;
        fullVms.push(v);
        prev = a.live.held.report;
        a.live = undefined;
        (a as { p?: unknown }).p = undefined;
        await settle();
      }
    }
    void lastPatched;
    await c.request('dlm/subscribeReport', { folderUri, enabled: false });

    // ---------------------------------------------------------------- the webview
    log('live: webview updates in headless Chromium…');
    const browser = await launchBrowser();
    try {
      const assets = await buildWebviewAssets();
      const { page, problems } = await openWebview(browser, assets, 'bench-live');
      await page.evaluate(PAGE_TIMER);
      await timeInPage(page, { type: 'report', vm: vm0, id: 1 });
      for (const msg of rowsMessages) patch.webviewMs.push(await timeInPage(page, msg));
      for (const [i, v] of fullVms.entries()) full.webviewMs.push(await timeInPage(page, { type: 'report', vm: v, id: 2 + i }));
      // the page must show the last numbers
      if (problems.errors.length) throw new Error(`webview errors: ${problems.errors.join('; ')}`);
      await page.context().close();
    } finally {
      await browser.close();
    }
    for (let i = 0; i < edits; i++) patch.totalMs.push(patch.serverMs[i]! + patch.applyMs[i]! + patch.viewModelMs[i]! + patch.webviewMs[i]!);
    for (let i = 0; i < fullEdits; i++) full.totalMs.push(full.serverMs[i]! + full.parseMs[i]! + full.viewModelMs[i]! + full.webviewMs[i]!);
    return { rows, edits, patch, full };
  } finally {
    await c.stop();
  }
}

const ms = (xs: number[]): string => `${median(xs).toFixed(0)} ms`;
const mb = (n: number): string => `${(n / 2 ** 20).toFixed(n < 2 ** 20 ? 2 : 1)} MB`;

export function formatLive(f: LiveFigures, files: number): string[] {
  const p = f.patch;
  const q = f.full;
  return [
    `live report, ${files} files (${f.rows} rows), weight edit → open report updated, median of ${f.edits} edits (after the ${DEBOUNCE_MS} ms debounce): ` +
      `${ms(p.totalMs)} (max ${Math.max(...p.totalMs).toFixed(0)} ms) = server → patch received ${ms(p.serverMs)} (${mb(p.patchBytes)}) + ` +
      `apply patch ${ms(p.applyMs)} + view-model and rows message ${ms(p.viewModelMs)} (${mb(p.messageBytes)}) + webview update ${ms(p.webviewMs)}`,
    ...(q.totalMs.length ? [
      `  full reports instead (the path before patches), median of ${q.totalMs.length}: ${ms(q.totalMs)} = server → report received ${ms(q.serverMs)} (${mb(q.reportBytes)}) + ` +
        `parse ${ms(q.parseMs)} + view-model ${ms(q.viewModelMs)} (${mb(q.messageBytes)}) + webview render ${ms(q.webviewMs)}`,
    ] : []),
  ];
}

if (process.argv[1] && /bench[\\/]live\.ts$/.test(process.argv[1])) {
  void (async () => {
    const arg = (name: string) => {
      const i = process.argv.indexOf(name);
      return i === -1 ? undefined : process.argv[i + 1];
    };
    const files = Number(arg('--files') ?? 50000);
    let server = arg('--server');
    if (!server) {
      spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
      server = 'dist/server.js';
    }
    const corpus = ensureBenchCorpus(files);
    const f = await benchLive(server, corpus, { edits: Number(arg('--edits') ?? 7), global: process.argv.includes('--global'), log: (m) => console.error(m) });
    for (const line of formatLive(f, files)) console.log(line);
    if (process.argv.includes('--verbose')) {
      for (let i = 0; i < f.edits; i++) {
        const p = f.patch;
        console.log(`  edit ${i + 1}: server ${p.serverMs[i]!.toFixed(0)} apply ${p.applyMs[i]!.toFixed(0)} view-model ${p.viewModelMs[i]!.toFixed(0)} webview ${p.webviewMs[i]!.toFixed(0)} = ${p.totalMs[i]!.toFixed(0)} ms`);
      }
    }
    process.exit(0);
  })().catch((e) => { console.error(e); process.exit(1); });
}
