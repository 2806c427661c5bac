// The tokenizer library (@huggingface/tokenizers) loads when a tokenizer is
// first used, not with the token counter's module: a dry run that counts no
// tokens never pays its start-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/shared';
import { tokenizerCounter } from '../../src/engine/tokens/counter';

const loaded = () => Object.keys(require.cache).some((k) => k.includes('@huggingface/tokenizers'));

test('the tokenizer library loads on first use', () => {
  assert.equal(loaded(), false, 'loaded with the counter module');
  const json = readFileSync(join(REPO_ROOT, 'test/fixtures/tokenizer/byte-level-bpe/tokenizer.json'), 'utf8');
  const made = tokenizerCounter({ json, config: null, label: 'fixture' });
  assert.equal(made.kind, 'ok');
  assert.equal(loaded(), true);
  if (made.kind === 'ok') assert.ok(made.counter.count('hello world').tokens > 0);
});
