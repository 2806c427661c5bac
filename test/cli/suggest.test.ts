// `dlm-weights suggest` through the real CLI on real files: the proposal,
// its JSON, --write (and the dry run afterwards really hitting the targets),
// unreachable targets (exit 1, nothing written) and usage errors (exit 2).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { makeTempDir, removeDir, snapshotTree, writeTree } from '../helpers/tmp';

interface SuggestJson {
  key: string;
  by: string;
  estimated: boolean;
  seed: string;
  reachable: boolean;
  weights: Record<string, number>;
  changes: Record<string, number>;
  writeTo: string | null;
  winners: Record<string, { setBy: string | null; today: number | null }>;
  mix: Array<{ value: string | null; rows: number; after: number; share: number; target: number | null; delta: number | null }>;
  total: { rows: number; before: number; after: number };
  unreachable: Array<{ reason: string; value: string | null; message: string }>;
  edit: { file: string; edits: Array<{ range: unknown; newText: string }> } | null;
  editError: string | null;
  written: boolean;
}

/** 40 python, 15 markdown, 6 yaml files, 5 untagged; src/ doubles python today. */
function project(): Record<string, string> {
  const files: Record<string, string> = {
    '.dlm/training.yaml': '# root config\nweights:\n  kind: {gen: 0.5}\n',
    'src/.dlm/training.yaml': '# python sources\nmetadata:\n  lang: python\nweights:\n  lang:\n    python: 2   # doubled on purpose\n',
    'doc/.dlm/training.yaml': 'metadata: {lang: markdown}\n',
    'cfg/.dlm/training.yaml': '# configuration files\nmetadata:\n  lang: yaml\n',
  };
  for (let i = 0; i < 40; i++) files[`src/m${i}.py`] = `def f${i}():\n    return ${i}\n`;
  for (let i = 0; i < 15; i++) files[`doc/d${i}.md`] = `# Doc ${i}\n\n${'text '.repeat(i * 20)}\n`;
  for (let i = 0; i < 6; i++) files[`cfg/c${i}.yaml`] = `key${i}: ${i}\n`;
  for (let i = 0; i < 5; i++) files[`notes${i}.txt`] = `note ${i}\n`;
  return files;
}

const TARGET = 'lang=python:60%,markdown:0.3,yaml:6%';
const TARGETS: Record<string, number> = { python: 0.6, markdown: 0.3, yaml: 0.06 };

let dir = '';
before(async () => {
  await buildCli();
});

