// The solver's training.yaml edit: minimal (only the weights it sets change;
// comments, order, style and line endings stay), and what dlm loads from the
// result is exactly the old config with the new weights.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrainingYamlText } from '../../src/engine/config';
import { weightsEdit, yamlKey } from '../../src/engine/solver';
import { rng } from '../helpers/rng';

const V = (o: Record<string, number>) => new Map(Object.entries(o));

/** Apply and check: accepted, weights as wanted, everything else as before. */
function edited(text: string, key: string, values: Map<string, number>): string {
  const r = weightsEdit(text, key, values);
  assert.ok(r.ok, `no edit: ${!r.ok && r.reason}`);
  const before = loadTrainingYamlText(text).config!;
  const after = loadTrainingYamlText(r.text);
  assert.ok(after.accepted, `dlm would not load:\n${r.text}`);
  for (const [v, x] of values) assert.equal(after.config!.weights.get(key)?.get(v), x, `${key}.${v} in:\n${r.text}`);
  assert.deepEqual([...after.config!.metadata], [...before.metadata]);
  for (const [k, m] of before.weights) for (const [v, x] of m) if (!(k === key && values.has(v))) assert.equal(after.config!.weights.get(k)?.get(v), x, `${k}.${v} kept`);
  // the edits describe the change: applying them (back to front) gives the same text
  let applied = text;
  for (const e of [...r.edits].sort((a, b) => b.start - a.start)) applied = applied.slice(0, e.start) + e.newText + applied.slice(e.end);
  assert.equal(applied, r.text);
  return r.text;
}

