// Two worker threads that read and hash files while the main thread walks
// the tree and matches rules. One pool per process, shared by every index (a
// language server's folders and rebuilds take turns in its queue), so there
// are never more than two workers; idle ones are unref'd (they never keep a
// CLI alive) and ended after a few seconds. A cancelled run drops its queued
// batches and ends the workers busy with it (new ones start on demand). A
// worker that dies mid-batch costs one file (reported unreadable), not the run.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { nodeFs } from '../fs/index.js';
import type { FileTable } from './fileTable.js';
import { UNREADABLE } from './fileTable.js';
import { readInThread } from './readInThread.js';
import { isMediaName } from './media.js';
import { batchBytes, batchColumns, splitBytes, splitColumns, type ReadRequest, type SplitJobs, type SplitRequest, type WorkerMessage } from './readProtocol.js';

/** Why a file whose reader died on it counts as unreadable. */
export const READER_DIED = 'the reader stopped on this file';

/** Files per batch, and batches in flight per worker (enough to keep it busy while the main thread works). */
const BATCH_FILES = 256;
const IN_FLIGHT = 6;

interface Batch {
  id: number;
  run: PoolRun;
  table: FileTable;
  /** File numbers: a queued batch holds only these (paths are made when it is sent). */
  files: Int32Array;
  /** Each file's weight hint (see ReadRequest.weights). */
  weights: Float64Array;
  seed: bigint | null;
  out: SharedArrayBuffer | null;
}

/** A batch queued to be sent; made in one place so every batch has one shape (its fields' types never widen). */
function queuedBatch(id: number, run: PoolRun, table: FileTable, files: Int32Array, weights: Float64Array, seed: bigint | null): Batch {
  return { id, run, table, files, weights, seed, out: null };
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Sent and not finished, in the order the worker runs them. */
  batches: Batch[];
  /** Split requests sent and not answered (settled when answered or when the worker ends). */
  splits: Array<{ job: number; settle: () => void }>;
  ending: boolean;
}

/** The worker entry beside the running bundle (dist/readWorker.js), or beside this file when run from source. */
export function defaultWorkerScript(): string | null {
  for (const p of [join(__dirname, 'readWorker.js'), join(__dirname, 'readWorker.ts')]) if (nodeFs.stat(p)?.kind === 'file') return p;
  return null;
}

export interface PoolOptions {
  /** The worker entry (default: defaultWorkerScript()). */
  script?: string | null;
  size?: number;
  /** End idle workers after this long. */
  idleMs?: number;
}

export class ReadPool {
  readonly size: number;
  private readonly script: string | null;
  private readonly idleMs: number;
  private slots: Slot[] = [];
  private queue: Batch[] = [];
  private nextBatch = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set when a worker could not even start: every run reads in-thread from then on. */
  broken = false;
  /** Workers started so far, and batches they finished (tests check the workers did the reading). */
  started = 0;
  batchesRead = 0;
  /** Split answers the workers sent back (tests check the workers did that work). */
  splitsAnswered = 0;
  private nextSplit = 1;

  constructor(opts: PoolOptions = {}) {
    this.script = opts.script === undefined ? defaultWorkerScript() : opts.script;
    this.size = opts.size ?? 2;
    this.idleMs = opts.idleMs ?? 5000;
  }

  get usable(): boolean {
    return this.script !== null && !this.broken;
  }

  /** Workers alive now. */
  get alive(): number {
    return this.slots.length;
  }

  /** `onlyHinted`: see ReadRequest.onlyHinted. */
  run(opts: { signal?: AbortSignal; onRead?: (files: number) => void; onlyHinted?: boolean } = {}): PoolRun {
    return new PoolRun(this, opts.signal, opts.onRead, opts.onlyHinted === true);
  }

  /** End every worker now (idle or not); queued work stays queued. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    await Promise.all(this.slots.map((s) => this.end(s)));
  }

  /**
   * The split answers of `jobs`, worked out by the idle workers in parallel
   * (one share each, at most `most` workers), in job order; copies a worker that died did not answer
   * are 0. Null when no worker is idle and ready: the caller's expansion works
   * them out itself, as it always can (the answers only fill a memo).
   */
  splits(jobs: SplitJobs, most = this.size): Promise<Uint8Array> | null {
    const free = this.slots.filter((s) => s.ready && !s.ending && s.batches.length === 0 && s.splits.length === 0).slice(0, most);
    const n = jobs.rows.length;
    if (free.length === 0 || n === 0) return null;
    clearTimeout(this.idleTimer);
    const answers = new Uint8Array(jobs.subs);
    const parts: Promise<void>[] = [];
    // shares of about equal copies; a share's jobs are a contiguous run
    let a = 0;
    let before = 0;
    for (let p = 0; p < free.length && a < n; p++) {
      const target = p === free.length - 1 ? jobs.subs : Math.ceil((jobs.subs * (p + 1)) / free.length);
      let b = a;
      let subs = 0;
      while (b < n && (before + subs < target || b === a)) subs += jobs.count[b++]!;
      parts.push(this.sendSplits(free[p]!, jobs, a, b, subs, answers, before));
      a = b;
      before += subs;
    }
    this.refWhileBusy();
    return Promise.all(parts).then(() => {
      this.pump();
      return answers;
    });
  }

