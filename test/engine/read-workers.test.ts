// The read workers: the same files, ids and report as reading on the calling
// thread; cancellation ends the workers busy with the run; a worker dying on
// one file costs that file (unreadable), not the run; FIFOs and big files stay
// safe; the pool never holds more than its two workers. Bounded in work (file
// counts), never in time; the hang guard only stops a stuck test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dryRun } from '../../src/engine/dryRun';
import { ReadPool, READER_DIED } from '../../src/engine/corpus/readPool';
import { listTree } from '../../src/engine/corpus/tree';
import { UNREADABLE, type FileTable } from '../../src/engine/corpus/fileTable';
import { MemoryFs } from '../../src/engine/fs';
import { reportToJson } from '../../src/report/contractJson';
import { HANG_GUARD_MS } from '../helpers/limits';
import { rng } from '../helpers/rng';
import { withPoolAndDir } from '../helpers/poolDir';

const CRASHING_WORKER = join(__dirname, '..', 'helpers', 'crashingReadWorker.ts');

function write(root: string, rel: string, data: string | Buffer): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), data);
}

const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

/** A seeded tree of awkward files: text, binary, bad UTF-8, BOM, CR/CRLF, empty, media, duplicates, configs, an ignore file. */
function fuzzedTree(root: string, seed: number, files: number): void {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  write(root, '.dlm/training.yaml', 'metadata: {repo: x}\nweights: {repo: {x: 1.5}, kind: {a: 0.4, b: 2.5}}\n');
  write(root, 'a/.dlm/training.yaml', "metadata: {kind: a}\nexclude: ['skip/**']\n");
  write(root, 'b/.dlm/training.yaml', 'metadata: {kind: b}\n');
  write(root, 'b/.dlm/ignore', '*.tmp\n!keep.tmp\n');
  const dirs = ['a', 'a/skip', 'a/deep/er', 'b', 'b/x y', 'c', 'node_modules/m', 'é'];
  const bodies: Array<() => string | Buffer> = [
    () => `text ${Math.floor(r() * 1e6)}\n`.repeat(1 + Math.floor(r() * 50)),
    () => 'same content\n', // duplicates across files (ids still differ by path)
    () => Buffer.from([0x61, 0, 0x62]),
    () => Buffer.from([0xff, 0xfe, 0x41]),
    () => '\ufeffbom\r\nline\r',
    () => 'cr\ronly\r',
    () => '',
  ];
  for (let i = 0; i < files; i++) {
    const ext = pick(['txt', 'md', 'tmp', 'png', 'py']);
    write(root, `${pick(dirs)}/f${i}${i % 97 === 0 ? ' odd😀' : ''}.${ext}`, pick(bodies)());
  }
  write(root, 'b/keep.tmp', 'kept by a negated rule\n');
  symlinkSync(join(root, 'a', 'f0.txt'), join(root, 'c', 'link.txt'));
  // a streamed file (over 8 MiB), CRLF across chunk ends
  write(root, 'c/big.txt', ('x'.repeat(1023) + '\r\n').repeat(9 * 1024 + 3));
}

function tableOf(index: { directives: Array<{ files: FileTable }> }): FileTable {
  return index.directives[0]!.files;
}

test('workers and the calling thread read the same files into the same ids and the same report', { timeout: HANG_GUARD_MS }, async () => {
  await withPoolAndDir('dlmw-workers-', async (root, pool) => {
    fuzzedTree(root, 7, 900);
    // a file that turns into a FIFO after it was listed (the listing is handed in, as the language server does)
    write(root, 'c/fifo.txt', 'a file when listed\n');
    const listing = await listTree(root);
    if (hasMkfifo) {
      rmSync(join(root, 'c', 'fifo.txt'));
      spawnSync('mkfifo', [join(root, 'c', 'fifo.txt')]);
    }
    const listings = new Map([[root, listing]]);
    const inThread = await dryRun(root, { workers: false, listings });
    const viaWorkers = await dryRun(root, { workers: true, readPool: pool, listings });
    assert.ok(pool.batchesRead > 0 && !pool.broken, 'the workers did the reading');
    assert.equal(reportToJson(viaWorkers.report), reportToJson(inThread.report));
    assert.deepEqual(viaWorkers.details.skippedFiles, inThread.details.skippedFiles);
    assert.deepEqual(viaWorkers.details.unreadableFiles, inThread.details.unreadableFiles);
    const a = tableOf(inThread.index);
    const b = tableOf(viaWorkers.index);
    assert.equal(b.length, a.length);
    for (let i = 0; i < a.length; i++) {
      assert.equal(b.kind[i], a.kind[i], a.rel(i));
      assert.equal(b.size[i], a.size[i], a.rel(i));
      assert.equal(b.sectionId(i), a.sectionId(i), a.rel(i));
    }
    if (hasMkfifo) {
      assert.ok(viaWorkers.details.unreadableFiles.some((u) => u.path === 'c/fifo.txt' && u.error === 'not a regular file'), 'a FIFO is unreadable, never a hang');
    }
    assert.ok(viaWorkers.report.rows.some((row) => row.origin === 'c/big.txt'), 'the big file is a row');
  });
});

