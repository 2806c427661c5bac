// Scenario "no dlm files": a workspace without any .dlm/, .dlm document or
// ignore file. The installed extension is not activated, publishes no
// diagnostics, shows no notification and no status bar item — also after
// ordinary files are opened.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { expectDom, extension, fileIn, folder, openEditor, screenshot, sleep } from './helpers.js';

suite('a workspace without dlm files stays quiet', () => {
  test('the extension is not activated at start-up', async () => {
    await sleep(3_000); // past start-up: any workspaceContains activation would have happened
    assert.equal(extension().isActive, false, 'activated in a workspace without dlm files');
  });

  test('opening ordinary files does not activate it or produce diagnostics', async () => {
    await openEditor(fileIn(folder(), 'plain.txt'));
    await openEditor(fileIn(folder(), 'package.json'), vscode.ViewColumn.Two);
    await sleep(2_000);
    assert.equal(extension().isActive, false, 'activated by opening a .txt / package.json');
    const dlm = vscode.languages.getDiagnostics().flatMap(([uri, ds]) => ds.filter((d) => /dlm/i.test(d.source ?? '')).map((d) => `${uri.fsPath}: ${d.message}`));
    assert.deepEqual(dlm, []);
  });

  test('no notification, no dlm status bar item, no errors (DOM)', async function () {
    await expectDom(this, 'notifications', { absent: true, timeoutMs: 1_500 });
    await expectDom(this, 'statusbar', { absent: 'dlm' });
    // (package.json may get a warning from VS Code's JSON support: its schema cannot be fetched offline)
    await expectDom(this, 'problems', { errors: 0 });
    await screenshot('quiet');
  });
});
