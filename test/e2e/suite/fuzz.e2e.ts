// Scenario "random bytes": configs of the basic fixture's corpus are written
// on disk as seeded garbage (raw bytes, YAML token soup, invalid UTF-8, deep
// nesting) and opened; then other/.dlm/training.yaml is fed garbage through
// the editor.
// The server keeps running (the client never restarts it), diagnoses each
// disk version as the CLI's `check` does, and still answers hovers and
// cross-file diagnostics on the valid configs. Seed: DLM_E2E_FUZZ_SEED.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { rng as prng } from '../../helpers/rng';
import {
  activate, cliCheck, closeAll, codeOf, diagnosticsWhere, dlmDiagnostics, fileIn, find, folder, hoverMarkdown, indexed, rangeText, sleep,
  type DlmTestApi, E2E_WAIT_MS, E2E_TEST_TIMEOUT_MS,
} from './helpers.js';

const SEED = Number(process.env.DLM_E2E_FUZZ_SEED || 0x5eed);
const DISK_ROUNDS = 8;
const EDITOR_ROUNDS = 6;


const TOKENS = [
  'weights:', 'metadata:', 'include:', 'exclude:', 'exclude_defaults:', 'lang:', 'python:', '{', '}', '[', ']', ':', ': ', '- ', ',',
  '&a ', '*a', '<<: *a', '!!python/object:os.system ', '!!binary ', '? ', '\t', '\n', '\n  ', '\n    ', "'", '"', '#', '|', '>-',
  'true', 'yes', '~', 'null', '1e999', '-.inf', '.nan', '0x1F', '0o17', '1_000', '2.0', '-1', '\u0000', '\ufeff', '\u2028', '😀',
  '%YAML 1.1\n', '---\n', '...\n', '\r\n', '\\u', '\\x00',
];

function garbage(rnd: () => number, round: number): Uint8Array {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const len = 1 + Math.floor(rnd() * 1500);
  switch (round % 5) {
    case 0: // raw bytes
      return Uint8Array.from({ length: len }, () => Math.floor(rnd() * 256));
    case 1: // YAML token soup
      return new TextEncoder().encode(Array.from({ length: Math.ceil(len / 4) }, () => pick(TOKENS)).join(''));
    case 2: // a valid start, then bytes that are not UTF-8
      return Uint8Array.from([...new TextEncoder().encode('weights:\n  lang:\n    python: '), ...Array.from({ length: len }, () => 0x80 + Math.floor(rnd() * 0x80))]);
    case 3: // deep nesting
      return new TextEncoder().encode(`${pick(['weights: ', 'metadata: ', ''])}${'['.repeat(2000 + len)}${pick(['', ']'.repeat(100)])}`);
    default: // printable noise with line breaks and indentation
      return new TextEncoder().encode(Array.from({ length: len }, () => (rnd() < 0.1 ? '\n' + ' '.repeat(Math.floor(rnd() * 6)) : String.fromCharCode(32 + Math.floor(rnd() * 95)))).join(''));
  }
}

function garbageText(rnd: () => number): string {
  const len = 1 + Math.floor(rnd() * 800);
  let s = '';
  for (let i = 0; i < len; i++) {
    const r = rnd();
    s += r < 0.3 ? TOKENS[Math.floor(rnd() * TOKENS.length)] : r < 0.4 ? String.fromCodePoint(Math.floor(rnd() * 0x2ffff)) : String.fromCharCode(32 + Math.floor(rnd() * 95));
  }
  return s;
}

const key = (d: { code: string; range: string; message: string }) => `${d.code}@${d.range}: ${d.message}`;