test('a worker that dies on one file: that file is unreadable, every other file is read', { timeout: HANG_GUARD_MS }, async () => {
  await withPoolAndDir('dlmw-crash-', async (root, pool) => {
    for (let i = 0; i < 700; i++) write(root, `d${i % 7}/f${i}.txt`, `file ${i}\n`);
    write(root, 'd3/crash-me.txt', 'the reader dies here\n');
    const { index, details } = await dryRun(root, { workers: true, readPool: pool });
    const t = tableOf(index);
    const crashed = t.find(join(root, 'd3', 'crash-me.txt'));
    assert.equal(t.kind[crashed], UNREADABLE);
    assert.deepEqual(details.unreadableFiles, [{ path: 'd3/crash-me.txt', error: READER_DIED }]);
    const reference = tableOf((await dryRun(root, { workers: false })).index);
    for (let i = 0; i < t.length; i++) if (i !== crashed) assert.equal(t.sectionId(i), reference.sectionId(i), t.rel(i));
    assert.ok(pool.started >= 2 && pool.batchesRead > 0 && !pool.broken, 'a new worker took over');
    assert.ok(pool.alive <= pool.size);
  }, { script: CRASHING_WORKER });
});

test('a cancelled run stops with an AbortError and ends the workers busy with it; the pool still works after', { timeout: HANG_GUARD_MS }, async () => {
  await withPoolAndDir('dlmw-cancel-', async (root, pool) => {
    for (let i = 0; i < 3000; i++) write(root, `d${i % 30}/f${i}.txt`, `file ${i}\n`.repeat(20));
    const ac = new AbortController();
    let readEvents = 0;
    await assert.rejects(
      dryRun(root, {
        workers: true, readPool: pool, signal: ac.signal,
        onProgress: (p) => { if (p.phase === 'reading' && ++readEvents === 1) ac.abort(); },
      }),
      (e: Error) => e.name === 'AbortError',
    );
    // the workers that were reading for it are ended (or were idle already)
    for (let spins = 0; pool.alive > 0 && spins < 1000; spins++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(pool.alive, 0);
    const before = pool.batchesRead;
    const again = await dryRun(root, { workers: true, readPool: pool });
    assert.equal(again.report.totals.rows, 3000);
    assert.ok(pool.batchesRead > before && !pool.broken, 'new workers did the reading');
  });
});

test('the pool holds at most its two workers across many builds; other file systems read in-thread', { timeout: HANG_GUARD_MS }, async () => {
  await withPoolAndDir('dlmw-bound-', async (root, pool) => {
    for (let i = 0; i < 600; i++) write(root, `d${i % 5}/f${i}.txt`, `file ${i}\n`);
    const runs = await Promise.all([0, 1, 2, 3].map(() => dryRun(root, { workers: true, readPool: pool })));
    for (const r of runs) assert.equal(r.report.totals.rows, 600);
    assert.ok(pool.batchesRead > 0 && !pool.broken, 'the workers did the reading');
    assert.ok(pool.started <= 2 && pool.alive <= 2, `${pool.started} started, ${pool.alive} alive`);
    const mem = new MemoryFs({ '/m/a.txt': 'a\n', '/m/b.txt': 'b\n' });
    const memPool = new ReadPool();
    const m = await dryRun('/m', { fs: mem, workers: true, readPool: memPool });
    assert.equal(m.report.totals.rows, 2);
    assert.equal(memPool.started, 0, 'an in-memory file system never starts a worker');
  });
});

test('a progress listener that throws while the workers read stops the run with its error, not the process', { timeout: HANG_GUARD_MS }, async () => {
  await withPoolAndDir('dlmw-progress-', async (root, pool) => {
    for (let i = 0; i < 1500; i++) write(root, `d${i % 10}/f${i}.txt`, `file ${i}\n`);
    const stop = new Error('too many files');
    await assert.rejects(
      dryRun(root, { workers: true, readPool: pool, onProgress: (p) => { if (p.phase === 'reading') throw stop; } }),
      (e) => e === stop,
    );
    const again = await dryRun(root, { workers: true, readPool: pool });
    assert.equal(again.report.totals.rows, 1500);
  });
});
