// Split answers worked out ahead of an expansion (the CLI's read workers do
// it before they end): the jobs name exactly the copies the expansion would
// hash and has not memoised, the answers land in the memo at the right row
// and copy number (checked against the hash itself), the expansion then
// hashes nothing more and agrees with expandRows; answers left at 0 (a worker
// that died) are skipped. Bounded in work (rows, copies), never in time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandRows, HashMemo, rowCopies } from '../../src/engine/expand';
import { MEMO_COPIES, splitOf } from '../../src/engine/corpus/fileTable';
import { assignsToValidation } from '../../src/engine/hashing';
import { splitBytes, splitColumns, type SplitJobs } from '../../src/engine/corpus/readProtocol';
import { answerSplits } from '../../src/engine/corpus/splitAnswers';
import type { ReadPool } from '../../src/engine/corpus/readPool';
import { CorpusIndex } from '../../src/engine/corpus/corpusIndex';
import { dryRun, planCorpus } from '../../src/engine/dryRun';
import { reportToJson } from '../../src/report/contractJson';
import type { TagMap, WeightMap } from '../../src/engine/types';
import { HANG_GUARD_MS } from '../helpers/limits';
import { randomHexId, randomRowSet } from '../helpers/randomRowSet';
import { rng } from '../helpers/rng';
import { withPoolAndDir } from '../helpers/poolDir';
import { writeTree } from '../helpers/tmp';


/** What a worker answers (the same function it runs), as bytes in job order. */
function answersOf(jobs: SplitJobs): Uint8Array {
  const n = jobs.rows.length;
  const cols = splitColumns(new SharedArrayBuffer(splitBytes(n, jobs.subs)), n);
  cols.from.set(jobs.from);
  cols.count.set(jobs.count);
  cols.ids.set(jobs.ids);
  answerSplits(String(jobs.seed), cols, n);
  return cols.answers;
}

/** Random rows over few ids (long duplicate groups), body rows among them, weights up to 7.5. */
function randomRows(r: () => number) {
  const ids = Array.from({ length: 1 + Math.floor(r() * 6) }, () => randomHexId(r));
  const tagMaps: TagMap[] = [new Map(), new Map([['k', 'a']]), new Map([['k', 'b']])];
  const weights = [0, 0.5, 1, 2.5, 4.2, 7.5];
  const merged: WeightMap = new Map([['k', new Map([['a', weights[Math.floor(r() * weights.length)]!], ['b', 3.7]])]]);
  const n = 1 + Math.floor(r() * 40);
  const { rows, pre } = randomRowSet(r, ids, tagMaps, n, 0.15);
  return { rows, pre, merged, n, ids: (i: number) => pre[i]!.sectionId };
}

test('pre-filled split answers are the ones the expansion computes, at the right row and copy; then it hashes nothing more', () => {
  const r = rng(2024);
  let filled = 0;
  let high = 0;
  for (let round = 0; round < 80; round++) {
    const { rows, pre, merged, n, ids } = randomRows(r);
    const seed = BigInt(round * 104729) - 7n;
    const jobs = rows.splitJobs(merged, seed, new HashMemo(seed));
    if (!jobs) continue;
    rows.applySplits(jobs, answersOf(jobs));
    for (let j = 0; j < jobs.rows.length; j++) {
      const i: number = jobs.rows[j]!;
      for (let sub: number = jobs.from[j]!; sub < jobs.from[j]! + jobs.count[j]!; sub++) {
        assert.equal(rows.knownSplit(i, sub, seed), assignsToValidation(seed, ids(i), sub), `round ${round} row ${i} copy ${sub}`);
        filled++;
        if (sub >= 4) high++;
      }
    }
    // everything the expansion needs is memoised now
    assert.equal(rows.splitJobs(merged, seed, new HashMemo(seed))!.rows.length, 0, `round ${round}`);
    const want = expandRows(pre, merged, new HashMemo(seed));
    const got = rows.expand(merged, seed, new HashMemo(seed));
    assert.deepEqual(got.totals, want.totals, `round ${round}`);
    for (let i = 0; i < n; i++) assert.equal(got.valCopies[i], want.rows[i]!.valCopies, `round ${round} row ${i}`);
  }
  assert.ok(filled > 500 && high > 100, `answers filled: ${filled}, copies 4 and up: ${high}`);
});

