// Messages between the index (main thread) and its read workers. A batch's
// results live in a SharedArrayBuffer the worker fills file by file, bumping
// a progress counter after each: if the worker dies mid-batch, everything
// before the counter is valid, the file at it is the one that killed it, and
// the rest is read again elsewhere. New kinds of work (say, token counts) are
// new `type`s with their own columns; a worker ignores types it does not know.

export interface ReadRequest {
  type: 'read';
  batch: number;
  /** The directive root; each file is `${root}/${rel}`. */
  root: string;
  /** Paths relative to the root (also the `# source:` header of the id). */
  rels: string[];
  /** 1 for images and audio (only stat'ed). */
  media: Uint8Array;
  /** When set, the worker also memoises each text file's keep roll and split bits for this seed (decimal). */
  seed: string | null;
  /**
   * Per file, the weight the configs loaded so far give it (NaN: not known).
   * With the roll it gives the file's copies, whose splits the worker
   * memoises too (up to MEMO_COPIES; copies 0 and 1 always): a report then
   * finds them worked out. Only a hint: a wrong one costs hashes, never answers.
   */
  weights: Float64Array;
  /**
   * Hash only what the weight hint needs (a one-shot run that makes one
   * report): the roll only for a fractional weight, the splits only of the
   * copies the weight gives. Otherwise every text file also gets its roll and
   * copies 0 and 1, which a weights edit may want.
   */
  onlyHinted: boolean;
  out: SharedArrayBuffer;
}

/**
 * Split answers an expansion needs and has not memoised: per job (a row), its
 * 8-byte id and a run of copy numbers `from .. from+count-1`. The worker
 * writes one byte per copy into the answers (1 train, 2 validation; 0 = not
 * worked out, which a worker that died leaves behind).
 */
export interface SplitRequest {
  type: 'split';
  job: number;
  /** The seed, decimal. */
  seed: string;
  jobs: number;
  /** splitLayout(jobs, subs). */
  buf: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'unreadable'; batch: number; index: number; error: string }
  | { type: 'done'; batch: number }
  | { type: 'splitDone'; job: number };

/** Typed views of one batch's results. */
export interface BatchColumns {
  /** [0]: files finished. */
  progress: Int32Array;
  size: Float64Array;
  roll: Float64Array;
  ids: Uint8Array;
  kind: Uint8Array;
  split: Uint32Array;
}

export function batchBytes(n: number): number {
  return 8 + 29 * n;
}

export function batchColumns(buf: SharedArrayBuffer, n: number): BatchColumns {
  return {
    progress: new Int32Array(buf, 0, 1),
    size: new Float64Array(buf, 8, n),
    roll: new Float64Array(buf, 8 + 8 * n, n),
    ids: new Uint8Array(buf, 8 + 16 * n, 8 * n),
    split: new Uint32Array(buf, 8 + 24 * n, n),
    kind: new Uint8Array(buf, 8 + 28 * n, n),
  };
}

/** Typed views of one split request: copy runs, ids, answers. */
export interface SplitColumns {
  from: Uint32Array;
  count: Uint32Array;
  ids: Uint8Array;
  answers: Uint8Array;
}

export function splitBytes(jobs: number, subs: number): number {
  return 16 * jobs + subs;
}

export function splitColumns(buf: SharedArrayBuffer, jobs: number): SplitColumns {
  return {
    from: new Uint32Array(buf, 0, jobs),
    count: new Uint32Array(buf, 4 * jobs, jobs),
    ids: new Uint8Array(buf, 8 * jobs, 8 * jobs),
    answers: new Uint8Array(buf, 16 * jobs),
  };
}

/** The split answers an expansion still needs, one job per row (made by RowSet.splitJobs). */
export interface SplitJobs {
  seed: bigint;
  /** The row of each job. */
  rows: Int32Array;
  /** 8 bytes per job. */
  ids: Uint8Array;
  from: Uint32Array;
  count: Uint32Array;
  /** Copies in all (the answers' length). */
  subs: number;
}