  private sendSplits(slot: Slot, jobs: SplitJobs, a: number, b: number, subs: number, answers: Uint8Array, at: number): Promise<void> {
    const m = b - a;
    const buf = new SharedArrayBuffer(splitBytes(m, subs));
    const cols = splitColumns(buf, m);
    cols.from.set(jobs.from.subarray(a, b));
    cols.count.set(jobs.count.subarray(a, b));
    cols.ids.set(jobs.ids.subarray(a * 8, b * 8));
    const job = this.nextSplit++;
    return new Promise((resolve) => {
      slot.splits.push({
        job,
        settle: () => {
          answers.set(cols.answers, at);
          resolve();
        },
      });
      const req: SplitRequest = { type: 'split', job, seed: String(jobs.seed), jobs: m, buf };
      slot.worker.postMessage(req);
    });
  }

  /** @internal */
  enqueue(run: PoolRun, table: FileTable, files: Int32Array, weights: Float64Array, seed: bigint | null): void {
    this.queue.push(queuedBatch(this.nextBatch++, run, table, files, weights, seed));
    this.pump();
  }

  /** @internal Drop a cancelled run's work: its queued batches, and the workers busy with it. */
  cancel(run: PoolRun): void {
    this.queue = this.queue.filter((b) => b.run !== run);
    for (const s of [...this.slots]) if (s.batches.some((b) => b.run === run)) void this.end(s);
  }

  private pump(): void {
    clearTimeout(this.idleTimer);
    if (this.broken) {
      // the runs read what is left themselves
      for (const b of this.queue.splice(0)) b.run.fallback(b);
      return;
    }
    while (this.queue.length) {
      let slot = this.slots.filter((s) => !s.ending && s.batches.length < IN_FLIGHT).sort((a, b) => a.batches.length - b.batches.length)[0];
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) break;
      const b = this.queue.shift()!;
      b.out = new SharedArrayBuffer(batchBytes(b.files.length));
      slot.batches.push(b);
      const t = b.table;
      const rels: string[] = new Array(b.files.length);
      const media = new Uint8Array(b.files.length);
      for (let k = 0; k < b.files.length; k++) {
        const i = b.files[k]!;
        rels[k] = t.rel(i);
        if (isMediaName(t.names[i]!)) media[k] = 1;
      }
      const req: ReadRequest = { type: 'read', batch: b.id, root: t.root, rels, media, seed: b.seed === null ? null : String(b.seed), weights: b.weights, onlyHinted: b.run.onlyHinted, out: b.out };
      slot.worker.postMessage(req);
    }
    const busy = this.refWhileBusy();
    if (!busy && this.slots.length) {
      this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
      this.idleTimer.unref();
    }
  }

  /** While there is work (or a worker ending before the queue can move on), the workers keep the process alive. */
  private refWhileBusy(): boolean {
    const busy = this.queue.length > 0 || this.slots.some((s) => s.batches.length > 0 || s.splits.length > 0 || s.ending);
    for (const s of this.slots) {
      if (busy) s.worker.ref();
      else s.worker.unref();
    }
    return busy;
  }

  private spawn(): Slot {
    // a reader allocates little per file: a small young generation keeps each worker's footprint down
    const resourceLimits = { maxYoungGenerationSizeMb: 1 };
    const script = this.script!;
    // from source (tests, scripts run with tsx): the worker registers tsx itself before loading the .ts entry
    const worker = script.endsWith('.ts')
      ? new Worker(`const r = require('node:module').createRequire(${JSON.stringify(script)}); r(r.resolve('tsx/cjs')); r(${JSON.stringify(script)});`, { eval: true, resourceLimits })
      : new Worker(script, { resourceLimits });
    this.started++;
    const slot: Slot = { worker, ready: false, batches: [], splits: [], ending: false };
    this.slots.push(slot);
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', () => undefined); // 'exit' follows and decides
    worker.on('exit', () => this.onExit(slot));
    return slot;
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if (m.type === 'ready') { slot.ready = true; return; }
    if (m.type === 'splitDone') {
      const k = slot.splits.findIndex((x) => x.job === m.job);
      if (k === -1) return;
      this.splitsAnswered++;
      slot.splits.splice(k, 1)[0]!.settle();
      return;
    }
    const b = slot.batches.find((x) => x.id === m.batch);
    if (!b) return;
    if (m.type === 'unreadable') {
      b.table.errors.set(b.files[m.index]!, m.error);
      return;
    }
    slot.batches.splice(slot.batches.indexOf(b), 1);
    this.batchesRead++;
    b.run.finish(b, b.files.length);
    this.pump();
  }

  private end(slot: Slot): Promise<number> {
    slot.ending = true;
    return slot.worker.terminate();
  }

  private onExit(slot: Slot): void {
    this.slots.splice(this.slots.indexOf(slot), 1);
    const batches = slot.batches.splice(0);
    // what it answered stays in the shared answers; the rest stay 0 (not worked out)
    for (const s of slot.splits.splice(0)) s.settle();
    if (!slot.ready && !slot.ending) {
      // it never started (a missing or broken bundle): read in-thread from now on
      this.broken = true;
    }
    batches.forEach((b, k) => {
      if (b.run.cancelled) return;
      // only the first batch was started: what it finished counts, the file it was on is unreadable
      const done = k === 0 ? b.run.finish(b, Atomics.load(batchColumns(b.out!, b.files.length).progress, 0)) : 0;
      let from = done;
      if (k === 0 && !slot.ending && slot.ready && done < b.files.length) {
        b.run.unreadable(b.table, b.files[done]!, READER_DIED);
        from = done + 1;
      }
      if (from < b.files.length) {
        this.queue.unshift(queuedBatch(this.nextBatch++, b.run, b.table, b.files.slice(from), b.weights.slice(from), b.seed));
      }
    });
    this.pump();
  }
}

