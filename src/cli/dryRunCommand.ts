import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { CorpusError } from '../engine/problems.js';
import { planCorpus, type DryRunOptions } from '../engine/dryRun.js';
import { CorpusIndex } from '../engine/corpus/corpusIndex.js';
import { sharedReadPool } from '../engine/corpus/readPool.js';
import { reportJsonChunks } from '../report/contractJson.js';
import { csvChunks } from '../report/csv.js';
import { parseSeed, UsageError, type ParsedArgs } from './args.js';
import { computeInsights, insightJsonEntries, insightLines, withExtraKeys } from './insights.js';
import { formatSummary } from './summary.js';
import { progressPrinter } from './progress.js';
import { checkShares, formatShareCheck, parseShareBound } from './formats/maxShare.js';
import { resolveCliTarget, targetNote } from './target.js';

/** Writes an export the user asked for (a string, or chunks streamed to the file); any failure is one line and exit 2. */
function writeOutput(flag: string, path: string, content: () => string | Iterable<string>): void {
  if (path === '') throw new UsageError(`${flag} needs a file name`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const c = content();
    if (typeof c === 'string') writeFileSync(path, c);
    else {
      writeFileSync(path, '');
      for (const chunk of c) appendFileSync(path, chunk);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`cannot write ${flag} ${path}: ${err.code ?? err.message}`);
  }
}

/**
 * The engine's dryRun. Once every file is read, the read workers work out the
 * split answers the report needs beyond the ones they memoised while reading
 * (both cores instead of the main thread alone); then they end, so their
 * memory goes before the report is made and written (awaited: about 10 ms,
 * against 4–8 MiB more peak RSS at 50k files when the report overlapped it).
 */
async function dryRunOnce(path: string, opts: DryRunOptions) {
  const plan = await planCorpus(path, opts);
  const index = await CorpusIndex.build(plan, { ...opts, oneReport: true });
  await index.prefillSplits(sharedReadPool());
  await sharedReadPool().close();
  const { report, details } = await index.report(opts);
  return { report, details, index };
}

export async function runDryRun(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 1) throw new UsageError('dry-run takes one PATH');
  const path = args.positionals[0] ?? '.';
  if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
  const seedFlag = args.flags.get('--seed');
  const seed = typeof seedFlag === 'string' ? parseSeed(seedFlag) : undefined;
  const shareBounds = (args.lists.get('--max-share') ?? []).map(parseShareBound);
  const html = args.flags.get('--html');
  const csv = args.flags.get('--csv');
  if (html === '') throw new UsageError('--html needs a file name');
  if (csv === '') throw new UsageError('--csv needs a file name');
  // a folder is what `dlm train FOLDER` would train: say which document, and why
  const target = resolveCliTarget('dry-run', path, args.flags.has('--directory'));
  const progress = progressPrinter(!args.flags.has('--no-progress'));
  let result;
  try {
    result = await dryRunOnce(target.path, { seed, onProgress: progress.update, documentLabel: target.documentLabel, directory: target.directory });
  } catch (e) {
    if (e instanceof CorpusError) throw new UsageError(e.message);
    throw e;
  } finally {
    progress.done();
  }
  const { report, details } = result;
  // the HTML page always shows the mix (a second pass over the files, only when asked for a page)
  const insights = computeInsights(args, result, typeof html === 'string');
  if (typeof html === 'string') {
    const { standaloneReportHtml } = await import('./htmlExport.js');
    writeOutput('--html', html, () => standaloneReportHtml(report, details, insights));
    process.stderr.write(`dlm-weights: wrote ${html}\n`);
  }
  if (typeof csv === 'string') writeOutput('--csv', csv, () => csvChunks(report));
  // known before stdout is written: a reader that closes early (EPIPE) still gets it
  const shares = checkShares(report, shareBounds);
  const code = report.trainError || report.documentError || shares.some((c) => c.exceeded) ? 1 : 0;
  process.exitCode = code;
  if (args.flags.has('--json')) {
    // what dlm-weights did not predict goes to stderr: stdout stays the contract
    for (const g of details.gaps) process.stderr.write(`dlm-weights: warning: ${g.message}\n`);
    // streamed: a 50k-row report is ~13 MB of JSON, never held as one string
    for (const chunk of withExtraKeys(reportJsonChunks(report), insightJsonEntries(insights))) {
      if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
    }
    process.stdout.write('\n');
  }
  else process.stdout.write(formatSummary(report, details, { relativePath: (abs) => relative(process.cwd(), abs).split(sep).join('/') || '.', base: result.index.plan.base }) + insightLines(insights).map((l) => `${l}\n`).join(''));
  for (const c of shares) process.stderr.write(formatShareCheck(c) + '\n');
  process.stderr.write(targetNote(target, args.flags.has('--json')));
  return code;
}
