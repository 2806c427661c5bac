// One measured dry run in a fresh process (bundled by bench.ts), so peak RSS
// and wall time are the engine's own. Prints one JSON line.
import { dryRun } from '../../src/engine/dryRun';
import { trainingYamlPath } from '../../src/engine/corpus/anchors';

async function main(): Promise<void> {
  const [root, anchor, yaml] = process.argv.slice(2) as [string, string, string];
  const t0 = performance.now();
  const { report, index } = await dryRun(root, {});
  const coldMs = performance.now() - t0;
  const rssAfterCold = process.memoryUsage().rss;

  // incremental: change one weight (as an unsaved editor text) and recompute;
  // five edits in a row, as a user typing would make them
  let reads = 0;
  const times: number[] = [];
  let again = report;
  for (let i = 1; i <= 5; i++) {
    const edited = yaml.replace(/(team:\n\s+t\d+: )([\d.]+)/, (_m, a: string, w: string) => `${a}${(Number(w) + 0.25 * i).toFixed(2)}`);
    const t1 = performance.now();
    await index.reloadAnchor(anchor, { texts: new Map([[trainingYamlPath(anchor), edited]]) });
    again = (await index.report({ onProgress: (p) => { if (p.phase === 'reading') reads = Math.max(reads, p.total ?? 0); } })).report;
    times.push(performance.now() - t1);
  }
  const incrementalMs = times[0]!;
  const incrementalMedianMs = [...times].sort((a, b) => a - b)[2]!;
  process.stdout.write(JSON.stringify({
    coldMs, incrementalMs, incrementalMedianMs, filesReread: reads,
    rows: report.totals.rows, expanded: report.totals.expandedRows, expandedAfterEdit: again.totals.expandedRows,
    peakRssMb: process.resourceUsage().maxRSS / 1024, rssAfterColdMb: rssAfterCold / 2 ** 20,
  }) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
