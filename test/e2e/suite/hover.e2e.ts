// Scenarios on the basic fixture: the root config weights lang=python × 2,
// sub/ sets lang=python × 0.5, and other/ tags its files lang=python.
//  - hover on a weight shows the nearest-ancestor chain (nearest first) and
//    the value dlm applies corpus-wide (API and rendered hover);
//  - sub/'s python weight leaks to other/ (weight-leaks); editing other/'s
//    config on disk updates the warning without reopening anything.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import {
  activate, codeOf, describeDiagnostics, diagnosticsWhere, expectDom, fileIn, find, folder, hoverMarkdown, indexed, openEditor,
  rangeText, screenshot, showHoverAt, type DlmTestApi,
} from './helpers.js';

/** The chain lines of a weight hover: `- [label:line](uri) — value`. */
function chainOf(md: string): Array<{ label: string; line: number; value: string }> {
  const out = [];
  for (const m of md.matchAll(/^- \[(.+?):(\d+)\]\([^)]*\) — ([-\d.e+]+|inf|nan)/gm)) out.push({ label: m[1], line: Number(m[2]), value: m[3] });
  return out;
}
/** The bold value after a phrase, e.g. `applies … **0.5**`. */
function boldAfter(md: string, phrase: RegExp): string | undefined {
  const i = md.search(phrase);
  if (i < 0) return undefined;
  return md.slice(i).match(/\*\*([^*]+)\*\*/)?.[1];
}

suite('hover and weight leaks (basic fixture)', () => {
  let api: DlmTestApi;
  let subUri: vscode.Uri;
  let rootUri: vscode.Uri;
  let otherUri: vscode.Uri;
  let subEditor: vscode.TextEditor;
  let pythonRange: vscode.Range;

  suiteSetup(async () => {
    api = await activate();
    await indexed(api, folder());
    subUri = fileIn(folder(), 'sub/.dlm/training.yaml');
    rootUri = fileIn(folder(), '.dlm/training.yaml');
    otherUri = fileIn(folder(), 'other/.dlm/training.yaml');
  });

  test('hover on sub/ python weight: chain sub (0.5) then root (2), nearest 0.5, corpus-wide 0.5', async () => {
    subEditor = await openEditor(subUri);
    pythonRange = find(subEditor.document, /^\s+python:/, 'python');
    const md = await hoverMarkdown(subUri, pythonRange.start.translate(0, 2));
    assert.ok(md, 'no hover');
    assert.match(md, /lang=python.*× 0\.5/, md);
    assert.deepEqual(chainOf(md), [
      { label: 'sub/.dlm/training.yaml', line: pythonRange.start.line + 1, value: '0.5' },
      { label: '.dlm/training.yaml', line: 8, value: '2' },
    ], `chain in:\n${md}`);
    assert.equal(boldAfter(md, /reading the nearest config/), '0.5', md);
    assert.equal(boldAfter(md, /What `dlm train` applies/), '0.5', md);
  });

  test('hover on the root python weight: nearest 2, but dlm applies 0.5 corpus-wide (from sub/)', async () => {
    const doc = await vscode.workspace.openTextDocument(rootUri);
    const r = find(doc, /^\s+python:/, 'python');
    const md = await hoverMarkdown(rootUri, r.start.translate(0, 1));
    assert.deepEqual(chainOf(md), [{ label: '.dlm/training.yaml', line: r.start.line + 1, value: '2' }], `chain in:\n${md}`);
    assert.equal(boldAfter(md, /reading the nearest config/), '2', md);
    assert.equal(boldAfter(md, /What `dlm train` applies/), '0.5', md);
    assert.match(md, /They differ: \[sub\/\.dlm\/training\.yaml:7\]/, md);
  });

  test('the rendered hover shows the chain and the corpus-wide value (DOM)', async function () {
    // A wider page for the README picture (media/e2e-hover.png): at 1400 px the
    // leak message wraps once more and the hover's last line ("N rows carry
    // lang=python → …") falls below VS Code's hover height cap.
    await expectDom(this, 'viewport', { width: 1600, height: 900 });
    await showHoverAt(subEditor, pythonRange.start.translate(0, 2));
    const r = await expectDom(this, 'hover', { contains: ['sub/.dlm/training.yaml:7', '.dlm/training.yaml:8', 'nearest first', 'What dlm train applies'] });
    const text = (r.data as { text: string }).text;
    // the chain as rendered: nearest first
    assert.match(text, /nearest first:\s+sub\/\.dlm\/training\.yaml:7 — 0\.5 \(this file\)\s+\.dlm\/training\.yaml:8 — 2\s/, text);
    assert.match(text, /What dlm train applies[^\n]*: 0\.5/, text);
    await screenshot('hover');
    await expectDom(this, 'press', { key: 'Escape' });
    await expectDom(this, 'viewport', { width: 1400, height: 900 });
  });

  test('sub/ python weight gets weight-leaks at `python`, naming other/ files', async () => {
    const ds = await diagnosticsWhere(subUri, 'weight-leaks', (d) => d.some((x) => codeOf(x) === 'weight-leaks'));
    const leak = ds.find((x) => codeOf(x) === 'weight-leaks')!;
    assert.equal(leak.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(rangeText(leak.range), rangeText(pythonRange));
    assert.match(leak.message, /other\/sibling\.py/, leak.message);
  });

  test('the leak warning is a squiggle in the editor (DOM)', async function () {
    await vscode.window.showTextDocument(subEditor.document, { viewColumn: subEditor.viewColumn });
    await expectDom(this, 'squiggles', { warning: 1, error: 0 });
  });

  test("removing other/'s tag on disk clears the warning without reopening", async () => {
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(otherUri));
    assert.match(before, /lang: python/);
    await vscode.workspace.fs.writeFile(otherUri, new TextEncoder().encode('# other/ no longer tags its files\nmetadata: {}\n'));
    await diagnosticsWhere(subUri, 'weight-leaks to go away', (d) => !d.some((x) => codeOf(x) === 'weight-leaks'));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === otherUri.toString()), 'other/ config should not be open');
  });

  test('the squiggle is gone too (DOM)', async function () {
    await expectDom(this, 'squiggles', { warning: 0, error: 0 });
  });

  test("restoring other/'s tag on disk brings the warning back", async () => {
    await vscode.workspace.fs.writeFile(otherUri, new TextEncoder().encode('metadata:\n  lang: python\n'));
    const ds = await diagnosticsWhere(subUri, 'weight-leaks to come back', (d) => d.some((x) => codeOf(x) === 'weight-leaks'));
    assert.equal(ds.filter((x) => codeOf(x) === 'weight-leaks').length, 1, describeDiagnostics(ds));
  });
});
