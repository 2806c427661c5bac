// dlm/insights and dlm/suggestWeights over the protocol: the training mix the
// server counts (in its worker) equals the engine's on this thread, with the
// fixture tokenizer given as the setting would; estimates are labelled;
// "since last training" from a synthetic store under a temporary DLM_HOME;
// the solver's edit, applied, gives a dry run within a point of the targets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TEST_TIMEOUT_MS } from '../helpers/limits';
import { makeTempDir } from '../helpers/tmp';
import { dryRun } from '../../src/engine/dryRun';
import { collectMixRows, computeMix, newMeasureCaches } from '../../src/engine/mix/index';
import { diskTextReader } from '../../src/engine/store/index';
import { TokenCountCache, tokenizerCounter } from '../../src/engine/tokens/index';
import { mixViewModel } from '../../src/report/insightsView';
import type { InsightsResult, SuggestWeightsResult } from '../../src/shared/protocol';
import { buildServer, LspClient, makeTree, uriOf } from './lspHarness';

const FIXTURE = resolve(__dirname, '../fixtures/tokenizer/byte-level-bpe/tokenizer.json');
const ID = '01HZZZZZZZZZZZZZZZZZZZZZZZ';

function corpus(): Record<string, string> {
  const files: Record<string, string> = {
    'corpus.dlm': ['---', `dlm_id: ${ID}`, 'base_model: qwen2.5-0.5b', 'training:', '  sequence_len: 64', '  sources:', '    - path: src', '---', 'Body prose.', ''].join('\n'),
    'src/.dlm/training.yaml': 'metadata: {lang: python}\nweights: {lang: {python: 2}}\n',
    'src/docs/.dlm/training.yaml': 'metadata: {lang: markdown}\n',
    'src/cfg/.dlm/training.yaml': 'metadata: {lang: yaml}\n',
  };
  for (let i = 0; i < 60; i++) files[`src/m${i}.py`] = `def f${i}(x):\n    return x * ${i}\n`.repeat(1 + (i % 5));
  for (let i = 0; i < 30; i++) files[`src/docs/d${i}.md`] = `# Doc ${i}\n\nSome words about ${i}.\n`;
  for (let i = 0; i < 10; i++) files[`src/cfg/c${i}.yaml`] = `key${i}: value\n`;
  files['src/big.py'] = 'x = 1  # a long line of code\n'.repeat(200);
  return files;
}

function writeManifest(home: string, hashes: string[], runs: object[]): void {
  const dir = join(home, 'store', ID);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
    adapter_sha256: null, adapter_version: runs.length, base_model: 'qwen2.5-0.5b', created_at: '2025-01-01T00:00:00',
    content_hashes: Object.fromEntries(hashes.map((h) => [h, h])), dlm_id: ID, exports: [], pinned_versions: {}, schema_version: 1,
    source_path: '/somewhere/corpus.dlm', training_runs: runs, updated_at: '2025-01-02T03:04:05',
  }));
}

const run = (o: object) => ({
  adapter_name: null, adapter_version: 1, base_model_revision: 'abc', ended_at: '2025-01-02T03:04:05', final_train_loss: 1.5, final_val_loss: null,
  pinned_versions: {}, run_id: 1, seed: 7, started_at: '2025-01-02T03:00:00', status: 'completed', steps: 10, summary_path: null, weight_distribution: null, ...o,
});