test('the expansion reads the pre-filled memo (wrong answers would show), and skips answers left at 0', () => {
  let disagreed = 0;
  let exact = 0;
  for (let round = 0; round < 40; round++) {
    const seed = BigInt(round);
    // the same random rows twice, each with its own file table (its own memo)
    const a = randomRows(rng(500 + round));
    const b = randomRows(rng(500 + round));
    const want = expandRows(a.pre, a.merged, new HashMemo(seed));
    const jobs = a.rows.splitJobs(a.merged, seed, new HashMemo(seed));
    if (!jobs || jobs.subs === 0) continue;
    // every answer flipped: an expansion that reads them disagrees with the reference
    a.rows.applySplits(jobs, answersOf(jobs).map((x) => 3 - x));
    const wrong = a.rows.expand(a.merged, seed, new HashMemo(seed));
    if (wrong.totals.valRows !== want.totals.valRows) disagreed++;
    // half the answers left at 0: those copies the expansion hashes itself, and the result is exact
    const jobsB = b.rows.splitJobs(b.merged, seed, new HashMemo(seed))!;
    b.rows.applySplits(jobsB, answersOf(jobsB).map((x, k) => (k % 2 ? 0 : x)));
    const got = b.rows.expand(b.merged, seed, new HashMemo(seed));
    for (let i = 0; i < b.n; i++) assert.equal(got.valCopies[i], want.rows[i]!.valCopies, `round ${round} row ${i}`);
    exact++;
  }
  assert.ok(disagreed > 5 && exact > 10, `flipped answers changed ${disagreed} expansions; ${exact} exact with half the answers`);
});

/**
 * 600 files at `weight` (20.5: about 2,700 copies numbered MEMO_COPIES and
 * up, which no read memoises), indexed by the pool's workers. `later`: a
 * deeper config, loaded after the root's files were sent to the workers.
 */
async function prefillCorpus(root: string, pool: ReadPool, weight = 20.5, later?: string): Promise<CorpusIndex> {
  const files: Record<string, string> = { '.dlm/training.yaml': `metadata: {repo: x}\nweights: {repo: {x: ${weight}}}\n` };
  for (let i = 0; i < 600; i++) files[`d${i % 12}/f${i}.txt`] = `file ${i}\n`;
  if (later !== undefined) files['d9/.dlm/training.yaml'] = later;
  writeTree(root, files);
  return CorpusIndex.build(await planCorpus(root, {}), { workers: true, readPool: pool });
}

test('the workers memoise as many copies as the weights known while they read give: nothing is left to pre-fill', { timeout: HANG_GUARD_MS }, async () => {
  await withPoolAndDir('dlmw-prefill-hint-', async (root, pool) => {
    // weight 6.5: 6 or 7 copies per file, all below MEMO_COPIES
    const index = await prefillCorpus(root, pool, 6.5);
    assert.equal(await index.prefillSplits(pool), 0, 'every copy was memoised while reading');
    assert.equal(pool.splitsAnswered, 0);
    const { report } = await index.report();
    assert.equal(reportToJson(report), reportToJson((await dryRun(root, { workers: false })).report));
    assert.ok(report.totals.expandedRows > 3000);
  });
});

