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

  test("a row's Why? shows the formula with the CLI's copies, each factor linked to its config line (DOM)", async function () {
    // sub/add.py: project=basic × 1.5 (root) · lang=python × 0.5 (sub/, the global merge's winner) = 0.75
    const row = cli.rows.find((r: { origin: string }) => r.origin === 'sub/add.py');
    assert.ok(row, 'the fixture has sub/add.py as a row');
    const r = await expectDom(this, 'report-why', { origin: 'sub/add.py', timeoutMs: E2E_WAIT_MS });
    const { formula, expanded, links } = r.data as { formula: string; expanded: string; links: string[] };
    assert.equal(expanded, 'true', 'the Why? button is a disclosure (aria-expanded)');
    const m = formula.match(/^project=basic × 1\.5 · lang=python × 0\.5 = 0\.75 → 0 copies \+ ([01]) \(roll 0\.\d+ ([<≥]) 0\.75\) → (.*)$/);
    assert.ok(m, `formula: ${formula}`);
    assert.equal(Number(m[1]), row.copies, `the extra copy of the roll is the CLI's copies (${formula})`);
    assert.equal(m[2] === '<', row.copies === 1);
    const train = row.copies - row.valCopies;
    const split = row.copies === 0 ? 'nothing to split' : row.valCopies === 0 ? `${train} train` : train === 0 ? `${row.valCopies} validation` : `${train} train, ${row.valCopies} validation`;
    assert.equal(m[3], split, 'the split is the CLI\'s');
    assert.deepEqual(links, ['.dlm/training.yaml:10', 'sub/.dlm/training.yaml:7']);
    await screenshot('report-why');
  });

  test('CodeLens on every weight line: the value dlm applies corpus-wide and rows → copies (the CLI\'s numbers); the dead one names its winner', async () => {
    const uri = fileIn(folder(), '.dlm/training.yaml');
    const rows = (k: string, v: string) => cli.rows.filter((x: { tags: Record<string, string> }) => x.tags[k] === v);
    const copies = (list: Array<{ copies: number }>) => list.reduce((n, x) => n + x.copies, 0);
    const expected = new Map<number, RegExp>([
      [6, new RegExp(`^applies × 1 corpus-wide · ${rows('lang', 'text').length} rows? → ${copies(rows('lang', 'text'))} cop`)],
      [7, new RegExp(`^dead: overridden by sub/:7 \\(× 0\\.5 applies corpus-wide\\) · ${rows('lang', 'python').length} rows? → ${copies(rows('lang', 'python'))} cop`)],
      [9, new RegExp(`^applies × 1\\.5 corpus-wide · ${rows('project', 'basic').length} rows? → ${copies(rows('project', 'basic'))} cop`)],
    ]);
    let titles: string[] = [];
    await waitFor('the weight lines\' CodeLens', async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      titles = lenses.map((l) => `${l.range.start.line}: ${l.command?.title ?? ''}`);
      return [...expected].every(([line, re]) => lenses.some((l) => l.range.start.line === line && re.test(l.command?.title ?? '')));
    }, E2E_WAIT_MS, () => titles.join('\n'));
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
