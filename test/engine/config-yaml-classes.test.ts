// The YAML corners of yaml-edge-cases.json, each as a class: the parity case
// and its neighbours (written from PyYAML 6's scanner and parser rules), so
// a fix that only matched the instance fails here.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrainingYamlText } from '../../src/engine/config/index.js';

type Want =
  | 'yaml' | 'schema' | 'not-mapping' | 'loader-crash'
  | { include?: string[]; metadata?: Array<[string, string]>; weights?: Array<[string, Array<[string, number]>]> };

function check(text: string, want: Want): void {
  const r = loadTrainingYamlText(text);
  const label = JSON.stringify(text.length > 70 ? `${text.slice(0, 60)}…` : text);
  const issues = r.issues.map((i) => `${i.code}: ${i.message}`).join(' | ');
  if (typeof want === 'string') {
    assert.equal(r.accepted ? 'accepted' : r.problem, want, `${label}: ${issues}`);
    return;
  }
  assert.equal(r.accepted, true, `${label} should be accepted: ${issues}`);
  const c = r.config!;
  if (want.include) assert.deepEqual(c.include, want.include, `${label}: include`);
  if (want.metadata) assert.deepEqual([...c.metadata], want.metadata, `${label}: metadata`);
  if (want.weights) assert.deepEqual([...c.weights].map(([k, v]) => [k, [...v]]), want.weights, `${label}: weights`);
}

function cases(name: string, list: Array<[string, Want]>): void {
  describe(name, () => {
    for (const [text, want] of list) test(JSON.stringify(text.length > 70 ? `${text.slice(0, 60)}…` : text), () => check(text, want));
  });
}

const k1000 = 'k'.repeat(1000);
const k1100 = 'k'.repeat(1100);
const deepFlow = `${'['.repeat(600)}${']'.repeat(600)}`;
const deepBlock = `${Array.from({ length: 600 }, (_, i) => `${'  '.repeat(i)}a${i}:\n`).join('')}${'  '.repeat(600)}x: 1\n`;

cases('the non-specific tag ! (also !<!>): the scalar is resolved as if plain and untagged', [
  ['metadata: {k: ! 5}\n', 'schema'],
  ['metadata: {k: !<!> 5}\n', 'schema'],
  ["metadata: {k: ! '5'}\n", 'schema'], // quoting does not matter once tagged `!`
  ['metadata: {k: !<!> "yes"}\n', 'schema'],
  ['metadata:\n  k: !<!> "on"\n', 'schema'],
  ["metadata: {k: !<!> ''}\n", 'schema'], // '' resolves to null
  ['metadata: {k: !<!> ~}\n', 'schema'],
  ['metadata: {k: !<!> 2024-01-01}\n', 'schema'],
  ['metadata: {k: ! hello}\n', { metadata: [['k', 'hello']] }],
  ['metadata:\n k: !<!> Y\n', { metadata: [['k', 'Y']] }],
  ["weights: {a: {b: ! '2'}}\n", { weights: [['a', [['b', 2]]]] }],
  ['include: !<!> [a]\n', { include: ['a'] }],
  ['metadata: !<!> {k: v}\n', { metadata: [['k', 'v']] }],
  ['! {metadata: {k: v}}\n', { metadata: [['k', 'v']] }],
  ['metadata:\n  ! k: v\n', { metadata: [['k', 'v']] }],
  ['metadata:\n  ! 1: v\n', 'schema'],
  ['!<!> metadata: {}\n', { metadata: [] }],
  ['metadata: {k: !<!x> v}\n', 'yaml'], // a local tag SafeLoader cannot build
  ['metadata: {k: !<!>v}\n', 'yaml'], // a tag must be followed by a space
]);

