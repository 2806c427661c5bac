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
