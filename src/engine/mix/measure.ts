// The mix's second pass, off the calling thread: rows whose characters and
// tokens are not cached yet are measured in batches by one worker thread
// (./measureWorker.ts), and the caches fill as batches come back, so a caller
// can show a partial mix while it runs. Without a worker script (tests from
// source, a broken install) or after the worker dies, the rest is measured
// here in short slices with a yield between them. Cancellable at any batch.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { nodeFs } from '../fs/index.js';
import { diskTextReader, type TextReader } from '../store/textReader.js';
import { estimatingCounter, tokenizerCounter, type TokenCounter } from '../tokens/counter.js';
import { assembleMixRows, type MeasureCaches, type PlannedRow } from './collect.js';
import type { MixRow } from './aggregate.js';
import { measureJob } from './measureJob.js';
import type { FromWorker, MeasureJob, MeasureResult, TokenizerData, ToWorker } from './measureProtocol.js';

const abortError = (): Error => new DOMException('the measuring was cancelled', 'AbortError');

/** Rows per batch: small enough to stream progress, to cancel quickly, and to give way to a dry run soon. */
const BATCH_ROWS = 4;
/** Longest synchronous stretch when measuring on the calling thread. */
const SLICE_MS = 8;

/** The worker entry beside the running bundle (dist/measureWorker.js), or beside this file from source. */
export function defaultMeasureScript(): string | null {
  for (const p of [join(__dirname, 'measureWorker.js'), join(__dirname, 'measureWorker.ts')]) if (nodeFs.stat(p)?.kind === 'file') return p;
  return null;
}

/** One worker thread, started on demand, unref'd and ended when idle. */
export class MeasureWorker {
  private worker: Worker | null = null;
  private tokenizerLabel: string | null | undefined;
  private pending = new Map<number, { resolve(r: MeasureResult[]): void; reject(e: unknown): void }>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set when the worker could not start or died: callers measure on their own thread. */
  broken = false;
  /** Why the tokenizer could not be loaded in the worker (it then estimates). */
  initError: string | null = null;
  /** Batches the worker measured (tests check the work happened there). */
  batches = 0;

  constructor(private readonly script: string | null = defaultMeasureScript(), private readonly idleMs = 5000) {}

  get usable(): boolean {
    return this.script !== null && !this.broken;
  }

