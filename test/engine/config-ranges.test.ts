// Editor ranges, quick fixes and locations of the training.yaml loader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrainingYamlBytes, loadTrainingYamlText, type ConfigIssue, type LoadResult } from '../../src/engine/config/index.js';
import type { Range } from '../../src/engine/types.js';

const rng = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

function only(r: LoadResult, code: string): ConfigIssue {
  const found = r.issues.filter((i) => i.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(r.issues.map((i) => i.code))}`);
  return found[0]!;
}

/** Apply a quick fix to the text (single-line ranges). */
function applyFix(text: string, fix: NonNullable<ConfigIssue['fix']>): string {
  const lines = text.split('\n');
  const { start, end } = fix.range;
  assert.equal(start.line, end.line);
  const l = lines[start.line]!;
  lines[start.line] = l.slice(0, start.character) + fix.newText + l.slice(end.character);
  return lines.join('\n');
}

test('unquoted true as a tag value: range on `true`, fix quotes it, and the fixed file loads', () => {
  const text = 'weights:\n  generated:\n    true: 0.1\n';
  const r = loadTrainingYamlText(text);
  assert.equal(r.accepted, false);
  assert.equal(r.problem, 'schema');
  const i = only(r, 'tag-key-not-string');
  assert.deepEqual(i.range, rng(2, 4, 2, 8));
  assert.deepEqual(i.path, ['weights', 'generated', 1, '[key]']);
  assert.match(i.message, /ignores this whole file/);
  assert.match(i.message, /'true'/);
  assert.ok(i.fix);
  assert.deepEqual(i.fix.range, rng(2, 4, 2, 8));
  assert.equal(i.fix.newText, "'true'");
  const fixed = applyFix(text, i.fix);
  assert.equal(fixed, "weights:\n  generated:\n    'true': 0.1\n");
  const again = loadTrainingYamlText(fixed);
  assert.equal(again.accepted, true);
  assert.equal(again.config!.weights.get('generated')!.get('true'), 0.1);
});

test('non-string keys and values elsewhere: 2024, 1.5, ~, dates', () => {
  const r = loadTrainingYamlText('metadata:\n  year: 2024\n  2024: x\nweights:\n  k: {1.5: 2, ~: 1}\n');
  const codes = r.issues.map((i) => i.code);
  assert.deepEqual(codes, ['metadata-not-string', 'tag-key-not-string', 'tag-key-not-string', 'tag-key-not-string']);
  const [year, key2024, f15, nul] = r.issues as [ConfigIssue, ConfigIssue, ConfigIssue, ConfigIssue];
  assert.deepEqual(year.range, rng(1, 8, 1, 12));
  assert.equal(year.fix?.newText, "'2024'");
  assert.deepEqual(key2024.range, rng(2, 2, 2, 6));
  assert.equal(key2024.fix?.newText, "'2024'");
  assert.deepEqual(f15.range, rng(4, 6, 4, 9));
  assert.deepEqual(f15.path, ['weights', 'k', '1.5', '[key]']);
  assert.equal(f15.fix?.newText, "'1.5'");
  assert.deepEqual(nul.path, ['weights', 'k', 'None', '[key]']);
  assert.equal(nul.fix, undefined, 'no quoting fix for null');
});

test('metadata value true: range on the value and a quoting fix', () => {
  const text = 'metadata:\n  generated: true\n';
  const i = only(loadTrainingYamlText(text), 'metadata-not-string');
  assert.deepEqual(i.range, rng(1, 13, 1, 17));
  assert.deepEqual(i.path, ['metadata', 'generated']);
  assert.equal(applyFix(text, i.fix!), "metadata:\n  generated: 'true'\n");
});

test('unknown key: range on the key, with a suggestion', () => {
  const r = loadTrainingYamlText('metadata: {a: b}\nwieghts:\n  a: {b: 2}\n');
  const i = only(r, 'unknown-key');
  assert.deepEqual(i.range, rng(1, 0, 1, 7));
  assert.deepEqual(i.path, ['wieghts']);
  assert.match(i.message, /did you mean `weights`/);
  assert.equal(i.fix, undefined);
});

test('a tab: yaml problem with the range on the tab', () => {
  const r = loadTrainingYamlText('metadata:\n  a:\tb\n');
  assert.equal(r.problem, 'yaml');
  assert.equal(r.locations, null);
  const i = only(r, 'yaml-tab');
  assert.deepEqual(i.range, rng(1, 4, 1, 5));
  const indent = only(loadTrainingYamlText('metadata:\n\ta: b\n'), 'yaml-tab');
  assert.deepEqual(indent.range, rng(1, 0, 1, 1));
  // tabs inside quotes, block scalars and comments are fine
  assert.equal(loadTrainingYamlText('metadata: {a: "b\tc"} # x\ty\n').accepted, true);
  assert.equal(loadTrainingYamlText('metadata:\n  a: |\n    x\ty\n').accepted, true);
});

test('invalid UTF-8: encoding problem at the first bad byte', () => {
  const bytes = new Uint8Array([...Buffer.from('metadata:\n  a: caf'), 0xe9, ...Buffer.from('\n')]);
  const r = loadTrainingYamlBytes(bytes);
  assert.equal(r.accepted, false);
  assert.equal(r.problem, 'encoding');
  const i = only(r, 'encoding-invalid-utf8');
  assert.equal(i.problem, 'encoding');
  assert.deepEqual(i.range, rng(1, 8, 1, 8));
  assert.match(i.message, /byte 18/);
  // overlong encodings and UTF-16 are rejected too
  assert.equal(loadTrainingYamlBytes(new Uint8Array([0x61, 0x3a, 0x20, 0xc0, 0xaf])).problem, 'encoding');
  assert.equal(loadTrainingYamlBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00])).problem, 'encoding');
});

test('CRLF and a BOM keep editor positions', () => {
  const crlf = loadTrainingYamlText('metadata:\r\n  a: b\r\nweights:\r\n  k:\r\n    true: 1\r\n');
  assert.deepEqual(only(crlf, 'tag-key-not-string').range, rng(4, 4, 4, 8));
  const bom = loadTrainingYamlText('\ufeffwieghts: {}\n');
  assert.deepEqual(only(bom, 'unknown-key').range, rng(0, 1, 0, 8), 'the BOM is a character in the editor text');
  const bomBytes = loadTrainingYamlBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('wieghts: {}\n')]));
  assert.deepEqual(only(bomBytes, 'unknown-key').range, rng(0, 0, 0, 7), 'bytes: ranges in the decoded text after BOM removal');
  const cr = loadTrainingYamlText('metadata:\r  a: 1\r');
  assert.deepEqual(only(cr, 'metadata-not-string').range, rng(1, 5, 1, 6));
});

test('loader crash: 2024-13-45 points at the value and crashes dlm train', () => {
  const r = loadTrainingYamlText('metadata:\n  since: 2024-13-45\n');
  assert.equal(r.accepted, false);
  assert.equal(r.problem, 'loader-crash');
  assert.equal(r.crash, true);
  const i = only(r, 'loader-crash');
  assert.equal(i.problem, 'loader-crash');
  assert.deepEqual(i.range, rng(1, 9, 1, 19));
  assert.match(i.message, /ValueError/);
  assert.equal(loadTrainingYamlText('exclude_defaults: !!bool maybe\n').problem, 'loader-crash');
  assert.equal(loadTrainingYamlText('weights: {a: {b: !!int x}}\n').problem, 'loader-crash');
});

test('NaN and infinite weights: accepted, but crash dlm train (problem null)', () => {
  const r = loadTrainingYamlText("weights:\n  k:\n    a: .nan\n    b: '-inf'\n    c: 1e400\n");
  // '-inf' is negative: rejected
  assert.equal(r.accepted, false);
  const ok = loadTrainingYamlText("weights:\n  k:\n    a: .nan\n    b: 'inf'\n");
  assert.equal(ok.accepted, true);
  assert.equal(ok.crash, true);
  assert.equal(ok.problem, null);
  const issues = ok.issues.filter((i) => i.code === 'weight-nonfinite');
  assert.equal(issues.length, 2);
  assert.equal(issues[0]!.problem, null);
  assert.deepEqual(issues[0]!.range, rng(2, 7, 2, 11));
  assert.ok(Number.isNaN(ok.config!.weights.get('k')!.get('a')));
  assert.equal(ok.config!.weights.get('k')!.get('b'), Infinity);
});

test('negative weight: schema problem located at the value, path like pydantic', () => {
  const r = loadTrainingYamlText('weights:\n  k: {v: 1, w: -0.5}\n');
  const i = only(r, 'weight-negative');
  assert.deepEqual(i.path, ['weights']);
  assert.deepEqual(i.range, rng(1, 15, 1, 19));
});

test('not a mapping, several documents, syntax errors', () => {
  const list = loadTrainingYamlText('- a\n- b\n');
  assert.equal(list.problem, 'not-mapping');
  assert.equal(only(list, 'not-mapping').range.start.line, 0);
  const two = loadTrainingYamlText('metadata: {a: b}\n---\nmetadata: {c: d}\n');
  assert.equal(two.problem, 'yaml');
  assert.deepEqual(only(two, 'yaml-multiple-documents').range, rng(1, 0, 1, 3));
  const unclosed = loadTrainingYamlText('metadata: {a: b\n');
  assert.equal(unclosed.problem, 'yaml');
  assert.ok(unclosed.issues.length > 0 && unclosed.issues.every((i) => i.problem === 'yaml'));
  assert.equal(only(loadTrainingYamlText('metadata: *nope\n'), 'yaml-undefined-alias').range.start.character, 10);
  assert.equal(loadTrainingYamlText('metadata: {a: !mytag b}\n').issues[0]!.code, 'yaml-unknown-tag');
  assert.equal(loadTrainingYamlText('exclude: [test?.py]\n').problem, 'yaml', 'PyYAML ends a flow scalar at ?');
});

test('defaults, empty files and null documents', () => {
  for (const t of ['', '  \n\t\n  ', '# c\n', '---\n', '~\n', '\ufeff']) {
    const r = loadTrainingYamlText(t);
    assert.equal(r.accepted, true, JSON.stringify(t));
    assert.deepEqual(r.config, { include: [], exclude: [], excludeDefaults: true, metadata: new Map(), weights: new Map() });
    assert.deepEqual(r.issues, []);
  }
});

test('YAML 1.1 typing the PyYAML way', () => {
  const r = loadTrainingYamlText([
    'exclude_defaults: n',
    'metadata: {a: y, b: 1e3, c: 0o17, d: 0:30, e: "2024-01-01"}',
    "weights: {k: {a: 1:30, b: 0x10, c: 017, d: 1_000, e: '1e3', f: ' 2 ', g: yes, h: '1_0', i: 1.5e+3}}",
  ].join('\n'));
  assert.equal(r.accepted, true, JSON.stringify(r.issues));
  const c = r.config!;
  assert.equal(c.excludeDefaults, false);
  assert.deepEqual([...c.metadata], [['a', 'y'], ['b', '1e3'], ['c', '0o17'], ['d', '0:30'], ['e', '2024-01-01']]);
  assert.deepEqual([...c.weights.get('k')!], [['a', 90], ['b', 16], ['c', 15], ['d', 1000], ['e', 1000], ['f', 2], ['g', 1], ['h', 10], ['i', 1500]]);
});

test('merge keys and duplicate keys: PyYAML order, last value wins, reported in locations', () => {
  const r = loadTrainingYamlText('metadata:\n  z: first\n  <<: {a: merged, z: merged}\n  b: x\n  b: y\n');
  assert.equal(r.accepted, true);
  assert.deepEqual([...r.config!.metadata], [['a', 'merged'], ['z', 'first'], ['b', 'y']]);
  const dups = r.locations!.duplicateKeys.filter((d) => d.key === 'b');
  assert.equal(dups.length, 1);
  assert.deepEqual(dups[0]!.path, ['metadata']);
  assert.deepEqual(dups[0]!.firstRange, rng(3, 2, 3, 3));
  assert.deepEqual(dups[0]!.winnerRange, rng(4, 2, 4, 3));
});

test('locations for editor features', () => {
  const text = "include: ['**/*.py', docs/**]\nexclude:\n  - tests/**\nmetadata:\n  lang: python\nweights:\n  lang: {python: 2, go: '0.5'}\n";
  const r = loadTrainingYamlText(text);
  assert.equal(r.accepted, true);
  const l = r.locations!;
  assert.deepEqual([...l.topKeys.keys()], ['include', 'exclude', 'metadata', 'weights']);
  assert.deepEqual(l.topKeys.get('weights'), rng(5, 0, 5, 7));
  assert.deepEqual(l.include.map((p) => p.pattern), ['**/*.py', 'docs/**']);
  assert.deepEqual(l.include[1]!.range, rng(0, 21, 0, 28));
  assert.deepEqual(l.exclude, [{ pattern: 'tests/**', range: rng(2, 4, 2, 12) }]);
  assert.deepEqual(l.metadata, [{ key: 'lang', keyRange: rng(4, 2, 4, 6), valueRange: rng(4, 8, 4, 14) }]);
  assert.equal(l.weights.length, 1);
  assert.equal(l.weights[0]!.tagKey, 'lang');
  assert.deepEqual(l.weights[0]!.values.map((v) => [v.tagValue, v.weight]), [['python', 2], ['go', 0.5]]);
  assert.deepEqual(l.weights[0]!.values[1]!.valueRange, rng(6, 24, 6, 29));
  // locations also when the schema rejects the file
  const bad = loadTrainingYamlText('metadata:\n  x: 1\n');
  assert.equal(bad.accepted, false);
  assert.ok(bad.locations);
  assert.deepEqual(bad.locations.metadata.map((m) => m.key), ['x']);
});
