// The bucketed ignore matcher: the same decisions as trying every rule in
// file order, and work per path that does not grow with the number of
// literal-name / literal-suffix rules (counted, not timed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ignoreRuleMatches, parseIgnore, type IgnoreFile } from '../../src/engine/ignore';
import { ignoreMatcher, IgnoreMatcher } from '../../src/engine/ignoreMatcher';
import { checkPaths } from '../../src/engine/check/checkPaths';
import { dryRun } from '../../src/engine/dryRun';
import { MemoryFs } from '../../src/engine/fs';
import { rng } from '../helpers/rng';

/** The rule dlm applies to `rel`: the last matching one, trying all in order. */
function naive(file: IgnoreFile, rel: string): number {
  let last = -1;
  file.rules.forEach((r, i) => { if (ignoreRuleMatches(r, rel)) last = i; });
  return last;
}

const PARTS = ['a', 'b', 'src', 'build', 'x.log', 'a.py', 'node_modules', '.env', 'ab', 'b.txt', 'é', '😀'];
const PATTERNS = [
  '*.log', '/a', 'a/', 'build/', '/build/', 'src/*.py', '**/b', '**/*.txt', 'a?', '?', '*', '**', 'a/**', '/src/**',
  'node_modules/', 'b.txt', '*.py', '.env', 'é', '😀/', 'x.*', '**/x.log', 'src/', 'a*b', '*/b.txt', 'ab/',
];

test('bucketed decisions equal trying every rule in order (seeded random files and paths)', () => {
  const next = rng(11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  for (let round = 0; round < 200; round++) {
    const lines: string[] = [];
    for (let i = 0, n = 1 + Math.floor(next() * 12); i < n; i++) lines.push((next() < 0.3 ? '!' : '') + pick(PATTERNS));
    const file = parseIgnore(lines.join('\n'));
    const m = new IgnoreMatcher(file);
    for (let k = 0; k < 40; k++) {
      const rel = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(PARTS)).join('/');
      const got = m.decide(rel);
      const want = naive(file, rel);
      assert.equal(got === null ? -1 : file.rules.indexOf(got), want, `${JSON.stringify(lines)} on ${rel}`);
      // every rule forEachMatch reports does match, and it reports the deciding one
      const all = new Set<number>();
      m.forEachMatch(rel, (i) => all.add(i));
      for (const i of all) assert.ok(ignoreRuleMatches(file.rules[i]!, rel), `${file.rules[i]!.raw} reported for ${rel}`);
      if (want !== -1) assert.ok(all.has(want));
    }
  }
});

function literalRules(n: number): IgnoreFile {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(i % 3 === 0 ? `generated-${i}.txt` : i % 3 === 1 ? `*.ext${i}` : `cache-${i}/`);
  return parseIgnore(lines.join('\n'));
}

function workPerPath(file: IgnoreFile, paths: readonly string[]): number {
  const m = new IgnoreMatcher(file);
  for (const p of paths) m.decide(p);
  return m.work / paths.length;
}

test('64k literal names and suffixes: a bounded number of rule tests per path, not one per rule', () => {
  const paths: string[] = [];
  for (let i = 0; i < 2000; i++) paths.push(`dir${i % 50}/sub/generated-${i * 7}.txt`, `dir${i % 50}/file${i}.ext${i}`, `cache-${i * 3 + 2}/x${i}.md`);
  const small = workPerPath(literalRules(16_000), paths);
  const large = workPerPath(literalRules(64_000), paths);
  assert.ok(large < 40, `work per path with 64k rules: ${large}`);
  assert.ok(large <= small * 1.5 + 2, `4x the rules, work per path ${small} -> ${large}`);
  // and the decisions are still right (rule i: generated-i.txt, *.ext<i> or cache-i/ by i mod 3)
  const file = literalRules(64_000);
  const m = new IgnoreMatcher(file);
  const expected: Array<[string, number]> = [
    ['a/generated-9.txt', 9], ['b/generated-10.txt', -1], ['c/x.ext4', 4], ['c/x.ext5', -1],
    ['cache-2/y', 2], ['q/cache-5/y', 5], ['cache-3/y', -1], ['x.ext63997', 63997],
  ];
  for (const [p, want] of expected) {
    const got = m.decide(p);
    assert.equal(got === null ? -1 : file.rules.indexOf(got), want, p);
  }
});

test('a dry run and a check with a 40k-rule ignore file do bounded work per file', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) lines.push(i % 2 ? `gen-${i}.txt` : `*.x${i}`);
  const fs = new MemoryFs({ '/m/.dlm/ignore': lines.join('\n') + '\n' });
  const FILES = 3000;
  for (let i = 0; i < FILES; i++) fs.writeFile(`/m/d${i % 30}/${i % 3 ? `gen-${i}.txt` : `f.x${i}`}`, `${i}\n`);
  const { report, index } = await dryRun('/m', { fs });
  const ignore = index.allAnchors()[0]!.ignore!;
  assert.equal(ignore.rules.length, 40_000);
  const afterRun = ignoreMatcher(ignore).work;
  assert.ok(afterRun < FILES * 60, `dry run: ${afterRun} rule tests for ${FILES} files`);
  // odd gen-i.txt and even *.x<i> names are ignored
  const kept = (i: number) => (i % 3 ? i % 2 === 0 : i % 2 === 1);
  assert.equal(report.rows.length, Array.from({ length: FILES }, (_, i) => i).filter(kept).length);
  const checked = await checkPaths(['/m'], { fs });
  const work = ignoreMatcher(ignore).work - afterRun;
  assert.ok(work < FILES * 60 + 40_000 * 4, `check: ${work} rule tests`);
  assert.ok(checked[0]!.diagnostics.some((d) => d.code === 'ignore-rule-matches-nothing'));
});