/** One caller's reads through the pool. */
export class PoolRun {
  cancelled = false;
  private outstanding = 0;
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private fallbacks: Batch[] = [];
  private pending: { table: FileTable; files: number[]; weights: number[] } | null = null;

  constructor(
    private readonly pool: ReadPool,
    private readonly signal: AbortSignal | undefined,
    private readonly onRead: ((files: number) => void) | undefined,
    readonly onlyHinted: boolean,
  ) {
    signal?.addEventListener('abort', () => this.cancel(), { once: true });
  }

  /** Queue file `i` of `table`, with its weight hint (see ReadRequest.weights). */
  add(table: FileTable, i: number, seed: bigint | null, weight = NaN): void {
    let p = this.pending;
    if (p && p.table !== table) { this.flush(seed); p = null; }
    if (!p) p = this.pending = { table, files: [], weights: [] };
    p.files.push(i);
    p.weights.push(weight);
    this.outstanding++;
    if (p.files.length >= BATCH_FILES) this.flush(seed);
  }

  /** Send what is queued. */
  flush(seed: bigint | null): void {
    const p = this.pending;
    this.pending = null;
    if (!p || p.files.length === 0) return;
    this.pool.enqueue(this, p.table, Int32Array.from(p.files), Float64Array.from(p.weights), seed);
  }

  /** Resolves when every queued file is read; rejects when the signal aborts. */
  done(seed: bigint | null): Promise<void> {
    this.flush(seed);
    if (this.cancelled) return Promise.reject(this.signal?.reason ?? new Error('cancelled'));
    if (this.outstanding === 0 && this.fallbacks.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.drainFallbacks();
    });
  }

  /** @internal Copy results 0..count-1 of a batch into its table; returns count. */
  finish(b: Batch, count: number): number {
    const r = batchColumns(b.out!, b.files.length);
    const t = b.table;
    const memo = b.seed !== null && t.memoSeed === b.seed;
    for (let k = 0; k < count; k++) {
      const i = b.files[k]!;
      t.kind[i] = r.kind[k]!;
      t.size[i] = r.size[k]!;
      for (let j = 0; j < 8; j++) t.ids[i * 8 + j] = r.ids[k * 8 + j]!;
      if (memo) {
        t.roll[i] = r.roll[k]!;
        t.split[i] = r.split[k]!;
      }
    }
    this.settle(count);
    return count;
  }

  /** @internal */
  unreadable(table: FileTable, i: number, error: string): void {
    table.kind[i] = UNREADABLE;
    table.errors.set(i, error);
    this.settle(1);
  }

  /** @internal The pool cannot take this batch: read it here. */
  fallback(b: Batch): void {
    this.fallbacks.push(b);
    this.drainFallbacks();
  }

  private draining = false;
  private drainFallbacks(): void {
    if (this.draining || this.waiters.length === 0 || this.fallbacks.length === 0) return;
    this.draining = true;
    void (async () => {
      try {
        while (this.fallbacks.length && !this.cancelled) {
          const b = this.fallbacks.shift()!;
          await readInThread(b.table, b.files, { signal: this.signal, onProgress: () => undefined });
          this.settle(b.files.length);
        }
      } catch (e) {
        for (const w of this.waiters.splice(0)) w.reject(e);
      } finally {
        this.draining = false;
      }
    })();
  }

  private settle(n: number): void {
    this.outstanding -= n;
    this.onRead?.(n);
    if (this.outstanding === 0 && this.fallbacks.length === 0) for (const w of this.waiters.splice(0)) w.resolve();
  }

  /** Stop: drop what is queued, end the workers busy with it. */
  abandon(): void {
    this.cancel();
  }

  private cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.pool.cancel(this);
    const reason = this.signal?.reason ?? new Error('cancelled');
    for (const w of this.waiters.splice(0)) w.reject(reason);
  }
}

let shared: ReadPool | null = null;

/** The process's pool. */
export function sharedReadPool(): ReadPool {
  return (shared ??= new ReadPool());
}
