// The training mix and "since last training" sections in headless Chromium:
// the shares on screen are the view-model's, the measure switches by
// keyboard, the table alternative holds the same numbers, estimates are
// labelled, the layout holds at 420 px (and in high contrast the bars are
// outlined and told apart by pattern), and in the webview the mix streams in
// for the report on screen only, with a Stop button.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { computeMix, type MixRow } from '../../src/engine/mix/index';
import { compareWithManifest, parseManifest } from '../../src/engine/store/index';
import { mixViewModel, sinceViewModel } from '../../src/report/insightsView';
import { buildViewModel } from '../../src/report/viewModel';
import { renderStandaloneHtml } from '../../src/report/html';
import { formatCount, formatShare } from '../../src/shared/view/format';
import type { HostToWebviewMessage } from '../../src/shared/view/messages';
import type { MixVM } from '../../src/shared/view/insightsTypes';
import type { ReportViewModel } from '../../src/shared/view/viewModelTypes';
import { browserSuite, newPage, openFile, openWebview, writeTemp, type PageProblems } from './browserHarness';
import { demoReports } from './syntheticReports';
import { checkLayout } from './layoutCheck';

const suite = browserSuite();

const ID = '01HZZZZZZZZZZZZZZZZZZZZZZZ';

/** Mix rows from the demo report's rows: sizes that make rows, characters and tokens differ. */
function mixOf(exact: boolean, counting: MixVM['counting'] = null): MixVM {
  const { current } = demoReports();
  const rows: MixRow[] = current.rows.map((r, i) => ({
    origin: r.origin, sectionId: r.sectionId, tags: r.tags, copies: r.copies,
    chars: 100 + 37 * i, tokens: 20 + (i % 5) * 900, tokensExact: exact,
  }));
  const mix = computeMix(rows, { sequenceLen: 2048, tokenizer: exact ? 'Qwen/Qwen2.5-0.5B-Instruct@abc' : null, estimateMethod: 'utf8-bytes/4' });
  return mixViewModel(mix, { tokenSource: exact ? 'tokens counted with Qwen/Qwen2.5-0.5B-Instruct@abc' : 'tokens ESTIMATED as UTF-8 bytes / 4: no tokenizer', counting });
}

function vmWith(exact: boolean): ReportViewModel {
  const { current, details } = demoReports();
  const vm = buildViewModel(current, details);
  vm.mix = mixOf(exact);
  const ids = current.rows.map((r) => r.sectionId);
  const manifest = parseManifest(JSON.stringify({
    adapter_sha256: null, adapter_version: 1, base_model: 'qwen2.5-0.5b', created_at: '2025-01-01T00:00:00',
    content_hashes: Object.fromEntries([...ids.slice(2), 'ffffffffffffffff'].map((h) => [h, h])), dlm_id: ID, exports: [], pinned_versions: {},
    schema_version: 1, source_path: '/x/doc.dlm', updated_at: '2025-01-02T03:04:05',
    training_runs: [{
      adapter_name: null, adapter_version: 1, base_model_revision: 'abc', ended_at: '2025-01-02T03:04:05', final_train_loss: 1, final_val_loss: null,
      pinned_versions: {}, run_id: 1, seed: 7, started_at: '2025-01-02T03:00:00', status: 'completed', steps: 1, summary_path: null,
      weight_distribution: Object.fromEntries([...current.distribution].map(([k, v]) => [k, Object.fromEntries([...v].map(([x, n]) => [x, n + 1]))])),
    }],
  }), ID);
  assert.equal(manifest.kind, 'ok');
  if (manifest.kind === 'ok') {
    vm.since = sinceViewModel(compareWithManifest(manifest.manifest, {
      sectionIds: ids, distribution: current.distribution, seed: 42n, weightsActive: true,
    }, '/home/u/.dlm/store/x/manifest.json'));
  }
  return vm;
}

async function openStandalone(vm: ReportViewModel, name: string, width: number, theme: 'dark' | 'light' | 'high-contrast' = 'dark'): Promise<{ page: Page; problems: PageProblems }> {
  const { page, problems } = await newPage(suite.browser, { width });
  await openFile(page, writeTemp(`${name}.html`, renderStandaloneHtml(vm, suite.assets, { theme })));
  await page.waitForSelector('#mix');
  return { page, problems };
}

