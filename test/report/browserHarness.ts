// Headless Chromium for the report UI tests and the README screenshots.
// Uses the system Chromium (Debian package `chromium`); never downloads one.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

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
  tempDir ??= mkdtempSync(join(tmpdir(), 'dlm-report-'));
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