describe('dlm/insights and dlm/suggestWeights', { timeout: TEST_TIMEOUT_MS }, () => {
  let root: string;
  let home: string;
  let client: LspClient;
  const doc = () => join(root, 'corpus.dlm');

  before(async () => {
    root = makeTree(corpus());
    home = makeTempDir('dlmw-home-');
    const server = await buildServer();
    const { report } = await dryRun(doc());
    // the store knows all but the first five files' sections, plus one removed section
    const ids = [...new Set(report.rows.map((r) => r.sectionId))];
    writeManifest(home, [...ids.slice(5), 'ffffffffffffffff'], [
      run({ run_id: 1, weight_distribution: { lang: { python: 3, markdown: 30 } } }),
      run({ run_id: 2, status: 'failed' }),
    ]);
    const saved = { DLM_HOME: process.env.DLM_HOME, HF_HUB_CACHE: process.env.HF_HUB_CACHE };
    process.env.DLM_HOME = home;
    process.env.HF_HUB_CACHE = join(home, 'empty-hub');
    try {
      client = LspClient.start(server);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
    await client.initialize([root]);
    await client.indexed(root, 60_000);
  });

  after(async () => {
    await client?.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('the mix counted with the given tokenizer equals the engine\'s; since-last-run compares with the store', async () => {
    const r = await client.request<InsightsResult>('dlm/insights', { documentUri: uriOf(doc()), tokenizer: FIXTURE, partialResultToken: 'p1', workDoneToken: 'w1' });
    const made = tokenizerCounter({ json: readFileSync(FIXTURE, 'utf8'), config: null, label: FIXTURE });
    assert.equal(made.kind, 'ok');
    if (made.kind !== 'ok') return;
    const { index, report, details } = await dryRun(doc());
    const rows = collectMixRows(index, report, details, diskTextReader, newMeasureCaches(new TokenCountCache(made.counter)));
    const want = mixViewModel(computeMix(rows, { sequenceLen: 64, tokenizer: FIXTURE, estimateMethod: 'utf8-bytes/4' }), { tokenSource: `tokens counted with ${FIXTURE}` });
    assert.deepEqual(r.mix, want);
    assert.equal(r.mix!.tokensExact, true);
    assert.ok(r.mix!.longRows.list.some((l) => l.origin === 'src/big.py'), 'rows past sequence_len are listed');
    // partial results, when any came, carry the counting state; the answer is complete
    for (const p of client.progress as Array<{ token: string; value: InsightsResult }>) {
      if (p.token === 'p1') assert.notEqual(p.value.mix?.counting, null);
    }
    const s = r.since!;
    assert.equal(s.status, 'compared');
    assert.deepEqual(s.sections, { new: 5, unchanged: new Set(report.rows.map((x) => x.sectionId)).size - 5, removed: 1 });
    assert.deepEqual(s.seed, { then: '7', now: '42', changed: true });
    assert.deepEqual(s.laterRuns, [{ runId: 2, status: 'failed' }]);
    assert.equal(s.replayRows, 32);
    const python = s.distribution!.tags.find((t) => t.key === 'lang' && t.value === 'python')!;
    assert.deepEqual([python.then, python.now, python.delta], [3, 61, 58]);
    const yaml = s.distribution!.tags.find((t) => t.value === 'yaml')!;
    assert.deepEqual([yaml.then, yaml.delta], [null, null]);
  });

  it('without a tokenizer the tokens are estimates, and say so', async () => {
    const r = await client.request<InsightsResult>('dlm/insights', { documentUri: uriOf(doc()) });
    assert.equal(r.mix!.tokensExact, false);
    assert.match(r.mix!.tokenSource, /ESTIMATED/);
    assert.match(r.mix!.tokenSource, /not in the local Hugging Face cache/);
  });

  it('suggestWeights: the edit, applied, gives a dry run within a point of the targets; unreachable targets are explained', async () => {
    const targets = [{ value: 'python', share: 0.5 }, { value: 'markdown', share: 0.35 }, { value: 'yaml', share: 0.15 }];
    const r = await client.request<SuggestWeightsResult>('dlm/suggestWeights', { documentUri: uriOf(doc()), key: 'lang', targets });
    assert.equal(r.reachable, true, JSON.stringify(r.unreachable));
    assert.ok(r.edit, r.editError ?? 'an edit');
    // weights are global: the last config in dlm's merge order (the longest path) wins
    assert.equal(r.writeTo!.path, join(root, 'src/docs/.dlm/training.yaml'));
    // apply the TextEdits as a client would
    const path = r.writeTo!.path;
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    let out = text;
    for (const e of [...r.edit!.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
      out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
    }
    writeFileSync(path, out);
    try {
      const after = (await dryRun(doc())).report;
      const total = after.rows.reduce((n, x) => n + x.copies, 0);
      for (const t of targets) {
        const got = after.rows.filter((x) => x.tags.get('lang') === t.value).reduce((n, x) => n + x.copies, 0) / total;
        assert.ok(Math.abs(got - t.share) <= 0.01, `${t.value}: ${got} vs ${t.share}`);
      }
    } finally {
      writeFileSync(path, text);
    }
    const bad = await client.request<SuggestWeightsResult>('dlm/suggestWeights', { documentUri: uriOf(doc()), key: 'lang', targets: [{ value: 'rust', share: 0.5 }] });
    assert.equal(bad.reachable, false);
    assert.equal(bad.edit, null);
    assert.ok(bad.unreachable.some((u) => u.reason === 'unknown-value' && /rust/.test(u.message)));
    await assert.rejects(client.request('dlm/suggestWeights', { documentUri: uriOf(doc()), key: 'lang', targets: [{ value: 'python', share: 2 }] }),
      (e: { code?: number }) => e.code === -32602);
  });
});
