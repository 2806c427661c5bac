// Token counting: exact counts on the shipped fixture tokenizers (checked
// against Hugging Face's Rust tokenizers when the fixtures were made, and
// against the JS library's own encode), the labelled estimate, and finding a
// tokenizer in a synthetic Hugging Face cache without reading anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { makeTempDir, removeDir } from '../helpers/tmp';
import { diskTextReader, type TextReader } from '../../src/engine/store/textReader';
import {
  describeCounter, estimateTokens, estimatingCounter, ESTIMATE_METHOD, findTokenizer, hfRepoOf, hubCacheDir,
  resolveTokenCounter, TokenCountCache, tokenizerCounter,
} from '../../src/engine/tokens/index';
import { EXACT_PREFIX_UNITS } from '../../src/engine/tokens/counter';

const FIXTURES = join(__dirname, '..', 'fixtures', 'tokenizer');
const NAMES = ['byte-level-bpe', 'metaspace-bpe'];
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference-counts.json'), 'utf8')) as {
  counts: Record<string, Array<{ text: string; tokens: number }>>;
};
const fixtureJson = (name: string): string => readFileSync(join(FIXTURES, name, 'tokenizer.json'), 'utf8');

for (const name of NAMES) {
  test(`${name}: counts equal the Rust reference and the library's own encode`, () => {
    const made = tokenizerCounter({ json: fixtureJson(name), config: null, label: name });
    assert.equal(made.kind, 'ok');
    if (made.kind !== 'ok') return;
    const lib = new Tokenizer(JSON.parse(fixtureJson(name)), {});
    const probes = reference.counts[name]!;
    assert.ok(probes.length >= 15);
    for (const { text, tokens } of probes) {
      const got = made.counter.count(text);
      assert.deepEqual(got, { tokens, exact: true }, JSON.stringify(text.slice(0, 40)));
      assert.equal(lib.encode(text, { add_special_tokens: false }).ids.length, tokens);
    }
    assert.equal(made.counter.exact, true);
    assert.equal(made.counter.label, name);
  });
}

test('special tokens are not added: a count covers the text only', () => {
  const made = tokenizerCounter({ json: fixtureJson('metaspace-bpe'), config: null, label: 'm' });
  assert.equal(made.kind, 'ok');
  if (made.kind !== 'ok') return;
  const lib = new Tokenizer(JSON.parse(fixtureJson('metaspace-bpe')), {});
  // the fixture's post-processor adds <s>; the counter must not
  assert.equal(lib.encode('hello').ids.length, made.counter.count('hello').tokens + 1);
});

test('the estimate is UTF-8 bytes / 4 rounded up, labelled as an estimate', () => {
  assert.equal(estimateTokens(''), 0);
  assert.equal(estimateTokens('abcd'), 1);
  assert.equal(estimateTokens('abcde'), 2);
  assert.equal(estimateTokens('中文'), 2); // 6 bytes
  assert.equal(estimateTokens('🎉'), 1); // 4 bytes
  assert.deepEqual(estimatingCounter.count('abcdefgh'), { tokens: 2, exact: false });
  assert.equal(estimatingCounter.exact, false);
  assert.equal(estimatingCounter.label, ESTIMATE_METHOD);
});

test('a row longer than the exact prefix is scaled from it and flagged as estimated', () => {
  const made = tokenizerCounter({ json: fixtureJson('byte-level-bpe'), config: null, label: 'b' });
  assert.equal(made.kind, 'ok');
  if (made.kind !== 'ok') return;
  const atCap = 'ab '.repeat(EXACT_PREFIX_UNITS / 4);
  assert.equal(made.counter.count(atCap).exact, true);
  const unit = 'the trainer ';
  const long = unit.repeat(Math.ceil((2 * EXACT_PREFIX_UNITS) / unit.length));
  const perUnit = made.counter.count(unit.repeat(100)).tokens / 100;
  const got = made.counter.count(long);
  assert.equal(got.exact, false);
  const expected = (perUnit * long.length) / unit.length;
  assert.ok(Math.abs(got.tokens - expected) / expected < 0.01, `${got.tokens} vs ${expected}`);
  // a cut that would fall inside a surrogate pair moves back one unit
  const emoji = 'x' + '🎉'.repeat(EXACT_PREFIX_UNITS);
  assert.equal(made.counter.count(emoji).exact, false);
});

