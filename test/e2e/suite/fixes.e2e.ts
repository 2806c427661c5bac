// Scenario "merge fixes" on the merge-fixes fixture: src/'s `lang=py: 0.5`
// reaches every python row of the corpus (dlm merges weights globally), which
// is also why the root's 2.5 is dead; drafts/ and docs/ hold unquoted
// booleans and numbers, so dlm ignores both configs.
//  - the leak is ONE warning, on src/'s weight (none on the root's), with
//    related information naming the root's line and the folders; every
//    config's diagnostics are `dlm-weights check . --json`'s;
//  - "Scope this weight to src/", taken from vscode.executeCodeActionProvider
//    and applied: src/ rows keep 0.5, every other row gets the root's 2.5
//    again; no warning is left; diagnostics and the dry-run report (the
//    extension's `dlmWeights.dryRun`) equal the CLI's on the saved files;
//  - the source.fixAll action quotes every unquoted value of both ignored
//    configs in one edit: dlm reads them, and again VS Code = the CLI.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import {
  activate, closeAll, codeOf, describeDiagnostics, diagnosticsWhere, dlmDiagnostics, fileIn, folder, indexed, openEditor, rangeText,
  recordRequests, runCli, screenshot, waitFor, type DlmTestApi, type RequestRecord, E2E_TEST_TIMEOUT_MS,
} from './helpers.js';

interface CliDiagnostic { severity: string; code: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }
interface CliFile { file: string; diagnostics: CliDiagnostic[] }

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};
const CONFIGS = ['.dlm/training.yaml', 'docs/.dlm/training.yaml', 'drafts/.dlm/training.yaml', 'notes/.dlm/training.yaml', 'src/.dlm/training.yaml'];

const lineOfApi = (d: vscode.Diagnostic) => `${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${rangeText(d.range)} ${d.source} ${d.message}`;
const lineOfCli = (d: CliDiagnostic) => {
  const r = d.range;
  return `${vscode.DiagnosticSeverity[SEVERITY[d.severity]]} ${d.code} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} dlm-weights ${d.message}`;
};

