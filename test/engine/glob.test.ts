import { test } from 'node:test';
import { assertScalesLinearly } from '../helpers/complexity';
import assert from 'node:assert/strict';
import { compileAutomaton, compileGlob, compileGlobSet, folderGlobsOf, globMatch, globSource } from '../../src/engine/glob';

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

test('the linear-time automaton agrees with the regex translation', () => {

  let seed = 11;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const atoms = ['a', 'b', '/', '*', '**', '?', '.', '**/', '😀', '\n'];
  const pathAtoms = ['a', 'b', '/', '.', '😀', 'ab/', '\n', 'aa'];
  for (let i = 0; i < 600; i++) {
    const p = Array.from({ length: 1 + rnd(7) }, () => atoms[rnd(atoms.length)]).join('');
    const re = new RegExp(`^(?:${globSource(p)})$`, 'u');
    const auto = compileAutomaton(p);
    for (let j = 0; j < 25; j++) {
      const path = Array.from({ length: rnd(8) }, () => pathAtoms[rnd(pathAtoms.length)]).join('');
      assert.equal(auto.test(path), re.test(path), `${JSON.stringify(p)} vs ${JSON.stringify(path)}`);
    }
  }
});

test('hostile patterns: no exponential backtracking, no regex size limit', () => {
  assert.equal(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(40) + '.txt'), false);
  assert.equal(globMatch('a'.repeat(100_000), 'a'.repeat(100_000)), true);
  assert.equal(globMatch('*'.repeat(50_001) + 'x', 'y'.repeat(200) + 'x'), true);
  assertScalesLinearly('star-heavy pattern against a long near-miss', (n) => globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(n) + '.txt'), 2_000);
  assertScalesLinearly('a long literal pattern', (n) => globMatch('a'.repeat(n), 'a'.repeat(n)), 50_000);
});

test('per-folder matchers agree with whole-path matching on random patterns and folders', () => {
  let seed = 23;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const atoms = ['a', 'b', '/', '*', '**', '?', '.', '**/', 'x.env', '\n', '😀'];
  const dirAtoms = ['a', 'b', 'ab', '.', 'x.env', '\n', '😀', 'a.b'];
  const nameAtoms = ['a', 'b', '.', 'x', 'env', '.env', '\n', '😀', 'ab'];
  for (let i = 0; i < 400; i++) {
    const patterns = Array.from({ length: 1 + rnd(4) }, () => Array.from({ length: 1 + rnd(6) }, () => atoms[rnd(atoms.length)]).join(''));
    if (i % 50 === 0) patterns.push('*a'.repeat(20) + '**'); // past the bit-mask size: whole-path fallback
    const set = compileGlobSet(patterns)!;
    const folders = folderGlobsOf(set);
    for (let j = 0; j < 8; j++) {
      const depth = rnd(4);
      const dirs = Array.from({ length: depth }, () => Array.from({ length: 1 + rnd(2) }, () => dirAtoms[rnd(dirAtoms.length)]).join(''));
      const prefix = dirs.map((d) => `${d}/`).join('');
      const m = folders.forPrefix(prefix);
      for (let k = 0; k < 8; k++) {
        const name = Array.from({ length: 1 + rnd(3) }, () => nameAtoms[rnd(nameAtoms.length)]).join('');
        const want = set.test(prefix + name);
        assert.equal(m.test(name), want, `${JSON.stringify(patterns)} vs ${JSON.stringify(prefix + name)}`);
        if (m.never) assert.equal(want, false);
        if (m.always) assert.equal(want, true);
      }
    }
  }
});
