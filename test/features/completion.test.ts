// Completion as a plain function over a document, a position and a snapshot
// of an in-memory corpus; its work is bounded by the document, never by the
// position the client sends.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseTrainingYamlText } from '../../src/engine/diagnostics/index';
import { completion } from '../../src/server/features/completion';
import { assertScalesLinearly } from '../helpers/complexity';
import { memoryCorpus } from './corpus';

const SRC_YAML = "metadata:\n  kind: code\n  generated: 'true'\n";
const FILES = {
  '.dlm/training.yaml': 'metadata:\n  lang: en\n',
  'docs/.dlm/training.yaml': 'metadata:\n  kind: doc\n',
  'docs/a.md': 'alpha\n',
  'src/.dlm/training.yaml': SRC_YAML,
  'src/x.py': 'print(1)\n',
};
const SRC = '/w/src/.dlm/training.yaml';

describe('completion in training.yaml', () => {
  test('tag keys and values from metadata anywhere in the corpus, quoted when PyYAML would type them', async () => {
    const c = await memoryCorpus(FILES);
    const keys = completion({ path: SRC, text: `${SRC_YAML}weights:\n  \n`, position: { line: 4, character: 2 }, snapshot: c.snapshot, snippets: true });
    assert.deepEqual(keys.map((k) => k.label).sort(), ['generated', 'kind', 'lang']);
    const values = completion({ path: SRC, text: `${SRC_YAML}weights:\n  generated:\n    \n`, position: { line: 5, character: 4 }, snapshot: c.snapshot, snippets: true });
    assert.deepEqual(values.map((v) => [v.label, v.textEdit?.newText, v.detail]), [['true', "'true': ${1:1.0}", '1 row']]);
    const kinds = completion({ path: SRC, text: `${SRC_YAML}weights:\n  kind:\n    \n`, position: { line: 5, character: 4 }, snapshot: c.snapshot, snippets: true });
    assert.deepEqual(kinds.map((k) => k.label).sort(), ['code', 'doc']);
  });

  test('top-level keys, as snippets when the client takes them', async () => {
    const c = await memoryCorpus(FILES);
    const top = completion({ path: SRC, text: `${SRC_YAML}\n`, position: { line: 3, character: 0 }, snapshot: c.snapshot, snippets: false });
    assert.ok(top.some((k) => k.label === 'include'), JSON.stringify(top.map((k) => k.label)));
    assert.ok(!top.some((k) => k.label === 'metadata'), 'a key already present is not offered again');
    assert.equal(top.find((k) => k.label === 'weights')?.textEdit?.newText, 'weights:');
  });

  test('the file\'s own metadata without a snapshot; nothing outside training.yaml', () => {
    // (the file must load for its own metadata to count: the cursor is inside a complete flow mapping)
    const own = completion({ path: SRC, text: `metadata:\n  tier: gold\nweights:\n  tier: {silver: 1}\n`, position: { line: 3, character: 9 }, snapshot: null, snippets: true });
    assert.deepEqual(own.map((v) => v.label), ['gold']);
    assert.deepEqual(completion({ path: '/w/.dlm/ignore', text: 'x\n', position: { line: 0, character: 0 }, snapshot: null, snippets: true }), []);
  });
});

