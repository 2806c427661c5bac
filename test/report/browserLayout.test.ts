// The report's layout in headless Chromium at the widths it is read at — a
// phone-narrow 320 px, the ~420 px panel beside an editor, 900 px and a full
// 1280 px window — in the light, dark and high-contrast themes, both as the
// standalone HTML page and as the VS Code webview page (with VS Code's own
// theme variables, test/report/vscodeThemes.json). A structural check
// (test/report/layoutCheck.page.js): nothing sticks out sideways, no text is
// cut without a title holding it, no word breaks between two letters, one-line
// figures stay on one line, text contrast at least 4.5:1, no opacity, and in
// high contrast only foreground colours for text. Screenshots go to
// test-results/layout/ for a person to look at.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { renderStandaloneHtml } from '../../src/report/html';
import { buildViewModel } from '../../src/report/viewModel';
import type { ReportViewModel } from '../../src/shared/view/viewModelTypes';
import { browserSuite, newPage, openFile, openWebview, writeTemp, type PageProblems } from './browserHarness';
import { loadCase } from './fixtures';
import { checkLayout } from './layoutCheck';
import { demoReports, stressReport } from './syntheticReports';

const RESULTS = resolve(__dirname, '../../test-results/layout');
const WIDTHS = [320, 420, 900, 1280] as const;
const HEIGHT = 800;
type Theme = 'light' | 'dark' | 'high-contrast';
const THEMES: Theme[] = ['light', 'dark', 'high-contrast'];

/** VS Code's theme variables as its webviews get them (captured from code-server 1.100 by the e2e layout scenario). */
const VSCODE_THEMES = JSON.parse(readFileSync(resolve(__dirname, 'vscodeThemes.json'), 'utf8')) as Record<Theme, { bodyClass: string; variables: Record<string, string> }>;

const suite = browserSuite();
before(() => mkdirSync(RESULTS, { recursive: true }));

function demoVm(): ReportViewModel {
  const { current, previous, details } = demoReports();
  return buildViewModel(current, details, previous);
}

/** Long paths, keys and values, float-noise weights, headline figures in the millions, error and warning notes. */
function stressVm(): ReportViewModel {
  const { report, details } = stressReport();
  const withNotes = {
    ...details,
    problems: [{ message: 'training/corpora/the-payments-platform-assistant-corpus.dlm: section 3 (::preference::) has no "### Rejected" block: dlm refuses the document before training.' }],
    gaps: [{ message: 'services/payments-gateway/.dlm/ignore is over 16 MiB: which files it excludes is not predicted.' }],
  };
  const vm = buildViewModel(report, withNotes, { ...report, rows: report.rows.map((r) => ({ ...r, copies: r.copies + 1 })) });
  vm.headline = { ...vm.headline, filesRead: 1_234_567, filesSkipped: 98_765, rows: 12_345_678, expandedRows: 23_456_789, droppedRows: 1_000_001, trainRows: 21_111_110, valRows: 2_345_679, leakedRows: 345_678 };
  vm.changes!.totals = vm.changes!.totals.map((t) => ({ ...t, before: vm.headline[t.key] + 1_234_567, after: vm.headline[t.key] }));
  return vm;
}

interface Shown {
  page: Page;
  problems: PageProblems;
  setTheme(theme: Theme): Promise<void>;
}

async function standalone(vm: ReportViewModel, name: string): Promise<Shown> {
  const { page, problems } = await newPage(suite.browser, { width: 1280, height: HEIGHT });
  // the theme is the body class the export writes (switched below without reloading)
  await openFile(page, writeTemp(`layout-${name}.html`, renderStandaloneHtml(vm, suite.assets, { theme: 'dark' })));
  await page.waitForSelector('.report:not([aria-busy])');
  return {
    page,
    problems,
    setTheme: (theme) => page.evaluate((cls) => { document.body.className = `${cls} standalone`; }, `vscode-${theme}`),
  };
}

