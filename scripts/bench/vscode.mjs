// `npm run bench` part: the user's path in a real VS Code (code-server +
// headless Chromium, the e2e harness) on the bench's generated corpus. Runs
// the `bench-vscode` e2e scenario (test/e2e/suite/benchVscode.e2e.ts) with the
// corpus opened in place, then prints each figure next to its target.
//   node scripts/bench/vscode.mjs <corpus folder> [--hops]
// --hops prints every report's way to the screen hop by hop (server compute,
// JSON written and sent, received and parsed in the extension host, view
// model built and posted, received and drawn in the webview).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function benchVscode(corpus) {
  const dir = mkdtempSync(join(tmpdir(), 'dlm-bench-vscode-'));
  const out = join(dir, 'figures.json');
  // hop timings of every report on its way to the screen (server, extension host, webview)
  const trace = join(dir, 'hops.log');
  const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'e2e', 'run.mjs'), '--only', 'bench-vscode'], {
    cwd: REPO,
    // the harness's lines go to stderr, with the bench's other progress lines
    stdio: ['ignore', 2, 2],
    env: { ...process.env, DLM_E2E_BENCH_CORPUS: corpus, DLM_E2E_BENCH_OUT: out, DLM_WEIGHTS_TRACE: trace },
  });
  if (!existsSync(out)) throw new Error(`the VS Code bench wrote no figures (e2e exit ${r.status}); see test-results/e2e/bench-vscode/run.log`);
  return { figures: JSON.parse(readFileSync(out, 'utf8')), ok: r.status === 0, hops: existsSync(trace) ? readFileSync(trace, 'utf8') : '' };
}

/**
 * The hop trace as one block per user action (a command, an edit reaching
 * the server): each hop with the ms since the action and since the hop before.
 */
export function formatHops(text) {
  const lines = [];
  let start = null;
  let prev = 0;
  for (const line of text.split('\n')) {
    const m = /^(\d+(?:\.\d+)?) (\w+) (.*)$/.exec(line);
    if (!m) continue;
    const at = Number(m[1]);
    if (m[3] === 'command' || m[3] === 'edit received' || start === null) {
      start = at;
      prev = at;
      lines.push('');
    }
    lines.push(`  ${`+${Math.round(at - start)}`.padStart(7)} ms ${`(+${Math.round(at - prev)})`.padStart(8)}  ${m[2].padEnd(6)} ${m[3]}`);
    prev = at;
  }
  return lines;
}

const ms = (n) => (n === undefined ? 'n/a' : `${Math.round(n)} ms`);
const verdict = (n, target) => (n === undefined ? '' : n <= target ? '  ✓' : '  ✗ over');

export function formatVscode(f) {
  const coldTarget = f.cliColdMs === undefined ? undefined : f.cliColdMs + 1000;
  return [
    `VS Code (code-server + Chromium), ${f.files ?? '?'} files, ${f.rows ?? '?'} rows:`,
    `  command → report drawn, warm index: ${ms(f.warmCommandToReportMs)} (target ≤ 1000 ms)${verdict(f.warmCommandToReportMs, 1000)}`,
    `    for reference: VS Code opening an empty webview panel until its page posts: ${ms(f.emptyWebviewMs)}`,
    `    warm, with the report panel open behind another editor: ${ms(f.warmHiddenPanelMs)}`,
    `  command → report drawn, cold (at start-up): ${ms(f.coldCommandToReportMs)} (target ≤ CLI cold ${ms(f.cliColdMs)} + 1000 ms = ${ms(coldTarget)})${coldTarget === undefined ? '' : verdict(f.coldCommandToReportMs, coldTarget)}`,
    `  weight edit → report drawn: ${ms(f.editToReportMedianMs)} median / ${ms(f.editToReportMaxMs)} max of 5 (target ≤ 300 ms)${verdict(f.editToReportMedianMs, 300)}`,
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const corpus = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!corpus) {
    console.error('usage: node scripts/bench/vscode.mjs <corpus folder>');
    process.exit(2);
  }
  const { figures, ok, hops } = benchVscode(resolve(corpus));
  if (process.argv.includes('--hops')) for (const line of formatHops(hops)) console.log(line);
  for (const line of formatVscode(figures)) console.log(line);
  process.exit(ok ? 0 : 1);
}
