// Language-server figures on the benchmark corpus, measured over real stdio
// JSON-RPC with the protocol tests' client: time to a ready index, hover
// latency, edit → diagnostics and edit → live report latency.
import { readFileSync } from 'node:fs';
// weight edits: as an editor sends them, each a new version of the open config
import { join } from 'node:path';
import { LspClient, uriOf } from '../../test/server/lspHarness';

// each edit comes after a pause (a lone edit): its debounce is the short one
import { EDIT_BURST_GAP_MS, LONE_EDIT_DEBOUNCE_MS } from '../../src/server/editDebounce';
const DEBOUNCE_MS = LONE_EDIT_DEBOUNCE_MS;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Start to index ready (the folder's status no longer "indexing"), one fresh
 * server; and start to the first diagnostics published (the cross-file checks
 * follow the ready status).
 */
export async function serverReady(serverJs: string, root: string): Promise<{ readyMs: number; diagnosticsMs: number }> {
  const c = LspClient.start(serverJs);
  try {
    const t0 = performance.now();
    await c.initialize([root]);
    await c.indexed(root, 300_000);
    const readyMs = performance.now() - t0;
    await c.until('the first diagnostics', () => c.diagnostics.size > 0 || undefined, 300_000);
    return { readyMs, diagnosticsMs: performance.now() - t0 };
  } finally {
    await c.stop();
  }
}

export async function serverReadyMs(serverJs: string, root: string): Promise<number> {
  return (await serverReady(serverJs, root)).readyMs;
}

export async function benchServer(serverJs: string, root: string, anchor: string): Promise<Record<string, number>> {
  const c = LspClient.start(serverJs);
  try {
    const t0 = performance.now();
    await c.initialize([root]);
    await c.indexed(root, 120_000);
    const readyMs = performance.now() - t0;

    const file = join(anchor, '.dlm', 'training.yaml');
    const text = readFileSync(file, 'utf8');
    c.open(file, text);
    await c.diagnosticsFor(file, () => true, 10_000);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => /^\s+t\d+: /.test(l));
    const character = lines[line]!.indexOf(':') + 3;
    const hovers: number[] = [];
    for (let i = 0; i < 20; i++) {
      const a = performance.now();
      await c.request('textDocument/hover', { textDocument: { uri: uriOf(file) }, position: { line, character } });
      hovers.push(performance.now() - a);
    }

    // as the VS Code client subscribes: weights edits come as patches
    await c.request('dlm/subscribeReport', { folderUri: uriOf(root), enabled: true, patches: true });
    const diag: number[] = [];
    const live: number[] = [];
    for (let i = 1; i <= 7; i++) {
      const publishes = () => c.diagnostics.get(uriOf(file));
      const before = publishes();
      const reports = c.reports.length;
      // every other edit sets the weight to 0 (a weight-drops-rows warning): each edit changes the
      // file's diagnostics, so each is published (the server publishes only what changed)
      const edited = text.replace(/(^\s+t\d+: )([\d.]+)/m, (_m, a: string, w: string) => `${a}${i % 2 ? '0' : (Number(w) + 0.1 * i).toFixed(2)}`);
      await new Promise((r) => setTimeout(r, EDIT_BURST_GAP_MS + 100));
      const a = performance.now();
      c.change(file, edited);
      await c.until('diagnostics after the edit', () => publishes() !== before || undefined, 10_000);
      diag.push(performance.now() - a - DEBOUNCE_MS);
      await c.until('live report after the edit', () => c.reports.length > reports || undefined, 10_000);
      live.push(performance.now() - a - DEBOUNCE_MS);
    }
    return {
      readyMs,
      hoverMedianMs: median(hovers), hoverMaxMs: Math.max(...hovers),
      diagnosticsMedianMs: median(diag), diagnosticsMaxMs: Math.max(...diag),
      liveReportMedianMs: median(live), liveReportMaxMs: Math.max(...live),
    };
  } finally {
    await c.stop();
  }
}
