// The figure for the training mix's token pass: it runs after the report
// (a second pass in a worker thread), so what it can slow is a dry run that
// runs at the same time. Best of 3 fresh processes each way, alternated.
import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The cold dry run may be slowed by at most this much (issue 14). */
export const MIX_OVERHEAD_TARGET = 0.2;

export interface MixBench {
  aloneMs: number;
  contendedMs: number;
  passMs: number;
  cachedMs: number;
  rows: number;
}

export function benchMix(corpusRoot: string): MixBench {
  buildSync({ entryPoints: ['scripts/bench/mixChild.ts'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: 'out/bench-mix-child.js', logLevel: 'warning' });
  const run = (mode: 'plain' | 'contended') => {
    const r = spawnSync(process.execPath, ['out/bench-mix-child.js', corpusRoot, mode, resolve('dist/measureWorker.js'), resolve('test/fixtures/tokenizer/byte-level-bpe/tokenizer.json')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  };
  const alone: number[] = [];
  const contended: Array<{ dryRunMs: number; passMs: number; cachedMs: number; rows: number }> = [];
  for (let i = 0; i < 3; i++) {
    alone.push(run('plain').dryRunMs);
    contended.push(run('contended'));
  }
  contended.sort((a, b) => a.dryRunMs - b.dryRunMs);
  const best = contended[0]!;
  return { aloneMs: Math.min(...alone), contendedMs: best.dryRunMs, passMs: Math.min(...contended.map((c) => c.passMs)), cachedMs: Math.min(...contended.map((c) => c.cachedMs)), rows: best.rows };
}

export function formatMix(m: MixBench, files: number): string {
  const over = m.contendedMs / m.aloneMs - 1;
  return `training mix, ${files} files: token pass (worker thread, byte-level BPE fixture) ${(m.passMs / 1000).toFixed(1)} s for ${m.rows} rows after the report, ` +
    `${m.cachedMs.toFixed(0)} ms again with counts cached; a cold dry run while it counts ${m.contendedMs.toFixed(0)} ms vs ${m.aloneMs.toFixed(0)} ms alone ` +
    `(${over >= 0 ? '+' : ''}${(100 * over).toFixed(0)} %, target ≤ ${100 * MIX_OVERHEAD_TARGET} %)`;
}
