// The worker thread of the mix's second pass (bundled as dist/measureWorker.js):
// reads rows' files again and counts their characters and tokens, so neither
// the reading nor the tokenizer ever runs on a language server's main thread.
import { parentPort } from 'node:worker_threads';
import { diskTextReader } from '../store/textReader.js';
import { estimatingCounter, tokenizerCounter, type TokenCounter } from '../tokens/counter.js';
import { measureJob } from './measureJob.js';
import type { FromWorker, ToWorker } from './measureProtocol.js';

let counter: TokenCounter = estimatingCounter;
const port = parentPort!;
const send = (m: FromWorker): void => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  if (m.type === 'init') {
    counter = estimatingCounter;
    if (m.tokenizer) {
      const made = tokenizerCounter(m.tokenizer);
      if (made.kind === 'ok') counter = made.counter;
      else send({ type: 'init-failed', message: made.message });
    }
    return;
  }
  send({ type: 'result', id: m.id, results: m.jobs.map((j) => measureJob(j, counter, diskTextReader)) });
});
