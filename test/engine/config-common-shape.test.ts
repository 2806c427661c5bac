// The direct path for the commonest configs (src/engine/config/commonShape.ts)
// against the general one: on every text it takes, the load result — config,
// locations with their ranges, issues, verdict — is the same. Texts come
// from a seeded generator of real-looking configs (keys in any order, tricky
// scalars YAML types its own way, repeated keys, comments, CRLF, a BOM), the
// same texts mutated, and every training.yaml of the parity data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rng } from '../helpers/rng';
import { loadParityCase, parityCaseNames, parityYamlTexts } from '../helpers/shared';
import { loadCommonShape } from '../../src/engine/config/commonShape.js';
import { TextMap } from '../../src/engine/config/decode.js';
import { loadText } from '../../src/engine/config/load.js';
import { simpleBlockRoot } from '../../src/engine/config/yaml/simpleBlock.js';

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const mostly = <T>(r: () => number, usual: readonly T[], odd: readonly T[]): T => pick(r, r() < 0.97 ? usual : odd);

// names and tag values: mostly strings as written, sometimes a scalar YAML types otherwise
const NAMES = ['team', 'lang', 'area', 'kind', 'generated', 'x.y', 'a-b', "'quoted'", '"dq"', "'2024'", 'a b', 'team'];
const ODD_NAMES = ['1', 'true', 'yes', '~', '2024-01-01', '1.5', 'null'];
const STRINGS = ['t1', 'python', 'go', 'docs', "'true'", "'1.5'", '"x"', "''", 'a b', 'src/x', '1e3', '0o17', 'y', 'n'];
const ODD_STRINGS = ['1', '1.5', 'true', 'no', '~', 'null', '2001-12-14', '0x1F', '.inf'];
const FACTORS = ['1', '2', '0', '0.5', '1.70', '2.40', '10', '1_000', '1e3', '1.0e+3', '.5', '0.', '-0.0', '-1', '-0.5', '.inf', '.NaN', '0x1F', '0o17', '012', '0b11', '190:20:30',
  '1:30.5', 'true', 'no', "'2.5'", '"3"', 'x', '~', '2001-12-14', '1' + '0'.repeat(400)];
const PATTERNS = ["'vendor/**'", "'**/*.py'", 'src/*.go', '"docs/**"', 'tests/**', "'*.md'", "'**/secrets.*'", 'a b'];
const VERSIONS = ['1', '1.0', 'true', 'yes', '2', "'1'", '01', '0x1', '1_'];
const TOP = ['include', 'exclude', 'exclude_defaults', 'metadata', 'weights', 'dlm_training_version'];

function generate(r: () => number): string {
  const step = pick(r, [2, 2, 2, 4, 1, 3]);
  const out: string[] = [];
  const pad = (n: number) => ' '.repeat(n * step);
  const trail = () => pick(r, ['', '', '', ' ', '  # note', '   ']);
  const noise = () => { if (r() < 0.04) out.push(pick(r, ['', '# comment', '  # indented comment', ' '])); };
  const keys = [...TOP].filter(() => r() < 0.6);
  if (r() < 0.05) keys.push(pick(r, [...TOP, 'Weights', 'weight', 'other']));
  for (let i = keys.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [keys[i], keys[j]] = [keys[j]!, keys[i]!]; }
  for (const key of keys) {
    noise();
    switch (key) {
      case 'include': case 'exclude': {
        out.push(`${key}:${trail()}`);
        const n = 1 + Math.floor(r() * 3);
        for (let i = 0; i < n; i++) out.push(`${pad(1)}- ${mostly(r, PATTERNS, ['true', '1', '~'])}${trail()}`);
        break;
      }
      case 'exclude_defaults': out.push(`${key}: ${pick(r, ['true', 'false', 'true', 'false', 'yes', 'off', 'True', "'true'", '1', 'maybe'])}${trail()}`); break;
      case 'dlm_training_version': out.push(`${key}: ${r() < 0.8 ? '1' : pick(r, VERSIONS)}${trail()}`); break;
      case 'metadata': {
        out.push(`${key}:${trail()}`);
        const n = 1 + Math.floor(r() * 4);
        for (let i = 0; i < n; i++) { noise(); out.push(`${pad(1)}${mostly(r, NAMES, ODD_NAMES)}: ${mostly(r, STRINGS, ODD_STRINGS)}${trail()}`); }
        break;
      }
      case 'weights': {
        out.push(`${key}:${trail()}`);
        const n = 1 + Math.floor(r() * 3);
        for (let i = 0; i < n; i++) {
          out.push(`${pad(1)}${mostly(r, NAMES, ODD_NAMES)}:${trail()}`);
          const m = 1 + Math.floor(r() * 3);
          for (let k = 0; k < m; k++) { noise(); out.push(`${pad(2)}${mostly(r, STRINGS, ODD_STRINGS)}: ${r() < 0.8 ? pick(r, ['1', '2.0', '0.5', '1.70', '0', '3']) : pick(r, FACTORS)}${trail()}`); }
        }
        break;
      }
      default: out.push(`${key}: ${pick(r, STRINGS)}`);
    }
  }
  const text = out.join('\n') + (r() < 0.8 ? '\n' : '');
  return r() < 0.05 ? text.replace(/\n/g, '\r\n') : r() < 0.05 ? `\ufeff${text}` : text;
}

