// The simple-shape reader (src/engine/config/yaml/simpleBlock.ts) against the
// general PyYAML path: on every text the reader accepts, the loaded result —
// values, repeated keys, spans, errors a constructor raises — is the same.
// Texts come from a seeded generator of the shape (with comments, blank
// lines, odd indentation, numbers, booleans, dates and quoting PyYAML types
// in its own way), the same texts mutated out of the shape, and every
// training.yaml of the parity data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rng } from '../helpers/rng';
import { parityYamlTexts } from '../helpers/shared';
import { generalSafeLoad, pyyamlSafeLoad } from '../../src/engine/config/yaml/safeLoad.js';
import { simpleBlockRoot } from '../../src/engine/config/yaml/simpleBlock.js';

const KEYS = ['metadata', 'weights', 'include', 'exclude', 'team', 'lang', 'a', 'b', 'x.y', 'a-b', '_k', '1', '0x1f', '1.5', 'true', 'yes', 'null', '~', '.inf', '2001-01-01', "'quoted key'", '"dq"', 'a b'];
const VALUES = [
  'x', 't0', 'python', '1', '0', '00', '012', '1.0', '1.70', '-1', '+1', '-1.5', '1e3', '1.0e+3', '1_000', '0o17', '0x1F', '0b101', '.5', '.inf', '-.inf', '.NaN',
  'true', 'False', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'null', '~', 'NULL', 'Null', '2001-12-14', '2001-02-30', '2002-1-1', 'a b', 'a  b', 'src/*.py', 'vendor/**',
  '**/secrets.*', "'q'", "''", '"dq"', '"a b"', '""', "'1.5'", "'yes'", '(a)', 'a,b', '+', '.', '~x', '-', '1,000', '190:20:30', 'hello world  ', '3.', '-0', '0.', '+.5',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function generate(r: () => number): string {
  const step = pick(r, [2, 2, 2, 4, 1, 3]);
  const out: string[] = [];
  const trail = () => pick(r, ['', '', '', ' ', '  # note', ' #c', '   ']);
  const noise = (indent: number) => {
    if (r() < 0.1) out.push(r() < 0.7 ? '' : ' '.repeat(Math.floor(r() * (indent + 5))));
    if (r() < 0.1) out.push(' '.repeat(Math.floor(r() * (indent + 5))) + '# comment');
  };
  function map(indent: number, depth: number): void {
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      noise(indent);
      const key = pick(r, KEYS);
      const pad = ' '.repeat(indent);
      const roll = r();
      if (depth < 3 && roll < 0.3) {
        out.push(`${pad}${key}:${trail()}`);
        map(indent + step, depth + 1);
      } else if (depth < 3 && roll < 0.45) {
        out.push(`${pad}${key}:${trail()}`);
        seq(indent + step);
      } else out.push(`${pad}${key}:${pick(r, [' ', ' ', '  '])}${pick(r, VALUES)}${trail()}`);
    }
  }
  function seq(indent: number): void {
    const n = 1 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      noise(indent);
      out.push(`${' '.repeat(indent)}-${pick(r, [' ', ' ', '  '])}${pick(r, VALUES)}${trail()}`);
    }
  }
  map(0, 0);
  return out.join('\n') + (r() < 0.8 ? '\n' : '') + (r() < 0.1 ? '\n# end\n' : '');
}

const MUTATIONS = [':', ': ', '#', ' #', '-', '- ', ' ', '  ', '\t', '"', "'", '[', '{', '&a ', '*a', '!!str ', '|', '>', '\n', '\n  ', '\r\n', '---\n', '...\n', '%YAML 1.1\n', '\u00e9', '\ufeff', '?', ',', '\\', '\n- '];

function mutate(r: () => number, text: string): string {
  const at = Math.floor(r() * (text.length + 1));
  const cut = r() < 0.3 ? 1 + Math.floor(r() * 3) : 0;
  return text.slice(0, at) + pick(r, MUTATIONS) + text.slice(at + cut);
}

/** Compares the two paths on `text` when the reader accepts it; returns whether it did. */
function agree(text: string, label: string): boolean {
  if (!simpleBlockRoot(text)) return false;
  assert.deepStrictEqual(pyyamlSafeLoad(text), generalSafeLoad(text), `${label}: ${JSON.stringify(text)}`);
  return true;
}

test('the simple-shape reader and the general path load generated configs alike', () => {
  const r = rng(20261201);
  let accepted = 0;
  const N = 3000;
  for (let i = 0; i < N; i++) if (agree(generate(r), `text ${i}`)) accepted++;
  // the generator stays inside the shape except for a few values (`a,b`, `190:20:30`, `'q'` …):
  // most texts must take the fast path, or the comparison checks nothing
  assert.ok(accepted > N / 4, `only ${accepted} of ${N} generated texts took the simple path`);
});

test('texts mutated out of the shape: whatever the reader still accepts loads alike', () => {
  const r = rng(7);
  let accepted = 0;
  const N = 6000;
  for (let i = 0; i < N; i++) {
    let t = generate(r);
    const m = 1 + Math.floor(r() * 2);
    for (let k = 0; k < m; k++) t = mutate(r, t);
    if (agree(t, `mutant ${i}`)) accepted++;
  }
  assert.ok(accepted > 0 && accepted < N, `${accepted} of ${N} mutants took the simple path`);
});

test('every parity training.yaml the reader accepts loads alike', () => {
  let accepted = 0;
  let total = 0;
  for (const { label, text } of parityYamlTexts()) {
    total++;
    if (agree(text, label)) accepted++;
  }
  assert.ok(total > 100, `read ${total} parity texts`);
  assert.ok(accepted > 10, `only ${accepted} of ${total} parity texts took the simple path`);
});

test('the reader declines what it does not model', () => {
  for (const t of [
    'a:\n',                       // an empty value
    'a:\n- x\n',                  // a sequence at its key's indent
    'a: {b: 1}\n',                // flow
    'a: &x 1\nb: *x\n',           // anchors
    'a: !!str 1\n',               // tags
    'a: |\n  x\n',                // block scalar
    'a: x\n  y\n',                // a plain scalar over two lines
    'a:\tx\n',                    // a tab
    'a: caf\u00e9\n',             // non-ASCII
    'a: x\r\nb: y\r\n',           // CRLF
    '---\na: 1\n',                // document marker
    '  a: 1\n',                   // an indented root
    'a: "x\\ty"\n',               // an escape
    'a:\n  b: 1\n c: 2\n',        // inconsistent indentation
    'a : 1\n',                    // a space before the colon
    'a: b: c\n',                  // a second colon
    '- a\n',                      // a root sequence
    'a:\n  - \n  - x\n',           // an empty item
  ]) assert.equal(simpleBlockRoot(t), undefined, JSON.stringify(t));
  assert.ok(simpleBlockRoot('metadata:\n  team: t3\nexclude:\n  - \'vendor/**\'\nweights:\n  team:\n    t3: 1.35\n'));
});
