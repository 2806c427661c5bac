// "Why this number?" in the webview (headless Chromium, stub VS Code API): a
// row's "Why?" button is a keyboard-reachable disclosure that asks the host
// (an `explain` message) and shows the formula, each factor a link to its
// config line; the skipped files by rule and an ignored config's cause come
// the same way. The answers are the server feature's, on an in-memory corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildViewModel } from '../../src/report/viewModel';
import { explain } from '../../src/server/features/explain';
import type { ExplainMessage, HostToWebviewMessage } from '../../src/shared/view/messages';
import { reportDetailsJson } from '../../src/shared/reportModel';
import { memoryCorpus } from '../features/corpus';
import { renderStandaloneHtml } from '../../src/report/html';
import { browserSuite, newPage, openFile, openWebview, writeTemp } from './browserHarness';

const suite = browserSuite();

const send = (page: Page, m: HostToWebviewMessage): Promise<void> => page.evaluate((x) => window.postMessage(x, '*'), m);

const FILES = {
  '.dlm/training.yaml': 'metadata:\n  lang: en\nweights:\n  lang:\n    en: 1.5\n  kind:\n    doc: 0.5\n',
  'docs/.dlm/training.yaml': 'metadata:\n  kind: doc\nweights:\n  kind:\n    doc: 2\n',
  'docs/a.md': 'alpha\n',
  'docs/b.md': 'beta\n',
  'notes/n.md': 'a note\n',
  'node_modules/x.js': 'x\n',
  'bad/.dlm/training.yaml': 'weights:\n  k:\n    true: 1\n',
};

test('a row\'s Why? discloses its formula with links; skipped files by rule; an ignored config\'s cause and line', async () => {
  const c = await memoryCorpus(FILES);
  const report = c.snapshot.report;
  const vm = buildViewModel(report, reportDetailsJson(c.snapshot.details, '/w'));
  const { page, problems, posted } = await openWebview(suite.browser, suite.assets, 'why');
  // the host's side: answer every explain message with the server feature's answer
  const answerAll = async (): Promise<void> => {
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string; answered?: boolean }> }).__posted.some((m) => m.type === 'explain' && !m.answered));
    for (const m of (await posted()) as ExplainMessage[]) {
      if (m.type !== 'explain' || (m as { answered?: boolean }).answered) continue;
      const target = m.target.kind === 'row'
        ? { kind: 'row' as const, row: m.target.row, origin: report.rows[m.target.row]!.origin, sectionId: report.rows[m.target.row]!.sectionId }
        : m.target;
      await send(page, { type: 'explanation', id: m.id, answer: explain({ target, snapshot: c.snapshot }) });
      await page.evaluate((id) => { for (const x of (window as unknown as { __posted: Array<{ id?: number; answered?: boolean }> }).__posted) if (x.id === id) x.answered = true; }, m.id);
    }
  };
  await send(page, { type: 'report', vm, id: 1 });
  await page.waitForSelector('.report:not([aria-busy])');

  // the ignored config: its actual cause and line, not a paragraph about the kind of problem
  await answerAll();
  await page.waitForSelector('li.config[data-anchor="bad"] p.explain[data-cause]');
  const cause = await page.$eval('li.config[data-anchor="bad"] p.explain', (e) => e.textContent ?? '');
  assert.match(cause, /bad\/\.dlm\/training\.yaml:3/, cause);

  // keyboard: focus the row's Why? and press Enter
  const i = report.rows.findIndex((r) => r.origin === 'docs/a.md');
  const why = `.rows-window [data-index="${i}"] button[data-why]`;
  await page.focus(why);
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute(why, 'aria-expanded'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'row-why-heading', 'focus moves to the answer');
  await answerAll();
  await page.waitForSelector('#row-why .why-formula');
  const formula = await page.$eval('#row-why .why-formula', (e) => e.textContent ?? '');
  const expected = explain({ target: { kind: 'row', row: i, origin: 'docs/a.md', sectionId: report.rows[i]!.sectionId }, snapshot: c.snapshot }).row!;
  assert.equal(formula, expected.formula);
  assert.match(formula, /^lang=en × 1\.5 · kind=doc × 2 = 3 → 3 copies → /);
  assert.equal(expected.copies, report.rows[i]!.copies);
  // a factor's link opens its config line
  await page.click('#row-why .why-factors li:nth-child(2) button.link');
  const open = ((await posted()) as Array<{ type: string; path?: string; line?: number }>).filter((m) => m.type === 'openFile').pop();
  assert.deepEqual(open, { type: 'openFile', path: '/w/docs/.dlm/training.yaml', line: 4 });
  // Escape closes it and gives focus back
  await page.focus('#row-why-heading');
  await page.keyboard.press('Escape');
  assert.equal(await page.$eval('#row-why', (e) => (e as HTMLElement).hidden), true);

  // skipped files: grouped by the rule that decided
  await page.click('#skipped-by-rule > summary');
  await answerAll();
  await page.waitForSelector('#skipped-by-rule .skip-group');
  const rules = await page.$$eval('#skipped-by-rule .skip-group .skip-label', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(rules.some((r) => /default excludes `node_modules\/\*\*`/.test(r)), rules.join('\n'));
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.csp, []);
});

test('the standalone page draws no Why? disclosures (it has nobody to ask)', async () => {
  const c = await memoryCorpus(FILES);
  const vm = buildViewModel(c.snapshot.report, reportDetailsJson(c.snapshot.details, '/w'));
  const { page, problems } = await newPage(suite.browser);
  await openFile(page, writeTemp('why-standalone.html', renderStandaloneHtml(vm, suite.assets)));
  await page.waitForSelector('.report .rows-window [role="row"]');
  assert.equal(await page.$$eval('button[data-why], #row-why, #skipped-by-rule', (els) => els.length), 0);
  assert.deepEqual(problems.errors, []);
});
