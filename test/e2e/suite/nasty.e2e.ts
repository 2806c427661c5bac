// Scenario "nasty corpus": next to an ordinary file the harness made binary
// files, a Latin-1 file, a 24 MB file, a 2 MB line, a text file named .png,
// unreadable files and folders, a FIFO, a dangling link and a symlink loop.
// The dry run completes, equals the CLI, every regular file is either a row
// or a counted skip, and the server still answers afterwards.
import * as assert from 'node:assert/strict';
import { lstatSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { DryRunResult } from '../../../src/shared/protocol';
import {
  activate, cliDryRun, expectDom, fileIn, find, folder, hoverMarkdown, indexed, openEditor, recordRequests, screenshot, skippedOf,
  waitFor, type DlmTestApi, type RequestRecord, E2E_WAIT_MS, E2E_TEST_TIMEOUT_MS,
} from './helpers.js';

/** Regular files under `dir` (POSIX, relative), not following links; FIFOs, sockets and links left out. */
function regularFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(path.join(dir, rel));
  } catch {
    return out; // an unreadable folder: its files cannot be listed
  }
  for (const n of names) {
    const r = rel ? `${rel}/${n}` : n;
    const st = lstatSync(path.join(dir, r));
    if (st.isDirectory()) out.push(...regularFiles(dir, r));
    else if (st.isFile()) out.push(r);
  }
  return out;
}

suite('nasty corpus', () => {
  let api: DlmTestApi;
  let requests: RequestRecord[];
  let root: string;
  let cli: any;
  const states: unknown[] = [];

  suiteSetup(async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    api = await activate();
    requests = recordRequests(api);
    api.client.onDidChangeState((e) => states.push(e));
    await indexed(api, folder(), E2E_WAIT_MS);
    root = folder().uri.fsPath;
  });

  test('the dry run completes and equals the CLI', async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    const before = requests.length;
    await vscode.commands.executeCommand('dlmWeights.dryRun', folder().uri);
    const dry = requests.slice(before).find((x) => x.method === 'dlm/dryRun');
    assert.ok(dry, 'no dlm/dryRun request');
    await waitFor('the dry run reply', () => dry.outcome, E2E_WAIT_MS);
    assert.equal(dry.outcome, 'resolved', JSON.stringify(dry.error));
    cli = await cliDryRun(root);
    assert.deepEqual(JSON.parse(api.lastReportJson() ?? 'null'), cli);
  });

  test('every regular file is a row or a counted skip; FIFO and links are neither', async () => {
    const r = await api.client.sendRequest<DryRunResult>('dlm/dryRun', { folderUri: folder().uri.toString() });
    const report = JSON.parse(r.reportJson);
    const rows = new Set<string>(report.rows.map((x: { origin: string }) => x.origin));
    const skipped = new Map(r.details.skippedFiles.map((s) => [s.path, s.reason] as const));
    const unreadable = new Set(r.details.unreadableFiles.map((u) => u.path));
    const files = regularFiles(root);
    const lost = files.filter((f) => !rows.has(f) && !skipped.has(f) && !unreadable.has(f));
    assert.deepEqual(lost, [], `files neither read nor skipped; rows ${JSON.stringify([...rows])}, skipped ${JSON.stringify([...skipped])}`);
    // the awkward ones, by reason
    assert.equal(skipped.get('blob.bin'), 'binary');
    assert.equal(skipped.get('disguised.txt'), 'binary');
    assert.equal(skipped.get('latin1.txt'), 'encoding');
    assert.equal(skipped.get('not-really.png'), 'image');
    assert.ok(rows.has('huge.txt') || skipped.get('huge.txt') === 'overSize', 'huge.txt is neither a row nor over-size');
    for (const special of ['pipe.txt', 'dangling-link.txt', 'loop-a', 'loop-b']) {
      assert.ok(!rows.has(special), `${special} became a row`);
    }
    // the counts in the contract JSON are the listed files
    const byReason: Record<string, number> = {};
    for (const reason of skipped.values()) byReason[reason] = (byReason[reason] ?? 0) + 1;
    assert.deepEqual(skippedOf(report), byReason);
  });

  test("the report webview's skipped counts are the CLI's (DOM)", async function () {
    await expectDom(this, 'report-numbers', { expect: { skipped: skippedOf(cli), metrics: { filesRead: cli.sources[0].files, rows: cli.totals.rows } } });
    await screenshot('nasty-report');
    // the dry run is over: its progress notification must be gone
    await expectDom(this, 'notifications', { gone: 'dlm: dry run', timeoutMs: E2E_WAIT_MS });
  });

  test('the server did not restart and still answers a hover', async () => {
    const uri = fileIn(folder(), '.dlm/training.yaml');
    const editor = await openEditor(uri, vscode.ViewColumn.One);
    const r = find(editor.document, /^\s+nasty:/, 'nasty');
    const md = await hoverMarkdown(uri, r.start.translate(0, 1));
    assert.match(md, /kind=nasty/, md);
    assert.deepEqual(states, [], 'the language client changed state (server crash and restart?)');
  });
});