/** Per chart: item label → "before → after" text, as on screen. */
const shownShares = (page: Page, group: string): Promise<Array<[string, string]>> =>
  page.$$eval(`[data-mix-group="${group}"] .mix-chart li`, (els) => els.map((e) => [
    (e as HTMLElement).dataset.mixItem ?? '', (e.querySelector('.mix-shares')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
  ] as [string, string]));

function expectedShares(mix: MixVM, group: string, m: 'rows' | 'chars' | 'tokens'): Array<[string, string]> {
  const g = mix.groups.find((x) => (x.kind === 'folder' ? 'folders' : `tag:${x.key}`) === group)!;
  return g.items.map((it) => [it.label, `${formatShare(it.before[m] / mix.totals.before[m])} → ${formatShare(it.after[m] / mix.totals.after[m])}`]);
}

test('mix: shares on screen are the view-model\'s for rows, then tokens picked by keyboard; the table holds the same numbers', async () => {
  const vm = vmWith(false);
  const mix = vm.mix!;
  const { page, problems } = await openStandalone(vm, 'mix-wide', 1280);
  const groups = mix.groups.map((g) => (g.kind === 'folder' ? 'folders' : `tag:${g.key}`));
  assert.ok(groups.length >= 2);
  for (const g of groups) assert.deepEqual(await shownShares(page, g), expectedShares(mix, g, 'rows'), `${g} rows`);
  // estimates are labelled where the numbers are
  assert.equal(await page.textContent('#mix .badge.estimate'), 'ESTIMATED');
  assert.match((await page.textContent('label[for="mix-measure-tokens"]')) ?? '', /Tokens \(estimated\)/);
  // keyboard: focus the picked measure, arrow keys move the choice (radio group)
  await page.focus('#mix-measure-rows');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => (document.getElementById('mix-measure-tokens') as HTMLInputElement | null)?.checked === true);
  for (const g of groups) assert.deepEqual(await shownShares(page, g), expectedShares(mix, g, 'tokens'), `${g} tokens`);
  // the table alternative: opened by keyboard, one row per item, the picked measure's share and amount
  const first = groups[0]!;
  await page.focus(`[data-mix-group="${first}"] details.mix-table summary`);
  await page.keyboard.press('Enter');
  const cells = await page.$$eval(`[data-mix-group="${first}"] details.mix-table tbody tr`, (trs) => trs.map((tr) => [
    tr.querySelector('th')?.textContent ?? '',
    ...['before', 'after'].map((c) => (tr.querySelector(`[data-col="${c}"]`)?.textContent ?? '')),
  ]));
  const g0 = mix.groups.find((x) => (x.kind === 'folder' ? 'folders' : `tag:${x.key}`) === first)!;
  const cell = (n: number, total: number) => `${formatShare(n / total)} ${formatCount(n)}`;
  assert.deepEqual(cells, g0.items.map((it) => [it.label, cell(it.before.tokens, mix.totals.before.tokens), cell(it.after.tokens, mix.totals.after.tokens)]));
  assert.match((await page.getAttribute(`[data-mix-group="${first}"] details.mix-table table`, 'aria-label')) ?? '', /tokens \(estimated\)/);
  // long rows (more than sequence_len tokens) are counted and listed
  assert.ok(mix.longRows.rows > 0);
  assert.match((await page.textContent('#mix .mix-long summary')) ?? '', new RegExp(`^${mix.longRows.rows} rows? longer than sequence_len \\(2,048 tokens\\)`));
  // exact counts: no estimate label
  const exact = await openStandalone(vmWith(true), 'mix-exact', 1280);
  assert.equal(await exact.page.$('#mix .badge.estimate'), null);
  assert.match((await exact.page.textContent('#mix .mix-source')) ?? '', /counted with Qwen\/Qwen2\.5-0\.5B-Instruct@abc/);
  assert.deepEqual(problems.csp, []);
  assert.deepEqual(problems.errors, []);
});

