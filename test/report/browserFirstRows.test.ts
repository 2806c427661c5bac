// A whole report comes with its first screen of rows, the others right after
// (`report` with rowsTotal, then `moreRows`): the page draws and acknowledges
// it at once when the table shows report order, appends the rest in place,
// and waits for all of them before acknowledging a sorted table; rows that do
// not continue the report on screen make it ask for the whole report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { HostToWebviewMessage } from '../../src/shared/view/messages';
import { rowColumnsOf, rowColumnsSlice } from '../../src/shared/view/rowColumns';
import { buildViewModel } from '../../src/report/viewModel';
import { formatCount } from '../../src/shared/view/format';
import { browserSuite, openWebview } from './browserHarness';
import { bigReport } from './syntheticReports';

const suite = browserSuite();
const send = (page: Page, m: HostToWebviewMessage): Promise<void> => page.evaluate((x) => window.postMessage(x, '*'), m);
const acks = async (posted: () => Promise<unknown[]>): Promise<unknown[]> =>
  (await posted()).filter((m) => (m as { type: string }).type !== 'ready').map((m) => {
    const { timing: _t, ...rest } = m as { timing?: unknown };
    return rest;
  });

const N = 3_000;
const FIRST = 400;
const vm = buildViewModel(bigReport(N), { root: '/home/user/corpus', skippedFiles: [] });
const cols = rowColumnsOf(vm.rows);
const first = (id: number): HostToWebviewMessage => ({ type: 'report', vm: { ...vm, rows: [] }, id, rowColumns: rowColumnsSlice(cols, 0, FIRST), rowsTotal: N });
const rest = (base: number, from = FIRST): HostToWebviewMessage => ({ type: 'moreRows', base, from, rowColumns: rowColumnsSlice(cols, from, N) });
const countText = (page: Page) => page.textContent('#rows-count');

test('drawn from its first rows at once; the others appended', async () => {
  const { page, problems, posted } = await openWebview(suite.browser, suite.assets, 'first-rows');
  await send(page, first(1));
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'shown'));
  assert.deepEqual(await acks(posted), [{ type: 'shown', id: 1 }], 'acknowledged before the other rows came');
  assert.equal(await countText(page), `${formatCount(FIRST)} rows`);
  await send(page, rest(1));
  await page.waitForFunction((n) => document.getElementById('rows-count')?.textContent === n, `${formatCount(N)} rows`);
  // the last row is there, as the report has it
  await page.evaluate(() => { const v = document.querySelector('.rows-viewport')!; v.scrollTop = v.scrollHeight; });
  await page.waitForFunction((o) => [...document.querySelectorAll('.rows-window [data-index]')].some((e) => e.textContent?.includes(o)), vm.rows[N - 1]!.origin);
  assert.deepEqual(await acks(posted), [{ type: 'shown', id: 1 }], 'no second acknowledgement');
  assert.deepEqual(problems.errors, []);
});

test('a sorted table is acknowledged once every row is in (its first rows only as drawn, for the host to send the others)', async () => {
  const { page, posted } = await openWebview(suite.browser, suite.assets, 'first-rows-sorted');
  await page.evaluate(() => { (window as unknown as { __state: unknown }).__state = { filter: '', sortKey: 'copies', sortDir: 'descending' }; });
  await send(page, first(2));
  await page.waitForSelector('.report:not([aria-busy])');
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'shown'));
  assert.deepEqual(await acks(posted), [{ type: 'shown', id: 2, firstRows: true }], 'not acknowledged as final with only the first rows');
  await send(page, rest(2));
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'shown').length > 1);
  assert.deepEqual(await acks(posted), [{ type: 'shown', id: 2, firstRows: true }, { type: 'shown', id: 2 }]);
  // sorted over every row: the first on screen has the most copies of all
  const max = Math.max(...vm.rows.map((r) => r.copies));
  const top = await page.$eval('.rows-window [data-index] .col-copies', (e) => e.textContent);
  assert.equal(top, formatCount(max));
});

test('rows that do not continue the report on screen: the page asks for the whole report', async () => {
  const { page, posted } = await openWebview(suite.browser, suite.assets, 'first-rows-gap');
  await send(page, first(3));
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'shown'));
  const before = (await posted()).length;
  await send(page, rest(3, FIRST + 1));
  await page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, before);
  assert.deepEqual((await posted()).slice(before), [{ type: 'ready' }]);
  assert.equal(await countText(page), `${formatCount(FIRST)} rows`);
});

test("the configs and skipped files are built once the host has the page's `shown` (not before); the report says it is busy until then", async () => {
  assert.ok(vm.configs.length > 0 && vm.skipped.length > 0);
  const { page, problems, posted } = await openWebview(suite.browser, suite.assets, 'after-seen', { seen: false });
  // a listener added after the page's own sees the DOM as the page's handler left it
  const stateAfter = (type: string) => page.evaluate((t) => new Promise<unknown>((resolve) => {
    let done = false;
    window.addEventListener('message', (ev: MessageEvent<{ type?: string }>) => {
      if (done || ev.data?.type !== t) return;
      done = true;
      resolve({
        busy: document.querySelector('.report')?.getAttribute('aria-busy') ?? null,
        configs: !!document.getElementById('configs'),
        headline: !!document.querySelector('.metric[data-metric]'),
      });
    });
  }), type);
  const atDraw = stateAfter('report');
  await send(page, first(5));
  assert.deepEqual(await atDraw, { busy: 'true', configs: false, headline: true });
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'shown'));
  // frames painted and tasks run since, as before any `seen`: still not built
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(() => requestAnimationFrame(() => setTimeout(resolve, 0)), 0))));
  assert.deepEqual(await page.evaluate(() => [document.querySelector('.report')?.getAttribute('aria-busy'), !!document.getElementById('configs')]), ['true', false]);
  // a `seen` of another report changes nothing; the report's own builds them
  await send(page, { type: 'seen', id: 4 });
  const atSeen = stateAfter('seen');
  await send(page, { type: 'seen', id: 5 });
  assert.deepEqual(await atSeen, { busy: null, configs: true, headline: true });
  assert.equal(await page.locator('#skipped').count(), 1);
  assert.deepEqual((await posted()).filter((m) => (m as { type: string }).type === 'ready').length, 1);
  assert.deepEqual(problems.errors, []);
});

test('a report without an id (nothing acknowledges it) builds them after its first paint', async () => {
  const { page, problems } = await openWebview(suite.browser, suite.assets, 'after-paint-no-id', { seen: false });
  // a report without an id is acknowledged by no one: built after the paint
  await send(page, { type: 'report', vm });
  await page.waitForSelector('.report:not([aria-busy]) #configs');
  assert.deepEqual(problems.errors, []);
});
