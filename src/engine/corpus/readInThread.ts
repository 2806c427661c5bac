// Reading on the calling thread: for file systems other than the disk (the
// in-memory one of the tests), for a handful of files (a worker's start-up
// would cost more), and when no worker can start. Short synchronous batches
// with a yield to the event loop between them keep a language server
// responsive and the run cancellable.
import { nodeFs, type EngineFs } from '../fs/index.js';
import type { FileTable } from './fileTable.js';
import { readInto, type ReadSlot } from './readFile.js';
import { isMediaName } from './media.js';

/** Longest stretch of synchronous reading before yielding to the event loop. */
const BATCH_MS = 8;

export interface InThreadOptions {
  signal?: AbortSignal;
  onProgress: (done: number) => void;
  fs?: EngineFs;
}

export async function readInThread(table: FileTable, files: ArrayLike<number>, opts: InThreadOptions): Promise<void> {
  const fs = opts.fs ?? nodeFs;
  const slot: ReadSlot = { kind: 0, size: -1 };
  let batchStart = performance.now();
  for (let k = 0; k < files.length; k++) {
    const i = files[k]!;
    const pending = readInto(fs, table.abs(i), table.rel(i), isMediaName(table.names[i]!), table.ids, i * 8, slot);
    if (pending) await pending;
    table.kind[i] = slot.kind;
    table.size[i] = slot.size;
    if (slot.error !== undefined) table.errors.set(i, slot.error);
    else table.errors.delete(i);
    if (performance.now() - batchStart > BATCH_MS) {
      opts.onProgress(k + 1);
      await new Promise((resolve) => setImmediate(resolve));
      opts.signal?.throwIfAborted();
      batchStart = performance.now();
    }
  }
  opts.onProgress(files.length);
}
