// Scenario "demo" on a copy of examples/demo (the README's demo corpus,
// `npm run demo`): a `.dlm` document `.dlm/corpus.dlm` with `training.sources`,
// nested configs, an ignore file, and tests/.dlm/training.yaml, which dlm
// ignores because of an unquoted `true:` key.
//  - .dlm/corpus.dlm is what `dlm train .` trains: the extension follows it
//    (document mode) without being told, as `dlm-weights dry-run .` does;
//  - `dlmWeights.dryRun` runs that document and opens the report; the report
//    is byte for byte `dlm-weights dry-run . --json` run in the folder with
//    the extension's own CLI, and the webview shows its numbers;
//  - every config's diagnostics are those of `dlm-weights check . --json`:
//    one error at tests/' `true` (tag-key-not-string, source dlm-weights),
//    and the weight-merge warnings;
//  - quoting that `true` (the quick fix) makes dlm read tests/' config, and
//    with it src/'s python weight leaks to tests/ — the leak the README
//    promises shows only then; diagnostics and the live report follow, equal
//    to the CLI on the saved files.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { CorporaResult, DryRunResult } from '../../../src/shared/protocol';
import {
  activate, closeAll, codeOf, describeDiagnostics, diagnosticsWhere, dlmDiagnostics, expectDom, fileIn, find, folder, headlineOf,
  indexed, openEditor, rangeText, recordRequests, runCli, screenshot, skippedOf, waitFor, type DlmTestApi, type RequestRecord, E2E_WAIT_MS, E2E_TEST_TIMEOUT_MS,
} from './helpers.js';

interface CliDiagnostic { severity: string; code: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }
interface CliFile { file: string; dlmAccepts: boolean; diagnostics: CliDiagnostic[] }

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** One diagnostic as a comparable line: `severity code range source message`. */
const lineOfApi = (d: vscode.Diagnostic) => `${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${rangeText(d.range)} ${d.source} ${d.message}`;
const lineOfCli = (d: CliDiagnostic) => {
  const r = d.range;
  return `${vscode.DiagnosticSeverity[SEVERITY[d.severity]]} ${d.code} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} dlm-weights ${d.message}`;
};

