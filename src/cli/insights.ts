// `dry-run --mix` and "since the last run": the training mix in characters and
// tokens, and the comparison with the document's dlm store. Both come after
// the dry run and never change it; in --json they are extra top-level keys
// only when asked for (`--mix`, `--since-last-run`), so the default output
// stays the formatVersion 1 contract byte for byte.
import type { CorpusIndex, ReportDetails } from '../engine/corpus/corpusIndex.js';
import { collectMixRows, computeMix, mixJson, mixSummaryLines, newMeasureCaches, type Mix } from '../engine/mix/index.js';
import { diskTextReader, documentFacts, sinceLastRun, sinceLastRunJson, sinceLastRunLines, type SinceLastRun } from '../engine/store/index.js';
import { describeCounter, ESTIMATE_METHOD, resolveTokenCounter, TokenCountCache } from '../engine/tokens/index.js';
import type { DryRunReport } from '../engine/types.js';
import { sectionIdsOf } from '../engine/corpus/rowSet.js';
import { UsageError, type ParsedArgs } from './args.js';

export interface Insights {
  mix: Mix | null;
  /** Where the mix's token counts come from, in words. */
  tokenSource: string | null;
  since: SinceLastRun | null;
  /** --since-last-run given: show the section even when there is nothing to compare, and put it in --json. */
  sinceAsked: boolean;
  /** --mix (or --tokenizer) given: the mix goes to the summary and --json (an --html page computes it anyway). */
  mixAsked?: boolean;
}

export function computeInsights(args: ParsedArgs, run: { report: DryRunReport; details: ReportDetails; index: CorpusIndex }, forHtml = false): Insights {
  const sinceAsked = args.flags.has('--since-last-run');
  if (sinceAsked && args.flags.has('--no-since-last-run')) throw new UsageError('--since-last-run and --no-since-last-run exclude each other');
  const tokenizerFlag = args.flags.get('--tokenizer');
  const explicitPath = typeof tokenizerFlag === 'string' ? tokenizerFlag : null;
  const mixAsked = args.flags.has('--mix') || explicitPath !== null;
  const mixNeeded = mixAsked || forHtml;
  const { report, details, index } = run;
  // a document dlm cannot even parse has no rows to measure or compare
  if (report.documentError !== null || report.seed === null) return { mix: null, tokenSource: null, since: null, sinceAsked };
  const facts = documentFacts(index.plan.document?.frontmatter ?? null);

  let mix: Mix | null = null;
  let tokenSource: string | null = null;
  if (mixNeeded) {
    const resolved = resolveTokenCounter(facts.baseModel, diskTextReader, { explicitPath });
    if (explicitPath !== null && !resolved.counter.exact) {
      throw new UsageError(resolved.loadError !== null ? `--tokenizer ${explicitPath}: ${resolved.loadError}` : `--tokenizer: cannot read ${explicitPath}`);
    }
    tokenSource = describeCounter(resolved);
    const rows = collectMixRows(index, report, details, diskTextReader, newMeasureCaches(new TokenCountCache(resolved.counter)));
    mix = computeMix(rows, {
      sequenceLen: facts.sequenceLen,
      tokenizer: resolved.counter.exact ? resolved.counter.label : null,
      estimateMethod: ESTIMATE_METHOD,
    });
  }

  let since: SinceLastRun | null = null;
  if (!args.flags.has('--no-since-last-run') && report.mode === 'document') {
    since = sinceLastRun(facts.dlmId, {
      sectionIds: sectionIdsOf(report),
      distribution: report.distribution,
      seed: report.seed,
      weightsActive: report.mergedWeights.size > 0,
    }, { reader: diskTextReader });
  }
  return { mix, tokenSource, since, sinceAsked, mixAsked };
}

/** Lines after the human summary: the mix when asked for; since-last-run when asked for or when a store exists. */
export function insightLines(i: Insights): string[] {
  const out: string[] = [];
  if (i.mix && i.mixAsked !== false) out.push('', ...mixSummaryLines(i.mix, { source: i.tokenSource ?? undefined }));
  if (i.since && (i.sinceAsked || i.since.kind !== 'no-store')) out.push('', ...sinceLastRunLines(i.since));
  return out;
}

/** The extra top-level keys of --json, in order. */
export function insightJsonEntries(i: Insights): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (i.mix && i.mixAsked !== false) out.push(['mix', mixJson(i.mix, '  ')]);
  if (i.sinceAsked) out.push(['sinceLastRun', i.since ? sinceLastRunJson(i.since, '  ') : 'null']);
  return out;
}

/** The report's JSON chunks with extra keys added before the closing brace. */
export function* withExtraKeys(chunks: Iterable<string>, entries: Array<[string, string]>): Generator<string> {
  if (entries.length === 0) {
    yield* chunks;
    return;
  }
  let pending: string | null = null;
  for (const c of chunks) {
    if (pending !== null) yield pending;
    pending = c;
  }
  const last = pending ?? '';
  const close = last.lastIndexOf('}');
  yield last.slice(0, close).replace(/\n$/, '');
  for (const [k, v] of entries) yield `,\n  ${JSON.stringify(k)}: ${v}`;
  yield `\n${last.slice(close)}`;
}
