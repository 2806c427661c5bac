// A report dlm train cannot get through (documentError) in headless Chromium:
// the stage in a sentence, dlm's kind, the message and a link to the place
// instead of the corpus figures (there is no corpus); in VS Code the link
// opens the file at the line, and a later report that trains shows its
// figures again. Needs /usr/bin/chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { dryRun } from '../../src/engine/dryRun';
import { renderStandaloneHtml, webviewHtml } from '../../src/report/html';
import { buildViewModel } from '../../src/report/viewModel';
import type { ReportViewModel } from '../../src/shared/view/viewModelTypes';
import { parityPath } from '../helpers/shared';
import { withCorpus } from '../helpers/tmp';
import { browserSuite, newPage, openFile, writeTemp } from './browserHarness';
import { loadCase } from './fixtures';

const suite = browserSuite();

/** The view-model of a failing parity case, with the engine's typed problems (they carry the places). */
async function failingVm(name: string): Promise<{ vm: ReportViewModel; root: string }> {
  const dir = parityPath('failing-cases', name);
  const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
  return withCorpus(corpus, async (root) => {
    const { report, details, index } = await dryRun(join(root, corpus.doc), { documentLabel: corpus.doc });
    return { vm: buildViewModel(report, { ...details, root: index.plan.base }), root };
  });
}

const visible = (page: Page, selector: string) => page.locator(selector).filter({ visible: true }).count();

test('standalone: the failure, its kind and file:line instead of figures; the next problem listed', async () => {
  // a missing source path (line 7), then an instruction without an answer
  const { vm } = await failingVm('024-fail-missing-source-before-bad-instruction');
  const { page, problems } = await newPage(suite.browser);
  await openFile(page, writeTemp('document-error.html', renderStandaloneHtml(vm, suite.assets)));
  const banner = page.locator('[data-document-error="source-path-missing"]');
  await banner.waitFor();
  const text = (await banner.textContent()) ?? '';
  assert.match(text, /dlm train stops while expanding training\.sources/);
  assert.match(text, /source-path-missing/);
  assert.match(text, /training\.sources\[0\]\.path does not exist: gone/);
  assert.match(text, /Where: corpus\.dlm:7/);
  assert.equal(await banner.getAttribute('role'), 'alert');
  await banner.locator('summary').click();
  assert.match((await banner.locator('li[data-kind="instruction-body"]').textContent()) ?? '', /corpus\.dlm:\d+/);
  // no corpus figures: no tiles, tag table or rows
  assert.equal(await visible(page, '[data-metric]'), 0, 'no headline tiles');
  assert.equal(await visible(page, '#rows, #tags, #configs'), 0, 'no rows');
  assert.match((await page.textContent('.report')) ?? '', /Mode\s*document/);
  assert.doesNotMatch((await page.textContent('.facts')) ?? '', /Weights|Source/, 'no placeholder facts');
  assert.deepEqual([problems.csp, problems.errors], [[], []]);
  await page.context().close();
});

test('VS Code webview: the place opens the document at the line; a report that trains brings the figures back', async () => {
  const { vm } = await failingVm('010-fail-unknown-section-fence');
  assert.ok(vm.documentError?.place, 'the fence is located');
  const { page, problems } = await newPage(suite.browser);
  await page.addInitScript(`
    window.__posted = [];
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => undefined });
  `);
  const js = writeTemp('webview-doc-error.js', suite.assets.js);
  const css = writeTemp('webview-doc-error.css', suite.assets.css);
  await openFile(page, writeTemp('webview-doc-error.html', webviewHtml({ cspSource: 'file:', nonce: 'n0nceForTest', assets: { scriptUri: pathToFileURL(js).href, styleUri: pathToFileURL(css).href } })));
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'report', vm, id: 1 });
  const link = page.locator('[data-document-error="body-fence"] button[data-place]');
  await link.waitFor();
  assert.equal(await link.textContent(), `${vm.documentError!.place!.label}:${vm.documentError!.place!.line}`);
  await link.click();
  const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
  // (the webview acknowledges each drawn report with `shown`: not a user action)
  const actions = posted.slice(1).filter((m) => (m as { type: string }).type !== 'shown');
  assert.deepEqual(actions, [{ type: 'openFile', path: vm.documentError!.place!.path, line: vm.documentError!.place!.line - 1 }]);

  const { report } = loadCase('008-fractional-weights');
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'report', vm: buildViewModel(report), id: 2 });
  await page.locator('[data-metric="rows"]').waitFor();
  assert.equal(await page.locator('[data-document-error]').count(), 0, 'the failure is gone');
  assert.ok(await visible(page, '[data-metric]') > 0, 'the figures are back');
  assert.deepEqual([problems.csp, problems.errors], [[], []]);
  await page.context().close();
});
