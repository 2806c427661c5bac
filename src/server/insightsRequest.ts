// `dlm/insights` and `dlm/suggestWeights`: the second pass over a run (the
// training mix and "since last training") and the target-mix solver, answered
// with the engine's modules. Characters and tokens are measured in one worker
// thread (never on this thread, which answers the editor) and cached by
// section id across requests and recomputes: a file's id is a hash of its
// content, so a count stays valid until the file changes.
import { sectionIdsOf } from '../engine/corpus/rowSet';
import { statSync } from 'node:fs';
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { TRAINING_YAML_READ } from '../engine/config/index';
import { loaded, trainingYamlPath } from '../engine/corpus/anchors';
import { HashMemo } from '../engine/expand';
import { nodeFs } from '../engine/fs/index';
import {
  assembleMixRows, computeMix, measureMixRows, MeasureWorker, newMeasureCaches, planMixRows,
  type MeasureCaches, type MixRow, type PlannedRow, type TokenizerData,
} from '../engine/mix/index';
import { solveMix, weightsEdit } from '../engine/solver/index';
import { diskTextReader, documentFacts, sinceLastRun } from '../engine/store/index';
import { describeCounter, ESTIMATE_METHOD, estimatingCounter, findTokenizer, TokenCountCache } from '../engine/tokens/index';
import { mixViewModel, sinceViewModel } from '../report/insightsView';
import {
  InsightsPartialResult, type InsightsParams, type InsightsResult, type SuggestWeightsParams, type SuggestWeightsResult,
} from '../shared/protocol';
import { resolveRun, withCancellableProgress, type DryRunHost, type ResolvedRun } from './dryRunRequest';
import { pathToUri } from './features/uri';

/** Fewest milliseconds between two partial results. */
const PARTIAL_EVERY_MS = 250;
/** Cached rows past which a tokenizer's caches start over (bounds the server's memory). */
const MAX_CACHED_ROWS = 500_000;

let worker: MeasureWorker | null = null;
const cachesByTokenizer = new Map<string, MeasureCaches>();
const tokenizerFiles = new Map<string, { mtimeMs: number; size: number; data: TokenizerData }>();

function cachesFor(label: string): MeasureCaches {
  let c = cachesByTokenizer.get(label);
  if (!c || c.chars.size > MAX_CACHED_ROWS) cachesByTokenizer.set(label, (c = newMeasureCaches(new TokenCountCache(estimatingCounter))));
  return c;
}

interface Counting {
  tokenizer: TokenizerData | null;
  /** Where the counts come from, in words. */
  source: string;
}

/** The tokenizer for a document (an explicit tokenizer.json wins), its text read once per file version. */
function countingFor(baseModel: string | null, explicitPath: string | undefined): Counting {
  const lookup = findTokenizer(baseModel, {
    readText(path, maxBytes) {
      let st;
      try { st = statSync(path); } catch { return null; }
      const hit = tokenizerFiles.get(path);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return path.endsWith('tokenizer.json') ? hit.data.json : hit.data.config;
      return diskTextReader.readText(path, maxBytes);
    },
  }, { explicitPath: explicitPath || null });
  if (lookup.kind !== 'found') return { tokenizer: null, source: describeCounter({ counter: estimatingCounter, lookup, loadError: null }) };
  const f = lookup.files;
  try {
    const st = statSync(f.path);
    tokenizerFiles.set(f.path, { mtimeMs: st.mtimeMs, size: st.size, data: { json: f.json, config: f.config, label: f.label } });
  } catch { /* counted anyway, just not cached */ }
  return { tokenizer: { json: f.json, config: f.config, label: f.label }, source: `tokens counted with ${f.label}` };
}

/** Measures every row (worker first), calling `partial` with the rows so far while it runs. */
async function measure(host: DryRunHost, run: ResolvedRun, counting: Counting, signal: AbortSignal, partial?: (rows: MixRow[], done: number, total: number) => void): Promise<{ rows: MixRow[]; counting: Counting }> {
  worker ??= new MeasureWorker();
  const plan: PlannedRow[] = planMixRows(run.index, run.report, run.details);
  const caches = cachesFor(counting.tokenizer?.label ?? ESTIMATE_METHOD);
  let last = Date.now();
  const rows = await measureMixRows(plan, caches, {
    tokenizer: counting.tokenizer, worker, signal,
    // a folder recomputing (an edit, a file change) goes first: its report is what the user waits for
    giveWay: () => {
      const busy = host.folders().filter((f) => f.state === 'indexing');
      return busy.length ? Promise.all(busy.map((f) => f.whenSettled())) : null;
    },
    onBatch: (done, total) => {
      if (!partial || done === total || Date.now() - last < PARTIAL_EVERY_MS) return;
      last = Date.now();
      partial(assembleMixRows(plan, caches, true), done, total);
    },
  });
  // a tokenizer.json the library cannot load: the worker estimated, and says why
  if (counting.tokenizer && worker.initError !== null) {
    cachesByTokenizer.delete(counting.tokenizer.label);
    return { rows, counting: { tokenizer: null, source: `tokens ESTIMATED as UTF-8 bytes / 4: the tokenizer could not be loaded (${worker.initError})` } };
  }
  return { rows, counting };
}

function mixOf(rows: MixRow[], counting: Counting, sequenceLen: number, progress: { done: number; total: number } | null) {
  const mix = computeMix(rows, { sequenceLen, tokenizer: counting.tokenizer?.label ?? null, estimateMethod: ESTIMATE_METHOD });
  return mixViewModel(mix, { tokenSource: counting.source, counting: progress });
}


