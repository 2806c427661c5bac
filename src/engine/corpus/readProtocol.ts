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
  /** When set, the worker also memoises each text file's keep roll and first two split bits for this seed (decimal). */
  seed: string | null;
  out: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'unreadable'; batch: number; index: number; error: string }
  | { type: 'done'; batch: number };

/** Typed views of one batch's results. */
export interface BatchColumns {
  /** [0]: files finished. */
  progress: Int32Array;
  size: Float64Array;
  roll: Float64Array;
  ids: Uint8Array;
  kind: Uint8Array;
  split: Uint8Array;
}

export function batchBytes(n: number): number {
  return 8 + 26 * n;
}

export function batchColumns(buf: SharedArrayBuffer, n: number): BatchColumns {
  return {
    progress: new Int32Array(buf, 0, 1),
    size: new Float64Array(buf, 8, n),
    roll: new Float64Array(buf, 8 + 8 * n, n),
    ids: new Uint8Array(buf, 8 + 16 * n, 8 * n),
    kind: new Uint8Array(buf, 8 + 24 * n, n),
    split: new Uint8Array(buf, 8 + 25 * n, n),
  };
}
