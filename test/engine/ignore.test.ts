import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ignoreRuleMatches, parseIgnore } from '../../src/engine/ignore';

const rule = (line: string) => {
  const r = parseIgnore(line).rules;
  assert.equal(r.length, 1, `one rule from ${JSON.stringify(line)}`);
  return r[0]!;
};

test('comments, blanks and lines that become empty are dropped', () => {
  const f = parseIgnore('# c\n\n   # indented\n!\n/\n!/\n//\nkeep\n');
  assert.deepEqual(f.rules.map((r) => r.pattern), ['keep']);
  assert.deepEqual(f.dropped.map((d) => d.line), [3, 4, 5, 6]);
});

test('every Python line break separates rules', () => {
  assert.equal(parseIgnore('a\x0cb\u2028c\x85d\x1ee\n').rules.length, 5);
});

test('unanchored rules match any suffix at a component boundary', () => {
  assert.ok(ignoreRuleMatches(rule('*.md'), 'docs/x.md'));
  assert.ok(ignoreRuleMatches(rule('b/c'), 'a/b/c'));
  assert.ok(!ignoreRuleMatches(rule('b/c'), 'a/xb/c'));
});

test('anchored rules match the whole path only', () => {
  assert.ok(ignoreRuleMatches(rule('/top.txt'), 'top.txt'));
  assert.ok(!ignoreRuleMatches(rule('/top.txt'), 'sub/top.txt'));
});

test('directory rules: only single-name unanchored rules match, via parent folders', () => {
  assert.ok(ignoreRuleMatches(rule('build/'), 'x/build/y.txt'));
  assert.ok(!ignoreRuleMatches(rule('build/'), 'build'), 'never the file itself');
  assert.ok(!ignoreRuleMatches(rule('docs/generated/'), 'docs/generated/a.md'), 'a slash: matches nothing');
  assert.ok(!ignoreRuleMatches(rule('/scripts/'), 'scripts/dev.sh'), 'anchored: matches nothing');
  assert.ok(!ignoreRuleMatches(rule('vendor'), 'vendor/lib.js'), 'a bare name does not reach into a folder');
});

test('negation flag and trailing whitespace', () => {
  const r = rule('!logs/   ');
  assert.equal(r.negated, true);
  assert.equal(r.dirOnly, true);
  assert.equal(r.pattern, 'logs');
});
