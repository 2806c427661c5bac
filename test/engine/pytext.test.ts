import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointLength, compareCodePoints, comparePyPaths, pySplitLines, pyStrip, normalizeText } from '../../src/engine/pytext';

test('code point order puts astral characters after U+FF01 (unlike UTF-16 order)', () => {
  assert.ok(compareCodePoints('😀', '\uff01') > 0);
  assert.ok('😀' < '\uff01', 'JavaScript default order differs');
  assert.ok(compareCodePoints('a', 'b') < 0);
  assert.ok(compareCodePoints('ab', 'a') > 0);
});

test('Python path order compares component by component', () => {
  assert.ok(comparePyPaths('a/b', 'a-b') < 0, "'a/b' before 'a-b' although '/' > '-'");
  assert.deepEqual(['a-b', 'a/b', 'a'].sort(comparePyPaths), ['a', 'a/b', 'a-b']);
});

test('lengths count code points', () => {
  assert.equal(codePointLength('/r/😀'), 4);
});

test('Python whitespace and line breaks', () => {
  assert.equal(pyStrip('\x1c x \x1f'), 'x');
  assert.equal(pyStrip('\ufeffx'), '\ufeffx', 'U+FEFF is not whitespace to Python');
  assert.deepEqual(pySplitLines('a\x0cb\u2028c\x85d\r\ne\n'), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(normalizeText('\ufeffa\r\nb\rc'), 'a\nb\nc');
});

test('lone surrogates (escaped bytes of non-UTF-8 names) order and count as their own code points', () => {
  // Python: 'é' (U+E9) < '\udcff' (an escaped 0xff byte) < U+E000 < '😀' (U+1F600)
  const names = ['f😀', 'f\ue000', 'f\udcff', 'fé', 'f\ud800x'];
  assert.deepEqual([...names].sort(compareCodePoints), ['fé', 'f\ud800x', 'f\udcff', 'f\ue000', 'f😀']);
  assert.ok(compareCodePoints('\ud83d', '😀') < 0, 'a lone high surrogate sorts before the astral character it starts');
  assert.equal(codePointLength('a\udcffb'), 3);
  assert.equal(codePointLength('\udcff\udcfe'), 2);
  assert.equal(codePointLength('😀\udcff'), 2);
});
