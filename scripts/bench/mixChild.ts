// The training mix's second pass against the cold dry run, in a fresh process
// (bundled by scripts/bench/mix.ts). `plain`: a dry run alone. `contended`: a
// dry run while the second pass of the previous one counts in its worker (a
// recompute while the report's mix is still being counted). Prints one JSON line.
import { readFileSync } from 'node:fs';
import { dryRun } from '../../src/engine/dryRun';
import { measureMixRows, MeasureWorker, newMeasureCaches, planMixRows } from '../../src/engine/mix/index';
import { estimatingCounter, TokenCountCache } from '../../src/engine/tokens/index';

async function main(): Promise<void> {
  const [root, mode, workerScript, tokenizerPath] = process.argv.slice(2) as [string, 'plain' | 'contended', string, string];
  const first = await dryRun(root, {});
  if (mode === 'plain') {
    const t = performance.now();
    await dryRun(root, {});
    process.stdout.write(JSON.stringify({ dryRunMs: performance.now() - t }) + '\n');
    return;
  }
  const worker = new MeasureWorker(workerScript, 1000);
  const tokenizer = { json: readFileSync(tokenizerPath, 'utf8'), config: null, label: 'fixture' };
  const caches = newMeasureCaches(new TokenCountCache(estimatingCounter));
  const plan = planMixRows(first.index, first.report, first.details);
  // as the language server does: the pass gives way while a dry run runs
  let running: Promise<unknown> | null = null;
  const t0 = performance.now();
  const pass = measureMixRows(plan, caches, { tokenizer, worker, giveWay: () => running });
  // the dry run starts while the pass is counting
  await new Promise((r) => setTimeout(r, 200));
  const t = performance.now();
  running = dryRun(root, {});
  await running;
  running = null;
  const dryRunMs = performance.now() - t;
  await pass;
  const passMs = performance.now() - t0;
  const t2 = performance.now();
  await measureMixRows(plan, caches, { tokenizer, worker });
  const cachedMs = performance.now() - t2;
  worker.end();
  process.stdout.write(JSON.stringify({ dryRunMs, passMs, cachedMs, rows: plan.length, batches: worker.batches }) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
