// The mix's second pass off the calling thread: the worker measures what the
// calling thread would (the fixture tokenizer's own counts), fills the caches
// by section id so a recompute measures only what changed, streams progress,
// stops when cancelled, and falls back to the calling thread without a worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withCorpus, writeTree } from '../helpers/tmp';
import { dryRun } from '../../src/engine/dryRun';
import { diskTextReader } from '../../src/engine/store/textReader';
import { estimatingCounter, TokenCountCache, tokenizerCounter } from '../../src/engine/tokens/index';
import {
  collectMixRows, measureMixRows, MeasureWorker, newMeasureCaches, planMixRows, type TokenizerData,
} from '../../src/engine/mix/index';

const FIXTURE = resolve(__dirname, '../fixtures/tokenizer/byte-level-bpe/tokenizer.json');
const tokenizer: TokenizerData = { json: readFileSync(FIXTURE, 'utf8'), config: null, label: 'fixture' };

function corpusFiles(n: number): Record<string, string> {
  const files: Record<string, string> = {
    'corpus.dlm': ['---', 'dlm_id: 01HZZZZZZZZZZZZZZZZZZZZZZZ', 'base_model: qwen2.5-0.5b', 'training:', '  sources:', '    - path: src', '---',
      'Body prose.', '::instruction::', '### Q', 'Why?', '### A', 'Because.', '### Q', 'How?', '### A', 'So.', ''].join('\n'),
    'src/.dlm/training.yaml': 'metadata: {lang: python}\nweights: {lang: {python: 2}}\n',
  };
  for (let i = 0; i < n; i++) files[`src/m${i}.py`] = `def f${i}(x):\n    return x * ${i}  # héllo 中文 🎉\n`.repeat(1 + (i % 7));
  return files;
}

function counter() {
  const made = tokenizerCounter(tokenizer);
  if (made.kind !== 'ok') throw new Error(made.message);
  return made.counter;
}

test('measureMixRows in the worker equals collectMixRows on this thread; a recompute measures only changed files', async () => {
  await withCorpus({ files: [] }, async (root) => {
    writeTree(root, corpusFiles(150));
    const run = await dryRun(join(root, 'corpus.dlm'));
    const want = collectMixRows(run.index, run.report, run.details, diskTextReader, newMeasureCaches(new TokenCountCache(counter())));
    const worker = new MeasureWorker();
    assert.ok(worker.usable, 'the worker script is found');
    try {
      const caches = newMeasureCaches(new TokenCountCache(estimatingCounter));
      const progress: Array<[number, number]> = [];
      const rows = await measureMixRows(planMixRows(run.index, run.report, run.details), caches, {
        tokenizer, worker, onBatch: (d, t) => progress.push([d, t]),
      });
      assert.deepEqual(rows, want);
      assert.ok(rows.every((r) => r.tokensExact && !r.unread));
      assert.ok(worker.batches >= 2, `measured in the worker (${worker.batches} batches)`);
      // progress streams: starts with what needs no reading, ends with every row
      assert.ok(progress.length >= 3);
      assert.deepEqual(progress.at(-1), [rows.length, rows.length]);
      assert.ok(progress.every(([d], i) => i === 0 || d >= progress[i - 1]![0]));

      // one file changes: its section id changes, and only it is measured again
      writeFileSync(join(root, 'src/m3.py'), 'changed = True\n');
      const run2 = await dryRun(join(root, 'corpus.dlm'));
      const before = worker.batches;
      const plan2 = planMixRows(run2.index, run2.report, run2.details);
      let measured = 0;
      const rows2 = await measureMixRows(plan2, caches, { tokenizer, worker, onBatch: (d, t) => { measured = t - d; } });
      assert.equal(worker.batches, before + 1);
      assert.equal(measured, 0);
      const changed = rows2.find((r) => r.origin === 'src/m3.py')!;
      assert.equal(changed.tokens, counter().count('# source: m3.py\n\nchanged = True').tokens);
      // nothing changed: nothing is measured at all
      await measureMixRows(plan2, caches, { tokenizer, worker });
      assert.equal(worker.batches, before + 1);
    } finally {
      worker.end();
    }
  });
});

test('measureMixRows: cancelled mid-way it stops with an AbortError; without a worker it measures on this thread', async () => {
  await withCorpus({ files: [] }, async (root) => {
    writeTree(root, corpusFiles(300));
    const run = await dryRun(join(root, 'corpus.dlm'));
    const plan = planMixRows(run.index, run.report, run.details);
    const worker = new MeasureWorker();
    try {
      const ac = new AbortController();
      const caches = newMeasureCaches(new TokenCountCache(estimatingCounter));
      await assert.rejects(measureMixRows(plan, caches, {
        tokenizer, worker, signal: ac.signal, onBatch: (d) => { if (d > 0) ac.abort(); },
      }), (e: Error) => e.name === 'AbortError');
      assert.ok(caches.chars.size < plan.length, 'stopped before measuring everything');
    } finally {
      worker.end();
    }
    // no worker script: the same numbers, measured here
    const none = new MeasureWorker(null);
    assert.equal(none.usable, false);
    const here = await measureMixRows(plan, newMeasureCaches(new TokenCountCache(estimatingCounter)), { tokenizer, worker: none });
    const want = collectMixRows(run.index, run.report, run.details, diskTextReader, newMeasureCaches(new TokenCountCache(counter())));
    assert.deepEqual(here, want);
    // a worker that cannot start: the rest falls back to this thread
    const broken = new MeasureWorker(join(root, 'no-such-worker.js'));
    const fallback = await measureMixRows(plan, newMeasureCaches(new TokenCountCache(estimatingCounter)), { tokenizer, worker: broken });
    assert.deepEqual(fallback, want);
    assert.equal(broken.broken, true);
  });
});

test('measureMixRows gives way: no batch is measured while giveWay holds it, and all are once it lets go', async () => {
  await withCorpus({ files: [] }, async (root) => {
    writeTree(root, corpusFiles(40));
    const run = await dryRun(join(root, 'corpus.dlm'));
    const plan = planMixRows(run.index, run.report, run.details);
    const worker = new MeasureWorker();
    try {
      let release!: () => void;
      let held: Promise<void> | null = new Promise<void>((r) => { release = r; });
      let asked = 0;
      const caches = newMeasureCaches(new TokenCountCache(estimatingCounter));
      const pass = measureMixRows(plan, caches, { tokenizer, worker, giveWay: () => { asked++; return held; } });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(worker.batches, 0);
      assert.equal(caches.chars.size, 0);
      held = null;
      release();
      const rows = await pass;
      assert.ok(rows.every((r) => !r.unread));
      assert.ok(worker.batches >= 2 && asked >= worker.batches + 1, `asked before every batch (${asked} for ${worker.batches})`);
    } finally {
      worker.end();
    }
  });
});
