// The built CLI's `dry-run --mix`, `--tokenizer` and since-the-last-run
// output: extra JSON keys only when asked for (the default --json stays the
// contract), the mix and the store comparison in the human summary.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { makeTempDir, removeDir, writeTree } from '../helpers/tmp';
import { parseReportJson, reportToJson } from '../../src/report/contractJson';
import { tokenizerCounter } from '../../src/engine/tokens/index';

const ID = '01HQ3Z5K7M9P1R3T5V7X9Z1B3D';
const FIXTURE = join(__dirname, '..', 'fixtures', 'tokenizer', 'byte-level-bpe', 'tokenizer.json');
let root = '';
let home = '';
let hub = '';

before(async () => {
  await buildCli();
  root = makeTempDir('dlmw-insights-');
  home = makeTempDir('dlmw-dlmhome-');
  hub = makeTempDir('dlmw-hub-');
  writeTree(root, {
    'doc.dlm': ['---', `dlm_id: ${ID}`, 'base_model: qwen2.5-0.5b', 'training:', '  seed: 5', '  sequence_len: 64', '  sources:', '    - path: src', '---', 'Some prose.', ''].join('\n'),
    'src/.dlm/training.yaml': 'metadata: {lang: python}\nweights: {lang: {python: 2}}\n',
    'src/a.py': 'print("a")\n',
    'src/long.py': 'value = 1\n'.repeat(60),
  });
});
after(() => {
  for (const d of [root, home, hub]) removeDir(d);
});

const env = () => ({ DLM_HOME: home, HF_HUB_CACHE: hub });

function writeManifest(text: string): void {
  mkdirSync(join(home, 'store', ID), { recursive: true });
  writeFileSync(join(home, 'store', ID, 'manifest.json'), text);
}

test('--json without --mix or --since-last-run is the contract byte for byte, store or not', async () => {
  writeManifest(JSON.stringify({ dlm_id: ID, adapter_version: 1, content_hashes: {}, training_runs: [{ run_id: 1, seed: 5, started_at: 'x', status: 'completed' }] }));
  const r = await runCli(['dry-run', 'doc.dlm', '--json'], { cwd: root, env: env() });
  assert.equal(r.code, 0, describeRun(r));
  assert.equal(r.stdout, `${reportToJson(parseReportJson(r.stdout))}\n`);
  assert.ok(!r.stdout.includes('"mix"') && !r.stdout.includes('"sinceLastRun"'));
});

test('--json --mix --tokenizer adds a mix key after the contract keys, counted with that tokenizer', async () => {
  const plain = await runCli(['dry-run', 'doc.dlm', '--json'], { cwd: root, env: env() });
  const r = await runCli(['dry-run', 'doc.dlm', '--json', '--mix', '--tokenizer', FIXTURE, '--since-last-run'], { cwd: root, env: env() });
  assert.equal(r.code, 0, describeRun(r));
  assert.equal(r.stderr, '');
  const v = JSON.parse(r.stdout);
  const keys = Object.keys(v);
  assert.deepEqual(keys.slice(-2), ['mix', 'sinceLastRun']);
  // the contract part is unchanged
  assert.equal(reportToJson(parseReportJson(r.stdout)), reportToJson(parseReportJson(plain.stdout)));
  assert.deepEqual(v.mix.tokens, { method: 'tokenizer', tokenizer: FIXTURE, exact: true, estimatedRows: 0 });
  assert.equal(v.mix.sequenceLen, 64);
  const made = tokenizerCounter({ json: readFileSync(FIXTURE, 'utf8'), config: null, label: 'f' });
  assert.equal(made.kind, 'ok');
  if (made.kind !== 'ok') return;
  const texts = ['Some prose.', '# source: a.py\n\nprint("a")', `# source: long.py\n\n${'value = 1\n'.repeat(60).trimEnd()}`];
  const tokens = texts.map((t) => made.counter.count(t).tokens);
  assert.deepEqual(v.mix.totals.before, { rows: 3, chars: texts.reduce((n, t) => n + t.length, 0), tokens: tokens.reduce((a, b) => a + b, 0) });
  assert.equal(v.mix.totals.after.rows, 5);
  assert.ok(tokens[2]! > 64);
  assert.deepEqual(v.mix.longRows.list.map((x: { origin: string }) => x.origin), ['src/long.py']);
  assert.equal(v.sinceLastRun.status, 'compared');
  assert.equal(v.sinceLastRun.sections.new, 3);
});