/** Whether the direct path takes `text` (an editor text) at all. */
function takesCommonShape(text: string): boolean {
  const map = new TextMap(text, false);
  const root = simpleBlockRoot(map.normalized);
  return root !== undefined && loadCommonShape(root, map) !== undefined;
}

/** Compares the two paths on `text`; returns whether the direct path took it. */
function agree(text: string, label: string): boolean {
  const taken = takesCommonShape(text);
  assert.deepStrictEqual(loadText(text, false), loadText(text, false, false), `${label}: ${JSON.stringify(text)}`);
  return taken;
}

test('generated configs load alike by the direct and the general path', () => {
  const r = rng(20261202);
  const N = 4000;
  let taken = 0;
  for (let i = 0; i < N; i++) if (agree(generate(r), `text ${i}`)) taken++;
  // most generated texts are accepted configs of the common shape; the rest must still be many
  assert.ok(taken > N / 4 && taken < N, `${taken} of ${N} generated texts took the direct path`);
  console.log(`${taken} of ${N} generated texts took the direct path`);
});

test('mutated configs: whatever the direct path still takes loads alike', () => {
  const r = rng(11);
  const MUTATIONS = [':', ': ', '#', ' #', '- ', ' ', '  ', '\t', '"', "'", '[', '{', '&a ', '*a', '!!str ', '|', '\n', '\n  ', '---\n', '\u00e9', '?', ',', '\\', '<<: '];
  const N = 4000;
  let taken = 0;
  for (let i = 0; i < N; i++) {
    let t = generate(r);
    const at = Math.floor(r() * (t.length + 1));
    t = t.slice(0, at) + pick(r, MUTATIONS) + t.slice(at + (r() < 0.3 ? 1 + Math.floor(r() * 3) : 0));
    if (agree(t, `mutant ${i}`)) taken++;
  }
  assert.ok(taken > 0 && taken < N, `${taken} of ${N} mutants took the direct path`);
});

test('every parity training.yaml loads alike by both paths', () => {
  let total = 0;
  let taken = 0;
  for (const { label, text } of parityYamlTexts()) {
    total++;
    if (agree(text, label)) taken++;
  }
  for (const name of parityCaseNames()) {
    for (const f of loadParityCase(name).corpus.files) {
      if (!f.path.endsWith('.dlm/training.yaml')) continue;
      const text = Buffer.from(f.b64, 'base64').toString('utf8');
      total++;
      if (agree(text, `${name}/${f.path}`)) taken++;
    }
  }
  assert.ok(total > 100, `read ${total} parity texts`);
  assert.ok(taken > 10, `only ${taken} of ${total} parity texts took the direct path`);
  console.log(`${taken} of ${total} parity texts took the direct path`);
});

test('the direct path declines what the general path must explain', () => {
  for (const t of [
    'weights:\n  team:\n    t1: -1\n',          // negative: rejected
    'weights:\n  team:\n    t1: .nan\n',        // accepted, but dlm train crashes
    "weights:\n  team:\n    t1: '2'\n",         // a quoted factor: float() decides
    'weights:\n  team:\n    t1: true\n',        // a boolean factor
    'metadata:\n  team: t1\n  team: t2\n',      // a repeated key
    'metadata:\n  year: 2024\n',                // a typed tag value: rejected
    'include:\n  - 1\n',                        // a typed pattern: rejected
    'Weights:\n  team:\n    t1: 2\n',           // an unknown key: rejected
    'exclude_defaults: 1\n',                    // lax, but not a boolean as written
    'dlm_training_version: 2\n',                // not 1: rejected
  ]) assert.equal(takesCommonShape(t), false, JSON.stringify(t));
  assert.ok(takesCommonShape("metadata:\n  team: t3\nexclude:\n  - 'vendor/**'\nweights:\n  team:\n    t3: 1.35\n"));
});