test('a tokenizer.json the library cannot load is an error, never a throw', () => {
  for (const json of ['not json', '[]', '{}', JSON.stringify({ model: { type: 'NoSuchModel' }, normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, added_tokens: [] })]) {
    const made = tokenizerCounter({ json, config: null, label: 'x' });
    assert.equal(made.kind, 'error', json);
  }
  // a broken tokenizer_config.json is ignored
  assert.equal(tokenizerCounter({ json: fixtureJson('byte-level-bpe'), config: '{oops', label: 'x' }).kind, 'ok');
});

test('TokenCountCache reads and counts a key once', () => {
  const cache = new TokenCountCache(estimatingCounter);
  let reads = 0;
  const text = () => { reads++; return 'abcdefgh'; };
  assert.deepEqual(cache.count('id1', text), { tokens: 2, exact: false });
  assert.deepEqual(cache.count('id1', text), { tokens: 2, exact: false });
  assert.equal(reads, 1);
  assert.equal(cache.count('gone', () => null), null);
  assert.equal(cache.counts.size, 1);
});

test('base-model keys and hf: ids map to repositories; unsafe ids do not', () => {
  assert.equal(hfRepoOf('qwen2.5-0.5b'), 'Qwen/Qwen2.5-0.5B-Instruct');
  assert.equal(hfRepoOf('qwen3-1.7b-thinking'), 'Qwen/Qwen3-1.7B');
  assert.equal(hfRepoOf('smollm2-135m'), 'HuggingFaceTB/SmolLM2-135M-Instruct');
  assert.equal(hfRepoOf('hf:org/name-1.5B'), 'org/name-1.5B');
  for (const bad of ['no-such-model', 'Qwen2.5-0.5B', 'hf:', 'hf:org', 'hf:org/name/x', 'hf:../x', 'hf:org/..', 'hf:a\\b/c']) assert.equal(hfRepoOf(bad), null, bad);
});

test('the hub cache folder: HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME, ~/.cache', () => {
  const home = '/h';
  assert.equal(hubCacheDir({}, home), '/h/.cache/huggingface/hub');
  assert.equal(hubCacheDir({ XDG_CACHE_HOME: '/x' }, home), '/x/huggingface/hub');
  assert.equal(hubCacheDir({ HF_HOME: '/hf', XDG_CACHE_HOME: '/x' }, home), '/hf/hub');
  assert.equal(hubCacheDir({ HF_HOME: '~/hf' }, home), '/h/hf/hub');
  assert.equal(hubCacheDir({ HUGGINGFACE_HUB_CACHE: '/old', HF_HOME: '/hf' }, home), '/old');
  assert.equal(hubCacheDir({ HF_HUB_CACHE: '/hub', HUGGINGFACE_HUB_CACHE: '/old', HF_HOME: '/hf' }, home), '/hub');
  assert.equal(hubCacheDir({ HF_HUB_CACHE: '', HF_HOME: '/hf' }, home), '/hf/hub');
});

/** A disk reader that records every path it is asked for. */
function recordingReader(): TextReader & { paths: string[] } {
  const paths: string[] = [];
  return { paths, readText: (p, max) => { paths.push(p); return diskTextReader.readText(p, max); } };
}

function writeSnapshot(hub: string, repo: string, revision: string, json: string, refsMain: string | null = revision): string {
  const dir = join(hub, `models--${repo.replace('/', '--')}`);
  mkdirSync(join(dir, 'snapshots', revision), { recursive: true });
  if (refsMain !== null) {
    mkdirSync(join(dir, 'refs'), { recursive: true });
    writeFileSync(join(dir, 'refs', 'main'), refsMain);
  }
  writeFileSync(join(dir, 'snapshots', revision, 'tokenizer.json'), json);
  return join(dir, 'snapshots', revision, 'tokenizer.json');
}

