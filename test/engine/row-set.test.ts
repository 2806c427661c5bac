// The columnar rows: expansion agrees with expandRows (the reference used by
// the solver) on random rows with repeated ids, zero / fractional / huge /
// non-finite weights; a report streamed as JSON or CSV never makes its row
// objects nor keeps a string per row; the index keeps a few bytes per file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandRows, HashMemo } from '../../src/engine/expand';
import { BYTES_PER_FILE } from '../../src/engine/corpus/fileTable';
import { rowColumnsOf } from '../../src/engine/corpus/rowSet';
import { dryRun } from '../../src/engine/dryRun';
import { MemoryFs } from '../../src/engine/fs';
import { reportJsonChunks } from '../../src/report/contractJson';
import { csvChunks, csvRows } from '../../src/report/csv';
import { rowCountOf, rowNumbersOf } from '../../src/report/reportPatch';
import type { TagMap, WeightMap } from '../../src/engine/types';
import { randomHexId, randomRowSet } from '../helpers/randomRowSet';
import { rng } from '../helpers/rng';


test('RowSet.expand gives exactly expandRows: copies, validation copies, totals, train errors', () => {
  const r = rng(99);
  const values = [0, 0.25, 0.5, 1, 1.5, 2.75, 4.2, 7, NaN, Infinity, -1];
  for (let round = 0; round < 60; round++) {
    const ids = Array.from({ length: 1 + Math.floor(r() * 8) }, () => randomHexId(r)); // few ids: many repeats
    const tagMaps: TagMap[] = [new Map(), new Map([['k', 'a']]), new Map([['k', 'b'], ['j', 'x']]), new Map([['j', 'y']])];
    const merged: WeightMap = new Map([
      ['k', new Map([['a', values[Math.floor(r() * 8)]!], ['b', values[Math.floor(r() * values.length)]!]])],
      ['j', new Map([['x', values[Math.floor(r() * 8)]!], ['y', 1.5]])],
    ]);
    if (round % 10 === 0) merged.clear(); // unweighted
    const n = Math.floor(r() * 40);
    const { rows, pre, tagsRef } = randomRowSet(r, ids, tagMaps, n, 0.2);
    const seed = BigInt(round * 7919) - 100n;
    const want = expandRows(pre, merged, new HashMemo(seed));
    // twice: the second run reads the memoised rolls and split bits
    for (let k = 0; k < 2; k++) {
      const got = rows.expand(merged, seed, new HashMemo(seed));
      assert.deepEqual(got.totals, want.totals, `round ${round}`);
      assert.equal(got.trainError, want.trainError, `round ${round}`);
      for (let i = 0; i < n; i++) {
        assert.equal(got.copies[i], want.rows[i]!.copies, `round ${round} row ${i}`);
        assert.equal(got.valCopies[i], want.rows[i]!.valCopies, `round ${round} row ${i}`);
        assert.ok(Object.is(got.tagWeights[tagsRef[i]!], want.rows[i]!.weight));
      }
    }
    // the same rows at another seed, then back: nothing memoised for one seed answers for another
    for (const s of [seed + 1n, seed]) {
      const again = expandRows(pre, merged, new HashMemo(s));
      const got = rows.expand(merged, s, new HashMemo(s));
      for (let i = 0; i < n; i++) assert.equal(got.valCopies[i], again.rows[i]!.valCopies, `round ${round} seed ${s} row ${i}`);
    }
  }
});

function corpus(files: number): MemoryFs {
  const spec: Record<string, string> = {
    '/c/.dlm/training.yaml': 'metadata: {repo: c}\nweights: {repo: {c: 1.5}}\n',
    '/c/sub/.dlm/training.yaml': 'metadata: {part: s}\n',
  };
  for (let i = 0; i < files; i++) spec[`/c/${i % 2 ? 'sub/' : ''}d${i % 9}/f${i}.txt`] = `file ${i}\n`;
  return new MemoryFs(spec);
}

test('streaming a report as JSON or CSV, or its live patch numbers, makes no row objects and keeps no string per row', async () => {
  const { report } = await dryRun('/c', { fs: corpus(500) });
  const cols = rowColumnsOf(report)!;
  assert.equal(cols.length, 500);
  let json = 0;
  for (const chunk of reportJsonChunks(report)) json += chunk.length;
  let csv = 0;
  for (const chunk of csvChunks(report)) csv += chunk.length;
  assert.ok(json > 0 && csv > 0);
  // a live report patch's numbers and the row count come from the columns too
  const numbers = rowNumbersOf(report);
  assert.equal(rowCountOf(report), 500);
  // `rows` is still the accessor that would make them: nothing made them
  assert.equal(typeof Object.getOwnPropertyDescriptor(report, 'rows')!.get, 'function');
  // the same text as from the row objects, once made
  const viaColumns = [...reportJsonChunks(report)].join('');
  const csvViaColumns = csvRows(report);
  assert.equal(report.rows.length, 500);
  assert.equal(rowColumnsOf(report), cols);
  assert.equal([...reportJsonChunks({ ...report })].join(''), viaColumns);
  assert.equal(csvRows({ ...report }), csvViaColumns);
  assert.deepEqual(numbers, rowNumbersOf(report.rows));
});

test('the index keeps a few typed-array bytes per file beyond its name', async () => {
  const { index } = await dryRun('/c', { fs: corpus(2000) });
  const t = index.directives[0]!.files;
  const columns = [t.dirOf, t.kind, t.size, t.ids, t.roll, t.split];
  const perFileSlot = columns.reduce((n, c) => n + c.BYTES_PER_ELEMENT * (c === t.ids ? 8 : 1), 0);
  assert.equal(perFileSlot, BYTES_PER_FILE);
  assert.ok(BYTES_PER_FILE <= 250);
  // capacity grows by doubling: at most twice the slots in use
  const bytes = columns.reduce((n, c) => n + c.byteLength, 0);
  assert.ok(bytes <= 2 * BYTES_PER_FILE * t.length, `${bytes} bytes for ${t.length} files`);
  // paths share their folder: one string per folder, one name per file
  assert.ok(t.dirs.length < 30, `${t.dirs.length} folders`);
  assert.equal(t.names.length, t.length);
});