test('a one-report build (a CLI run) memoises only what the hints need: no roll for a whole weight, only its copies; the report is the same', { timeout: HANG_GUARD_MS }, async () => {
  await withPoolAndDir('dlmw-one-report-', async (root, pool) => {
    const weights: Record<string, number> = { zero: 0, one: 1, two: 2, half: 0.5, more: 3.25 };
    const files: Record<string, string> = { '.dlm/training.yaml': `weights: {kind: {${Object.entries(weights).map(([k, w]) => `${k}: ${w}`).join(', ')}}}\n` };
    for (const kind of Object.keys(weights)) {
      files[`${kind}/.dlm/training.yaml`] = `metadata: {kind: ${kind}}\n`;
      for (let i = 0; i < 120; i++) files[`${kind}/f${i}.txt`] = `${kind} ${i}\n`;
    }
    writeTree(root, files);
    const index = await CorpusIndex.build(await planCorpus(root, {}), { workers: true, readPool: pool, oneReport: true });
    assert.ok(pool.batchesRead > 0, 'the workers did the reading');
    const t = index.directives[0]!.files;
    const seen = new Map<string, number>();
    for (let i = 0; i < t.length; i++) {
      const kind = t.rel(i).split('/')[0]!;
      const w = weights[kind];
      if (w === undefined || t.names[i] === 'training.yaml') continue;
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      const rolled = !Number.isNaN(t.roll[i]!);
      assert.equal(rolled, w % 1 !== 0, `${t.rel(i)}: a roll only for a fractional weight`);
      const copies = rowCopies(w, t.roll[i]!);
      for (let sub = 0; sub < MEMO_COPIES; sub++) assert.equal(splitOf(t.split[i]!, sub) !== undefined, sub < copies, `${t.rel(i)} copy ${sub} of ${copies}`);
    }
    assert.deepEqual([...seen.values()], [120, 120, 120, 120, 120]);
    const { report } = await index.report();
    assert.equal(reportToJson(report), reportToJson((await dryRun(root, { workers: false })).report));
  });
});

test('a weight hint that a later config proves wrong costs hashes, never answers', { timeout: HANG_GUARD_MS }, async () => {
  await withPoolAndDir('dlmw-prefill-wrong-hint-', async (root, pool) => {
    // the root's files are sent at weight 6.5; d9's config (deeper, so it wins the merge) sets 12.5 for every file
    const index = await prefillCorpus(root, pool, 6.5, 'weights: {repo: {x: 12.5}}\n');
    await index.prefillSplits(pool);
    const { report } = await index.report();
    assert.equal(reportToJson(report), reportToJson((await dryRun(root, { workers: false })).report));
    assert.ok(report.totals.expandedRows > 600 * 12);
  });
});

test('a dry run whose workers pre-fill the split gives the same report as one made on the calling thread', { timeout: HANG_GUARD_MS }, async () => {
  await withPoolAndDir('dlmw-prefill-', async (root, pool) => {
    const index = await prefillCorpus(root, pool);
    const filled = await index.prefillSplits(pool);
    // copies 16..19 or 20 of each of 600 files
    assert.ok(filled > 2000, `${filled} answers pre-filled`);
    assert.ok(pool.splitsAnswered >= 1, 'the workers answered');
    assert.equal(await index.prefillSplits(pool), 0, 'nothing is left to pre-fill');
    const { report } = await index.report();
    const inThread = await dryRun(root, { workers: false });
    assert.equal(reportToJson(report), reportToJson(inThread.report));
    assert.ok(report.totals.expandedRows > 3000);
  });
});

test('with no worker alive nothing is pre-filled, and the report is still exact', { timeout: HANG_GUARD_MS }, async () => {
  await withPoolAndDir('dlmw-prefill-none-', async (root, pool) => {
    const index = await prefillCorpus(root, pool);
    await pool.close();
    assert.equal(await index.prefillSplits(pool), 0);
    const { report } = await index.report();
    assert.equal(reportToJson(report), reportToJson((await dryRun(root, { workers: false })).report));
  });
});

test('the copies splitJobs worked out serve the next expansion only when weights and seed are the same', () => {
  const r = rng(31);
  let checked = 0;
  for (let round = 0; round < 30; round++) {
    const { rows, pre, merged, n } = randomRows(r);
    const other: WeightMap = new Map([['k', new Map([['a', 2.25], ['b', 0.5]])]]);
    for (const [jobsSeed, jobsWeights, seed, weights] of [[1n, merged, 1n, other], [1n, merged, 2n, merged], [3n, merged, 3n, merged]] as const) {
      rows.splitJobs(jobsWeights, jobsSeed, new HashMemo(jobsSeed));
      const want = expandRows(pre, weights, new HashMemo(seed));
      const got = rows.expand(weights, seed, new HashMemo(seed));
      assert.equal(got.trainError, want.trainError);
      for (let i = 0; i < n; i++) assert.equal(got.copies[i], want.trainError ? 0 : want.rows[i]!.copies, `round ${round} row ${i}`);
      checked++;
    }
  }
  assert.equal(checked, 90);
});
