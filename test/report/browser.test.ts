// The report UI in headless Chromium: standalone HTML from parity cases, a
// 100k-row report, and the VS Code message protocol with a stub host API.
// Needs /usr/bin/chromium (Debian: apt-get install -y chromium).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { buildViewModel } from '../../src/report/viewModel';
import { renderStandaloneHtml, webviewHtml } from '../../src/report/html';
import type { ReportViewModel } from '../../src/shared/view/viewModelTypes';
import { browserSuite, newPage, openFile, writeTemp, type PageProblems } from './browserHarness';
import { loadCase } from './fixtures';
import { bigReport } from './syntheticReports';

const RESULTS = resolve(__dirname, '../../test-results');
const suite = browserSuite();
before(() => mkdirSync(RESULTS, { recursive: true }));

async function openStandalone(vm: ReportViewModel, name: string, theme: 'dark' | 'light' | 'high-contrast' = 'dark'): Promise<{ page: Page; problems: PageProblems }> {
  const { page, problems } = await newPage(suite.browser);
  await openFile(page, writeTemp(`${name}.html`, renderStandaloneHtml(vm, suite.assets, { theme })));
  await page.waitForSelector('.report:not([aria-busy])');
  return { page, problems };
}

const digits = (s: string | null): number => Number((s ?? '').replace(/[^\d]/g, ''));

function assertClean(problems: PageProblems, name: string): void {
  assert.deepEqual(problems.csp, [], `${name}: CSP violations`);
  assert.deepEqual(problems.errors, [], `${name}: console errors`);
}

const SHOWN_CASES = [
  '008-fractional-weights', '019-invalid-training-yaml-kinds', '035-global-weights-leak',
  '027-nan-weight', '024-seed-beyond-2-64-doc', '006-integer-like-keys', '031-no-rows',
];

test('standalone report: headline and tag numbers on screen equal the JSON, no CSP violation', async () => {
  for (const name of SHOWN_CASES) {
    const { report, plain } = loadCase(name);
    const theme = name.startsWith('008') ? 'light' : name.startsWith('035') ? 'high-contrast' : 'dark';
    const { page, problems } = await openStandalone(buildViewModel(report), name, theme);
    for (const key of ['rows', 'expandedRows', 'droppedRows', 'trainRows', 'valRows', 'leakedRows']) {
      const text = await page.textContent(`[data-metric="${key}"] .metric-value`);
      assert.equal(digits(text), plain.totals[key], `${name}: ${key}`);
    }
    const files = plain.sources.reduce((n: number, s: any) => n + s.files, 0);
    assert.equal(digits(await page.textContent('[data-metric="filesRead"] .metric-value')), files, `${name}: files read`);
    for (const [key, values] of Object.entries(plain.distribution as Record<string, Record<string, number>>)) {
      for (const [value, n] of Object.entries(values)) {
        const row = page.locator(`.tags-table tr[data-tag="${`${key}=${value}`.replace(/["\\]/g, '\\$&')}"]`);
        assert.equal(digits(await row.locator('[data-col="rows"]').textContent()), n, `${name}: rows of ${key}=${value}`);
        const copies = plain.rows.filter((r: any) => r.tags[key] === value).reduce((s: number, r: any) => s + r.copies, 0);
        assert.equal(digits(await row.locator('[data-col="copies"]').textContent()), copies, `${name}: copies of ${key}=${value}`);
        const title = await row.locator('svg title').textContent();
        assert.match(title ?? '', new RegExp(`${n} rows? before expansion, ${copies} cop(y|ies) after`));
      }
    }
    if (plain.trainError) assert.equal(await page.getAttribute('[data-train-error]', 'data-train-error'), plain.trainError);
    assert.equal(await page.locator('.toolbar').count(), 0, 'no export buttons in the standalone page');
    await page.screenshot({ path: resolve(RESULTS, `report-${name}.png`), fullPage: true });
    assertClean(problems, name);
    await page.context().close();
  }
});

