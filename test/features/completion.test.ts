// Completion as a plain function over a document, a position and a snapshot
// of an in-memory corpus; its work is bounded by the document, never by the
// position the client sends.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
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
    assert.deepEqual(values.map((v) => [v.label, v.textEdit?.newText, v.detail]), [['true', "'true'", '1 row']]);
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
