import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { CorpusError } from '../engine/corpus/directives.js';
import { dryRun } from '../engine/dryRun.js';
import { reportJsonChunks } from '../report/contractJson.js';
import { csvRows } from '../report/csv.js';
import { parseSeed, UsageError, type ParsedArgs } from './args.js';
import { computeInsights, insightJsonEntries, insightLines, withExtraKeys } from './insights.js';
import { formatSummary } from './summary.js';
import { progressPrinter } from './progress.js';

export async function runDryRun(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 1) throw new UsageError('dry-run takes one PATH');
  const path = args.positionals[0] ?? '.';
  if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
  const seedFlag = args.flags.get('--seed');
  const seed = typeof seedFlag === 'string' ? parseSeed(seedFlag) : undefined;
  const progress = progressPrinter(!args.flags.has('--no-progress'));
  let result;
  try {
    // the report names the document as given, or relative to the cwd when given absolute
    const documentLabel = (isAbsolute(path) ? relative(process.cwd(), path) : path).split(sep).join('/');
    result = await dryRun(path, { seed, onProgress: progress.update, documentLabel });
  } catch (e) {
    if (e instanceof CorpusError) throw new UsageError(e.message);
    throw e;
  } finally {
    progress.done();
  }
  const { report, details } = result;
  const insights = computeInsights(args, result);
  const html = args.flags.get('--html');
  if (typeof html === 'string') {
    const { standaloneReportHtml } = await import('./htmlExport.js');
    mkdirSync(dirname(html), { recursive: true });
    writeFileSync(html, standaloneReportHtml(report, details));
    process.stderr.write(`dlm-weights: wrote ${html}\n`);
  }
  const csv = args.flags.get('--csv');
  if (typeof csv === 'string') {
    mkdirSync(dirname(csv), { recursive: true });
    writeFileSync(csv, csvRows(report));
  }
  if (args.flags.has('--json')) {
    // streamed: a 50k-row report is ~13 MB of JSON, never held as one string
    for (const chunk of withExtraKeys(reportJsonChunks(report), insightJsonEntries(insights))) {
      if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
    }
    process.stdout.write('\n');
  }
  else process.stdout.write(formatSummary(report, details) + insightLines(insights).map((l) => `${l}\n`).join(''));
  return report.trainError || details.fatal.length ? 1 : 0;
}
