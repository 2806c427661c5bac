// Scenario "multi-root": a .code-workspace with two corpus folders, alpha
// (a weight for a tag value nobody sets: warning) and beta (a negative
// weight: error). Both get their diagnostics without being opened; the dry
// run asks which folder (QuickPick) and runs the chosen one; given a folder
// it runs that one without asking.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { dom } from './bridge.js';
import {
  activate, cliDryRun, closeAll, codeOf, diagnosticsWhere, expectDom, fileIn, folder, indexed, recordRequests, screenshot, waitFor,
  type DlmTestApi, type RequestRecord, E2E_WAIT_MS, E2E_TEST_TIMEOUT_MS,
} from './helpers.js';

suite('multi-root workspace with two corpora', () => {
  let api: DlmTestApi;
  let requests: RequestRecord[];

  suiteSetup(async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    api = await activate();
    requests = recordRequests(api);
    assert.deepEqual((vscode.workspace.workspaceFolders ?? []).map((f) => f.name), ['alpha', 'beta']);
    await indexed(api, folder('alpha'));
    await indexed(api, folder('beta'));
  });

  test('both folders get diagnostics without opening their configs', async () => {
    const alpha = await diagnosticsWhere(fileIn(folder('alpha'), '.dlm/training.yaml'), 'alpha warning', (d) => d.some((x) => codeOf(x) === 'weight-tag-value-unknown'));
    const beta = await diagnosticsWhere(fileIn(folder('beta'), '.dlm/training.yaml'), 'beta error', (d) => d.some((x) => codeOf(x) === 'weight-negative'));
    assert.equal(alpha.find((x) => codeOf(x) === 'weight-tag-value-unknown')!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(beta.find((x) => codeOf(x) === 'weight-negative')!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.uri.path.endsWith('/.dlm/training.yaml')).length, 0, 'no config should be open');
  });

  test('the Problems count covers both folders (DOM)', async function () {
    await expectDom(this, 'problems', { errors: 1, warnings: 1 });
  });

  test('the dry run asks which folder (QuickPick) and runs the chosen one', async function () {
    await closeAll();
    const before = requests.length;
    const command = vscode.commands.executeCommand('dlmWeights.dryRun');
    const r = await dom('quickpick', { select: 'beta' });
    if (r.skipped) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await command;
      this.skip();
    }
    assert.ok(r.ok, r.detail);
    const rows = (r.data as { rows: string[] }).rows;
    assert.ok(rows.some((l) => l.startsWith('alpha')) && rows.some((l) => l.startsWith('beta')), `quick pick rows: ${JSON.stringify(rows)}`);
    await command;
    const dry = requests.slice(before).find((x) => x.method === 'dlm/dryRun');
    assert.ok(dry, 'no dlm/dryRun request after choosing beta');
    assert.equal((dry.params as { folderUri?: string }).folderUri, folder('beta').uri.toString());
    await waitFor('the dry run reply', () => dry.outcome);
    assert.deepEqual(JSON.parse(api.lastReportJson() ?? 'null'), await cliDryRun(folder('beta').uri.fsPath));
    await screenshot('dry-run-beta');
    await expectDom(this, 'notifications', { gone: 'dlm: dry run', timeoutMs: E2E_WAIT_MS });
  });

  test('given a folder, the dry run runs it without asking', async () => {
    const before = requests.length;
    await vscode.commands.executeCommand('dlmWeights.dryRun', folder('alpha').uri);
    const dry = requests.slice(before).find((x) => x.method === 'dlm/dryRun');
    assert.ok(dry, 'no dlm/dryRun request');
    assert.equal((dry.params as { folderUri?: string }).folderUri, folder('alpha').uri.toString());
    await waitFor('the dry run reply', () => dry.outcome);
    assert.equal(dry.outcome, 'resolved');
    const cli = await cliDryRun(folder('alpha').uri.fsPath);
    assert.deepEqual(JSON.parse(api.lastReportJson() ?? 'null'), cli);
  });

  test("the report webview shows alpha's numbers (DOM)", async function () {
    const cli = JSON.parse(api.lastReportJson()!);
    await expectDom(this, 'report-numbers', { expect: { metrics: { rows: cli.totals.rows, expandedRows: cli.totals.expandedRows } } });
    await expectDom(this, 'webview', { contains: 'alpha' });
  });
});
