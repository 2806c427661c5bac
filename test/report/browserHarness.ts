// Headless Chromium for the report UI tests and the README screenshots.
// Uses the system Chromium (Debian package `chromium`); never downloads one.
import { HANG_GUARD_MS } from '../helpers/limits';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before } from 'node:test';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../../src/report/html';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REPO = resolve(__dirname, '../..');

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it first: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
}

export async function launchBrowser(): Promise<Browser> {
  requireChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The webview bundle and stylesheet, built in memory the way esbuild.mjs builds them. */
export async function buildWebviewAssets(): Promise<{ js: string; css: string }> {
  const common = { bundle: true, write: false, logLevel: 'silent' as const, absWorkingDir: REPO };
  const [js, css] = await Promise.all([
    esbuild.build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['src/webview/main.ts'], outfile: 'webview.js' }),
    esbuild.build({ ...common, entryPoints: ['src/webview/report.css'], outfile: 'webview.css' }),
  ]);
  return { js: js.outputFiles![0].text, css: css.outputFiles![0].text };
}

let tempDir: string | null = null;
export function writeTemp(name: string, content: string): string {
  if (tempDir === null) {
    const dir = (tempDir = mkdtempSync(join(tmpdir(), 'dlm-report-')));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const p = join(tempDir, name);
  writeFileSync(p, content);
  return p;
}

export interface PageProblems {
  csp: string[];
  errors: string[];
}

/** A page that records CSP violations, console errors and uncaught exceptions. */
export async function newPage(browser: Browser, opts: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    colorScheme: opts.colorScheme ?? 'dark',
    deviceScaleFactor: 1,
  });
  // Playwright's 30 s default is a wall-clock limit; on a busy machine waits get a hang guard instead
  context.setDefaultTimeout(HANG_GUARD_MS);
  const page = await context.newPage();
  const problems: PageProblems = { csp: [], errors: [] };
  await page.exposeFunction('__reportCsp', (v: string) => problems.csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCsp(v: string): void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.errors.push(m.text());
  });
  page.on('pageerror', (e) => problems.errors.push(String(e)));
  return { page, problems };
}

export async function openFile(page: Page, path: string): Promise<void> {
  await page.goto(pathToFileURL(path).href);
}

/**
 * The webview page as VS Code shows it, with a stub of VS Code's webview API:
 * what the page posts is collected in `window.__posted`; post to it with
 * `page.evaluate((m) => window.postMessage(m, '*'), msg)`. Like the extension,
 * the stub answers each `shown` with `seen` (unless `seen: false`). Resolves
 * once the page has posted `ready`.
 */
export async function openWebview(
  browser: Browser, assets: { js: string; css: string }, name = 'webview', opts: { seen?: boolean } = {},
): Promise<{ page: Page; problems: PageProblems; posted(): Promise<unknown[]> }> {
  const { page, problems } = await newPage(browser);
  // a string: tsx's helpers do not exist in the page
  await page.addInitScript(`
    window.__posted = [];
    const answerShown = ${opts.seen !== false};
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => {
        window.__posted.push(m);
        if (answerShown && m && m.type === 'shown') setTimeout(() => window.postMessage({ type: 'seen', id: m.id }, '*'), 0);
      },
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  `);
  // as the extension makes it: script and stylesheet inlined
  const html = webviewHtml({ cspSource: 'file:', nonce: 'n0nceForTest', assets });
  await openFile(page, writeTemp(`${name}.html`, html));
  await page.evaluate(() => document.body.classList.add('vscode-dark'));
  const posted = () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  return { page, problems, posted };
}

/**
 * One headless Chromium and the built webview assets for a test file:
 * launched before its tests, closed after them.
 */
export function browserSuite(): { readonly browser: Browser; readonly assets: { js: string; css: string } } {
  const suite = {} as { browser: Browser; assets: { js: string; css: string } };
  before(async () => {
    [suite.browser, suite.assets] = await Promise.all([launchBrowser(), buildWebviewAssets()]);
  });
  after(async () => {
    await suite.browser?.close();
  });
  return suite;
}
