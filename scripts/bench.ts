// `npm run bench`: the figures the issues ask for, on synthetic corpora.
//   node --import tsx scripts/bench.ts [--files 50000] [--no-vscode]
import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { ensureBenchCorpus } from './bench/corpus';
import { benchLive, formatLive } from './bench/live';
import { benchServer } from './bench/server';

const arg = process.argv.indexOf('--files');
const maxFiles = arg === -1 ? 50000 : Number(process.argv[arg + 1]);
const sizes = [maxFiles / 4, maxFiles / 2, maxFiles].map(Math.round);

spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
buildSync({ entryPoints: ['scripts/bench/child.ts'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: 'out/bench-child.js', logLevel: 'warning' });

console.log(`dlm-weights bench — ${cpus().length} cores, Node ${process.version}`);
const results: Array<Record<string, number>> = [];
for (const n of sizes) {
  const t = performance.now();
  const corpus = ensureBenchCorpus(n);
  const genMs = performance.now() - t;
  // best of 3 cold runs (fresh process each time: nothing is cached between them but the OS page cache)
  const runs = [0, 1, 2].map(() => {
    const r = spawnSync(process.execPath, ['out/bench-child.js', corpus.root, corpus.weightAnchor, corpus.weightYaml], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  });
  runs.sort((a, b) => a.coldMs - b.coldMs);
  const best = runs[0];
  results.push({ files: n, ...best });
  console.log(
    `${String(n).padStart(6)} files: cold dry run ${best.coldMs.toFixed(0)} ms (${Math.round(n / (best.coldMs / 1000))} files/s), ` +
      `peak RSS ${best.peakRssMb.toFixed(0)} MB, one-weight re-run ${best.incrementalMs.toFixed(1)} ms first / ${best.incrementalMedianMs.toFixed(1)} ms median of 5 (${best.filesReread} files re-read), ` +
      `${best.rows} rows → ${best.expanded} copies${genMs > 1000 ? ` [corpus generated in ${(genMs / 1000).toFixed(1)} s]` : ''}`,
  );
}
const [a, , c] = results;
console.log(`scaling: ${a!.files}→${c!.files} files (×${(c!.files / a!.files).toFixed(0)}) took ×${(c!.coldMs / a!.coldMs).toFixed(2)} the time`);

// the language server on the largest corpus
void (async () => {
  const corpus = ensureBenchCorpus(maxFiles);
  const s = await benchServer('dist/server.js', corpus.root, corpus.weightAnchor);
  console.log(
    `language server, ${maxFiles} files: index ready ${s.readyMs!.toFixed(0)} ms, hover ${s.hoverMedianMs!.toFixed(1)} ms median / ${s.hoverMaxMs!.toFixed(1)} ms max, ` +
      `edit → diagnostics ${s.diagnosticsMedianMs!.toFixed(0)} ms median / ${s.diagnosticsMaxMs!.toFixed(0)} ms max, ` +
      `edit → live report ${s.liveReportMedianMs!.toFixed(0)} ms median / ${s.liveReportMaxMs!.toFixed(0)} ms max (after the ${150} ms debounce)`,
  );
  // the whole live path: server → patch → client → view-model → webview (scripts/bench/live.ts)
  const live = await benchLive('dist/server.js', corpus);
  for (const line of formatLive(live, maxFiles)) console.log(line);
  // the same path in a real VS Code (code-server + Chromium through the e2e harness); --no-vscode skips it
  if (!process.argv.includes('--no-vscode')) {
    const vscodeBench: string = './bench/vscode.mjs';
    const { benchVscode, formatVscode } = await import(vscodeBench);
    try {
      const { figures } = benchVscode(corpus.root);
      for (const line of formatVscode(figures)) console.log(line);
    } catch (e) {
      console.log(`VS Code bench not run: ${(e as Error).message}`);
    }
  }
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
