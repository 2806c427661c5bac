// PyYAML details the `yaml` package reads differently (checked against PyYAML 6.0.3).
import { assertScalesLinearly } from '../helpers/complexity';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrainingYamlText, PYYAML_MAX_DEPTH } from '../../src/engine/config/index.js';

const verdict = (t: string): string => {
  const r = loadTrainingYamlText(t);
  return r.accepted ? (r.crash ? 'accepted+crash' : 'accepted') : r.problem!;
};

test('indentation does not matter inside [ ] and { } or quoted scalars', () => {
  const r = loadTrainingYamlText('include: [\n"a", "b"\n]\nmetadata: {k: "x\ny"}\nweights: {k: {v: 1,\nw: 2}}\n');
  assert.equal(r.accepted, true, JSON.stringify(r.issues));
  assert.deepEqual(r.config!.include, ['a', 'b']);
  assert.equal(r.config!.metadata.get('k'), 'x y');
  assert.deepEqual([...r.config!.weights.get('k')!], [['v', 1], ['w', 2]]);
  // a plain multi-line value in block context still needs indentation
  assert.equal(verdict('metadata:\n  k: x\ny\n'), 'yaml');
});

test('inside [ ] and { }: `?` starts a key, `:` is a value indicator', () => {
  assert.equal(verdict('exclude: [test?.py]\n'), 'yaml');
  assert.equal(verdict('metadata: {a: b?c}\n'), 'yaml');
  assert.equal(verdict('metadata: {a: :b}\n'), 'yaml');
  assert.equal(verdict('metadata: {: b}\n'), 'yaml');
  const r = loadTrainingYamlText('metadata: {?a: b}\n');
  assert.equal(r.accepted, true);
  assert.deepEqual([...r.config!.metadata], [['a', 'b']]);
  // in block context `?a` and `:a` are plain scalars
  assert.deepEqual([...loadTrainingYamlText('metadata:\n  k: ?a\n  j: :b\n').config!.metadata], [['k', '?a'], ['j', ':b']]);
});

test('anchors, aliases, tags and merges', () => {
  const r = loadTrainingYamlText('metadata: {a: &v val}\nweights:\n  k: &w {x: 2}\n  j: {<<: *w, y: 3}\n');
  assert.equal(r.accepted, true);
  assert.deepEqual([...r.config!.weights.get('j')!], [['x', 2], ['y', 3]]);
  assert.equal(verdict('metadata: {a: &v 1, b: &v 2}\n'), 'yaml', 'duplicate anchor');
  assert.equal(verdict('metadata: {a: &x.y b}\n'), 'yaml', 'anchor names are [0-9A-Za-z_-]');
  // `*name:` is alias `name` used as a key
  assert.equal(verdict('metadata: {a: &k x, *k: y}\n'), 'accepted');
  assert.deepEqual([...loadTrainingYamlText('metadata:\n  a: &k x\n  *k: y\n').config!.metadata], [['a', 'x'], ['x', 'y']]);
  assert.equal(verdict('metadata: {a: !!str}\n'), 'yaml', 'a tag must be followed by a space');
  assert.equal(verdict('metadata: {a: !<tag:yaml.org,2002:str> 5}\n'), 'accepted');
  assert.equal(verdict('metadata: {a: ! 5}\n'), 'schema', '`!` resolves like a plain scalar: 5 is an int');
  assert.equal(verdict('metadata:\n  <<: x\n'), 'yaml', 'merging a scalar');
  assert.equal(verdict('metadata: {a: =}\n'), 'yaml', '`=` is the YAML 1.1 value tag, which SafeLoader cannot build');
  assert.equal(verdict('metadata: {=: a}\n'), 'accepted', '…but as a key it becomes the string "="');
});

test('documents, directives and line breaks', () => {
  assert.equal(verdict('...\n'), 'yaml');
  assert.equal(verdict('a: 1\n...\n...\n'), 'schema');
  assert.equal(verdict('%YAML 1.1\n---\nmetadata: {a: b}\n'), 'accepted');
  assert.equal(verdict('%YAML 2.0\n---\nmetadata: {a: b}\n'), 'yaml');
  assert.equal(verdict('%YAML 1.1\n%YAML 1.1\n---\nmetadata: {a: b}\n'), 'yaml');
  assert.equal(verdict('metadata: {a: b}\n---\n'), 'yaml');
  // NEL and U+2028 are line breaks for PyYAML
  assert.deepEqual([...loadTrainingYamlText('metadata:\u0085  a: b\u0085').config!.metadata], [['a', 'b']]);
  // a BOM after the start is an ordinary character
  assert.equal(verdict('---\n...\n\ufeff'), 'yaml');
  assert.deepEqual([...loadTrainingYamlText('metadata:\n  \ufeffa: b\n').config!.metadata], [['\ufeffa', 'b']]);
  // non-printable characters are refused anywhere, even in comments
  assert.equal(verdict('# \u0007\nmetadata: {}\n'), 'yaml');
  assert.equal(verdict('metadata: {a: "\\x07"}\n'), 'accepted');
});

