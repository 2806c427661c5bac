// A read worker: reads, classifies and hashes files for the index (see
// readPool.ts), each with its own NodeFs (own reuse buffer). Bundled on its
// own as dist/readWorker.js; it loads no config, YAML or server code.
import { parentPort } from 'node:worker_threads';
import { NodeFs } from '../fs/nodeFs.js';
import { prepareHashing } from '../hashing.js';
import { rowCopies } from '../expand.js';
import { MEMO_COPIES, TEXT, withSplit } from './fileTable.js';
import { batchColumns, splitColumns, type ReadRequest, type SplitRequest, type WorkerMessage } from './readProtocol.js';
import { answerSplits, HashInputs } from './splitAnswers.js';
import { readInto, type ReadSlot } from './readFile.js';

const fs = new NodeFs();
const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

/** One read request as the loop works through it. */
interface BatchRead {
  req: ReadRequest;
  out: ReturnType<typeof batchColumns>;
  /** The hash inputs, their seed part made once (null: no seed, nothing memoised). */
  hashes: HashInputs | null;
  slot: ReadSlot;
  base: string;
}

/** A file's read that must be streamed: readFrom leaves it here and stops. */
let streaming: Promise<void> | undefined;

/**
 * Reads and records files `i`.. of a batch on this thread, without a turn of
 * the event loop: to the batch's end (returns its length) or to a file that
 * must be streamed (returns its number, its read left in `streaming`). The
 * common case stays a plain loop, out of the async function that awaits the
 * rare big file (a smaller function for the optimising compiler).
 */
function readFrom(b: BatchRead, i: number): number {
  const { req, out, slot } = b;
  const n = req.rels.length;
  for (; i < n; i++) {
    const rel = req.rels[i]!;
    const pending = readInto(fs, b.base + rel, rel, req.media[i] === 1, out.ids, i * 8, slot);
    if (pending) {
      streaming = pending;
      return i;
    }
    record(b, i);
  }
  return n;
}

/** File i's outcome (in `b.slot`) into the batch's columns, with its memoised roll and splits. */
function record(b: BatchRead, i: number): void {
  const { req, out, slot, hashes } = b;
  out.kind[i] = slot.kind;
  out.size[i] = slot.size;
  if (slot.error !== undefined) post({ type: 'unreadable', batch: req.batch, index: i, error: slot.error });
  if (hashes !== null && slot.kind === TEXT) {
    hashes.setId(out.ids, i * 8);
    const w = req.weights[i]!;
    const exact = req.onlyHinted && !Number.isNaN(w);
    // a whole weight's copies need no roll
    const roll = (out.roll[i] = exact && w % 1 === 0 ? NaN : hashes.roll());
    // the copies the weight hint gives; unless only those are asked for, copies 0 and 1 at least (a weights edit may want them)
    const copies = exact ? rowCopies(w, roll) : Math.max(2, w > 1 ? rowCopies(w, roll) : 0);
    const subs = Math.min(MEMO_COPIES, copies);
    let bits = 0;
    for (let sub = 0; sub < subs; sub++) bits = withSplit(bits, sub, hashes.isVal(sub));
    out.split[i] = bits;
  } else out.roll[i] = NaN;
  Atomics.store(out.progress, 0, i + 1);
}

async function read(req: ReadRequest): Promise<void> {
  const n = req.rels.length;
  const out = batchColumns(req.out, n);
  const b: BatchRead = {
    req, out,
    hashes: req.seed === null ? null : new HashInputs(req.seed),
    slot: { kind: 0, size: -1 },
    base: req.root === '/' ? '/' : req.root + '/',
  };
  for (let i = readFrom(b, Atomics.load(out.progress, 0)); i < n; i = readFrom(b, i + 1)) {
    await streaming;
    record(b, i);
  }
  post({ type: 'done', batch: req.batch });
}

function split(req: SplitRequest): void {
  answerSplits(req.seed, splitColumns(req.buf, req.jobs), req.jobs);
  post({ type: 'splitDone', job: req.job });
}

// one request at a time, in arrival order
let queue = prepareHashing().then(() => post({ type: 'ready' }));
port.on('message', (m: { type?: string }) => {
  if (m?.type === 'read') queue = queue.then(() => read(m as ReadRequest));
  else if (m?.type === 'split') queue = queue.then(() => split(m as SplitRequest));
});
