// A read worker: reads, classifies and hashes files for the index (see
// readPool.ts), each with its own NodeFs (own reuse buffer). Bundled on its
// own as dist/readWorker.js; it loads no config, YAML or server code.
import { parentPort } from 'node:worker_threads';
import { NodeFs } from '../fs/nodeFs.js';
import { keepRollOf, prepareHashing } from '../hashing.js';
import { rowCopies } from '../expand.js';
import { hexId, MEMO_COPIES, TEXT, withSplit } from './fileTable.js';
import { batchColumns, splitColumns, type ReadRequest, type SplitRequest, type WorkerMessage } from './readProtocol.js';
import { answerSplits, SplitInput } from './splitAnswers.js';
import { readInto, type ReadSlot } from './readFile.js';

const fs = new NodeFs();
const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

async function read(req: ReadRequest): Promise<void> {
  const n = req.rels.length;
  const out = batchColumns(req.out, n);
  // the hash inputs' seed part, made once: `${seed}:` (roll) and `${seed}\0` (split, as bytes)
  const rollPrefix = req.seed === null ? null : `${req.seed}:`;
  const split = req.seed === null ? null : new SplitInput(req.seed);
  const slot: ReadSlot = { kind: 0, size: -1 };
  const base = req.root === '/' ? '/' : req.root + '/';
  for (let i = Atomics.load(out.progress, 0); i < n; i++) {
    const rel = req.rels[i]!;
    const pending = readInto(fs, base + rel, rel, req.media[i] === 1, out.ids, i * 8, slot);
    if (pending) await pending;
    out.kind[i] = slot.kind;
    out.size[i] = slot.size;
    if (slot.error !== undefined) post({ type: 'unreadable', batch: req.batch, index: i, error: slot.error });
    if (rollPrefix !== null && split !== null && slot.kind === TEXT) {
      const roll = (out.roll[i] = keepRollOf(rollPrefix + hexId(out.ids, i * 8)));
      split.setId(out.ids, i * 8);
      // the copies the weight hint gives (NaN, 0 or 1 copy: still 0 and 1, as a weights edit may want them)
      const w = req.weights[i]!;
      const subs = w > 1 ? Math.min(MEMO_COPIES, Math.max(2, rowCopies(w, roll))) : 2;
      let bits = 0;
      for (let sub = 0; sub < subs; sub++) bits = withSplit(bits, sub, split.isVal(sub));
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