test('block scalars at the end of the file keep no final line break', () => {
  assert.equal(loadTrainingYamlText('metadata:\n  a: |\n    x').config!.metadata.get('a'), 'x');
  assert.equal(loadTrainingYamlText('metadata:\n  a: |\n    x\n').config!.metadata.get('a'), 'x\n');
  assert.equal(verdict('metadata:\n  a: |\n\tx\n'), 'yaml');
  assert.equal(loadTrainingYamlText('metadata:\n  a: |\n    \tx\n').config!.metadata.get('a'), '\tx\n');
});

test('keys: 1024 characters, one line, hashable', () => {
  const k1024 = 'k'.repeat(1024);
  assert.equal(verdict(`${k1024}: v\n`), 'schema');
  assert.equal(verdict(`k${k1024}: v\n`), 'yaml');
  assert.equal(verdict(`metadata: {k${k1024}: v}\n`), 'yaml');
  assert.equal(verdict(`metadata:\n  ? k${k1024}\n  : v\n`), 'accepted');
  assert.equal(verdict('metadata:\n  ? [a, b]\n  : c\n'), 'yaml');
  assert.equal(verdict('metadata: {"a\n b": c}\n'), 'yaml');
});

test('non-YAML exceptions crash dlm train', () => {
  for (const t of ['metadata: {a: 2024-02-30}\n', 'metadata: {a: !!timestamp x}\n', 'weights: {a: {b: !!float x}}\n', "metadata: {a: !!int ''}\n", 'a: 0x_\n']) {
    assert.equal(verdict(t), 'loader-crash', t);
  }
  // the document is parsed completely before anything is built: a syntax error wins
  assert.equal(verdict('metadata: {a: 2024-13-45}\nb: [\n'), 'yaml');
  // … and building is breadth-first: an unknown tag higher up wins over a bad date deeper down
  assert.equal(verdict('metadata: {a: {b: 2024-13-45}}\nx: !foo y\n'), 'yaml');
  const deep = (n: number): string => `metadata: ${'['.repeat(n)}${']'.repeat(n)}\n`;
  assert.equal(verdict(deep(50)), 'schema');
  assert.equal(verdict(deep(PYYAML_MAX_DEPTH + 20)), 'loader-crash');
});

test('typing corner cases', () => {
  const w = loadTrainingYamlText("weights:\n  k: {a: 1._, b: .5e+3, c: '1_.5', d: 1:0:0.5, e: '\u00a02', f: -0.0}\n");
  assert.equal(w.accepted, true, JSON.stringify(w.issues));
  assert.deepEqual([...w.config!.weights.get('k')!], [['a', 1], ['b', 500], ['c', 1.5], ['d', 3600.5], ['e', 2], ['f', -0]]);
  assert.equal(verdict("weights: {k: {a: '1__0'}}\n"), 'schema');
  assert.equal(verdict("weights: {k: {a: ' 1_0 '}}\n"), 'schema');
  assert.equal(verdict('weights: {k: {a: 2e400}}\n'), 'accepted+crash', '2e400 is a string, float() reads it as inf');
  assert.equal(verdict('weights: {k: {a: 2.0e+400}}\n'), 'accepted+crash');
  assert.equal(verdict(`weights: {k: {a: ${'9'.repeat(400)}}}\n`), 'schema', 'an int too large for a float');
  assert.equal(verdict('exclude_defaults: 0.0\n'), 'accepted');
  assert.equal(verdict('exclude_defaults: 2\n'), 'schema');
  assert.equal(verdict("exclude_defaults: 'OfF'\n"), 'accepted');
  assert.equal(verdict('dlm_training_version: 0x_1\n'), 'accepted');
  assert.equal(verdict('include: !!set {a}\n'), 'accepted');
  assert.equal(verdict('metadata: {a: !!binary aGk=}\n'), 'accepted');
  assert.equal(verdict('metadata: {a: !!binary /w==}\n'), 'schema', 'bytes that are not UTF-8');
  assert.equal(verdict('metadata: {a: !!binary aGk}\n'), 'yaml', 'bad base64 padding');
});

test('no quadratic corners: long runs of spaces, deep nesting, long lists', () => {
  const spaces = ' '.repeat(200_000);
  assert.equal(verdict(`weights:\n  k:\n    v: "1${spaces}x"\n`), 'schema');
  assert.equal(verdict(`weights:\n  k:\n    v: "1${spaces}"\n`), 'accepted');
  assert.equal(verdict(`metadata:\n  k: "a${spaces}b"\n`), 'accepted');
  assert.equal(verdict(`weights: {k: {v: '${'1'.repeat(100_000)}x'}}\n`), 'schema');
  assert.equal(verdict(`metadata: ${'['.repeat(3000)}${']'.repeat(3000)}\n`), 'loader-crash');
  const many = loadTrainingYamlText(`exclude: [${Array(20_000).fill('1').join(',')}]\n`);
  assert.equal(many.problem, 'schema');
  assert.ok(many.issues.length <= 1000, `${many.issues.length} issues`);
  assertScalesLinearly('a quoted value with a long run of spaces', (n) => verdict(`weights:\n  k:\n    v: "1${' '.repeat(n)}x"\n`), 50_000);
  assertScalesLinearly('a long flow list', (n) => loadTrainingYamlText(`exclude: [${Array(n).fill('a').join(',')}]\n`), 5_000);
  assertScalesLinearly('deep flow nesting below the crash depth', (n) => verdict(`metadata: ${'['.repeat(n)}${']'.repeat(n)}\n`), 100);
});
