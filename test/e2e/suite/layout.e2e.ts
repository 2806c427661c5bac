// Scenario "layout" on the README demo corpus: the report as a user sees it
// in a 1280 × 800 window — beside the document in a ~420 px editor group, and
// alone in the whole editor area — in VS Code's Light Modern, Dark Modern and
// High Contrast themes. In each, the structural check the unit tier runs on
// the report page (test/report/layoutCheck.page.js) runs in the real webview
// through the DOM bridge: nothing overflows, no text is cut without a title,
// no word breaks inside, contrast ≥ 4.5:1, no opacity, and in high contrast
// only foreground colours. Screenshots of each state; the theme variables VS
// Code gives the webview are saved next to them (the unit tier's
// test/report/vscodeThemes.json is made from them). And after an unsaved
// weight edit, the tiles carry the changes and "what changed" starts on the
// panel's first screen.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { DomResult } from './bridge.js';
import { dom } from './bridge.js';
import {
  activate, closeAll, expectDom, fileIn, find, folder, indexed, openEditor, recordRequests, screenshot, waitFor,
  type DlmTestApi, type RequestRecord, E2E_WAIT_MS, E2E_TEST_TIMEOUT_MS,
} from './helpers.js';

const WINDOW = { width: 1280, height: 800 };
const PANEL = 420;

const THEMES = [
  { id: 'light', name: 'Default Light Modern', bodyClass: 'vscode-light', highContrast: false },
  { id: 'dark', name: 'Default Dark Modern', bodyClass: 'vscode-dark', highContrast: false },
  { id: 'high-contrast', name: 'Default High Contrast', bodyClass: 'vscode-high-contrast', highContrast: true },
] as const;

interface LayoutData { width: number; editorWidth: number; problems: string[] }

suite('report layout: beside an editor at 420 px and alone at 1280 px, three themes', () => {
  let api: DlmTestApi;
  let requests: RequestRecord[];

  suiteSetup(async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    api = await activate();
    requests = recordRequests(api);
    await indexed(api, folder());
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await closeAll();
  });

  /** Runs the layout check and takes a screenshot; fails the test on problems (the detail lists them). */
  async function checkLayout(ctx: Mocha.Context, theme: typeof THEMES[number], shot: string, args: Record<string, unknown>): Promise<LayoutData> {
    const r: DomResult = await dom('report-layout', { bodyClass: theme.bodyClass, highContrast: theme.highContrast, timeoutMs: E2E_WAIT_MS, ...args });
    if (r.skipped) ctx.skip();
    await screenshot(shot);
    const data = r.data as LayoutData | null;
    assert.ok(data, `no report webview: ${r.detail}`);
    assert.deepEqual(data.problems ?? [], [], `layout problems in ${theme.id} at ${data.width} px:\n${(data.problems ?? []).join('\n')}`);
    assert.ok(r.ok, r.detail);
    return data;
  }

  test('the dry run opens the report beside the document', async function () {
    await expectDom(this, 'viewport', WINDOW);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await openEditor(fileIn(folder(), '.dlm/corpus.dlm'));
    const before = requests.length;
    await vscode.commands.executeCommand('dlmWeights.dryRun');
    const dry = await waitFor('the dlm/dryRun request', () => requests.slice(before).find((r) => r.method === 'dlm/dryRun'));
    await waitFor('the dlm/dryRun reply', () => dry.outcome);
    assert.equal(dry.outcome, 'resolved', JSON.stringify(dry.error));
    await expectDom(this, 'report-numbers', { timeoutMs: E2E_WAIT_MS });
  });

  test('an unsaved weight edit: the tiles show the changes, and "what changed" starts on the first screen of the 420 px panel', async function () {
    const theme = THEMES[0];
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme.name, vscode.ConfigurationTarget.Global);
    const editor = await openEditor(fileIn(folder(), 'src/.dlm/training.yaml'));
    const probe = await dom('report-layout', { bodyClass: theme.bodyClass, timeoutMs: E2E_WAIT_MS });
    if (probe.skipped) this.skip();
    const share = PANEL / ((probe.data as LayoutData | null)?.editorWidth ?? 1232);
    await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: 1 - share }, { size: share }] });
    const r = find(editor.document, /^\s+python:\s*1\.5/, '1.5');
    assert.equal(await editor.edit((e) => e.replace(r, '3.0')), true, 'the edit was refused');
    try {
      await checkLayout(this, theme, 'beside-after-edit', { width: PANEL, aboveFold: ['#changes', '.metric[data-metric="expandedRows"] .metric-delta'] });
    } finally {
      await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
      await vscode.commands.executeCommand('undo');
      await waitFor('the edit undone', () => !editor.document.isDirty);
    }
  });

  for (const theme of THEMES) {
    test(`${theme.name}: beside the editor, the report ${PANEL} px wide`, async function () {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme.name, vscode.ConfigurationTarget.Global);
      // what the editor area measures now; then give the report group PANEL px of it
      const probe = await dom('report-layout', { bodyClass: theme.bodyClass, timeoutMs: E2E_WAIT_MS });
      if (probe.skipped) this.skip();
      const editorWidth = (probe.data as LayoutData | null)?.editorWidth ?? 0;
      assert.ok(editorWidth > PANEL * 2, `editor area ${editorWidth} px: ${probe.detail}`);
      const share = PANEL / editorWidth;
      await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: 1 - share }, { size: share }] });
      await checkLayout(this, theme, `beside-${theme.id}`, { width: PANEL, saveVariables: `theme-${theme.id}` });
    });

    test(`${theme.name}: the report alone in a 1280 px window`, async function () {
      // the report's group (the second) maximised: the editor area is the window less the activity bar
      await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
      await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
      try {
        const data = await checkLayout(this, theme, `alone-${theme.id}`, {});
        assert.ok(data.width > 1100, `the maximised report is only ${data.width} px wide`);
      } finally {
        await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
      }
    });
  }
});