cases('inside [ ] and { }, a - not followed by a space is a plain scalar', [
  ['include: [-]\n', { include: ['-'] }],
  ['include: [a, -]\n', { include: ['a', '-'] }],
  ['include: [-, -]\n', { include: ['-', '-'] }],
  ['include: [-a, -]\n', { include: ['-a', '-'] }],
  ['include: [--]\n', { include: ['--'] }],
  ['include: [-#]\n', { include: ['-#'] }],
  ['include: [&a -, *a]\n', { include: ['-', '-'] }],
  ['include: [!!str -]\n', { include: ['-'] }],
  ['metadata: {a: -, b: c}\n', { metadata: [['a', '-'], ['b', 'c']] }],
  ['metadata: {-: -}\n', { metadata: [['-', '-']] }],
  ['weights: {k: {-: 2}}\n', { weights: [['k', [['-', 2]]]] }],
  ['metadata: {-}\n', 'schema'], // the key `-` with no value
  ['include: [[-]]\n', 'schema'],
  ['include: [-1]\n', 'schema'],
  ['include: [- ]\n', 'yaml'], // `- ` is a block sequence entry: not allowed in [ ]
  ['include: [ - ]\n', 'yaml'],
  ['include: [-\n]\n', 'yaml'],
  ['include: [-, - ]\n', 'yaml'],
  ['include: [-[a]]\n', 'yaml'],
  ['metadata: {a: - }\n', 'yaml'],
]);

cases('inside [ ] and { }, ? starts an explicit key: no 1024-character limit, may span lines', [
  [`metadata: {?${k1100}: v}\n`, { metadata: [[k1100, 'v']] }],
  [`metadata: {? ${k1100}: v}\n`, { metadata: [[k1100, 'v']] }],
  [`metadata: {a: b, ?${k1100}: v}\n`, { metadata: [['a', 'b'], [k1100, 'v']] }],
  [`metadata: {?${k1000}: v}\n`, { metadata: [[k1000, 'v']] }],
  [`metadata:\n  ? ${k1100}\n  : v\n`, { metadata: [[k1100, 'v']] }],
  ['metadata: {?a\n  b: v}\n', { metadata: [['a b', 'v']] }],
  [`include: [?${k1100}: v]\n`, 'schema'], // a one-pair mapping in the list
  [`metadata: {?${k1100}}\n`, 'schema'], // a null value
  [`metadata: {${k1100}: v}\n`, 'yaml'], // implicit keys stop at 1024 characters
  [`include: [${k1100}: v]\n`, 'yaml'],
  [`metadata:\n  ?${k1100}: v\n`, 'yaml'], // in block context `?k` is a plain (implicit) key
  ['metadata: {a\n  b: v}\n', 'yaml'], // an implicit key must sit on one line
]);

cases('an anchor or alias name ends at the first character outside [0-9A-Za-z_-]', [
  ['include:\n- &a:b', { include: [':b'] }],
  ['include:\n- &a:b\n- *a\n', { include: [':b', ':b'] }],
  ['include:\n- &a:b c:d\n', { include: [':b c:d'] }],
  ['include:\n- &a-b:c\n', { include: [':c'] }],
  ['include:\n- &a?b\n', { include: ['?b'] }],
  ['metadata:\n  k: &a:b v\n  j: *a\n', { metadata: [['k', ':b v'], ['j', ':b v']] }],
  ['metadata:\n  k: &a::b\n', { metadata: [['k', '::b']] }],
  ['metadata:\n  &a:b: c\n', { metadata: [[':b', 'c']] }],
  ['include:\n- &a: b\n', 'schema'], // an anchored empty key: a mapping in the list
  ['include:\n- &a:\n', 'schema'],
  ['include: [&a:b]\n', 'schema'], // inside [ ], `:` separates: {null: b}
  ['include: [&a :b]\n', 'schema'],
  ['metadata: {&a:b}\n', 'schema'],
  ['metadata: {&a :b}\n', 'schema'],
  ['include: [&a x, *a:b]\n', 'schema'], // {x: b}
  ['metadata: {k: &a:b}\n', 'yaml'], // no key may start after `k:` inside { }
  ['include:\n- &a? b\n', 'yaml'], // "mapping keys are not allowed here"
  ['include:\n- &a x\n- *a:b\n', 'yaml'], // an alias, then a scalar
  ['include:\n- &a%b\n', 'yaml'],
  ['include:\n- &a@b\n', 'yaml'],
]);

