// Scenario "extension activates": the packaged (or development) extension is
// present, activating it does not throw, and the workbench shows the fixture.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { dom } from './bridge.js';
import { e2eEnv, EXTENSION_ID } from './env.js';

suite('extension activates', () => {
  test(`${EXTENSION_ID} is installed`, () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
    if (e2eEnv.extensionDir) {
      assert.equal(path.resolve(ext.extensionUri.fsPath), path.resolve(e2eEnv.extensionDir), 'loaded from an unexpected folder');
    }
  });

  test('activate() does not throw', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension missing');
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('the fixture folder is the open workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, `workspace folders: ${folders.map((f) => f.uri.toString()).join(', ')}`);
    assert.equal(path.resolve(folders[0].uri.fsPath), path.resolve(e2eEnv.workspace));
  });

  test('the workbench shows the fixture folder (DOM)', async function () {
    const folder = path.basename(e2eEnv.workspace);
    const r = await dom('workbench-folder', { folder, entries: ['.dlm', 'sub', 'other', 'notes.txt'] });
    if (r.skipped) this.skip();
    assert.ok(r.ok, r.detail);
  });
});
