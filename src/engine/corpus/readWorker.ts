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

async function read(req: ReadRequest): Promise<void> {
  const n = req.rels.length;
  const out = batchColumns(req.out, n);
  // the hash inputs, their seed part made once
  const hashes = req.seed === null ? null : new HashInputs(req.seed);
  const slot: ReadSlot = { kind: 0, size: -1 };
  const base = req.root === '/' ? '/' : req.root + '/';
  for (let i = Atomics.load(out.progress, 0); i < n; i++) {
    const rel = req.rels[i]!;
    const pending = readInto(fs, base + rel, rel, req.media[i] === 1, out.ids, i * 8, slot);
    if (pending) await pending;
    out.kind[i] = slot.kind;
    out.size[i] = slot.size;
    if (slot.error !== undefined) post({ type: 'unreadable', batch: req.batch, index: i, error: slot.error });
    if (hashes !== null && slot.kind === TEXT) {
      hashes.setId(out.ids, i * 8);
      const roll = (out.roll[i] = hashes.roll());
      // the copies the weight hint gives (NaN, 0 or 1 copy: still 0 and 1, as a weights edit may want them)
      const w = req.weights[i]!;
      const subs = w > 1 ? Math.min(MEMO_COPIES, Math.max(2, rowCopies(w, roll))) : 2;
      let bits = 0;
      for (let sub = 0; sub < subs; sub++) bits = withSplit(bits, sub, hashes.isVal(sub));
      out.split[i] = bits;
    } else out.roll[i] = NaN;
    Atomics.store(out.progress, 0, i + 1);
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