async function webview(vm: ReportViewModel, name: string): Promise<Shown> {
  const { page, problems } = await openWebview(suite.browser, suite.assets, `layout-${name}`);
  await page.setViewportSize({ width: 1280, height: HEIGHT });
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'report', vm });
  await page.waitForSelector('.report:not([aria-busy])');
  return {
    page,
    problems,
    // as VS Code does it: the body class, and the variables on <html> (CSSOM: no inline style attribute under the CSP)
    setTheme: (theme) => page.evaluate(({ bodyClass, variables }) => {
      document.body.className = bodyClass;
      const style = document.documentElement.style;
      for (let i = style.length - 1; i >= 0; i--) if (style[i]!.startsWith('--vscode-')) style.removeProperty(style[i]!);
      for (const [k, v] of Object.entries(variables)) style.setProperty(k, v);
    }, VSCODE_THEMES[theme]),
  };
}

/** Lays the page out at `width` and lets the virtualised rows repaint. */
async function resize(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: HEIGHT });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Every width × theme of one page: the problems found, each prefixed with where. */
async function checkAll(shown: Shown, name: string, themes: Theme[] = THEMES, widths: readonly number[] = WIDTHS, shots = true): Promise<string[]> {
  const found: string[] = [];
  for (const theme of themes) {
    await shown.setTheme(theme);
    for (const width of widths) {
      await resize(shown.page, width);
      const r = await checkLayout(shown.page, { highContrast: theme === 'high-contrast' });
      assert.ok(r.checked.textElements > 20, `${name} ${theme} ${width}: the check saw only ${r.checked.textElements} text elements`);
      found.push(...r.problems.map((p) => `${name} ${theme} ${width}px: ${p}`));
      if (shots) await shown.page.screenshot({ path: resolve(RESULTS, `${name}-${theme}-${width}.png`), fullPage: true });
    }
  }
  assert.deepEqual(shown.problems.csp, [], `${name}: CSP violations`);
  assert.deepEqual(shown.problems.errors, [], `${name}: page errors`);
  return found;
}

function assertNoProblems(found: string[]): void {
  assert.equal(found.length, 0, `${found.length} layout problems:\n${found.slice(0, 60).join('\n')}${found.length > 60 ? '\n…' : ''}`);
}

test('demo report, standalone page: 320–1280 px × light, dark, high contrast', async () => {
  const shown = await standalone(demoVm(), 'demo');
  assertNoProblems(await checkAll(shown, 'standalone-demo'));
  await shown.page.context().close();
});

test('demo report, VS Code webview page with VS Code theme variables: 320–1280 px × light, dark, high contrast', async () => {
  const shown = await webview(demoVm(), 'demo');
  assertNoProblems(await checkAll(shown, 'webview-demo'));
  // the status line above the report: a run in progress, then a failure with a long message
  const found: string[] = [];
  for (const [kind, msg] of [
    ['progress', { type: 'progress', message: 'Reading files under /home/dev/work/the-payments-platform/services/payments-gateway…', done: 3, total: 10 }],
    ['error', { type: 'error', message: 'ENOENT: no such file or directory, open /home/dev/work/the-payments-platform/training/corpora/the-payments-platform-assistant-corpus.dlm' }],
  ] as const) {
    await shown.page.evaluate((m) => window.postMessage(m, '*'), msg);
    await shown.page.waitForSelector(`#status-line.${kind}`);
    for (const theme of THEMES) {
      await shown.setTheme(theme);
      for (const width of [320, 420]) {
        await resize(shown.page, width);
        const r = await checkLayout(shown.page, { root: 'body', highContrast: theme === 'high-contrast' });
        found.push(...r.problems.map((p) => `webview-status-${kind} ${theme} ${width}px: ${p}`));
      }
    }
    await shown.page.screenshot({ path: resolve(RESULTS, `webview-status-${kind}-high-contrast-420.png`) });
  }
  assertNoProblems(found);
  await shown.page.context().close();
});