  measure(tokenizer: TokenizerData | null, jobs: MeasureJob[], signal?: AbortSignal): Promise<MeasureResult[]> {
    if (!this.usable) return Promise.reject(new Error('no measuring worker'));
    clearTimeout(this.idleTimer);
    const w = this.ensure();
    const label = tokenizer?.label ?? null;
    if (label !== this.tokenizerLabel) {
      this.initError = null;
      w.postMessage({ type: 'init', tokenizer } satisfies ToWorker);
      this.tokenizerLabel = label;
    }
    const id = this.nextId++;
    w.ref();
    return new Promise<MeasureResult[]>((resolve, reject) => {
      const onAbort = () => {
        // the worker may be deep in one long row: end it (a new one starts on demand)
        this.end();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (r) => { signal?.removeEventListener('abort', onAbort); resolve(r); },
        reject: (e) => { signal?.removeEventListener('abort', onAbort); reject(e); },
      });
      w.postMessage({ type: 'measure', id, jobs } satisfies ToWorker);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const script = this.script!;
    // from source (tests, scripts run with tsx): the worker registers tsx itself before loading the .ts entry
    const w = script.endsWith('.ts')
      ? new Worker(`const r = require('node:module').createRequire(${JSON.stringify(script)}); r(r.resolve('tsx/cjs')); r(${JSON.stringify(script)});`, { eval: true })
      : new Worker(script);
    w.on('message', (m: FromWorker) => {
      if (m.type === 'init-failed') {
        this.initError = m.message;
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.batches++;
      p.resolve(m.results);
      if (this.pending.size === 0) this.idle();
    });
    const fail = (e: unknown) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.tokenizerLabel = undefined;
      this.broken = true;
      for (const p of this.pending.values()) p.reject(e instanceof Error ? e : new Error(String(e)));
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the measuring worker exited (${code})`)));
    this.worker = w;
    this.tokenizerLabel = undefined;
    return w;
  }

  private idle(): void {
    this.worker?.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.end(), this.idleMs);
    this.idleTimer.unref();
  }

  /** End the worker now (pending batches are rejected as aborted). */
  end(): void {
    const w = this.worker;
    if (!w) return;
    this.worker = null;
    this.tokenizerLabel = undefined;
    for (const p of this.pending.values()) p.reject(abortError());
    this.pending.clear();
    void w.terminate();
  }
}

export interface MeasureOptions {
  /** The tokenizer to count with; null estimates. */
  tokenizer: TokenizerData | null;
  /** null or absent: measure on this thread. */
  worker?: MeasureWorker | null;
  /** For measuring on this thread (default: the disk). */
  reader?: TextReader;
  signal?: AbortSignal;
  /** After each batch: rows measured (or cached) so far, of all. */
  onBatch?(done: number, total: number): void;
  /**
   * Before each batch: a promise to wait for (e.g. until a dry run running
   * meanwhile has finished), so the pass gives the cores to the report that
   * matters more; null: go on.
   */
  giveWay?(): Promise<unknown> | null;
}

/** Measures the rows the caches do not hold yet, then returns every row's MixRow. */
export async function measureMixRows(plan: readonly PlannedRow[], caches: MeasureCaches, opts: MeasureOptions): Promise<MixRow[]> {
  const jobs: MeasureJob[] = [];
  const queued = new Set<string>();
  for (const { key, source } of plan) {
    // cached, already queued, or nothing to read (unread)
    if ((caches.chars.has(key) && caches.tokens.counts.has(key)) || queued.has(key) || source === null) continue;
    queued.add(key);
    jobs.push(source.kind === 'text' ? { key, text: source.text } : { key, abs: source.abs, rel: source.rel });
  }
  const total = plan.length;
  // rows done = rows whose key is measured: count them by key
  const rowsPerKey = new Map<string, number>();
  for (const { key } of plan) rowsPerKey.set(key, (rowsPerKey.get(key) ?? 0) + 1);
  let done = total - [...queued].reduce((n, k) => n + (rowsPerKey.get(k) ?? 0), 0);
  opts.onBatch?.(done, total);
  let local: TokenCounter | null = null;
  const localCounter = (): TokenCounter => {
    if (local) return local;
    const made = opts.tokenizer ? tokenizerCounter(opts.tokenizer) : null;
    return (local = made?.kind === 'ok' ? made.counter : estimatingCounter);
  };
  const store = (results: MeasureResult[]) => {
    for (const r of results) {
      if (!('unread' in r)) {
        caches.chars.set(r.key, r.chars);
        caches.tokens.counts.set(r.key, { tokens: r.tokens, exact: r.exact });
      }
      done += rowsPerKey.get(r.key) ?? 0;
    }
    opts.onBatch?.(done, total);
  };
  for (let at = 0; at < jobs.length; at += BATCH_ROWS) {
    opts.signal?.throwIfAborted();
    for (let wait = opts.giveWay?.(); wait; wait = opts.giveWay?.()) {
      await wait;
      opts.signal?.throwIfAborted();
    }
    const batch = jobs.slice(at, at + BATCH_ROWS);
    const w = opts.worker;
    if (w?.usable) {
      try {
        store(await w.measure(opts.tokenizer, batch, opts.signal));
        continue;
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        // the worker died: this batch and the rest on this thread
      }
    }
    store(await measureHere(batch, localCounter(), opts.reader ?? diskTextReader, opts.signal));
  }
  return assembleMixRows(plan, caches);
}

async function measureHere(jobs: MeasureJob[], counter: TokenCounter, reader: TextReader, signal?: AbortSignal): Promise<MeasureResult[]> {
  const out: MeasureResult[] = [];
  let start = performance.now();
  for (const j of jobs) {
    out.push(measureJob(j, counter, reader));
    if (performance.now() - start > SLICE_MS) {
      await new Promise((r) => setImmediate(r));
      signal?.throwIfAborted();
      start = performance.now();
    }
  }
  return out;
}
