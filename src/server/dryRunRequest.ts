// `dlm/dryRun`: the report of a folder's live corpus, or a one-off run of
// another `.dlm` document / seed, with work-done progress and cancellation.
import { statSync } from 'node:fs';
import {
  ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection,
} from 'vscode-languageserver';
import { CorpusIndex } from '../engine/corpus/corpusIndex';
import { CorpusError, documentLabelIn, planDirectory, planDocument } from '../engine/corpus/directives';
import { isAbortError } from '../engine/problems';
import { reportToJson } from '../report/contractJson';
import { reportColumnsOf } from '../report/reportColumns';
import type { CorpusRef, DryRunParams, DryRunResult } from '../shared/protocol';
import type { DryRunReport, ReportDetails } from '../shared/reportModel';
import { reportDetailsJson } from '../shared/reportModel';
import { traceHop } from './hopTrace';
import { untilAborted } from './untilAborted';
import { parseSeedSetting } from './settings';
import { pathToUri, uriToPath } from './features/uri';
import { isDlmDocumentPath, type FolderCorpus } from './workspace';

export interface DryRunHost {
  connection: Connection;
  folderForPath(path: string): FolderCorpus | undefined;
  folderByUri(uri: string): FolderCorpus | undefined;
  folders(): FolderCorpus[];
  texts(): ReadonlyMap<string, string>;
}

export const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'dry run cancelled');

function isDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

/** What a request runs on: the report, its details, the index, and which corpus it is. */
export interface ResolvedRun {
  report: DryRunReport;
  details: ReportDetails;
  index: CorpusIndex;
  base: string;
  corpus: CorpusRef;
  /** Whether it is the folder's live report (its snapshot), not a one-off run. */
  live?: boolean;
}

const liveKeys = new WeakMap<DryRunReport, string>();
let nextLiveKey = 1;

/** A key naming a live report object (see DryRunResult.liveKey); the same object, the same key. */
export function liveKeyOf(report: DryRunReport): string {
  let key = liveKeys.get(report);
  if (key === undefined) liveKeys.set(report, (key = `live-${nextLiveKey++}`));
  return key;
}

export interface RunProgress {
  report(message: string): void;
  report(percentage: number, message?: string): void;
}

/**
 * The run a request names (see DryRunParams): the folder's live snapshot when
 * it is the one asked for, else a one-off run. Throws ResponseErrors.
 */
export async function resolveRun(host: DryRunHost, params: DryRunParams, signal: AbortSignal, progress: RunProgress): Promise<ResolvedRun> {
  let seed: bigint | undefined;
  if (params.seed !== undefined) {
    seed = parseSeedSetting(params.seed);
    if (seed === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `seed must be an integer, got ${JSON.stringify(params.seed)}`);
  }
  const docPath = params.documentUri ? uriToPath(params.documentUri) : null;
  if (params.documentUri && !docPath) throw new ResponseError(ErrorCodes.InvalidParams, `not a file URI: ${params.documentUri}`);
  let folder: FolderCorpus | undefined;
  if (docPath) folder = host.folderForPath(docPath);
  else if (params.folderUri) folder = host.folderByUri(params.folderUri);
  else if (host.folders().length === 1) folder = host.folders()[0];

  // what to run: a `.dlm` document, a directory, or the folder's live corpus
  let target: { kind: 'document' | 'directory'; path: string } | null = null;
  if (docPath && isDlmDocumentPath(docPath) && !isDir(docPath)) target = { kind: 'document', path: docPath };
  else if (docPath && isDir(docPath)) target = { kind: 'directory', path: docPath };
  else if (!folder) {
    if (params.folderUri) {
      const p = uriToPath(params.folderUri);
      if (p && isDir(p)) target = { kind: 'directory', path: p };
    }
    if (!target) throw new ResponseError(ErrorCodes.InvalidParams, 'no workspace folder to dry-run: pass folderUri or documentUri');
  }

  // a folder still looking for a `.dlm` (at start-up): whether it indexes decides the run
  if (folder?.isDormant) await untilCancelled(folder.whenSettled(), signal);
  // (a folder without any `.dlm` is not indexed: its dry run is a one-off)
  const live = folder && !folder.isDormant && (!target || (folder.corpus.kind === target.kind && folder.corpus.path === target.path))
    && (seed === undefined || seed === (folder.snapshot?.report.seed ?? folder.seedOverride));
  if (folder && live) {
    progress.report('waiting for the corpus index');
    const unfollow = folder.onBuildProgress((message, pct) => {
      if (pct === undefined) progress.report(message);
      else progress.report(pct, message);
    });
    try {
      await untilCancelled(folder.whenSettled(), signal);
    } finally {
      unfollow();
    }
    const snap = folder.snapshot;
    if (folder.state !== 'ready' || !snap) throw new ResponseError(ErrorCodes.InternalError, folder.stateMessage ?? `the corpus of ${folder.name} could not be indexed`);
    return { report: snap.report, details: snap.details, index: snap.index, base: snap.index.plan.base, corpus: folder.corpus, live: true };
  }

  // a one-off run
  const t = target ?? { kind: folder!.corpus.kind, path: folder!.corpus.path };
  const useSeed = seed ?? folder?.seedOverride;
  let plan;
  try {
    plan = t.kind === 'document'
      ? await planDocument(t.path, useSeed, undefined, folder ? documentLabelIn(folder.path, t.path) : undefined)
      : await planDirectory(t.path, useSeed);
  } catch (e) {
    if (e instanceof CorpusError) throw new ResponseError(ErrorCodes.InvalidParams, e.message);
    throw e;
  }
  const index = await CorpusIndex.build(plan, {
    signal,
    overrides: { texts: host.texts() },
    onProgress: (p) => {
      if (p.phase === 'listing') progress.report(`listing: ${p.files} files`);
      else if (p.phase === 'reading') progress.report(p.total ? Math.floor((100 * p.files) / p.total) : 0, `reading ${p.files}/${p.total ?? '?'} files`);
      else progress.report('expanding rows');
    },
  });
  progress.report('expanding rows');
  await index.prefillSplits();
  const { report, details } = await index.report({ signal });
  const folderUri = folder?.uri ?? pathToUri(t.kind === 'directory' ? t.path : plan.base);
  const corpus: CorpusRef = t.kind === 'document'
    ? { kind: 'document', folderUri, path: t.path, uri: pathToUri(t.path) }
    : { kind: 'directory', folderUri, path: t.path };
  return { report, details, index, base: plan.base, corpus };
}