export function handleInsights(host: DryRunHost, params: InsightsParams, token: CancellationToken): Promise<InsightsResult> {
  return withCancellableProgress(host, params, 'dlm: training mix', token, async (signal, progress) => {
    const run = await resolveRun(host, params, signal, progress);
    const { report, index } = run;
    if (report.documentError !== null || report.seed === null) return { mix: null, since: null, corpus: run.corpus };
    const facts = documentFacts(index.plan.document?.frontmatter ?? null);
    const since = report.mode === 'document'
      ? sinceViewModel(sinceLastRun(facts.dlmId, {
        sectionIds: sectionIdsOf(report), distribution: report.distribution, seed: report.seed, weightsActive: report.mergedWeights.size > 0,
      }, { reader: diskTextReader }))
      : null;
    progress.report('counting characters and tokens');
    const counting = countingFor(facts.baseModel, params.tokenizer);
    const partialToken = params.partialResultToken;
    const measured = await measure(host, run, counting, signal, partialToken === undefined ? undefined : (rows, done, total) => {
      progress.report(Math.floor((100 * done) / Math.max(1, total)), `counted ${done}/${total} rows`);
      void host.connection.sendProgress(InsightsPartialResult, partialToken, {
        mix: mixOf(rows, counting, facts.sequenceLen, { done, total }), since, corpus: run.corpus,
      });
    });
    return { mix: mixOf(measured.rows, measured.counting, facts.sequenceLen, null), since, corpus: run.corpus };
  });
}

function readConfig(path: string, texts: ReadonlyMap<string, string>): string {
  const open = texts.get(path);
  if (open !== undefined) return open;
  const r = nodeFs.read(path, TRAINING_YAML_READ);
  if (r.kind === 'ok') return new TextDecoder('utf-8', { ignoreBOM: true }).decode(r.bytes);
  throw new ResponseError(ErrorCodes.InternalError, `cannot read ${path}`);
}

export function handleSuggestWeights(host: DryRunHost, params: SuggestWeightsParams, token: CancellationToken): Promise<SuggestWeightsResult> {
  const by = params.by ?? 'rows';
  if (typeof params.key !== 'string' || params.key === '') throw new ResponseError(ErrorCodes.InvalidParams, 'key must be a tag key');
  if (!Array.isArray(params.targets) || params.targets.length === 0
    || !params.targets.every((t) => typeof t?.value === 'string' && typeof t.share === 'number' && Number.isFinite(t.share) && t.share >= 0 && t.share <= 1)) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'targets must be { value, share } with shares from 0 to 1');
  }
  if (by !== 'rows' && by !== 'tokens') throw new ResponseError(ErrorCodes.InvalidParams, 'by must be rows or tokens');
  return withCancellableProgress(host, params, 'dlm: suggest weights', token, async (signal, progress) => {
    const run = await resolveRun(host, params, signal, progress);
    const { report, details, index } = run;
    const empty = {
      key: params.key, by, estimated: false, tokenSource: null, seed: String(report.seed ?? ''), reachable: false, weights: [], changes: [],
      mix: [], unreachable: [], writeTo: null, edit: null, editError: null,
    };
    if (report.documentError !== null || report.seed === null) return { ...empty, seed: '', trainFails: details.problems.map((p) => p.message) };
    let sizes: number[] | undefined;
    let measured: { rows: MixRow[]; counting: Counting } | null = null;
    if (by === 'tokens') {
      const facts = documentFacts(index.plan.document?.frontmatter ?? null);
      measured = await measure(host, run, countingFor(facts.baseModel, params.tokenizer), signal);
      sizes = measured.rows.map((r) => r.tokens);
    }
    const configs = index.allAnchors().map((a) => ({ id: trainingYamlPath(a.abs), loaded: loaded(a), weights: a.yaml?.config?.weights ?? new Map() }));
    const p = solveMix({
      rows: report.rows, merged: report.mergedWeights, memo: new HashMemo(report.seed), configs, sizes,
      target: { key: params.key, shares: new Map(params.targets.map((t) => [t.value, t.share])) },
    });
    let edit: SuggestWeightsResult['edit'] = null;
    let editError: string | null = null;
    if (p.reachable && p.writeTo) {
      const e = weightsEdit(readConfig(p.writeTo, host.texts()), p.key, p.changes);
      if (e.ok) edit = { uri: pathToUri(p.writeTo), edits: e.edits.map((x) => ({ range: x.range, newText: x.newText })) };
      else editError = e.reason;
    }
    return {
      key: p.key, by,
      estimated: measured !== null && measured.counting.tokenizer === null,
      tokenSource: measured?.counting.source ?? null,
      seed: String(report.seed),
      reachable: p.reachable,
      weights: [...p.weights].map(([value, weight]) => ({ value, weight })),
      changes: [...p.changes].map(([value, weight]) => {
        const w = p.winners.get(value);
        return { value, weight, today: w?.today ?? null, setBy: w?.setBy ?? null };
      }),
      mix: p.mix.map((l) => ({ value: l.value, targeted: l.targeted, rows: l.rows, shareBefore: l.shareBefore, share: l.share, target: l.target })),
      unreachable: p.unreachable.map((u) => ({ value: u.value, reason: u.reason, message: u.message })),
      writeTo: p.writeTo ? { uri: pathToUri(p.writeTo), path: p.writeTo } : null,
      edit, editError, trainFails: [],
    };
  });
}

/** Ends the measuring worker (server shutdown, tests). */
export function endMeasuring(): void {
  worker?.end();
  worker = null;
}
