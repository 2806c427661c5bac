// Scenario "dry-run report" on the basic fixture: the dry-run command opens
// the report webview; its headline numbers (and the whole report behind them)
// equal `dlm-weights dry-run <folder> --json` run with the extension's own
// CLI; an unsaved edit of a weight updates the open report to what the CLI
// says for the edited text.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import {
  activate, cliDryRun, copyOf, expectDom, fileIn, find, folder, headlineOf, indexed, openEditor, recordRequests, screenshot,
  skippedOf, waitFor, type DlmTestApi, type RequestRecord, E2E_WAIT_MS,
} from './helpers.js';

suite('dry-run report (basic fixture)', () => {
  let api: DlmTestApi;
  let requests: RequestRecord[];
  let root: string;
  let cli: any;
  let editor: vscode.TextEditor;

  suiteSetup(async () => {
    api = await activate();
    requests = recordRequests(api);
    await indexed(api, folder());
    root = folder().uri.fsPath;
  });

  test('the dry-run command opens the report, equal to the CLI JSON', async () => {
    // The root config open on the left, as a user would have it.
    editor = await openEditor(fileIn(folder(), '.dlm/training.yaml'));
    const before = requests.length;
    await vscode.commands.executeCommand('dlmWeights.dryRun', folder().uri);
    const dry = requests.slice(before).find((r) => r.method === 'dlm/dryRun');
    assert.ok(dry, `the command sent no dlm/dryRun request: ${JSON.stringify(requests.slice(before).map((r) => r.method))}`);
    await waitFor('the dlm/dryRun reply', () => dry.outcome);
    assert.equal(dry.outcome, 'resolved', JSON.stringify(dry.error));
    const shown = api.lastReportJson();
    assert.ok(shown, 'no report after the dry run');
    cli = await cliDryRun(root);
    assert.deepEqual(JSON.parse(shown), cli, 'the extension\'s report differs from `dlm-weights dry-run --json`');
    assert.ok(cli.totals.rows > 0 && cli.totals.expandedRows > 0, 'the fixture should produce rows');
  });

  test("the report webview's headline numbers are the CLI's (DOM)", async function () {
    const r = await expectDom(this, 'report-numbers', { expect: { metrics: headlineOf(cli), skipped: skippedOf(cli) }, timeoutMs: E2E_WAIT_MS });
    const { text, styled } = r.data as { text: string; styled: boolean };
    assert.match(text, /Mode\s+directory/, 'the report should say which corpus it shows');
    await screenshot('report');
    assert.equal(styled, true, "the report's stylesheet (dist/webview.css) is not applied: the tiles are not laid out");
  });

  test('an unsaved weight edit updates the open report to the CLI value of the edited text', async function () {
    const r = find(editor.document, /^\s+text:\s*1\.0/, '1.0');
    const ok = await editor.edit((e) => e.replace(r, '3.0'));
    assert.equal(ok, true, 'the edit was refused');
    assert.equal(editor.document.isDirty, true, 'the edit should stay unsaved');

    // What the CLI says for the edited text: a copy of the corpus with it saved.
    const copy = copyOf(root);
    writeFileSync(path.join(copy, '.dlm', 'training.yaml'), editor.document.getText());
    const edited = await cliDryRun(copy);
    assert.notDeepEqual(edited.totals, cli.totals, 'the edit should change the headline numbers (fixture assumption)');

    await waitFor('the live report to follow the edit', () => {
      const j = api.lastReportJson();
      return j !== undefined && JSON.stringify(JSON.parse(j).totals) === JSON.stringify(edited.totals);
    }, E2E_WAIT_MS, () => `last report totals ${api.lastReportJson() && JSON.stringify(JSON.parse(api.lastReportJson()!).totals)}, CLI ${JSON.stringify(edited.totals)}`);
    assert.deepEqual(JSON.parse(api.lastReportJson()!), edited, 'the live report differs from the CLI on the edited text');
    await expectDom(this, 'report-numbers', { expect: { metrics: headlineOf(edited) }, timeoutMs: E2E_WAIT_MS });
    await screenshot('report-after-edit');
  });

  test('undoing the edit brings the numbers back', async function () {
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    await vscode.commands.executeCommand('undo');
    await waitFor('the document to be clean again', () => !editor.document.isDirty);
    await expectDom(this, 'report-numbers', { expect: { metrics: headlineOf(cli) }, timeoutMs: E2E_WAIT_MS });
    assert.deepEqual(JSON.parse(api.lastReportJson()!), cli);
  });
});
