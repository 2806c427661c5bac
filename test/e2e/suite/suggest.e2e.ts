// Scenario "suggest" on a copy of the basic fixture: the command "DLM: Suggest
// Weights for a Target Mix…" run through the API with fixed targets proposes
// weights, applies them as one edit of the config that wins dlm's merge and
// saves it; the CLI's dry run of the saved corpus then has the target shares
// within one percentage point. Unreachable targets come back explained, with
// no edit.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { SuggestWeightsResult } from '../../../src/shared/protocol';
import { activate, fileIn, folder, indexed, runCli, E2E_TEST_TIMEOUT_MS } from './helpers.js';

const TARGETS = { python: 0.6, text: 0.4 };

suite('DLM: Suggest Weights for a Target Mix…', () => {
  suiteSetup(async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    const api = await activate();
    await indexed(api, folder());
  });

  test('fixed targets: applied and saved, the CLI dry run has them within a point', async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    const root = folder().uri.fsPath;
    const r = await vscode.commands.executeCommand<SuggestWeightsResult>('dlmWeights.suggestWeights', {
      key: 'lang', targets: TARGETS, by: 'rows', apply: true, save: true,
    });
    assert.ok(r, 'the command returns its proposal');
    assert.equal(r.reachable, true, JSON.stringify(r.unreachable));
    assert.ok(r.edit && r.edit.edits.length > 0, r.editError ?? 'an edit');
    // weights are global: the config that wins the merge is the last one loaded (the longest path)
    assert.equal(vscode.Uri.parse(r.edit.uri).fsPath, fileIn(folder(), 'other/.dlm/training.yaml').fsPath);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.edit.uri));
    assert.equal(doc.isDirty, false, 'saved');
    const cli = await runCli(['dry-run', '.', '--json'], root);
    const report = JSON.parse(cli.stdout) as { rows: Array<{ tags: Record<string, string>; copies: number }> };
    const total = report.rows.reduce((n, x) => n + x.copies, 0);
    for (const [value, share] of Object.entries(TARGETS)) {
      const got = report.rows.filter((x) => x.tags.lang === value).reduce((n, x) => n + x.copies, 0) / total;
      assert.ok(Math.abs(got - share) <= 0.01, `lang=${value}: ${got} in the CLI dry run, target ${share}`);
    }
  });

  test('unreachable targets: explained, nothing edited', async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    const before = (await vscode.workspace.openTextDocument(fileIn(folder(), 'other/.dlm/training.yaml'))).getText();
    const r = await vscode.commands.executeCommand<SuggestWeightsResult>('dlmWeights.suggestWeights', {
      key: 'lang', targets: { rust: 0.5 }, apply: true, save: true,
    });
    assert.equal(r?.reachable, false);
    assert.equal(r?.edit, null);
    assert.ok(r?.unreachable.some((u) => u.reason === 'unknown-value'), JSON.stringify(r?.unreachable));
    assert.equal((await vscode.workspace.openTextDocument(fileIn(folder(), 'other/.dlm/training.yaml'))).getText(), before);
  });
});
