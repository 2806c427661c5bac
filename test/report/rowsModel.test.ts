import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterOrder, haystackOf, sortOrder } from '../../src/webview/rowsModel';
import type { RowVM } from '../../src/shared/view/viewModelTypes';

const row = (origin: string, tags: string, weight: number | null, weightText: string, copies: number, valCopies = 0): RowVM => ({
  origin, openPath: origin, tags, weight, weightText, copies, valCopies,
  status: copies === 0 ? 'dropped' : valCopies === 0 ? 'train' : valCopies === copies ? 'val' : 'both',
});

const rows: RowVM[] = [
  row('src/b10.py', 'lang=python', 2, '2', 2, 1),
  row('src/b9.py', 'lang=python', 0.5, '0.5', 0),
  row('docs/A.md', 'lang=md, tier=gold', null, 'NaN', 1),
  row('go/main.go', 'lang=go', null, '∞', 3, 3),
  row('src/a.py', 'lang=python', 1, '1', 1),
];

test('sort: default order, strings (numeric-aware, case-insensitive), numbers, NaN last, stable', () => {
  assert.deepEqual(sortOrder(rows, null, 'ascending'), [0, 1, 2, 3, 4]);
  assert.deepEqual(sortOrder(rows, 'origin', 'ascending').map((i) => rows[i].origin), ['docs/A.md', 'go/main.go', 'src/a.py', 'src/b9.py', 'src/b10.py']);
  assert.deepEqual(sortOrder(rows, 'origin', 'descending').map((i) => rows[i].origin), ['src/b10.py', 'src/b9.py', 'src/a.py', 'go/main.go', 'docs/A.md']);
  assert.deepEqual(sortOrder(rows, 'weight', 'ascending').map((i) => rows[i].weightText), ['0.5', '1', '2', '∞', 'NaN']);
  assert.deepEqual(sortOrder(rows, 'weight', 'descending').map((i) => rows[i].weightText), ['∞', '2', '1', '0.5', 'NaN']);
  assert.deepEqual(sortOrder(rows, 'copies', 'descending'), [3, 0, 2, 4, 1]);
  assert.deepEqual(sortOrder(rows, 'tags', 'ascending'), [3, 2, 0, 1, 4]);
  assert.deepEqual(sortOrder(rows, 'status', 'ascending').map((i) => rows[i].status), ['train', 'train', 'both', 'val', 'dropped']);
});

test('filter: case-insensitive, over origin and tags, every word must match', () => {
  const hay = haystackOf(rows);
  const all = sortOrder(rows, null, 'ascending');
  assert.deepEqual(filterOrder(rows, all, '', hay), all);
  assert.deepEqual(filterOrder(rows, all, 'LANG=PYTHON', hay), [0, 1, 4]);
  assert.deepEqual(filterOrder(rows, all, 'python b1', hay), [0]);
  assert.deepEqual(filterOrder(rows, all, 'tier=gold', hay), [2]);
  assert.deepEqual(filterOrder(rows, all, 'nothing-like-this', hay), []);
  const sorted = sortOrder(rows, 'origin', 'descending');
  assert.deepEqual(filterOrder(rows, sorted, 'src/', hay), [0, 1, 4]);
});