test('human summary: the mix with estimated tokens labelled, since-last-run shown when a store exists', async () => {
  writeManifest(JSON.stringify({ dlm_id: ID, adapter_version: 1, content_hashes: {}, training_runs: [{ run_id: 1, seed: 7, started_at: 'x', status: 'completed', weight_distribution: null }] }));
  const r = await runCli(['dry-run', 'doc.dlm', '--mix'], { cwd: root, env: env() });
  assert.equal(r.code, 0, describeRun(r));
  assert.match(r.stdout, /Training mix, share before → after weights\n {2}\(tokens ESTIMATED as UTF-8 bytes \/ 4: Qwen\/Qwen2\.5-0\.5B-Instruct is not in the local Hugging Face cache\)/);
  assert.match(r.stdout, /lang=python\s+66\.7% → 80\.0%/);
  assert.match(r.stdout, /1 row longer than sequence_len 64 tokens \(2 after expansion\): src\/long\.py/);
  assert.match(r.stdout, /Since the last training run \(.*manifest\.json\):/);
  assert.match(r.stdout, /seed: 7 → 5 \(changed/);
  assert.match(r.stdout, /weights: not active in that run, active now/);
  assert.match(r.stdout, /replay: about 32 rows/);
  const off = await runCli(['dry-run', 'doc.dlm', '--no-since-last-run'], { cwd: root, env: env() });
  assert.doesNotMatch(off.stdout, /Since the last training run|Training mix/);
});

test('no store: nothing by default, a reason when asked for', async () => {
  const empty = makeTempDir('dlmw-nostore-');
  try {
    const quiet = await runCli(['dry-run', 'doc.dlm'], { cwd: root, env: { DLM_HOME: empty, HF_HUB_CACHE: hub } });
    assert.doesNotMatch(quiet.stdout, /Since the last training run/);
    const asked = await runCli(['dry-run', 'doc.dlm', '--since-last-run'], { cwd: root, env: { DLM_HOME: empty, HF_HUB_CACHE: hub } });
    assert.match(asked.stdout, /Since the last training run: nothing to compare, no readable store manifest/);
    const json = await runCli(['dry-run', 'doc.dlm', '--json', '--since-last-run'], { cwd: root, env: { DLM_HOME: empty, HF_HUB_CACHE: hub } });
    assert.equal(JSON.parse(json.stdout).sinceLastRun.status, 'no-store');
  } finally {
    removeDir(empty);
  }
});

test('a damaged manifest is reported, not a crash', async () => {
  writeManifest('{"dlm_id": "' + ID + '", "training_runs": [');
  const r = await runCli(['dry-run', 'doc.dlm'], { cwd: root, env: env() });
  assert.equal(r.code, 0, describeRun(r));
  assert.match(r.stdout, /the store manifest .* cannot be used \(not valid JSON/);
});

test('a --tokenizer that cannot be read or loaded is a usage error (exit 2, one line)', async () => {
  const missing = await runCli(['dry-run', 'doc.dlm', '--tokenizer', 'nope.json'], { cwd: root, env: env() });
  assert.equal(missing.code, 2, describeRun(missing));
  assert.match(missing.stderr, /^dlm-weights: --tokenizer: cannot read nope\.json/);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  writeFileSync(join(root, 'bad.json'), '{"model": 1}');
  const bad = await runCli(['dry-run', 'doc.dlm', '--tokenizer', 'bad.json'], { cwd: root, env: env() });
  assert.equal(bad.code, 2, describeRun(bad));
  assert.match(bad.stderr, /^dlm-weights: --tokenizer bad\.json: cannot load tokenizer\.json/);
  const both = await runCli(['dry-run', 'doc.dlm', '--since-last-run', '--no-since-last-run'], { cwd: root, env: env() });
  assert.equal(both.code, 2);
});
