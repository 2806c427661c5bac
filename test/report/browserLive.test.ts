// Live row updates in the webview (headless Chromium, stub VS Code API): a
// `rows` message changes the numbers on screen in place — headline, tags,
// "what changed", the rows table — and keeps the table's filter, sort and
// scroll position; an update of a report the page does not hold makes it ask
// for the whole report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { formatCount } from '../../src/shared/view/format';
import type { HostToWebviewMessage } from '../../src/shared/view/messages';
import { rowUpdates } from '../../src/shared/view/rowUpdates';
import { buildViewModel } from '../../src/report/viewModel';
import type { ReportViewModel } from '../../src/shared/view/viewModelTypes';
import { browserSuite, openWebview } from './browserHarness';
import { bigReport, reweighted } from './syntheticReports';

const suite = browserSuite();

const send = (page: Page, m: HostToWebviewMessage): Promise<void> => page.evaluate((x) => window.postMessage(x, '*'), m);
const digits = (s: string | null): number => Number((s ?? '').replace(/[^\d]/g, ''));

/** The rows table as shown: data-index → [weight, copies, val] cell texts. */
const shownRows = (page: Page): Promise<Array<[number, string, string, string]>> =>
  // (no named functions inside: tsx would wrap them in a helper the page does not have)
  page.$$eval('.rows-window [role="row"]', (els) => els.map((e) => [
    Number((e as HTMLElement).dataset.index),
    ...['weight', 'copies', 'valCopies'].map((c) => e.querySelector(`.col-${c}`)?.textContent ?? ''),
  ] as [number, string, string, string]));

function assertRowsShow(rows: Array<[number, string, string, string]>, vm: ReportViewModel, what: string): void {
  assert.ok(rows.length > 5, `${what}: rows on screen`);
  for (const [i, weight, copies, val] of rows) {
    const r = vm.rows[i]!;
    assert.deepEqual([weight, copies, val], [r.weightText, formatCount(r.copies), formatCount(r.valCopies)], `${what}: row ${i}`);
  }
}

test('a rows message updates the numbers on screen in place', async () => {
  const { page, problems, posted } = await openWebview(suite.browser, suite.assets, 'live');
  const report = bigReport(20_000);
  const details = { root: '/work/corpus', skippedFiles: [{ source: '.', path: 'node_modules/x.js', reason: 'excluded' as const }] };
  const vm0 = buildViewModel(report, details);
  await send(page, { type: 'report', vm: vm0, id: 1 });
  await page.waitForSelector('.report:not([aria-busy])');
  assertRowsShow(await shownRows(page), vm0, 'first report');

  // the user's view of the table: filtered, sorted by origin, scrolled; a skipped-files list opened
  await page.fill('#rows-filter', 'pkg0');
  await page.waitForFunction(() => /of 20,000 rows/.test(document.getElementById('rows-count')?.textContent ?? ''));
  await page.click('button[data-sort="origin"]');
  await page.$eval('.rows-viewport', (el) => { el.scrollTop = 2000; });
  await page.waitForFunction(() => Number((document.querySelector('.rows-window [role="row"]') as HTMLElement | null)?.dataset.index) > 0);
  await page.click('details.skip-group summary');
  const countBefore = await page.textContent('#rows-count');

  const next = reweighted(report, 1);
  const vm1 = buildViewModel(next, details, report, vm0);
  const u = rowUpdates(vm0.rows, vm1.rows);
  await send(page, { type: 'rows', base: 1, vm: { ...vm1, rows: [] }, rows: u });
  await page.waitForFunction((n) => document.querySelector('[data-metric="expandedRows"] .metric-value')?.textContent === n, formatCount(vm1.headline.expandedRows));

  for (const key of ['rows', 'expandedRows', 'droppedRows', 'trainRows', 'valRows', 'leakedRows'] as const) {
    assert.equal(digits(await page.textContent(`[data-metric="${key}"] .metric-value`)), vm1.headline[key], key);
  }
  assertRowsShow(await shownRows(page), vm1, 'after the update');
  // the deltas: what changed since the last run
  assert.match((await page.textContent('#changes')) ?? '', /What changed since the baseline[\s\S]*with different copies/);
  const python = vm1.tags.find((x) => x.label === 'lang=python')!;
  assert.equal(await page.textContent('#tags tr[data-tag="lang=python"] [data-col="copies"]'), formatCount(python.copies));
  assert.equal(await page.textContent('#tags tr[data-tag="lang=python"] [data-col="weight"]'), python.weightText);
  // the table kept its state
  assert.equal(await page.inputValue('#rows-filter'), 'pkg0');
  assert.equal(await page.textContent('#rows-count'), countBefore);
  assert.equal(await page.getAttribute('[role="columnheader"]:has(button[data-sort="origin"])', 'aria-sort'), 'ascending');
  assert.equal(await page.$eval('.rows-viewport', (el) => el.scrollTop), 2000);
  assert.equal(await page.$eval('details.skip-group', (el) => (el as HTMLDetailsElement).open), true, 'an unchanged part is not rebuilt');

  // sorted by copies, an update re-sorts
  await page.click('button[data-sort="copies"]');
  const vm2 = buildViewModel(reweighted(report, 2), details, next, vm1);
  // as the extension sends it: the skipped files and sources left out (the same as on screen)
  await send(page, { type: 'rows', base: 1, vm: { ...vm2, rows: [], skipped: [], sources: [] }, rows: rowUpdates(vm1.rows, vm2.rows), same: ['skipped', 'sources'] });
  await page.waitForFunction((n) => document.querySelector('[data-metric="expandedRows"] .metric-value')?.textContent === n, formatCount(vm2.headline.expandedRows));
  const sorted = await shownRows(page);
  assertRowsShow(sorted, vm2, 'sorted by copies');
  const top = Math.max(...vm2.rows.filter((r) => r.origin.includes('pkg0')).map((r) => r.copies));
  assert.equal(sorted[0]![2], formatCount(top), 'the most copies first');
  // the parts left out are the ones on screen, still drawn (and the opened list still open)
  assert.equal(await page.$eval('details.skip-group', (el) => (el as HTMLDetailsElement).open), true, 'a kept part is not rebuilt');
  assert.match((await page.textContent('details.skip-group')) ?? '', /node_modules\/x\.js/);

  // an update of a report this page does not hold: it asks for the whole report
  const before = (await posted()).length;
  await send(page, { type: 'rows', base: 7, vm: { ...vm2, rows: [] }, rows: rowUpdates(vm1.rows, vm2.rows) });
  await page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, before);
  assert.deepEqual((await posted()).slice(before), [{ type: 'ready' }]);
  assert.deepEqual(problems, { csp: [], errors: [] });
  await page.context().close();
});