test('long paths, keys and values, float-noise weights, figures in the millions: both pages, every width and theme', async () => {
  const vm = stressVm();
  const found: string[] = [];
  for (const [kind, open] of [['standalone', standalone], ['webview', webview]] as const) {
    const shown = await open(vm, `stress-${kind}`);
    found.push(...await checkAll(shown, `${kind}-stress`, THEMES, WIDTHS, kind === 'webview'));
    await shown.page.context().close();
  }
  assertNoProblems(found);
});

test('parity cases with ignored configs, a train error and a huge seed: narrow widths', async () => {
  const found: string[] = [];
  for (const name of ['019-invalid-training-yaml-kinds', '027-nan-weight', '024-seed-beyond-2-64-doc', '031-no-rows']) {
    const shown = await standalone(buildViewModel(loadCase(name).report), name);
    found.push(...await checkAll(shown, name, ['dark', 'high-contrast'], [320, 420], false));
    await shown.page.context().close();
  }
  assertNoProblems(found);
});

interface AxNode { nodeId: string; role?: { value: string }; name?: { value: string }; childIds?: string[]; ignored?: boolean }

test('a narrow panel keeps the names and the table structure screen readers use (Chromium accessibility tree)', async () => {
  const vm = demoVm();
  const shown = await webview(vm, 'a11y');
  await shown.setTheme('dark');
  await resize(shown.page, 420);
  assert.ok(await shown.page.locator('.tags-table.cards').count(), 'at 420 px the tags are cards');
  const cdp = await shown.page.context().newCDPSession(shown.page);
  // the report is in the page itself (no frame): the full tree of the main frame
  const { nodes } = await cdp.send('Accessibility.getFullAXTree') as { nodes: AxNode[] };
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const role = (n: AxNode) => n.role?.value ?? '';
  const name = (n: AxNode) => n.name?.value ?? '';
  const descendants = (n: AxNode, want: string): AxNode[] => (n.childIds ?? []).flatMap((id) => {
    const c = byId.get(id);
    if (!c) return [];
    return [...(role(c) === want && !c.ignored ? [c] : []), ...descendants(c, want)];
  });
  const table = (label: string): AxNode => {
    const t = nodes.find((n) => role(n) === 'table' && name(n) === label);
    assert.ok(t, `no table "${label}" in the accessibility tree; tables: ${nodes.filter((n) => role(n) === 'table').map(name).join(', ')}`);
    return t;
  };

  const tags = table('Rows and copies per tag');
  assert.equal(descendants(tags, 'row').length, vm.tags.length + 1, 'a row per tag value plus the header row');
  const headers = descendants(tags, 'columnheader').map(name);
  for (const h of ['Tag', 'Value', 'Weight', 'Set by', 'Rows', 'Copies', 'Val share', 'Rows before and copies after']) assert.ok(headers.includes(h), `column header ${h}: ${headers.join(', ')}`);
  const rowHeaders = descendants(tags, 'rowheader').map(name);
  assert.deepEqual(rowHeaders, vm.tags.map((t) => t.key), 'every row names its tag key, also where the wide table shows it once per group');

  for (const c of vm.configs.filter((x) => x.weights.length)) {
    const anchor = c.anchor === '.' ? '. (root)' : `${c.anchor}/`;
    const t = table(`Weights of ${anchor}`);
    assert.equal(descendants(t, 'row').length, c.weights.length + 1, `weights of ${anchor}`);
    assert.deepEqual(descendants(t, 'columnheader').map(name), ['Weight', 'Factor', 'Effect']);
  }

  // tiles: a group each, named with the figure and, after a change, what it was
  const copies = vm.changes!.totals.find((t) => t.key === 'expandedRows')!;
  assert.ok(nodes.some((n) => role(n) === 'group' && name(n) === `Copies: ${copies.after}, was ${copies.before}`), 'the Copies tile names its figure and the previous one');
  assert.ok(nodes.some((n) => role(n) === 'group' && name(n).startsWith('In both splits: ')), 'the split tile is "In both splits"');
  for (const label of ['Export JSON', 'Export CSV', 'Export HTML', 'Re-run']) {
    assert.ok(nodes.some((n) => role(n) === 'button' && name(n) === label), `button ${label}`);
  }
  await shown.page.context().close();
});