cases('a lone anchor or tag is a node: before --- it makes a first document', [
  ['!\n---', 'yaml'],
  ['&a\n---\n', 'yaml'],
  ['! \n---\n', 'yaml'],
  ['!!str\n---\n', 'yaml'],
  ['&a !!map\n---\n', 'yaml'],
  ['&a # c\n---\n', 'yaml'],
  ['# c\n&a\n---\n', 'yaml'],
  ['---\n&a\n---\n', 'yaml'],
  ['--- &a\n---\n', 'yaml'],
  ['&a\n...\n---\n', 'yaml'],
  ['&a\n---\na: 1\n', 'yaml'],
  ['!!map\n', 'yaml'], // an empty scalar tagged as a mapping
  ['!\n', { metadata: [] }],
  ['&a\n', { metadata: [] }],
  ['&a\n...\n', { metadata: [] }],
  ['!\n...\n', { metadata: [] }],
  ['&a\n# c\n', { metadata: [] }],
  ['--- &a\n', { metadata: [] }],
]);

cases('properties on the line of a key belong to the key, even under a tagged mapping', [
  ['metadata: !!map\n  !!str a: b\n', { metadata: [['a', 'b']] }],
  ['metadata: !!map\n  !!str a: b\n  !!str c: d\n', { metadata: [['a', 'b'], ['c', 'd']] }],
  ['metadata: !!map\n  &k !!str a: b\n', { metadata: [['a', 'b']] }],
  ['metadata: &m !!map\n  !!str a: b\n', { metadata: [['a', 'b']] }],
  ['metadata: !!map\n  ? !!str a\n  : b\n', { metadata: [['a', 'b']] }],
  ['metadata: !!map {!!str a: b}\n', { metadata: [['a', 'b']] }],
  ['metadata: !!map\n  !!str : b\n', { metadata: [['', 'b']] }],
  ['metadata:\n  !!str : b\n', { metadata: [['', 'b']] }],
  ['!!map\n!!str metadata: {}\n', { metadata: [] }],
  ['!!map\nmetadata: !!map\n  !!str a: b\n', { metadata: [['a', 'b']] }],
  ['!!map\n!!str metadata: !!map\n  !!str a: b\n', { metadata: [['a', 'b']] }],
  ['metadata: !!map\n  !!int 1: b\n', 'schema'],
  ['metadata: !!map\n  !!str a: !!int 5\n', 'schema'],
  ['!!map\n!!int 1: {}\n', 'schema'],
  ['- !!map\n  !!str a: b\n', 'not-mapping'],
  ['!!seq\n- metadata\n', 'not-mapping'],
  ['metadata: !!seq\n  !!str a: b\n', 'yaml'], // a sequence tag on a mapping
  ['metadata: !!str\n  !!str a: b\n', 'yaml'],
  ['metadata: !!omap\n  !!str a: b\n', 'yaml'],
]);

cases('# starts a comment wherever a token may start, even right after [, { or ,', [
  ['include: [#x\n a]\n', { include: ['a'] }],
  ['include: [a,#x\n b]\n', { include: ['a', 'b'] }],
  ['include: [a,#x\n b,#y\n c]\n', { include: ['a', 'b', 'c'] }],
  ['include: [ a ,#x\n b]\n', { include: ['a', 'b'] }],
  ['include: [#x\n]\n', { include: [] }],
  ['include: [a]#x\n', { include: ['a'] }],
  ['include: ["a"#x\n]\n', { include: ['a'] }],
  ['metadata: {#c\n a: b}\n', { metadata: [['a', 'b']] }],
  ['metadata: {a: b,#c\n d: e}\n', { metadata: [['a', 'b'], ['d', 'e']] }],
  ['metadata: {#x\n}\n', { metadata: [] }],
  ['metadata: {a: "b"#x\n}\n', { metadata: [['a', 'b']] }],
  ['metadata: {a: b}#x\n', { metadata: [['a', 'b']] }],
  ['include: [a#x, b]\n', { include: ['a#x', 'b'] }], // inside a plain scalar `#` is text
  ['include:\n- a#x\n', { include: ['a#x'] }],
  ['include: [[#x\n a]]\n', 'schema'],
  ['include: [a,#x]\n', 'yaml'], // the comment runs to the end of the line, `]` included
  ['include: [#x]\n', 'yaml'],
]);