suite('the README demo corpus (examples/demo)', () => {
  let api: DlmTestApi;
  let requests: RequestRecord[];
  let root: string;
  let cliJson: string;
  let cli: any;
  let check: CliFile[];

  /** `dlm-weights dry-run . --json` in the folder (it picks .dlm/corpus.dlm, as dlm train does): the exact stdout. */
  async function cliDryRunText(): Promise<string> {
    const r = await runCli(['dry-run', '.', '--json'], root);
    assert.ok(r.stdout.startsWith('{'), `dry-run --json printed no JSON (exit ${r.code}): ${r.stderr.slice(0, 800)}`);
    assert.equal(r.code, JSON.parse(r.stdout).trainError === null ? 0 : 1, `dry-run exit code ${r.code}: ${r.stderr.slice(0, 400)}`);
    return r.stdout;
  }

  /** `dlm-weights check . --json` in the folder. */
  async function cliCheckAll(): Promise<CliFile[]> {
    const r = await runCli(['check', '.', '--json'], root);
    assert.ok(r.stdout.startsWith('['), `check --json printed no JSON (exit ${r.code}): ${r.stderr.slice(0, 800)}`);
    const files = JSON.parse(r.stdout) as CliFile[];
    assert.equal(r.code, files.some((f) => f.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0, `check exit code ${r.code}`);
    return files;
  }

  /** Waits until every config's diagnostics in VS Code are the CLI's (same severity, code, range, message; source dlm-weights). */
  async function diagnosticsEqualCli(files: CliFile[], ms = E2E_WAIT_MS): Promise<void> {
    const want = files.map((f) => ({ file: f.file, lines: f.diagnostics.map(lineOfCli).sort() }));
    const have = () => want.map((w) => ({ file: w.file, lines: dlmDiagnostics(fileIn(folder(), w.file)).map(lineOfApi).sort() }));
    try {
      await waitFor('the diagnostics of every config to be those of `check . --json`', () => JSON.stringify(have()) === JSON.stringify(want), ms);
    } catch {
      assert.deepEqual(have(), want, 'VS Code diagnostics (actual) differ from `dlm-weights check . --json` (expected)');
    }
  }

  suiteSetup(async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    api = await activate();
    requests = recordRequests(api);
    await indexed(api, folder());
    root = folder().uri.fsPath;
    assert.equal(path.basename(root), 'demo');
  });

  test('document mode: .dlm/corpus.dlm, what dlm train . trains, drives the folder (dlm/corpora)', async () => {
    const r = await api.client.sendRequest<CorporaResult>('dlm/corpora', { folderUri: folder().uri.toString() });
    assert.equal(r.folders.length, 1, JSON.stringify(r));
    const f = r.folders[0];
    const docs = f.candidates.filter((c) => c.kind === 'document');
    assert.deepEqual(docs.map((c) => ({ label: c.label, path: c.path, sources: c.sources })), [{ label: '.dlm/corpus.dlm', path: path.join(root, '.dlm', 'corpus.dlm'), sources: 1 }], JSON.stringify(f.candidates));
    assert.equal(f.active.kind, 'document', `active corpus ${JSON.stringify(f.active)}`);
    assert.equal(f.active.path, path.join(root, '.dlm', 'corpus.dlm'));
    assert.equal(f.activeReason, 'corpus-document');
  });

  test('dlmWeights.dryRun runs .dlm/corpus.dlm; lastReportJson() is byte for byte `dry-run . --json`', async () => {
    await openEditor(fileIn(folder(), '.dlm/corpus.dlm'));
    const before = requests.length;
    // As from the command palette: no argument, one folder, one document — no question asked.
    await vscode.commands.executeCommand('dlmWeights.dryRun');
    const sent = requests.slice(before);
    assert.equal(sent.filter((r) => r.method === 'dlm/dryRun').length, 1, `requests: ${JSON.stringify(sent.map((r) => r.method))}`);
    const dry = sent.find((r) => r.method === 'dlm/dryRun')!;
    await waitFor('the dlm/dryRun reply', () => dry.outcome);
    assert.equal(dry.outcome, 'resolved', JSON.stringify(dry.error));
    const result = dry.result as DryRunResult;
    assert.deepEqual(result.corpus, { kind: 'document', folderUri: folder().uri.toString(), path: path.join(root, '.dlm', 'corpus.dlm'), uri: fileIn(folder(), '.dlm/corpus.dlm').toString() });

    const shown = api.lastReportJson();
    assert.ok(shown, 'no report after the dry run');
    if (result.reportColumns) {
      // the reply came as columns (the extension asks for them): the same rows, the same head
      const cols = result.reportColumns;
      const report = JSON.parse(shown);
      assert.equal(result.reportJson, '');
      assert.deepEqual({ ...report, rows: [] }, JSON.parse(cols.headJson), 'lastReportJson() is not the dlm/dryRun reply (head)');
      assert.deepEqual(report.rows.map((r: { sectionId: string; origin: string; copies: number; valCopies: number }) => [r.sectionId, r.origin, r.copies, r.valCopies]),
        cols.origin.map((o, i) => [cols.sectionId[i], o, cols.copies[i], cols.valCopies[i]]), 'lastReportJson() is not the dlm/dryRun reply (rows)');
    } else assert.equal(shown, result.reportJson, 'lastReportJson() is not the dlm/dryRun reply');
    cliJson = await cliDryRunText();
    cli = JSON.parse(cliJson);
    assert.equal(`${shown}\n`, cliJson, "the extension's report is not byte for byte `dlm-weights dry-run . --json` (+ newline)");

    // What the demo is about, as the CLI reports it.
    assert.equal(cli.mode, 'document');
    assert.equal(cli.document, '.dlm/corpus.dlm');
    assert.equal(cli.seed, 7, 'training.seed of .dlm/corpus.dlm');
    assert.equal(cli.trainError, null);
    // report paths are relative to the document's folder (.dlm/)
    const tests = cli.configs.find((c: any) => c.anchor === '../tests');
    assert.deepEqual({ trainingYaml: tests?.trainingYaml, problem: tests?.problem }, { trainingYaml: 'invalid', problem: 'schema' }, 'dlm ignores tests/.dlm/training.yaml');
    assert.ok(cli.totals.rows > 0 && cli.totals.droppedRows > 0 && cli.totals.expandedRows > 0, `totals ${JSON.stringify(cli.totals)}`);
    assert.ok(cli.sources[0].skipped.excluded > 0, 'the ignore file and exclude patterns skip files');
  });

  test("the report webview shows the CLI's headline numbers, document and seed (DOM)", async function () {
    assert.ok(cli, 'no CLI report (previous test failed)');
    const r = await expectDom(this, 'report-numbers', { expect: { metrics: headlineOf(cli), skipped: skippedOf(cli) }, timeoutMs: E2E_WAIT_MS });
    const { metrics, text, styled } = r.data as { metrics: Record<string, number>; text: string; styled: boolean };
    for (const k of ['rows', 'expandedRows', 'droppedRows', 'trainRows', 'valRows', 'leakedRows'] as const) {
      assert.equal(metrics[k], cli.totals[k], `webview tile ${k}`);
    }
    assert.match(text, /Mode\s+document/, 'the report should say it runs a document');
    assert.match(text, /Seed\s+7\b/, 'the report should show training.seed');
    assert.match(text, /corpus\.dlm/, 'the report should name the document');
    await screenshot('demo-report');
    assert.equal(styled, true, "the report's stylesheet is not applied");
  });

  test('tests/.dlm/training.yaml: exactly one error, tag-key-not-string from dlm-weights, at the `true` key', async () => {
    const uri = fileIn(folder(), 'tests/.dlm/training.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const trueRange = find(doc, /^\s+true:/, 'true');
    const ds = await diagnosticsWhere(uri, 'an error diagnostic', (d) => d.some((x) => x.severity === vscode.DiagnosticSeverity.Error));
    const errors = ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.equal(errors.length, 1, `errors: ${describeDiagnostics(errors)}`);
    assert.deepEqual(
      { code: codeOf(errors[0]), source: errors[0].source, range: rangeText(errors[0].range) },
      { code: 'tag-key-not-string', source: 'dlm-weights', range: rangeText(trueRange) },
    );
  });

  test('every config has the diagnostics of `check . --json` (the weight-merge warnings included)', async () => {
    check = await cliCheckAll();
    const files = check.map((f) => f.file).sort();
    assert.deepEqual(files, ['.dlm/corpus.dlm', '.dlm/ignore', '.dlm/training.yaml', 'docs/.dlm/training.yaml', 'scripts/.dlm/training.yaml', 'src/.dlm/training.yaml', 'src/generated/.dlm/training.yaml', 'tests/.dlm/training.yaml']);
    await diagnosticsEqualCli(check);
    // src/'s 1.5 leaks to scripts/ (tagged python too), and so the root's python 2.0 is dead:
    // one cause, one warning, on src/'s weight (none on the root's); tests/ is untagged while dlm ignores its config.
    const root = check.find((f) => f.file === '.dlm/training.yaml')!.diagnostics;
    assert.ok(!root.some((d) => d.code === 'weight-overridden'), JSON.stringify(root));
    const src = check.find((f) => f.file === 'src/.dlm/training.yaml')!.diagnostics;
    const leak = src.find((d) => d.code === 'weight-leaks');
    assert.ok(leak, JSON.stringify(src));
    assert.match(leak.message, /scripts\/release\.py/, leak.message);
    assert.match(leak.message, /overrides `\.dlm\/training\.yaml`'s 2, which dlm drops/, leak.message);
    assert.doesNotMatch(leak.message, /tests\/test_app\.py/, 'tests/ is untagged while its config is ignored');
  });

  test('the editor shows the error squiggle; the Problems counts are the CLI totals (DOM)', async function () {
    const count = (sev: string) => check.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === sev).length, 0);
    await openEditor(fileIn(folder(), 'tests/.dlm/training.yaml'));
    await expectDom(this, 'squiggles', { error: 1 });
    await expectDom(this, 'problems', { errors: count('error'), warnings: count('warning') });
    await screenshot('demo-tests-error');
  });

  test("quoting tests/' `true` (quick fix): dlm reads it, src/'s python weight now leaks to tests/ — as `check . --json` says", async () => {
    const uri = fileIn(folder(), 'tests/.dlm/training.yaml');
    const editor = await openEditor(uri);
    const error = dlmDiagnostics(uri).find((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(error, 'no error on tests/ (previous test failed)');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, error.range);
    const fixes = (actions ?? []).filter((a) => a.edit && a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
    assert.equal(fixes.length, 1, `quick fixes: ${JSON.stringify((actions ?? []).map((a) => `${a.title} (${a.kind?.value})`))}`);
    const fix = fixes[0];
    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
    assert.match(editor.document.getText(), /^\s+'true': 0\.0$/m);
    assert.equal(await editor.document.save(), true);

    check = await cliCheckAll();
    const src = check.find((f) => f.file === 'src/.dlm/training.yaml')!.diagnostics;
    const leak = src.find((d) => d.code === 'weight-leaks');
    assert.ok(leak, `the CLI reports no leak on src/ after the fix: ${JSON.stringify(src)}`);
    assert.match(leak.message, /tests\/test_app\.py/, leak.message);
    assert.deepEqual(check.find((f) => f.file === 'tests/.dlm/training.yaml')!.diagnostics.filter((d) => d.severity === 'error'), []);
    await diagnosticsEqualCli(check);
  });

  test("the open report follows: again byte for byte the CLI's, and the webview shows its numbers", async function () {
    const text = await cliDryRunText();
    const edited = JSON.parse(text);
    assert.equal(edited.configs.find((c: any) => c.anchor === '../tests')?.trainingYaml, 'valid');
    assert.notEqual(text, cliJson, 'fixing tests/ should change the report');
    await waitFor('the live report to be the CLI report of the fixed corpus', () => api.lastReportJson() !== undefined && `${api.lastReportJson()}\n` === text, E2E_WAIT_MS,
      () => `last report ${api.lastReportJson() === undefined ? 'none' : `totals ${JSON.stringify(JSON.parse(api.lastReportJson()!).totals)}, tests/ ${JSON.stringify(JSON.parse(api.lastReportJson()!).configs.find((c: any) => c.anchor === '../tests'))}`}`);
    await expectDom(this, 'report-numbers', { expect: { metrics: headlineOf(edited), skipped: skippedOf(edited) }, timeoutMs: E2E_WAIT_MS });
    await screenshot('demo-report-after-fix');
    await closeAll();
  });

  test('a dlm_id dlm refuses: the status bar says "dlm: document error", the report shows the failure and its place, as the CLI (exit 1)', async function () {
    const uri = fileIn(folder(), '.dlm/corpus.dlm');
    const editor = await openEditor(uri);
    const id = find(editor.document, /^dlm_id:/, editor.document.lineAt(1).text.slice('dlm_id: '.length));
    assert.equal(await editor.edit((e) => e.replace(id, '01JDEMO0000000000000000000')), true);
    assert.equal(await editor.document.save(), true);
    const r = await runCli(['dry-run', '.', '--json'], root);
    assert.equal(r.code, 1, `dry-run exit ${r.code}: ${r.stderr.slice(0, 400)}`);
    const broken = JSON.parse(r.stdout);
    assert.deepEqual([broken.documentError?.stage, broken.documentError?.kind, broken.seed], ['parse', 'frontmatter-schema', null]);

    await expectDom(this, 'element', { selector: '#workbench\\.parts\\.statusbar', contains: 'dlm: document error', timeoutMs: E2E_WAIT_MS });
    await vscode.commands.executeCommand('dlmWeights.dryRun');
    await waitFor('the report of the broken document', () => api.lastReportJson() !== undefined && `${api.lastReportJson()}\n` === r.stdout, E2E_WAIT_MS,
      () => `last report: ${api.lastReportJson()?.slice(0, 300)}`);
    await expectDom(this, 'webview', { contains: ['dlm train stops while reading the document', 'frontmatter-schema', 'corpus.dlm:2'], timeoutMs: E2E_WAIT_MS });
    await screenshot('demo-document-error');
    await closeAll();
  });
});
