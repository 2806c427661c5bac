// Opens the workbench of a running VS Code server in Debian's headless Chromium
// (playwright-core; no browser is ever downloaded) with the extension-test
// payload, answers the suite's DOM requests, and waits for the suite to end.
import { readdirSync, readFileSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './install.mjs';
import { DOM_CHECKS } from './dom.mjs';
import { isolatedEnv } from './server.mjs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Workbench address with the extensionDevelopmentPath / extensionTestsPath payload. */
export function workbenchUrl({ url, port, openPath, isWorkspaceFile, devPath, suitePath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(suitePath)],
  ];
  const key = isWorkspaceFile ? 'workspace' : 'folder';
  return `${url}/?${key}=${encodeURIComponent(openPath)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * @returns {Promise<{ exitCode: number | null, timedOut: boolean, error?: string, domChecks: {check:string, ok:boolean, detail:string}[] }>}
 */
export async function runInBrowser(opts) {
  const { dirs, outDir, logFile, timeoutMs, serverExited } = opts;
  const log = (line) => appendFileSync(logFile, `${line}\n`);
  const context = await chromium.launchPersistentContext(dirs.chrome, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: isolatedEnv(dirs),
    viewport: { width: 1400, height: 900 },
  });
  const domChecks = [];
  let exitResolve;
  const exited = new Promise((r) => { exitResolve = r; });
  let timer;
  let bridgeTimer;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // Page warnings and errors only: the extension host's own output arrives
    // through codeAutomationLog (and would otherwise be logged twice).
    page.on('console', (m) => { if (['error', 'warning', 'assert'].includes(m.type())) log(`[page ${m.type()}] ${m.text()}`); });
    page.on('pageerror', (e) => log(`[page error] ${e.message}`));
    page.on('crash', () => { log('[page crashed]'); exitResolve({ exitCode: null, error: 'the workbench page crashed' }); });
    await page.exposeFunction('codeAutomationExit', (code) => { log(`[codeAutomationExit] ${code}`); exitResolve({ exitCode: Number(code) }); });
    await page.exposeFunction('codeAutomationLog', (...args) => {
      log(`[ext host] ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
    });

    // The DOM bridge: answer each request file once, one at a time.
    const seen = new Set();
    let busy = false;
    const ctx = { outDir, page };
    bridgeTimer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        for (const name of readdirSync(dirs.bridge).filter((n) => n.endsWith('.req.json')).sort()) {
          if (seen.has(name)) continue;
          seen.add(name);
          const req = JSON.parse(readFileSync(join(dirs.bridge, name), 'utf8'));
          const fn = DOM_CHECKS[req.check];
          let res;
          try {
            res = fn ? await fn(page, req.args ?? {}, ctx) : { ok: false, detail: `unknown DOM check '${req.check}'` };
          } catch (e) {
            res = { ok: false, detail: `DOM check '${req.check}' threw: ${e?.message ?? e}` };
          }
          domChecks.push({ check: req.check, ok: res.ok, detail: res.detail });
          log(`[dom] ${req.check} ${JSON.stringify(req.args ?? {})} -> ${res.ok ? 'ok' : 'NOT ok'}: ${res.detail}`);
          const tmp = join(dirs.bridge, `${req.id}.res.tmp`);
          writeFileSync(tmp, JSON.stringify(res));
          renameSync(tmp, join(dirs.bridge, `${req.id}.res.json`));
        }
      } catch (e) {
        log(`[bridge error] ${e?.stack ?? e}`);
      } finally {
        busy = false;
      }
    }, 100);

    const timeout = new Promise((r) => { timer = setTimeout(() => r({ exitCode: null, timedOut: true }), timeoutMs); });
    const serverGone = serverExited.then(() => ({ exitCode: null, error: 'VS Code server exited during the run' }));
    const target = workbenchUrl(opts);
    log(`[open] ${target}`);
    await page.goto(target, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    const result = await Promise.race([exited, timeout, serverGone]);
    try { await page.screenshot({ path: join(outDir, 'final.png') }); } catch { /* page gone */ }
    return { timedOut: false, ...result, domChecks };
  } finally {
    clearTimeout(timer);
    clearInterval(bridgeTimer);
    await context.close().catch(() => {});
  }
}