test('finds the refs/main snapshot of a base model in the cache and counts exactly with it', () => {
  const hub = makeTempDir('dlmw-hub-');
  try {
    const rev = '0123456789abcdef0123456789abcdef01234567';
    const path = writeSnapshot(hub, 'Qwen/Qwen2.5-0.5B-Instruct', rev, fixtureJson('byte-level-bpe'), `${rev}\n`);
    // an older snapshot that refs/main does not name is ignored
    writeSnapshot(hub, 'Qwen/Qwen2.5-0.5B-Instruct', 'old', '{}', null);
    const reader = recordingReader();
    const r = resolveTokenCounter('qwen2.5-0.5b', reader, { env: { HF_HUB_CACHE: hub } });
    assert.equal(r.lookup.kind, 'found');
    if (r.lookup.kind === 'found') assert.equal(r.lookup.files.path, path);
    assert.equal(r.counter.exact, true);
    assert.equal(r.counter.label, `Qwen/Qwen2.5-0.5B-Instruct@${rev}`);
    const probe = reference.counts['byte-level-bpe']![4]!;
    assert.deepEqual(r.counter.count(probe.text), { tokens: probe.tokens, exact: true });
    assert.match(describeCounter(r), /^tokens counted with Qwen\/Qwen2\.5-0\.5B-Instruct@/);
    // nothing outside the repository's cache folder was read
    for (const p of reader.paths) assert.ok(p.startsWith(join(hub, 'models--Qwen--Qwen2.5-0.5B-Instruct')), p);
  } finally {
    removeDir(hub);
  }
});

test('hf: base models, an explicit path winning, and every way of not finding one', () => {
  const hub = makeTempDir('dlmw-hub-');
  try {
    writeSnapshot(hub, 'acme/tiny', 'main-rev', fixtureJson('metaspace-bpe'));
    const env = { HF_HUB_CACHE: hub };
    const viaHf = resolveTokenCounter('hf:acme/tiny', diskTextReader, { env });
    assert.equal(viaHf.counter.label, 'acme/tiny@main-rev');

    const explicit = join(hub, 'mine.json');
    writeFileSync(explicit, fixtureJson('byte-level-bpe'));
    const r = resolveTokenCounter('hf:acme/tiny', diskTextReader, { env, explicitPath: explicit });
    assert.equal(r.counter.label, explicit);

    const missingExplicit = resolveTokenCounter('hf:acme/tiny', diskTextReader, { env, explicitPath: join(hub, 'nope.json') });
    assert.equal(missingExplicit.counter, estimatingCounter);
    assert.deepEqual(missingExplicit.lookup, { kind: 'missing', reason: 'explicit-unreadable', repo: null, tried: join(hub, 'nope.json') });
    assert.match(describeCounter(missingExplicit), /ESTIMATED/);

    assert.deepEqual(findTokenizer('no-such-model', diskTextReader, { env }), { kind: 'missing', reason: 'unknown-base-model', repo: null, tried: null });
    assert.deepEqual(findTokenizer(null, diskTextReader, { env }), { kind: 'missing', reason: 'unknown-base-model', repo: null, tried: null });
    const notCached = findTokenizer('qwen3-4b', diskTextReader, { env });
    assert.equal(notCached.kind === 'missing' && notCached.reason, 'not-in-cache');
    assert.match(describeCounter(resolveTokenCounter('qwen3-4b', diskTextReader, { env })), /Qwen\/Qwen3-4B is not in the local Hugging Face cache/);

    // refs/main may not lead out of the snapshots folder
    writeSnapshot(hub, 'acme/escape', 'x', fixtureJson('metaspace-bpe'), '../../../acme/tiny');
    assert.equal(findTokenizer('hf:acme/escape', diskTextReader, { env }).kind, 'missing');

    // a snapshot whose tokenizer.json is garbage: estimate, with the reason
    writeSnapshot(hub, 'acme/broken', 'r1', '{"model": 42}');
    const broken = resolveTokenCounter('hf:acme/broken', diskTextReader, { env });
    assert.equal(broken.counter, estimatingCounter);
    assert.ok(broken.loadError);
    assert.match(describeCounter(broken), /could not be loaded/);
  } finally {
    removeDir(hub);
  }
});
