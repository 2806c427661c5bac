import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, compileGlobSet, globMatch } from '../../src/engine/glob';

test('** crosses directories and swallows a following slash', () => {
  assert.ok(globMatch('**/*.py', 'a.py'));
  assert.ok(globMatch('**/*.py', 'x/y/a.py'));
  assert.ok(globMatch('a/**/b', 'a/b'));
  assert.ok(globMatch('a/**/b', 'a/x/y/b'));
  assert.ok(globMatch('**/.env', 'd/x.env'), 'the swallowed slash makes **/.env match any name ending in .env');
  assert.ok(!globMatch('*.py', 'x/a.py'), '* stays inside one component');
  assert.ok(globMatch('a?c', 'abc'));
  assert.ok(!globMatch('a?c', 'a/c'));
});

test('other characters are literal (no classes, no regex leaks)', () => {
  assert.ok(globMatch('[ab].txt', '[ab].txt'));
  assert.ok(!globMatch('[ab].txt', 'a.txt'));
  assert.ok(globMatch('x+y/(1)$.md', 'x+y/(1)$.md'));
  assert.ok(!globMatch('a.b', 'axb'));
  assert.ok(globMatch('?.txt', '😀.txt'), '? matches one code point');
});

test('GlobSet prefilter agrees with the plain regexes on random patterns', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const atoms = ['a', 'b', '/', '*', '**', '?', '.', '**/', 'x.env'];
  const pathAtoms = ['a', 'b', '/', '.', 'x', 'env', 'a/b', '.env'];
  for (let i = 0; i < 400; i++) {
    const patterns = Array.from({ length: 1 + rnd(4) }, () => Array.from({ length: 1 + rnd(5) }, () => atoms[rnd(atoms.length)]).join(''));
    const set = compileGlobSet(patterns)!;
    for (let j = 0; j < 20; j++) {
      const path = Array.from({ length: 1 + rnd(6) }, () => pathAtoms[rnd(pathAtoms.length)]).join('');
      const want = patterns.some((p) => compileGlob(p).test(path));
      assert.equal(set.test(path), want, `${JSON.stringify(patterns)} vs ${path}`);
    }
  }
});