describe('dlm-weights suggest', { concurrency: 1 }, () => {
  before(() => {
    dir = makeTempDir('dlmw-suggest-');
    writeTree(dir, project());
  });
  after(() => removeDir(dir));

  test('prints the proposal, the predicted mix and the edit; writes nothing without --write', async () => {
    const snap = snapshotTree(dir);
    const r = await runCli(['suggest', '--target', 'lang=python:0.6,markdown:0.3,yaml:0.06'], { cwd: dir });
    assert.equal(r.code, 0, describeRun(r));
    assert.match(r.stdout, /^dlm-weights suggest: lang as a share of all expanded rows, seed 42$/m);
    assert.match(r.stdout, /Proposed weights for src\/\.dlm\/training\.yaml \(the last config in dlm's merge order/);
    assert.match(r.stdout, /lang=python +\S+ +\(today 2 from src\/\.dlm\/training\.yaml\)/);
    assert.match(r.stdout, /lang=markdown +\S+ +\(not set today\)/);
    assert.match(r.stdout, /\(no lang\) +5 /);
    assert.match(r.stdout, /Run again with --write to apply it\./);
    assert.deepEqual(snapshotTree(dir), snap, 'nothing written');
  });

  test('--json: weights, the config that wins the merge, a mix within one point of every target', async () => {
    const r = await runCli(['suggest', '.', '--target', TARGET, '--json'], { cwd: dir });
    assert.equal(r.code, 0, describeRun(r));
    const j = JSON.parse(r.stdout) as SuggestJson;
    assert.equal(j.reachable, true);
    assert.equal(j.by, 'rows');
    assert.equal(j.seed, '42');
    assert.equal(j.writeTo, 'src/.dlm/training.yaml', 'same length: Python path order, src/ last');
    assert.deepEqual(j.winners, { python: { setBy: 'src/.dlm/training.yaml', today: 2 }, markdown: { setBy: null, today: null }, yaml: { setBy: null, today: null } });
    assert.deepEqual(Object.keys(j.weights).sort(), ['markdown', 'python', 'yaml']);
    for (const [v, t] of Object.entries(TARGETS)) {
      const line = j.mix.find((l) => l.value === v)!;
      assert.ok(Math.abs(line.share - t) <= 0.01, `${v}: ${line.share} for ${t}`);
      assert.equal(line.target, t);
    }
    assert.equal(j.mix.at(-1)!.value, null, 'the rows without lang come last');
    assert.equal(j.total.rows, 66);
    assert.equal(j.edit!.file, 'src/.dlm/training.yaml');
    assert.equal(j.written, false);
    assert.equal(r.stderr, '');
  });

  test('--write applies the edit (comments kept); the dry run then hits every target within one point, and check stays clean of errors', async () => {
    const r = await runCli(['suggest', '--target', 'lang=python:0.6,markdown:0.3', '--target', 'lang=yaml:0.06', '--write', '--json'], { cwd: dir });
    assert.equal(r.code, 0, describeRun(r));
    const j = JSON.parse(r.stdout) as SuggestJson;
    assert.equal(j.written, true);
    const yaml = readFileSync(join(dir, 'src/.dlm/training.yaml'), 'utf8');
    assert.match(yaml, /^# python sources\nmetadata:\n  lang: python\nweights:\n  lang:\n    python: \S+   # doubled on purpose\n    markdown: \S+\n    yaml: \S+\n$/);
    const dry = await runCli(['dry-run', '--json'], { cwd: dir });
    assert.equal(dry.code, 0, describeRun(dry));
    const report = JSON.parse(dry.stdout) as { rows: Array<{ tags: Record<string, string>; copies: number }>; totals: { expandedRows: number } };
    for (const [v, t] of Object.entries(TARGETS)) {
      const copies = report.rows.filter((row) => row.tags.lang === v).reduce((a, row) => a + row.copies, 0);
      const share = copies / report.totals.expandedRows;
      assert.ok(Math.abs(share - t) <= 0.01, `${v}: ${share} after --write, target ${t}`);
      assert.equal(copies, j.mix.find((l) => l.value === v)!.after, 'predicted copies are what dry-run finds');
    }
    const check = await runCli(['check', '--json'], { cwd: dir });
    assert.equal(check.code, 0, describeRun(check));
    // asked again: the same weights, already written
    const again = await runCli(['suggest', '--target', TARGET], { cwd: dir });
    assert.equal(again.code, 0, describeRun(again));
    assert.match(again.stdout, /\nNothing to change\.\n$/);
  });

  test('unreachable targets: exit 1, the reasons, nothing written even with --write', async () => {
    const snap = snapshotTree(dir);
    for (const [spec, why] of [
      ['lang=python:0.5,rust:0.2', /no row carries lang=rust/],
      ['lang=python:0.8,markdown:0.4', /add up to 120\.0%/],
      ['lang=python:0.5,gen:0.1', /no row carries lang=gen|values in the corpus/],
      ['tier=gold:0.5', /no row carries the tag key `tier`/],
    ] as const) {
      const r = await runCli(['suggest', '--target', spec, '--write'], { cwd: dir });
      assert.equal(r.code, 1, `${spec}\n${describeRun(r)}`);
      assert.match(r.stdout, /✖ These targets cannot be reached:/);
      assert.match(r.stdout, why);
      const j = JSON.parse((await runCli(['suggest', '--target', spec, '--json'], { cwd: dir })).stdout) as SuggestJson;
      assert.equal(j.reachable, false);
      assert.ok(j.unreachable.length > 0);
      assert.equal(j.edit, null);
    }
    assert.deepEqual(snapshotTree(dir), snap, 'nothing written');
  });

  test('usage errors: exit 2 with one line', async () => {
    for (const args of [
      ['suggest'], ['suggest', '--target', 'lang'], ['suggest', '--target', 'lang=python:1.5'], ['suggest', '--target', 'lang=python'],
      ['suggest', '--target', 'lang=python:0.5', '--target', 'kind=src:0.5'], ['suggest', '--target', 'lang=python:0.5,python:0.2'],
      ['suggest', '--target', 'lang=python:0.5', '--by', 'chars'], ['suggest', 'missing/', '--target', 'lang=python:0.5'],
      ['suggest', '--target', 'lang=python:0.5', '--seed', 'x'],
    ]) {
      const r = await runCli(args, { cwd: dir });
      assert.equal(r.code, 2, `${args.join(' ')}\n${describeRun(r)}`);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    }
  });

  test('--by tokens without a tokenizer: shares of estimated tokens, labelled as an estimate', async () => {
    const hub = makeTempDir('dlmw-suggest-hub-');
    try {
      const r = await runCli(['suggest', '--target', 'lang=python:0.3,markdown:0.6', '--by', 'tokens', '--json'], { cwd: dir, env: { HF_HUB_CACHE: hub } });
      assert.equal(r.code, 0, describeRun(r));
      const j = JSON.parse(r.stdout) as SuggestJson & { tokenSource: string };
      assert.equal(j.by, 'tokens');
      assert.equal(j.estimated, true);
      assert.match(j.tokenSource, /ESTIMATED/);
      const md = j.mix.find((l) => l.value === 'markdown')!;
      assert.ok(Math.abs(md.share - 0.6) <= 0.01);
      assert.ok(j.total.after > j.total.rows * 3, 'measured in tokens, not rows');
      const human = await runCli(['suggest', '--target', 'lang=python:0.3,markdown:0.6', '--by', 'tokens'], { cwd: dir, env: { HF_HUB_CACHE: hub } });
      assert.match(human.stdout, /as a share of all expanded tokens \(tokens ESTIMATED/);
    } finally {
      removeDir(hub);
    }
  });
});

describe('dlm-weights suggest --tokenizer', () => {
  const FIXTURE = join(__dirname, '..', 'fixtures', 'tokenizer', 'byte-level-bpe', 'tokenizer.json');
  const tree = makeTempDir('dlmw-suggest-tok-');
  before(() => writeTree(tree, project()));
  after(() => removeDir(tree));

  test('exact token counts; after --write, dry-run --mix with the same tokenizer finds every token share within one point', async () => {
    const r = await runCli(['suggest', '--target', 'lang=python:0.3,markdown:0.6', '--tokenizer', FIXTURE, '--write', '--json'], { cwd: tree });
    assert.equal(r.code, 0, describeRun(r));
    const j = JSON.parse(r.stdout) as SuggestJson & { tokenSource: string };
    assert.equal(j.by, 'tokens', '--tokenizer implies --by tokens');
    assert.equal(j.estimated, false);
    assert.match(j.tokenSource, /^tokens counted with /);
    assert.equal(j.written, true);
    const dry = await runCli(['dry-run', '--json', '--mix', '--tokenizer', FIXTURE], { cwd: tree });
    assert.equal(dry.code, 0, describeRun(dry));
    const mix = JSON.parse(dry.stdout).mix as { tokens: { exact: boolean }; tags: Array<{ key: string; values: Array<{ value: string | null; after: { tokens: number; tokenShare: number } }> }> };
    assert.equal(mix.tokens.exact, true);
    const lang = mix.tags.find((t) => t.key === 'lang')!;
    for (const [v, t] of [['python', 0.3], ['markdown', 0.6]] as const) {
      const got = lang.values.find((x) => x.value === v)!.after;
      assert.ok(Math.abs(got.tokenShare - t) <= 0.01, `${v}: token share ${got.tokenShare} after --write, target ${t}`);
      assert.equal(got.tokens, j.mix.find((l) => l.value === v)!.after, 'the predicted tokens are what dry-run --mix counts');
    }
  });

  test('--tokenizer with --by rows, or one that cannot be read: exit 2, one line', async () => {
    for (const args of [['--by', 'rows', '--tokenizer', FIXTURE], ['--tokenizer', 'nope.json']]) {
      const r = await runCli(['suggest', '--target', 'lang=python:0.5', ...args], { cwd: tree });
      assert.equal(r.code, 2, describeRun(r));
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    }
  });
});

describe('dlm-weights suggest on a .dlm document', () => {
  const doc = makeTempDir('dlmw-suggest-doc-');
  before(() => {
    writeTree(doc, {
      'corpus.dlm': '---\ndlm_id: 01HZ4X7TGZM3J1A2B3C4D5E6F7\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  seed: 7\n  sources:\n    - path: proj\n---\n\nSome prose.\n',
      ...Object.fromEntries(Object.entries(project()).map(([p, c]) => [`proj/${p}`, c])),
    });
  });
  after(() => removeDir(doc));

  test('the document\'s seed by default, --seed overrides it; the document body rows count in the total', async () => {
    const r = await runCli(['suggest', 'corpus.dlm', '--target', 'lang=python:0.5', '--json'], { cwd: doc });
    assert.equal(r.code, 0, describeRun(r));
    const j = JSON.parse(r.stdout) as SuggestJson;
    assert.equal(j.seed, '7');
    assert.equal(j.writeTo, 'proj/src/.dlm/training.yaml');
    assert.equal(j.total.rows, 67, '66 files and the body\'s prose section');
    const o = JSON.parse((await runCli(['suggest', 'corpus.dlm', '--target', 'lang=python:0.5', '--json', '--seed', '-12345678901234567890'], { cwd: doc })).stdout) as SuggestJson;
    assert.equal(o.seed, '-12345678901234567890');
    assert.ok(Math.abs(o.mix[0]!.share - 0.5) <= 0.01);
  });

  test('a document dlm train cannot use (a source path that does not exist): exit 1, said so, nothing written', async () => {
    writeTree(doc, { 'broken.dlm': '---\ndlm_id: 01HZ4X7TGZM3J1A2B3C4D5E6F7\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  sources:\n    - path: proj\n    - path: nowhere\n---\n' });
    const snap = snapshotTree(doc);
    const r = await runCli(['suggest', 'broken.dlm', '--target', 'lang=python:0.5', '--write'], { cwd: doc });
    assert.equal(r.code, 1, describeRun(r));
    assert.match(r.stdout, /✖ dlm train fails before training, whatever the weights: .*nowhere/);
    assert.deepEqual(snapshotTree(doc), snap, 'nothing written');
  });
});
