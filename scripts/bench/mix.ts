// The figure for the training mix's token pass: it runs after the report
// (a second pass in a worker thread), so what it can slow is a dry run that
// runs at the same time. Best of 3 fresh processes each way, alternated.
import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
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

export function benchMix(corpusRoot: string, rounds = 3): MixBench {
  buildSync({ entryPoints: ['scripts/bench/mixChild.ts'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: 'out/bench-mix-child.js', logLevel: 'warning' });
  // the workers a bundle starts from beside it: the dry run's readers, the mix's measurer
  for (const w of ['readWorker.js', 'measureWorker.js']) copyFileSync(resolve('dist', w), resolve('out', w));
  const run = (mode: 'plain' | 'contended') => {
    const r = spawnSync(process.execPath, ['out/bench-mix-child.js', corpusRoot, mode, resolve('out/measureWorker.js'), resolve('test/fixtures/tokenizer/byte-level-bpe/tokenizer.json')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  };
  const alone: number[] = [];
  const contended: Array<{ dryRunMs: number; passMs: number; cachedMs: number; rows: number }> = [];
  for (let i = 0; i < rounds; i++) {
    alone.push(run('plain').dryRunMs);
    contended.push(run('contended'));
  }
  // medians, as the rest of the bench
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    aloneMs: med(alone), contendedMs: med(contended.map((c) => c.dryRunMs)), passMs: med(contended.map((c) => c.passMs)),
    cachedMs: med(contended.map((c) => c.cachedMs)), rows: contended[0]!.rows,
  };
}

/** The slowdown of a cold dry run while the token pass counts, as a fraction (0.12 = 12 % slower). */
export function mixOverhead(m: MixBench): number {
  return m.contendedMs / m.aloneMs - 1;
}