test('mix and since at 420 px in high contrast: nothing overflows, bars outlined and patterned, not colour alone', async () => {
  const { page, problems } = await openStandalone(vmWith(false), 'mix-narrow', 420, 'high-contrast');
  const overflow = await page.evaluate(() => {
    const out: string[] = [];
    for (const id of ['mix', 'since']) {
      const sec = document.getElementById(id)!.getBoundingClientRect();
      for (const el of document.querySelectorAll(`#${id} .mix-item, #${id} .mix-measure, #${id} .since-stats li, #${id} .mix-legend`)) {
        const r = el.getBoundingClientRect();
        if (r.right > sec.right + 0.5 || r.left < sec.left - 0.5) out.push(`${id}: ${el.className} ${r.left}-${r.right} outside ${sec.left}-${sec.right}`);
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) out.push(`page ${document.documentElement.scrollWidth} wide`);
    return out;
  });
  assert.deepEqual(overflow, []);
  const style = await page.evaluate(() => {
    const before = document.querySelector('#mix .mix-bar.before .mix-bar-fill')!;
    const after = document.querySelector('#mix .mix-bar.after .mix-bar-fill')!;
    const bar = document.querySelector('#mix .mix-bar')!;
    return {
      beforeImage: getComputedStyle(before).backgroundImage,
      afterImage: getComputedStyle(after).backgroundImage,
      outline: getComputedStyle(before).outlineStyle,
      border: getComputedStyle(bar).borderTopWidth,
    };
  });
  assert.match(style.beforeImage, /repeating-linear-gradient/, 'before is hatched');
  assert.equal(style.afterImage, 'none', 'after is solid');
  assert.equal(style.outline, 'solid');
  assert.notEqual(style.border, '0px');
  // the shares are text next to the bars
  assert.ok(((await page.textContent('#mix .mix-chart li .mix-shares')) ?? '').includes('→'));
  assert.deepEqual(problems.csp, []);
  assert.deepEqual(problems.errors, []);
});

test('since last training: sections, seed change, replay estimate and each tag value then and now', async () => {
  const vm = vmWith(true);
  const s = vm.since!;
  const { page } = await openStandalone(vm, 'since', 1280);
  const stat = (k: string) => page.textContent(`#since [data-since="${k}"] .since-value`);
  assert.equal(await stat('new'), String(s.sections!.new));
  assert.equal(await stat('unchanged'), String(s.sections!.unchanged));
  assert.equal(await stat('removed'), '1');
  assert.equal(await stat('seed'), '7 → 42');
  assert.match((await page.textContent('#since [data-since="seed"]')) ?? '', /changed/);
  assert.equal(await stat('replay'), '≈ 32');
  const rows = await page.$$eval('#since .since-dist tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  assert.deepEqual(rows, s.distribution!.tags.map((t) => [`${t.key}=${t.value}`, String(t.then), String(t.now), '−1']));
  // no store: no section
  const { current, details } = demoReports();
  const bare = await openStandalone({ ...buildViewModel(current, details), mix: mixOf(true) }, 'no-since', 1280);
  assert.equal(await bare.page.$('#since'), null);
});

test('webview: the mix streams in for the report on screen only; Stop asks the host to stop counting; live rows keep it', async () => {
  const { page, problems, posted } = await openWebview(suite.browser, suite.assets, 'insights');
  const send = (m: HostToWebviewMessage) => page.evaluate((x) => window.postMessage(x, '*'), m);
  const { current, details } = demoReports();
  const vm = buildViewModel(current, details);
  await send({ type: 'report', vm, id: 1 });
  await page.waitForSelector('.report:not([aria-busy])');
  assert.equal(await page.$('#mix'), null);
  // counting: a partial mix with its progress and a Stop button
  await send({ type: 'insights', base: 1, mix: mixOf(true, { done: 3, total: 9 }), since: null });
  await page.waitForSelector('#mix .mix-counting');
  assert.match((await page.textContent('#mix .mix-counting')) ?? '', /3 of 9 rows so far/);
  await page.click('#mix [data-action="stop-counting"]');
  assert.deepEqual((await posted()).at(-1), { type: 'stopCounting' });
  // an insights message for another report is ignored
  await send({ type: 'insights', base: 2, mix: null, since: null });
  await send({ type: 'insights', base: 1, mix: mixOf(true), since: null });
  await page.waitForFunction(() => !document.querySelector('#mix .mix-counting'));
  assert.ok(await page.$('#mix'));
  // the picked measure survives a rebuild
  await page.check('#mix-measure-chars');
  await send({ type: 'insights', base: 1, mix: mixOf(false), since: null });
  await page.waitForSelector('#mix .badge.estimate');
  assert.equal(await page.isChecked('#mix-measure-chars'), true);
  assert.deepEqual(problems.csp, []);
  assert.deepEqual(problems.errors, []);
});

test('the report\'s layout check on the mix and since sections: 320 / 420 / 1280 px, light, dark and high contrast', async () => {
  const vm = vmWith(false);
  const failures: string[] = [];
  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    for (const width of [320, 420, 1280]) {
      const { page } = await openStandalone(vm, `insights-layout-${theme}-${width}`, width, theme);
      // the tables open, as a reader would open them
      await page.$$eval('#mix details', (ds) => ds.forEach((d) => { (d as HTMLDetailsElement).open = true; }));
      for (const root of ['#mix', '#since']) {
        const r = await checkLayout(page, { root, highContrast: theme === 'high-contrast' });
        assert.ok(r.checked.textElements > 0, `${root} checked`);
        failures.push(...r.problems.map((p) => `${theme} ${width}px ${root}: ${p}`));
      }
      await page.close();
    }
  }
  assert.deepEqual(failures, []);
});