test('overridden weights are marked (003-anchor-order-by-string-length)', async () => {
  const { report } = loadCase('003-anchor-order-by-string-length');
  const { page, problems } = await openStandalone(buildViewModel(report), '003');
  const anchors = report.configs.map((c) => c.anchor);
  for (const [i, anchor] of anchors.entries()) {
    const state = await page.getAttribute(`li.config[data-anchor="${anchor}"] .weights-table tbody tr`, 'data-overridden');
    assert.equal(state, i < anchors.length - 1 ? 'true' : 'false', anchor);
  }
  assertClean(problems, '003');
  await page.context().close();
});

async function visibleOrigins(page: Page): Promise<string[]> {
  return page.$$eval('.rows-window [role="row"] [data-open]', (els) => els.map((e) => e.textContent ?? ''));
}

test('rows table: search filters, header click and Enter sort', async () => {
  const { report, plain } = loadCase('008-fractional-weights');
  const { page, problems } = await openStandalone(buildViewModel(report), '008-interact');
  assert.equal((await visibleOrigins(page)).length, plain.rows.length);

  const [key, values] = Object.entries(plain.distribution as Record<string, Record<string, number>>)[0];
  const [value, n] = Object.entries(values)[0];
  await page.fill('#rows-filter', `${key}=${value}`);
  await page.waitForFunction((want) => document.querySelectorAll('.rows-window [role="row"]').length === want, n);
  const tagTexts = await page.$$eval('.rows-window [role="row"] .col-tags', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(tagTexts.every((t) => t.includes(`${key}=${value}`)));
  assert.match((await page.textContent('#rows-count')) ?? '', new RegExp(`${n} of ${plain.rows.length} rows`));
  await page.fill('#rows-filter', '');
  await page.waitForFunction((want) => document.querySelectorAll('.rows-window [role="row"]').length === want, plain.rows.length);

  await page.click('button[data-sort="copies"]');
  assert.equal(await page.getAttribute('[role="columnheader"]:has(button[data-sort="copies"])', 'aria-sort'), 'descending');
  const copies = await page.$$eval('.rows-window [role="row"] .col-copies', (els) => els.map((e) => Number(e.textContent)));
  assert.deepEqual(copies, [...copies].sort((a, b) => b - a));
  assert.equal(copies[0], Math.max(...plain.rows.map((r: any) => r.copies)));

  await page.focus('button[data-sort="origin"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('[role="columnheader"]:has(button[data-sort="origin"])', 'aria-sort'), 'ascending');
  const origins = await visibleOrigins(page);
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  assert.deepEqual(origins, [...origins].sort(collator.compare));
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('[role="columnheader"]:has(button[data-sort="origin"])', 'aria-sort'), 'descending');
  assertClean(problems, '008-interact');
  await page.context().close();
});

test('100k rows: only a bounded number of row elements, scrolling shows later rows', async () => {
  const report = bigReport(100_000);
  const vm = buildViewModel(report);
  const { page, problems } = await openStandalone(vm, 'big');
  const count = () => page.locator('.rows-window [role="row"]').count();
  const first = await count();
  assert.ok(first > 5 && first < 80, `rows in DOM: ${first}`);
  assert.equal(await page.getAttribute('#rows-table', 'aria-rowcount'), String(100_001));

  // scrolling through the whole table keeps the DOM bounded at every step (no timing asserted here)
  const maxRowsInDom = await page.evaluate(async () => {
    const vp = document.querySelector<HTMLElement>('.rows-viewport')!;
    let max = 0;
    for (let i = 1; i <= 40; i++) {
      vp.scrollTop = (vp.scrollHeight * i) / 40;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      max = Math.max(max, document.querySelectorAll('.rows-window [role="row"]').length);
    }
    return max;
  });
  assert.ok(maxRowsInDom < 80, `rows in DOM while scrolling: ${maxRowsInDom}`);
  const last = report.rows[report.rows.length - 1].origin;
  await page.waitForFunction((o) => [...document.querySelectorAll('.rows-window [data-open]')].some((e) => e.textContent === o), last);
  assert.ok((await count()) < 80, 'still bounded after scrolling');
  const lastIndex = await page.$$eval('.rows-window [role="row"]', (els) => Math.max(...els.map((e) => Number(e.getAttribute('aria-rowindex')))));
  assert.equal(lastIndex, 100_001);

  await page.fill('#rows-filter', 'file099999');
  await page.waitForFunction(() => document.querySelectorAll('.rows-window [role="row"]').length === 1);
  await page.click('button[data-sort="weight"]');
  await page.fill('#rows-filter', '');
  await page.waitForFunction(() => document.querySelectorAll('.rows-window [role="row"]').length > 5);
  const weights = await page.$$eval('.rows-window [role="row"] .col-weight', (els) => els.map((e) => Number(e.textContent)));
  assert.equal(weights[0], Math.max(...report.rows.map((r) => r.weight)));
  await page.screenshot({ path: resolve(RESULTS, 'report-100k.png') });
  assertClean(problems, 'big');
  await page.context().close();
});

test('VS Code webview: ready, validated messages, openFile / export / rerun posts', async () => {
  const { page, problems } = await newPage(suite.browser);
  // A stub of VS Code's webview API (a string: tsx's helpers do not exist in the page).
  await page.addInitScript(`
    window.__posted = [];
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  `);
  const js = writeTemp('webview.js', suite.assets.js);
  const css = writeTemp('webview.css', suite.assets.css);
  const html = webviewHtml({ cspSource: 'file:', nonce: 'n0nceForTest', assets: { scriptUri: pathToFileURL(js).href, styleUri: pathToFileURL(css).href } });
  await openFile(page, writeTemp('webview.html', html));
  await page.evaluate(() => document.body.classList.add('vscode-dark'));
  const posted = () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  assert.deepEqual(await posted(), [{ type: 'ready' }]);

  await page.evaluate(() => window.postMessage({ type: 'progress', message: 'Walking files…', done: 3, total: 10 }, '*'));
  await page.waitForSelector('#status-line.progress');
  // malformed and unknown messages are ignored
  await page.evaluate(() => {
    window.postMessage({ type: 'report', vm: { version: 1 } }, '*');
    window.postMessage({ type: 'evil', html: '<img src=x>' }, '*');
  });
  const { report } = loadCase('035-global-weights-leak');
  const vm = buildViewModel(report, { root: '/work/corpus', skippedFiles: [{ source: '.', path: 'node_modules/x.js', reason: 'excluded' }] });
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'report', vm });
  await page.waitForSelector('.report:not([aria-busy])');
  assert.equal(await page.locator('#status-line').count(), 0, 'progress cleared by the report');

  await page.click('li.config[data-anchor="vendor"] button.link');
  await page.click('.rows-window [data-open] >> nth=0');
  await page.click('details.skip-group summary');
  await page.click('details.skip-group .file-list button');
  await page.click('button[aria-label="Export CSV"]');
  await page.click('text=Re-run');
  assert.deepEqual((await posted()).slice(1), [
    { type: 'openFile', path: '/work/corpus/vendor/.dlm/training.yaml' },
    { type: 'openFile', path: `/work/corpus/${report.rows[0].origin}` },
    { type: 'openFile', path: '/work/corpus/node_modules/x.js' },
    { type: 'export', format: 'csv' },
    { type: 'rerun' },
  ]);

  await page.evaluate(() => window.postMessage({ type: 'error', message: 'dlm-weights crashed' }, '*'));
  assert.match((await page.textContent('#status-line.error')) ?? '', /dlm-weights crashed/);
  assert.ok(await page.locator('.report').count(), 'the last report stays visible');
  assertClean({ csp: problems.csp, errors: problems.errors }, 'webview');
  await page.context().close();
});

test('keyboard: everything interactive is reachable with Tab and shows a focus outline', async () => {
  const { report } = loadCase('035-global-weights-leak');
  const { page, problems } = await openStandalone(buildViewModel(report), 'keyboard');
  const seen = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      return { id: el.id || el.getAttribute('data-sort') || el.className, outline: cs.outlineStyle !== 'none' && cs.outlineWidth !== '0px' };
    });
    if (!info) continue;
    assert.ok(info.outline, `no focus outline on ${info.id}`);
    seen.add(info.id);
  }
  for (const want of ['rows-filter', 'origin', 'copies', 'rows-viewport']) assert.ok(seen.has(want), `${want} not reached by Tab: ${[...seen].join(', ')}`);
  assertClean(problems, 'keyboard');
  await page.context().close();
});