suite('merge fixes: scope a leaking weight, quote every unquoted value', () => {
  let api: DlmTestApi;
  let requests: RequestRecord[];
  let root: string;

  async function cliCheckAll(): Promise<CliFile[]> {
    const r = await runCli(['check', '.', '--json'], root);
    assert.ok(r.stdout.startsWith('['), `check --json printed no JSON (exit ${r.code}): ${r.stderr.slice(0, 800)}`);
    return JSON.parse(r.stdout) as CliFile[];
  }

  /** Waits until every config's diagnostics in VS Code are the CLI's. */
  async function diagnosticsEqualCli(): Promise<CliFile[]> {
    const files = await cliCheckAll();
    const want = CONFIGS.map((file) => ({ file, lines: (files.find((f) => f.file === file)?.diagnostics ?? []).map(lineOfCli).sort() }));
    const have = () => CONFIGS.map((file) => ({ file, lines: dlmDiagnostics(fileIn(folder(), file)).map(lineOfApi).sort() }));
    try {
      await waitFor('the diagnostics of every config to be those of `check . --json`', () => JSON.stringify(have()) === JSON.stringify(want));
    } catch {
      assert.deepEqual(have(), want, 'VS Code diagnostics (actual) differ from `dlm-weights check . --json` (expected)');
    }
    return files;
  }

  /** The extension's dry run (the command), equal to `dry-run . --json`; returns the report. */
  async function dryRunEqualsCli(): Promise<any> {
    const before = requests.length;
    await vscode.commands.executeCommand('dlmWeights.dryRun', folder().uri);
    const dry = requests.slice(before).find((r) => r.method === 'dlm/dryRun');
    assert.ok(dry, 'the command sent no dlm/dryRun request');
    await waitFor('the dlm/dryRun reply', () => dry.outcome);
    assert.equal(dry.outcome, 'resolved', JSON.stringify(dry.error));
    const shown = api.lastReportJson();
    assert.ok(shown, 'no report after the dry run');
    const r = await runCli(['dry-run', '.', '--json'], root);
    assert.ok(r.stdout.startsWith('{'), `dry-run --json printed no JSON: ${r.stderr.slice(0, 800)}`);
    assert.deepEqual(JSON.parse(shown), JSON.parse(r.stdout), 'the extension\'s report differs from `dlm-weights dry-run . --json`');
    return JSON.parse(r.stdout);
  }

  const weightsOf = (report: any): Record<string, number> => Object.fromEntries(report.rows.map((r: { origin: string; weight: number }) => [r.origin, r.weight]));

  suiteSetup(async function () {
    this.timeout(E2E_TEST_TIMEOUT_MS);
    api = await activate();
    requests = recordRequests(api);
    await indexed(api, folder());
    root = folder().uri.fsPath;
  });

  test("the leak is one warning, on src/'s weight, naming the root's dead 2.5 and the folders; = check . --json", async () => {
    const src = fileIn(folder(), 'src/.dlm/training.yaml');
    await openEditor(src);
    const ds = await diagnosticsWhere(src, 'weight-leaks on src/', (d) => d.some((x) => codeOf(x) === 'weight-leaks'));
    const leak = ds.find((x) => codeOf(x) === 'weight-leaks')!;
    assert.match(leak.message, /overrides `\.dlm\/training\.yaml`'s 2\.5, which dlm drops/, leak.message);
    const related = (leak.relatedInformation ?? []).map((r) => `${vscode.workspace.asRelativePath(r.location.uri, false)}:${r.location.range.start.line} ${r.message}`);
    assert.ok(related.includes(".dlm/training.yaml:5 sets lang=py to 2.5: dlm drops it for this weight's 0.5"), JSON.stringify(related));
    assert.ok(related.some((r) => r.startsWith('notes/.dlm/training.yaml:1 notes/: 1 row')), JSON.stringify(related));
    const files = await diagnosticsEqualCli();
    // only greyed out (a weight-dead hint, not in the Problems panel), never a second warning
    assert.deepEqual(files.find((f) => f.file === '.dlm/training.yaml')?.diagnostics.map((d) => d.code) ?? [], ['weight-dead'], 'the root\'s dead weight is not reported a second time');
  });

  test('"Scope this weight to src/" (executeCodeActionProvider + apply): src/ keeps 0.5, the rest gets 2.5 again; = the CLI', async () => {
    const src = fileIn(folder(), 'src/.dlm/training.yaml');
    const editor = await openEditor(src);
    const before = await dryRunEqualsCli();
    assert.deepEqual(weightsOf(before), { 'docs/g.md': 0.5, 'drafts/d.md': 0.5, 'notes/n.py': 0.5, 'src/a.py': 0.5, 'src/b.py': 0.5, 'top.py': 0.5 });
    const leak = dlmDiagnostics(src).find((x) => codeOf(x) === 'weight-leaks');
    assert.ok(leak, `no weight-leaks (previous test failed): ${describeDiagnostics(dlmDiagnostics(src))}`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', src, leak.range);
    const scope = (actions ?? []).find((a) => a.title.startsWith('Scope this weight to src/'));
    assert.ok(scope?.edit, `actions: ${JSON.stringify((actions ?? []).map((a) => `${a.title} (${a.kind?.value})`))}`);
    assert.equal(await vscode.workspace.applyEdit(scope.edit), true, `applyEdit refused "${scope.title}"`);
    assert.equal(editor.document.getText(), [
      '# Meant for src/ only, but dlm merges weights globally: this 0.5 also',
      "# reaches notes/ and the root's files, and the root's 2.5 is dead.",
      'metadata:', '  lang: py', '  scope: src', 'weights:', '  scope:', '    src: 0.2  # fewer copies of our own code', '',
    ].join('\n'));
    await diagnosticsWhere(src, 'the leak to go away', (d) => !d.some((x) => codeOf(x) === 'weight-leaks'));
    assert.equal(await editor.document.save(), true);
    await diagnosticsEqualCli();
    const after = await dryRunEqualsCli();
    assert.deepEqual(weightsOf(after), { 'docs/g.md': 2.5, 'drafts/d.md': 2.5, 'notes/n.py': 2.5, 'src/a.py': 0.5, 'src/b.py': 0.5, 'top.py': 2.5 });
    await screenshot('scope-weight');
  });

  test('"Quote every unquoted boolean/number tag" (source.fixAll): one edit over drafts/ and docs/; dlm reads both; = the CLI', async () => {
    const drafts = fileIn(folder(), 'drafts/.dlm/training.yaml');
    await openEditor(drafts);
    const errors = await diagnosticsWhere(drafts, 'the unquoted errors', (d) => d.filter((x) => x.severity === vscode.DiagnosticSeverity.Error).length === 2);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', drafts, errors[0]!.range, vscode.CodeActionKind.SourceFixAll.value);
    const all = (actions ?? []).filter((a) => a.kind && vscode.CodeActionKind.SourceFixAll.contains(a.kind));
    assert.equal(all.length, 1, `actions: ${JSON.stringify((actions ?? []).map((a) => `${a.title} (${a.kind?.value})`))}`);
    assert.equal(all[0]!.title, 'Quote every unquoted boolean/number tag in the workspace (3 in 2 files)');
    assert.deepEqual(all[0]!.edit!.entries().map(([u]) => vscode.workspace.asRelativePath(u, false)).sort(), ['docs/.dlm/training.yaml', 'drafts/.dlm/training.yaml']);
    assert.equal(await vscode.workspace.applyEdit(all[0]!.edit!), true);
    const quoted: Record<string, string> = {
      'drafts/.dlm/training.yaml': "# unquoted: dlm ignores this file\nmetadata:\n  draft: 'yes'\n  year: '2024'\n",
      'docs/.dlm/training.yaml': "# unquoted: dlm ignores this file too\nmetadata:\n  generated: 'true'\nweights:\n  generated:\n    'true': 0.1\n",
    };
    for (const [rel, text] of Object.entries(quoted)) {
      // a file the edit reached without an editor may or may not be saved by VS Code itself: save each
      const doc = await vscode.workspace.openTextDocument(fileIn(folder(), rel));
      assert.equal(doc.getText(), text, rel);
      if (doc.isDirty) assert.equal(await doc.save(), true, `saving ${rel}`);
      await diagnosticsWhere(doc.uri, `no error on ${rel}`, (d) => !d.some((x) => x.severity === vscode.DiagnosticSeverity.Error));
    }
    const files = await diagnosticsEqualCli();
    assert.deepEqual(files.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error')), []);
    const report = await dryRunEqualsCli();
    assert.deepEqual(report.configs.filter((c: { trainingYaml: string }) => c.trainingYaml === 'invalid'), [], 'dlm reads every config now');
    await closeAll();
  });
});
