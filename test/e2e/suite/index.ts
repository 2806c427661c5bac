// Entry point VS Code's extension host calls for extensionTestsPath: runs one
// scenario's mocha suite, prints a line per test and a closing
// `N passed, N failed` line, and writes the results as JSON for the harness.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { e2eEnv } from './env.js';

/** Scenario modules, loaded lazily after mocha's globals exist. */
const SCENARIOS: Record<string, () => Promise<unknown>> = {
  activation: () => import('./activation.e2e.js'),
  diagnostics: () => import('./diagnostics.e2e.js'),
  hover: () => import('./hover.e2e.js'),
  report: () => import('./report.e2e.js'),
  cancel: () => import('./cancel.e2e.js'),
  'multi-root': () => import('./multiRoot.e2e.js'),
  quiet: () => import('./quiet.e2e.js'),
  nasty: () => import('./nasty.e2e.js'),
  fuzz: () => import('./fuzz.e2e.js'),
  demo: () => import('./demo.e2e.js'),
  layout: () => import('./layout.e2e.js'),
  fixes: () => import('./fixes.e2e.js'),
  flow: () => import('./flow.e2e.js'),
  'bench-vscode': () => import('./benchVscode.e2e.js'),
  suggest: () => import('./suggest.e2e.js'),
};

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface SuiteResults {
  scenario: string;
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
}

function log(line: string): void {
  console.log(`[dlm-e2e] ${line}`);
}

export async function run(): Promise<void> {
  const results: SuiteResults = { scenario: e2eEnv.scenario, passed: 0, failed: 0, pending: 0, tests: [] };
  const save = () => {
    if (e2eEnv.resultsFile) writeFileSync(e2eEnv.resultsFile, JSON.stringify(results, null, 2));
  };
  const load = SCENARIOS[e2eEnv.scenario];
  if (!load) {
    results.failed = 1;
    results.tests.push({ title: `load scenario '${e2eEnv.scenario}'`, state: 'failed', durationMs: 0, error: `unknown scenario; known: ${Object.keys(SCENARIOS).join(', ')}` });
    save();
    throw new Error(`unknown e2e scenario '${e2eEnv.scenario}'`);
  }

  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 600_000, reporter: 'dot' });
  // Define suite()/test() for the scenario module before it is evaluated.
  mocha.suite.emit('pre-require', globalThis, 'dlm-e2e', mocha);
  await load();

  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t: Mocha.Test) => {
      results.passed++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
      log(`pass ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t: Mocha.Test, err: Error) => {
      results.failed++;
      results.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: err?.stack ?? String(err) });
      log(`FAIL ${t.fullTitle()}: ${err?.message ?? err}`);
    });
    runner.on('pending', (t: Mocha.Test) => {
      results.pending++;
      results.tests.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 });
      log(`skip ${t.fullTitle()}`);
    });
  });
  save();
  log(`${results.passed} passed, ${results.failed} failed`);
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