describe('weights edit of a training.yaml', () => {
  test('block style: existing factors replaced in place, new values appended at the same indentation, comments kept', () => {
    const text = [
      '# project weights',
      'metadata:',
      '  lang: python   # every file here',
      'weights:',
      '  lang:',
      '    python: 2   # was doubled',
      '    markdown: 0.5',
      '  kind: {gen: 0}',
      '# trailing comment',
      '',
    ].join('\n');
    const out = edited(text, 'lang', V({ python: 1.5, yaml: 0.25 }));
    assert.equal(out, [
      '# project weights',
      'metadata:',
      '  lang: python   # every file here',
      'weights:',
      '  lang:',
      '    python: 1.5   # was doubled',
      '    markdown: 0.5',
      '    yaml: 0.25',
      '  kind: {gen: 0}',
      '# trailing comment',
      '',
    ].join('\n'));
  });

  test('flow style: values replaced and appended inside the braces', () => {
    assert.equal(edited('weights: {lang: {python: 2}, kind: {gen: 0}}\n', 'lang', V({ python: 3, md: 1 })), 'weights: {lang: {python: 3, md: 1}, kind: {gen: 0}}\n');
    assert.equal(edited('weights: {lang: {}}\n', 'lang', V({ python: 3 })), 'weights: {lang: {python: 3}}\n');
    assert.equal(edited('weights: {kind: {gen: 0}}\n', 'lang', V({ python: 3 })), 'weights: {kind: {gen: 0}, lang: {python: 3}}\n');
    assert.equal(edited('{metadata: {lang: py}}\n', 'lang', V({ py: 2 })), '{metadata: {lang: py}, weights: {lang: {py: 2}}}\n');
  });

  test('no weights: a block appended after the last key; no key: a mapping added under weights, in the file\'s indentation', () => {
    assert.equal(edited('metadata:\n  lang: py\n', 'lang', V({ py: 2 })), 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 2\n');
    assert.equal(edited('metadata:\n    lang: py\nweights:\n    kind:\n        gen: 0\n', 'lang', V({ py: 2 })),
      'metadata:\n    lang: py\nweights:\n    kind:\n        gen: 0\n    lang:\n        py: 2\n');
    assert.equal(edited('metadata: {lang: py}', 'lang', V({ py: 2 })), 'metadata: {lang: py}\nweights:\n  lang:\n    py: 2');
  });

  test('an empty file or one of comments only', () => {
    assert.equal(edited('', 'lang', V({ py: 2 })), 'weights:\n  lang:\n    py: 2\n');
    assert.equal(edited('# nothing yet', 'lang', V({ py: 2 })), '# nothing yet\nweights:\n  lang:\n    py: 2\n');
  });

  test('CRLF line endings and a BOM are kept', () => {
    const out = edited('\ufeffmetadata:\r\n  lang: py\r\nweights:\r\n  lang:\r\n    py: 2\r\n', 'lang', V({ py: 3, md: 0.5 }));
    assert.equal(out, '\ufeffmetadata:\r\n  lang: py\r\nweights:\r\n  lang:\r\n    py: 3\r\n    md: 0.5\r\n');
  });

  test('a repeated key: the last one (the one PyYAML keeps) is edited', () => {
    const out = edited('weights:\n  lang:\n    py: 1\n  lang:\n    py: 2\n', 'lang', V({ py: 5 }));
    assert.equal(out, 'weights:\n  lang:\n    py: 1\n  lang:\n    py: 5\n');
  });

  test('tag values YAML 1.1 would not read as strings are quoted; plain ones stay plain', () => {
    const tricky = ['yes', 'on', 'No', '1.5', '2024', '~', 'null', '1:30', '2024-01-01', '0x10', '.inf', '<<', '=', 'a: b', 'x #y', "it's", '-lead', ' pad', 'é', 'a\u2028b', 'tab\there', ''];
    for (const v of tricky) edited('metadata: {lang: py}\n', 'lang', V({ [v]: 2 }));
    for (const v of ['y', 'n', '1e3', '0o17', 'python', 'a b', 'v1.2']) assert.equal(yamlKey(v), v, `${v} stays plain (a string to PyYAML)`);
    for (const v of ['yes', '1.5', '~', '2024']) assert.equal(yamlKey(v), `'${v}'`);
  });

  test('declines what it cannot edit faithfully: an alias, a config dlm does not load', () => {
    const alias = weightsEdit('base: &b {py: 1}\nweights:\n  lang: *b\n', 'lang', V({ py: 2 }));
    assert.equal(alias.ok, false);
    const bad = weightsEdit('weights:\n  lang: {true: 1}\n', 'lang', V({ py: 2 }));
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.reason : '', /does not load/);
  });

  test('no values: no edit at all', () => {
    const r = weightsEdit('metadata: {a: b}\n', 'lang', new Map());
    assert.ok(r.ok && r.edits.length === 0 && r.text === 'metadata: {a: b}\n');
  });

  test('300 random configs (block and flow, comments, existing weights): every edit loads as exactly the intended config and keeps every other line', () => {
    const pool = ['python', 'markdown', 'yes', '1.5', 'a:b', 'rust', 'y', 'x y', "o'k"];
    for (let s = 1; s <= 300; s++) {
      const r = rng(s);
      const pick = () => pool[Math.floor(r() * pool.length)]!;
      const indent = ' '.repeat(2 + Math.floor(r() * 3));
      const lines = ['# header'];
      if (r() < 0.7) lines.push('metadata:', `${indent}lang: python  # tag`);
      const keys = ['lang', 'kind'].filter(() => r() < 0.7);
      if (keys.length || r() < 0.3) {
        lines.push(keys.length ? 'weights:' : 'weights: {}');
        for (const k of keys) {
          const vals = [...new Set([pick(), pick()])];
          if (r() < 0.4) lines.push(`${indent}${k}: {${vals.map((v) => `${yamlKey(v)}: ${(r() * 3).toFixed(2)}`).join(', ')}}`);
          else {
            lines.push(`${indent}${k}:`);
            for (const v of vals) lines.push(`${indent}${indent}${yamlKey(v)}: ${(r() * 3).toFixed(2)}${r() < 0.3 ? '  # note' : ''}`);
          }
        }
      }
      if (r() < 0.5) lines.push('# footer');
      const text = lines.join(r() < 0.2 ? '\r\n' : '\n') + (r() < 0.8 ? '\n' : '');
      const values = new Map([...new Set([pick(), pick(), pick()])].map((v) => [v, [0, 0.3, 1, 2.5, 12][Math.floor(r() * 5)]!]));
      const out = edited(text, 'lang', values);
      const outLines = new Set(out.split(/\r?\n/));
      for (const l of text.split(/\r?\n/)) {
        if (/^\s*#/.test(l) || !/:\s*-?\d/.test(l)) assert.ok(outLines.has(l) || /^\s*(weights|lang):/.test(l), `corpus ${s}: line ${JSON.stringify(l)} kept\n${text}\n---\n${out}`);
      }
    }
  });
});