/** The work-done progress a request reports through. */
export type RequestProgress = ReturnType<DryRunHost['connection']['window']['attachWorkDoneProgress']>;

/**
 * Runs a long request with work-done progress and cancellation: the token
 * aborts `fn`'s signal, and any failure after a cancel answers "cancelled".
 */
export async function withCancellableProgress<T>(
  host: DryRunHost, params: { workDoneToken?: DryRunParams['workDoneToken'] }, title: string, token: CancellationToken,
  fn: (signal: AbortSignal, progress: RequestProgress) => Promise<T>,
): Promise<T> {
  const ac = new AbortController();
  const sub = token.onCancellationRequested(() => ac.abort());
  const progress = host.connection.window.attachWorkDoneProgress(params.workDoneToken);
  progress.begin(title, 0, 'starting', true);
  try {
    return await fn(ac.signal, progress);
  } catch (e) {
    if (ac.signal.aborted || isAbortError(e)) throw cancelled();
    throw e;
  } finally {
    sub.dispose();
    progress.done();
  }
}

/** `p`, or the request's cancellation once `signal` aborts. */
function untilCancelled(p: Promise<void>, signal: AbortSignal): Promise<void> {
  return untilAborted(p, signal).catch((e: unknown) => { throw signal.aborted && isAbortError(e) ? cancelled() : e; });
}

/** Dry runs being answered (see dryRunsAnswered). */
const inFlight = new Set<Promise<unknown>>();

/** Settles once every dry run being answered now has its answer (or failed); undefined when none is. */
export function dryRunsAnswered(): Promise<void> | undefined {
  if (inFlight.size === 0) return undefined;
  return Promise.allSettled([...inFlight]).then(() => undefined);
}

export function handleDryRun(host: DryRunHost, params: DryRunParams, token: CancellationToken): Promise<DryRunResult> {
  const answer = answerDryRun(host, params, token);
  inFlight.add(answer);
  void answer.then(() => inFlight.delete(answer), () => inFlight.delete(answer));
  return answer;
}

function answerDryRun(host: DryRunHost, params: DryRunParams, token: CancellationToken): Promise<DryRunResult> {
  return withCancellableProgress(host, params, 'dlm dry run', token, async (signal, progress) => {
    const run = await resolveRun(host, params, signal, progress);
    traceHop('dryRun resolved');
    const liveKey = run.live ? liveKeyOf(run.report) : undefined;
    // the live report the client already holds (a dry run again on an unchanged corpus): not written again
    const known = liveKey !== undefined && params.knownKey === liveKey;
    const columns = !known && params.columns === true;
    const result: DryRunResult = { reportJson: known || columns ? '' : reportToJson(run.report), details: reportDetailsJson(run.details, run.base), corpus: run.corpus };
    if (known) result.known = true;
    // columns: the transport's JSON.parse reads them far faster than the contract JSON is parsed (key order kept)
    if (columns) result.reportColumns = reportColumnsOf(run.report);
    if (liveKey !== undefined) result.liveKey = liveKey;
    // a cancel that arrived while the JSON was written (the event loop was busy) still wins: cancelled is final
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal.aborted) throw cancelled();
    traceHop('dryRun JSON written');
    return result;
  });
}
