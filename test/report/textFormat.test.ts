// How the report writes weights and paths for the eye: weights without float
// noise (4 significant digits, the exact value kept for the tooltip), and
// paths split where a middle ellipsis may cut them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatWeight, formatWeightShort } from '../../src/shared/view/format';
import { splitPath } from '../../src/webview/labels';

test('weights: float noise goes, 4 significant digits, integers and non-finite values as they are', () => {
  const cases: Array<[number, string]> = [
    [0.15000000000000002, '0.15'],
    [0.1 + 0.2, '0.3'],
    [3 * 1.1, '3.3'],
    [1 / 3, '0.3333'],
    [2 / 3, '0.6667'],
    [1.5, '1.5'],
    [0.75, '0.75'],
    [0.125, '0.125'],
    [2, '2'],
    [0, '0'],
    [12345.678, '12346'], // never fewer digits than the integer part
    [1234.5, '1235'],
    [0.99996, '1'],
    [0.00012345, '0.0001235'],
    [2.5e-5, '2.5e-5'], // tiny: exponent, not a run of zeros
    [1.23456e-7, '1.235e-7'],
    [1e21, '1e+21'],
    [NaN, 'NaN'],
    [Infinity, '∞'],
  ];
  for (const [n, want] of cases) assert.equal(formatWeightShort(n), want, String(n));
  // the exact text stays available (the tooltip shows it where the two differ)
  assert.equal(formatWeight(0.15000000000000002), '0.15000000000000002');
});

test('weights: the short text reads back within 4 significant digits of the exact value', () => {
  for (let i = 1; i < 2000; i++) {
    const n = (i * 0.37) / 7;
    const back = Number(formatWeightShort(n));
    assert.ok(Math.abs(back - n) <= Math.abs(n) * 5e-4, `${n} -> ${formatWeightShort(n)}`);
  }
});

test('paths split into folder and name; a trailing slash stays with the last name', () => {
  assert.deepEqual(splitPath('docs/api/ref-01.md'), ['docs/api/', 'ref-01.md']);
  assert.deepEqual(splitPath('README.md'), ['', 'README.md']);
  assert.deepEqual(splitPath('src/legacy/'), ['src/', 'legacy/']);
  assert.deepEqual(splitPath('corpus.dlm#2'), ['', 'corpus.dlm#2']);
  assert.deepEqual(splitPath('C:\\work\\a.py'), ['C:\\work\\', 'a.py']);
  assert.deepEqual(splitPath('/'), ['', '/']);
});