suite(`random bytes as training.yaml (seed ${SEED})`, () => {
  let api: DlmTestApi;
  let otherUri: vscode.Uri;
  let subUri: vscode.Uri;
  let subPython: vscode.Position;
  const states: unknown[] = [];
  const rnd = prng(SEED);

  suiteSetup(async () => {
    api = await activate();
    api.client.onDidChangeState((e) => states.push(e));
    await indexed(api, folder());
    otherUri = fileIn(folder(), 'other/.dlm/training.yaml');
    subUri = fileIn(folder(), 'sub/.dlm/training.yaml');
    const subDoc = await vscode.workspace.openTextDocument(subUri);
    subPython = find(subDoc, /^\s+python:/, 'python').start.translate(0, 1);
    await diagnosticsWhere(subUri, 'weight-leaks before fuzzing', (d) => d.some((x) => codeOf(x) === 'weight-leaks'));
  });

  /** The server answers a hover on the valid sub/ config. */
  async function alive(what: string): Promise<void> {
    const md = await hoverMarkdown(subUri, subPython);
    assert.match(md, /lang=python/, `no hover on sub/ python after ${what}`);
    assert.deepEqual(states, [], `the language client changed state after ${what} (server crash and restart?)`);
  }

  const mismatches: string[] = [];

  test(`${DISK_ROUNDS} garbage files on disk: each gets the CLI's diagnostic codes, the server stays up`, async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    for (let round = 0; round < DISK_ROUNDS; round++) {
      // A new config folder each round: VS Code keeps a closed document's
      // text for a while, and a rewrite of an open document would reach the
      // server as editor text (decoded by VS Code), not as the bytes on disk.
      const uri = fileIn(folder(), `garbage${round}/.dlm/training.yaml`);
      const bytes = garbage(rnd, round);
      await vscode.workspace.fs.writeFile(uri, bytes);
      const cli = await cliCheck(uri.fsPath);
      const want = cli.map((d) => key({ code: d.code, range: `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`, message: d.message })).sort();
      const wantCodes = cli.map((d) => `${d.severity}/${d.code}`).sort();
      const what = `round ${round} (${bytes.length} bytes, starts ${JSON.stringify(Buffer.from(bytes.slice(0, 24)).toString('latin1'))})`;
      const got = () => dlmDiagnostics(uri).map((d) => key({ code: codeOf(d), range: rangeText(d.range), message: d.message })).sort();
      const gotCodes = () => dlmDiagnostics(uri).map((d) => `${['error', 'warning', 'information', 'hint'][d.severity]}/${codeOf(d)}`).sort();
      // the same diagnostics as `dlm-weights check`, ideally; the same codes at least
      const same = await diagnosticsWhere(uri, 'parity', () => JSON.stringify(got()) === JSON.stringify(want), 5_000).then(() => true, () => false);
      if (!same) {
        await diagnosticsWhere(uri, `the server's diagnostic codes of ${what} to be the CLI's ${JSON.stringify(wantCodes)}`, () => JSON.stringify(gotCodes()) === JSON.stringify(wantCodes), E2E_WAIT_MS);
        mismatches.push(`${what}:\n      server ${JSON.stringify(got())}\n      CLI    ${JSON.stringify(want)}`);
      }
      // open it as a user would (VS Code may refuse a binary file: that is fine)
      try {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
        await sleep(300);
      } catch { /* binary */ }
      await alive(what);
      await closeAll();
    }
  });

  test('… and the same ranges and messages as `dlm-weights check` in every round', () => {
    assert.deepEqual(mismatches, [], `the editor and the CLI disagree:\n    ${mismatches.join('\n    ')}`);
  });

  test(`${EDITOR_ROUNDS} garbage texts typed into the open editor: the server stays up`, async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    await vscode.workspace.fs.writeFile(otherUri, new TextEncoder().encode('metadata:\n  lang: python\n'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(otherUri));
    for (let round = 0; round < EDITOR_ROUNDS; round++) {
      const text = garbageText(rnd);
      const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
      assert.equal(await editor.edit((e) => e.replace(all, text)), true);
      await sleep(250); // past the server's edit debounce
      await alive(`editor round ${round} (${text.length} chars)`);
    }
    // back to valid text: diagnostics follow
    const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
    await editor.edit((e) => e.replace(all, 'metadata:\n  lang: python\n'));
    await editor.document.save();
    await diagnosticsWhere(otherUri, 'no error on the restored config', (ds) => !ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });

  test('afterwards: cross-file diagnostics and hover still work, the client never restarted the server', async () => {
    await diagnosticsWhere(subUri, 'weight-leaks on sub/ again', (d) => d.some((x) => codeOf(x) === 'weight-leaks'));
    await alive('the fuzzing');
    assert.ok(dlmDiagnostics(subUri).length >= 1);
  });
});
