// Scenario "unquoted true": `weights: {generated: {true: 0.1}}` — the YAML
// boolean key makes dlm reject the whole config. Opening the file shows one
// error at exactly `true` (API, squiggle, Problems count), the same one the
// CLI's `check` reports; its quick fix quotes the key and the error goes away.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import {
  activate, closeAll, cliCheck, codeOf, describeDiagnostics, diagnosticsWhere, expectDom, fileIn, find, folder, indexed,
  openEditor, rangeText, screenshot, sleep, type DlmTestApi,
} from './helpers.js';

suite('unquoted true: error diagnostic and quick fix', () => {
  let api: DlmTestApi;
  let uri: vscode.Uri;
  let editor: vscode.TextEditor;
  let trueRange: vscode.Range;
  let error: vscode.Diagnostic;

  suiteSetup(async () => {
    api = await activate();
    await indexed(api, folder());
    uri = fileIn(folder(), '.dlm/training.yaml');
  });

  test('opening training.yaml shows one error at exactly `true`', async () => {
    editor = await openEditor(uri);
    trueRange = find(editor.document, /^\s+true:/, 'true');
    const ds = await diagnosticsWhere(uri, 'an error diagnostic', (d) => d.some((x) => x.severity === vscode.DiagnosticSeverity.Error));
    const errors = ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.equal(errors.length, 1, `errors: ${describeDiagnostics(errors)}`);
    error = errors[0];
    assert.equal(rangeText(error.range), rangeText(trueRange), `error range ${rangeText(error.range)} is not the range of \`true\` (${rangeText(trueRange)})`);
    assert.match(error.message, /'true'/, 'the message should say how to quote it');
  });

  test('the diagnostic carries source "dlm-weights"', () => {
    // What the issue asks for: diagnostics are attributed to dlm-weights.
    assert.ok(error, 'no error diagnostic (previous test failed)');
    assert.equal(error.source, 'dlm-weights', `diagnostic source is ${JSON.stringify(error.source)}`);
  });

  test('the error is the one `dlm-weights check --json` reports', async () => {
    const cli = (await cliCheck(uri.fsPath)).filter((d) => d.severity === 'error');
    assert.equal(cli.length, 1, `CLI errors: ${JSON.stringify(cli)}`);
    const r = cli[0].range;
    assert.deepEqual(
      { code: codeOf(error), range: rangeText(error.range), message: error.message },
      { code: cli[0].code, range: `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`, message: cli[0].message },
    );
  });

  test('the workbench shows the squiggle and counts the error (DOM)', async function () {
    await expectDom(this, 'squiggles', { error: 1 });
    await expectDom(this, 'problems', { errors: 1 });
    // README picture: the Problems panel, and the hover over the squiggle.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(300);
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    editor.selection = new vscode.Selection(trueRange.start.translate(0, 1), trueRange.start.translate(0, 1));
    await vscode.commands.executeCommand('editor.action.showHover');
    await expectDom(this, 'hover', { contains: 'Quote it' });
    await expectDom(this, 'element', { selector: '.markers-panel', contains: 'read as a boolean' });
    await screenshot('diagnostic');
    await expectDom(this, 'press', { key: 'Escape' });
  });

  test('the quick fix is offered in the editor (DOM)', async function () {
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    editor.selection = new vscode.Selection(trueRange.start, trueRange.start);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await expectDom(this, 'element', { selector: '.action-widget', contains: "'true'" });
    await screenshot('quick-fix-menu');
    await expectDom(this, 'press', { key: 'Escape' });
  });

  test("applying the quick fix quotes the key as 'true' and removes the error", async () => {
    assert.ok(error, 'no error diagnostic (previous test failed)');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, error.range);
    const fixes = (actions ?? []).filter((a) => a.edit && a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
    assert.equal(fixes.length, 1, `quick fixes for ${codeOf(error)}: ${JSON.stringify((actions ?? []).map((a) => `${a.title} (${a.kind?.value})`))}`);
    const fix = fixes.find((a) => a.isPreferred) ?? fixes[0];
    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true, `applyEdit refused "${fix.title}"`);
    const line = editor.document.lineAt(trueRange.start.line).text;
    assert.equal(line, `${line.slice(0, trueRange.start.character)}'true': 0.1`, `line after the fix: ${JSON.stringify(line)}`);
    await diagnosticsWhere(uri, 'the error to go away', (d) => !d.some((x) => x.severity === vscode.DiagnosticSeverity.Error || codeOf(x) === codeOf(error)));
  });

  test('the squiggle and the Problems error count are gone (DOM)', async function () {
    await expectDom(this, 'squiggles', { error: 0 });
    await expectDom(this, 'problems', { errors: 0 });
    await screenshot('fixed');
  });

  test('the fixed text is saved and dlm accepts the file', async () => {
    assert.equal(await editor.document.save(), true);
    const cli = await cliCheck(uri.fsPath);
    assert.deepEqual(cli.filter((d) => d.severity === 'error'), []);
    await closeAll();
  });
});