describe('completion never creates errors', () => {
  const at = (c: { snapshot: never } | { snapshot: unknown }, text: string, line: number, character: number, snippets = true) =>
    completion({ path: SRC, text, position: { line, character }, snapshot: (c as { snapshot: never }).snapshot, snippets });
  /** A snippet with each placeholder replaced by its default, as accepting it unchanged would leave it. */
  const expand = (snippet: string) => snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1');

  test('keys already in the mapping at the cursor are not offered (metadata, weights, a tag key\'s values; block and flow)', async () => {
    const c = await memoryCorpus(FILES);
    const labels = (text: string, line: number, character: number) => at(c, text, line, character).map((i) => i.label).sort();
    assert.deepEqual(labels(`${SRC_YAML}  \n`, 3, 2), ['lang'], 'metadata already has kind and generated');
    assert.deepEqual(labels('weights:\n  kind:\n    code: 2\n  \n  lang: {en: 1}\n', 3, 2), ['generated'], 'kind above, lang below');
    assert.deepEqual(labels('weights:\n  kind:\n    code: 2\n    \n', 3, 4), ['doc']);
    assert.deepEqual(labels('weights:\n  kind: {code: 2, }\n', 1, 18), ['doc']);
    assert.deepEqual(labels('weights:\n  kind: { , doc: 1}\n', 1, 10), ['code'], 'an entry after the cursor counts too');
    assert.deepEqual(labels('metadata: {kind: x, }\n', 0, 20), ['generated', 'lang']);
    // the key on the cursor's own line is the one being typed: still offered
    assert.deepEqual(labels('weights:\n  kind:\n    co\n', 2, 6), ['code', 'doc']);
  });

  test('a key is inserted with its value: a snippet with placeholders, or `key: ` for clients without snippets', async () => {
    const c = await memoryCorpus(FILES);
    const edit = (items: ReturnType<typeof completion>, label: string) => {
      const i = items.find((x) => x.label === label)!;
      return [i.textEdit!.newText, i.insertTextFormat];
    };
    assert.deepEqual(edit(at(c, `${SRC_YAML}  la\n`, 3, 4), 'lang'), ['lang: ${1:value}', 2]);
    assert.deepEqual(edit(at(c, `${SRC_YAML}  la\n`, 3, 4, false), 'lang'), ['lang: ', 1]);
    assert.deepEqual(edit(at(c, 'weights:\n  \n', 1, 2), 'lang'), ['lang:\n    ${1:value}: ${2:1.0}', 2]);
    assert.deepEqual(edit(at(c, 'weights: {}\nweights2: 1\n', 0, 10), 'lang'), ['lang: {${1:value}: ${2:1.0}}', 2]);
    assert.deepEqual(edit(at(c, 'weights:\n  generated:\n    \n', 2, 4), 'true'), ["'true': ${1:1.0}", 2]);
    assert.deepEqual(edit(at(c, 'weights:\n  generated:\n    \n', 2, 4, false), 'true'), ["'true': ", 1]);
    // a `:` already there: the key alone
    assert.deepEqual(edit(at(c, `${SRC_YAML}  la: en\n`, 3, 4), 'lang'), ['lang', 1]);
    // a metadata value is a value, not an entry
    assert.deepEqual(edit(at(c, 'metadata:\n  kind: \n', 1, 8), 'code'), ['code', undefined]);
  });

  test('accepting any item unchanged leaves a file dlm accepts, with no duplicate key', async () => {
    const c = await memoryCorpus(FILES);
    const texts: Array<[string, number, number]> = [
      [`${SRC_YAML}  \n`, 3, 2],
      ['metadata:\n  kind: code\nweights:\n  kind:\n    code: 2\n  \n', 5, 2],
      ['metadata:\n  kind: code\nweights:\n  kind:\n    code: 2\n    \n', 5, 4],
      ['metadata:\n  kind: code\nweights:\n  kind: {code: 2, }\n', 3, 18],
    ];
    for (const [text, line, character] of texts) {
      const items = at(c, text, line, character);
      assert.ok(items.length > 0, text);
      for (const i of items) {
        const lines = text.split('\n');
        const r = i.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
        const l = lines[line]!;
        lines[line] = l.slice(0, r.range.start.character) + expand(r.newText) + l.slice(r.range.end.character);
        const after = lines.join('\n');
        const d = diagnoseTrainingYamlText(after).diagnostics;
        assert.deepEqual(d.map((x) => x.code), [], `${i.label} in ${JSON.stringify(text)} → ${JSON.stringify(after)}`);
      }
    }
  });
});

describe('completion is bounded by the document', () => {
  test('any position answers as the clamped position does', async () => {
    const c = await memoryCorpus(FILES);
    const text = `${SRC_YAML}weights:\n  kind:\n    co`;
    const at = (line: unknown, character: unknown) => completion({ path: SRC, text, position: { line, character } as never, snapshot: c.snapshot, snippets: true });
    const end = at(5, 6);
    assert.deepEqual(end.map((k) => k.label).sort(), ['code', 'doc']);
    for (const [line, character] of [[5, 1e8], [1e9, 1e8], [1e9, 6], [2 ** 53, 2 ** 53], [5, Number.POSITIVE_INFINITY]]) {
      assert.deepEqual(at(line, character), end, `at ${line}:${character}`);
    }
    assert.deepEqual(at(-1, -1), at(0, 0));
    assert.deepEqual(at(Number.NaN, 'x'), at(0, 0));
  });

  test('work grows linearly with a very long line, wherever the cursor is said to be', () => {
    const lines: Array<[string, (n: number) => string]> = [
      ['a plain run', (n) => `weights:\n  ${'a'.repeat(n)}`],
      ['a flow mapping of many entries', (n) => `weights:\n  k: {${'v: 1, '.repeat(n / 6)}`],
      ['open quotes after commas', (n) => `weights: {k: {${",'".repeat(n / 2)}`],
      ['nested open braces', (n) => `weights:\n  k: ${'a: {'.repeat(n / 4)}`],
      ['spaces then a key', (n) => `metadata:\n${' '.repeat(n)}k: `],
    ];
    for (const [label, make] of lines) {
      assertScalesLinearly(label, (n) => {
        const text = make(n);
        completion({ path: SRC, text, position: { line: 1e9, character: 1e8 }, snapshot: null, snippets: true });
      }, 20_000);
    }
  });
});