cases('only the first document is composed: deep nesting after it is the two-documents error', [
  [`a: 1\n---\nb: ${deepFlow}\n`, 'yaml'],
  [`---\na: 1\n---\n${deepFlow}\n`, 'yaml'],
  [`a: 1\n...\n${deepFlow}\n`, 'yaml'],
  [`a: 1\n---\n${deepBlock}`, 'yaml'],
  [`a: 1\n---\nb: ${deepFlow}\t\n`, 'yaml'],
  [`a: 1\n---\n!!python/name:x ${deepFlow}\n`, 'yaml'],
  ['a: 1\n---\nb: [[]]\n', 'yaml'],
  [`b: ${deepFlow}\n`, 'loader-crash'], // in the first document: RecursionError
  [`b: ${deepFlow}\n---\na: 1\n`, 'loader-crash'],
  [deepBlock, 'loader-crash'],
]);

cases('comment lines and stray nodes inside block collections (found comparing with the previous loader)', [
  ['weights:\n  docs: {}\n  #c\n', { weights: [['docs', []]] }],
  ["weights:\n  docs: {}\n  #c&a 'on': {}\n", { weights: [['docs', []]] }],
  ['include:\n- a\n# c\n- b\n  # d\n', { include: ['a', 'b'] }],
  ['metadata:\n  a: b\n\n  # c\n\n  c: d\n  # e\n', { metadata: [['a', 'b'], ['c', 'd']] }],
  ['weights:\n  k:\n &a  #c   1e3: 2\n', 'yaml'], // a lone anchor where a key should be
  ['exclude_defaults: .NaN\n&a #c\n', 'yaml'],
  ["? 'y'\n  a\n", 'yaml'], // after `? key`, a node with no `:` before it
  ['? b\n- a\n', 'yaml'],
  ['\n- ? "x"!!map\n', 'yaml'],
  ['? y\n  a\n', 'schema'], // a plain key continued on the next line: the key `y a`
  ['a: 1\n!!str\n  : b\n', 'yaml'], // a tagged empty key whose `:` is on the next line
  ['a: 1\n!!str : b\n', 'schema'],
  ["{'y', 'y'!!str }\n", 'yaml'], // a tag after its node
  ["['y' &a]\n", 'yaml'],
  ['&a &a: k\n', 'yaml'], // two anchors
]);

test('re-splitting tokens leaves private-use characters of the text alone', () => {
  const pua = '\ue000\ue001\ue002\ue003\ue004';
  const r = loadTrainingYamlText(`metadata:\n  k: "${pua}"\n  j: ${pua}\ninclude: [-, &a:b]\nexclude:\n- &b:c\n- *b\n`);
  assert.equal(r.problem, 'schema', JSON.stringify(r.issues)); // include[1] is {null: b}
  const ok = loadTrainingYamlText(`metadata:\n  k: "${pua}"\n  j: ${pua}\ninclude: [-]\nexclude:\n- &b:c\n- *b\n`);
  assert.equal(ok.accepted, true, JSON.stringify(ok.issues));
  assert.deepEqual([...ok.config!.metadata], [['k', pua], ['j', pua]]);
  assert.deepEqual(ok.config!.include, ['-']);
  assert.deepEqual(ok.config!.exclude, [':c', ':c']);
  // a text holding every candidate character: no re-split, but no crash either
  let all = '';
  for (let cp = 0xe000; cp <= 0xfffd; cp++) if (cp !== 0xfeff) all += String.fromCharCode(cp);
  const r2 = loadTrainingYamlText(`metadata:\n  k: "${all}"\ninclude: [-]\n`);
  assert.ok(r2.accepted || r2.problem === 'yaml');
});