test('a drawn report is acknowledged; the last-valid-state banner and what the tile deltas compare with', async () => {
  const { page, problems, posted } = await openWebview(suite.browser, suite.assets, 'live-state');
  const report = bigReport(500);
  const details = { root: '/work/corpus', skippedFiles: [] };
  const vm0 = buildViewModel(report, details);
  await send(page, { type: 'report', vm: vm0, id: 3 });
  await page.waitForSelector('.report:not([aria-busy])');
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'shown'));
  // (each acknowledgement carries when the webview got and drew it: the host's hop trace)
  const acks = (await posted()).filter((m) => (m as { type: string }).type === 'shown') as Array<{ type: string; id: number; timing?: { received: number; drawn: number } }>;
  assert.deepEqual(acks.map(({ type, id }) => ({ type, id })), [{ type: 'shown', id: 3 }]);
  assert.ok(acks.every((a) => a.timing && a.timing.drawn >= a.timing.received), 'timings in order');
  assert.equal(await page.locator('.stale-banner').count(), 0);

  // a half-typed config: the numbers stay, a banner says why
  await send(page, { type: 'liveState', stale: { file: 'src/.dlm/training.yaml', line: 4, message: 'expected a mapping' }, baseline: 'saved' });
  assert.match((await page.textContent('.stale-banner')) ?? '', /Showing the last valid state: src\/\.dlm\/training\.yaml:4 does not parse \(expected a mapping\)/);
  // the banner sits above the report
  const order = await page.evaluate(() => {
    const b = document.getElementById('live-state')!;
    const r = document.querySelector('.report')!;
    return b.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, 'the banner comes before the report');

  // a report with deltas against the baseline: tiles show them, the note says what they compare with
  const next = reweighted(report, 1);
  const vm1 = buildViewModel(next, details, report);
  await send(page, { type: 'report', vm: vm1, id: 4 });
  await send(page, { type: 'liveState', stale: null, baseline: 'saved' });
  await page.waitForSelector('.baseline-note');
  assert.equal(await page.locator('.stale-banner').count(), 0, 'the banner goes with a valid report');
  assert.match((await page.textContent('.baseline-note')) ?? '', /last saved state/);
  const d = vm1.headline.expandedRows - vm0.headline.expandedRows;
  assert.notEqual(d, 0, 'the reweighting changes the copies (fixture assumption)');
  assert.equal(await page.locator('[data-metric="expandedRows"] .metric-delta').count(), 1, 'the copies tile shows its delta');
  await page.click('.baseline-note button');
  assert.deepEqual((await posted()).at(-1), { type: 'pinBaseline', pin: true });
  assert.deepEqual(problems, { csp: [], errors: [] });
  await page.context().close();
});
