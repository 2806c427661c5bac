// "Since the last run" on synthetic stores written under a temporary DLM_HOME:
// first run, unchanged, new and removed sections, a changed seed, weights
// newly introduced, failed and cancelled runs after the last completed one,
// and manifests that cannot be used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeDir } from '../helpers/tmp';
import {
  diskTextReader, dlmHome, documentFacts, sinceLastRun, sinceLastRunJson, sinceLastRunLines, tagThenAndNow,
  type Comparison, type CurrentRun, type SinceLastRun, type TextReader,
} from '../../src/engine/store/index';
import type { CountMap } from '../../src/engine/types';

const ID = '01HQ3Z5K7M9P1R3T5V7X9Z1B3D';

const dist = (o: Record<string, Record<string, number>>): CountMap => new Map(Object.entries(o).map(([k, v]) => [k, new Map(Object.entries(v))]));

function current(over: Partial<CurrentRun> = {}): CurrentRun {
  return { sectionIds: ['aaaa', 'bbbb', 'bbbb', 'cccc'], distribution: dist({ lang: { python: 2, markdown: 1 } }), seed: 42n, weightsActive: true, ...over };
}

interface RunSpec { run_id: number; seed: number | string; status?: string; weight_distribution?: Record<string, Record<string, number>> | null; adapter_name?: string | null }

/** A manifest as dlm writes it: sorted keys, 2-space indent, trailing newline, fields we do not read included. */
function manifestText(o: { adapter_version?: number; runs?: RunSpec[]; hashes?: string[]; dlm_id?: string }): string {
  const runs = (o.runs ?? []).map((r) => ({
    adapter_version: r.run_id, base_model_revision: 'abc', ended_at: '2025-01-02T03:04:05', final_train_loss: 1.5, final_val_loss: null,
    pinned_versions: { torch: '2.5.0' }, started_at: '2025-01-02T03:00:00', status: 'completed', steps: 10, summary_path: null,
    weight_distribution: null, adapter_name: null, ...r, seed: '@SEED@' + String(r.seed),
  }));
  const m = {
    adapter_sha256: null, adapter_version: o.adapter_version ?? runs.length, base_model: 'qwen2.5-0.5b', created_at: '2025-01-01T00:00:00',
    content_hashes: Object.fromEntries((o.hashes ?? []).map((h) => [h, h])), dlm_id: o.dlm_id ?? ID, exports: [],
    pinned_versions: {}, schema_version: 1, source_path: '/somewhere/doc.dlm', training_runs: runs, updated_at: '2025-01-02T03:04:05',
  };
  // seeds as bare integers, exactly as written (possibly beyond 2^53)
  return JSON.stringify(sortKeys(m), null, 2).replace(/"@SEED@(-?\d+)"/g, '$1') + '\n';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

function withHome(fn: (home: string, write: (text: string) => void) => void): void {
  const home = makeTempDir('dlmw-home-');
  try {
    fn(home, (text) => {
      mkdirSync(join(home, 'store', ID), { recursive: true });
      writeFileSync(join(home, 'store', ID, 'manifest.json'), text);
    });
  } finally {
    removeDir(home);
  }
}

function compare(home: string, cur = current()): SinceLastRun {
  return sinceLastRun(ID, cur, { reader: diskTextReader, env: { DLM_HOME: home } });
}
function compared(s: SinceLastRun): Comparison {
  assert.equal(s.kind, 'compared', s.kind === 'compared' ? '' : s.reason);
  return s as Comparison;
}

test('first run: no manifest at all', () => withHome((home) => {
  const s = compare(home);
  assert.deepEqual(s, { kind: 'no-store', reason: 'no-manifest', manifestPath: join(home, 'store', ID, 'manifest.json') });
  assert.match(sinceLastRunLines(s).join('\n'), /no readable store manifest .* trains from scratch/);
}));

test('first run: a store with adapter_version 0 and no runs has no replay rows', () => withHome((home, write) => {
  write(manifestText({ adapter_version: 0 }));
  const s = compared(compare(home));
  assert.equal(s.firstRun, true);
  assert.equal(s.replayRows, null);
  assert.deepEqual(s.sections, { new: ['aaaa', 'bbbb', 'cccc'], unchanged: [], removed: [] });
  assert.equal(s.lastCompleted, null);
  assert.equal(s.seed, null);
  assert.equal(s.distribution, null);
  assert.match(sinceLastRunLines(s).join('\n'), /never trained/);
}));

test('unchanged: same sections, seed and distribution; replay still adds 32 rows', () => withHome((home, write) => {
  write(manifestText({ hashes: ['aaaa', 'bbbb', 'cccc'], runs: [{ run_id: 1, seed: 42, weight_distribution: { lang: { markdown: 1, python: 2 } } }] }));
  const s = compared(compare(home));
  assert.deepEqual(s.sections, { new: [], unchanged: ['aaaa', 'bbbb', 'cccc'], removed: [] });
  assert.deepEqual(s.seed, { then: 42n, now: 42n, changed: false });
  assert.deepEqual(s.distribution, {
    weightsThen: true, weightsNow: true,
    tags: [{ key: 'lang', values: [{ value: 'python', then: 2, now: 2, delta: 0 }, { value: 'markdown', then: 1, now: 1, delta: 0 }] }],
  });
  assert.equal(s.replayRows, 32);
  assert.equal(s.firstRun, false);
  assert.deepEqual(s.lastCompleted, { runId: 1, seed: 42n, adapterName: null, endedAt: '2025-01-02T03:04:05' });
  const lines = sinceLastRunLines(s).join('\n');
  assert.match(lines, /0 new, 3 unchanged, 0 removed/);
  assert.match(lines, /seed: 42 \(unchanged\)/);
  assert.match(lines, /about 32 rows .*estimate/);
}));

test('new sections: replay k = max(32, 2 × new)', () => withHome((home, write) => {
  write(manifestText({ hashes: ['aaaa'], runs: [{ run_id: 1, seed: 42 }] }));
  const s = compared(compare(home));
  assert.deepEqual(s.sections.new, ['bbbb', 'cccc']);
  assert.equal(s.replayRows, 32);
  const many = Array.from({ length: 20 }, (_, i) => `n${i}`);
  assert.equal(compared(compare(home, current({ sectionIds: ['aaaa', ...many] }))).replayRows, 40);
  assert.equal(compared(compare(home, current({ sectionIds: ['aaaa', ...many.slice(0, 16)] }))).replayRows, 32);
  assert.equal(compared(compare(home, current({ sectionIds: ['aaaa', ...many.slice(0, 17)] }))).replayRows, 34);
}));

test('removed sections: ids of the last completed run missing now', () => withHome((home, write) => {
  write(manifestText({ hashes: ['zzzz', 'aaaa', 'bbbb', 'cccc', 'yyyy'], runs: [{ run_id: 1, seed: 42 }] }));
  const s = compared(compare(home));
  assert.deepEqual(s.sections, { new: [], unchanged: ['aaaa', 'bbbb', 'cccc'], removed: ['yyyy', 'zzzz'] }); // the manifest's order (dlm sorts keys)
  assert.match(sinceLastRunLines(s).join('\n'), /0 new, 3 unchanged, 2 removed/);
}));

test('changed seed, exactly, even beyond 2^53', () => withHome((home, write) => {
  write(manifestText({ hashes: ['aaaa'], runs: [{ run_id: 1, seed: '123456789012345678901234567890' }] }));
  const s = compared(compare(home));
  assert.deepEqual(s.seed, { then: 123456789012345678901234567890n, now: 42n, changed: true });
  const near = compared(compare(home, current({ seed: 123456789012345678901234567891n })));
  assert.equal(near.seed?.changed, true);
  const same = compared(compare(home, current({ seed: 123456789012345678901234567890n })));
  assert.equal(same.seed?.changed, false);
  assert.match(sinceLastRunLines(s).join('\n'), /seed: 123456789012345678901234567890 → 42 \(changed/);
  const json = JSON.parse(sinceLastRunJson(s));
  assert.deepEqual(json.seed, { then: '123456789012345678901234567890', now: '42', changed: true });
}));

test('weights newly introduced: the last run\'s distribution is null', () => withHome((home, write) => {
  write(manifestText({ hashes: ['aaaa', 'bbbb', 'cccc'], runs: [{ run_id: 1, seed: 42, weight_distribution: null }] }));
  const s = compared(compare(home));
  assert.deepEqual(s.distribution, {
    weightsThen: false, weightsNow: true,
    tags: [{ key: 'lang', values: [{ value: 'python', then: null, now: 2, delta: null }, { value: 'markdown', then: null, now: 1, delta: null }] }],
  });
  const lines = sinceLastRunLines(s).join('\n');
  assert.match(lines, /weights: not active in that run, active now/);
  assert.match(lines, /lang=python: – → 2 rows \(not counted then\)/);
  assert.deepEqual(tagThenAndNow(s, 'lang', 'python'), { then: null, now: 2 });
}));

test('distribution deltas: values and keys only one side has, in this run\'s order first', () => withHome((home, write) => {
  write(manifestText({ hashes: ['aaaa'], runs: [{ run_id: 1, seed: 42, weight_distribution: { gen: { true: 4 }, lang: { python: 5, yaml: 1 } } }] }));
  const s = compared(compare(home));
  assert.deepEqual(s.distribution?.tags, [
    { key: 'lang', values: [{ value: 'python', then: 5, now: 2, delta: -3 }, { value: 'markdown', then: null, now: 1, delta: null }, { value: 'yaml', then: 1, now: 0, delta: -1 }] },
    { key: 'gen', values: [{ value: 'true', then: 4, now: 0, delta: -4 }] },
  ]);
  assert.deepEqual(tagThenAndNow(s, 'lang', 'python'), { then: 5, now: 2 });
  assert.deepEqual(tagThenAndNow(s, 'nope', 'x'), { then: null, now: 0 });
  assert.match(sinceLastRunLines(s).join('\n'), /lang=python: 5 → 2 rows \(-3\)/);
}));

test('a failed or cancelled last run: compared with the last completed one', () => withHome((home, write) => {
  write(manifestText({
    hashes: ['aaaa', 'bbbb'],
    runs: [
      { run_id: 1, seed: 1, weight_distribution: { lang: { python: 9 } } },
      { run_id: 2, seed: 2, weight_distribution: { lang: { python: 1 } }, adapter_name: 'code' },
      { run_id: 3, seed: 3, status: 'failed' },
      { run_id: 4, seed: 4, status: 'cancelled', weight_distribution: { lang: { python: 100 } } },
    ],
  }));
  const s = compared(compare(home));
  assert.deepEqual(s.lastCompleted, { runId: 2, seed: 2n, adapterName: 'code', endedAt: '2025-01-02T03:04:05' });
  assert.deepEqual(s.laterRuns, [{ runId: 3, status: 'failed' }, { runId: 4, status: 'cancelled' }]);
  assert.deepEqual(s.seed, { then: 2n, now: 42n, changed: true });
  assert.equal(s.distribution?.tags[0]?.values[0]?.then, 1);
  assert.match(sinceLastRunLines(s).join('\n'), /did not complete since: #3 failed, #4 cancelled/);
  // no completed run at all: sections still compare, nothing else does
  write(manifestText({ adapter_version: 0, hashes: [], runs: [{ run_id: 1, seed: 1, status: 'failed' }] }));
  const none = compared(compare(home));
  assert.equal(none.lastCompleted, null);
  assert.equal(none.seed, null);
  assert.equal(none.distribution, null);
  assert.equal(none.firstRun, false);
  assert.match(sinceLastRunLines(none).join('\n'), /no run has completed yet/);
}));

test('garbage, partial and foreign manifests are unusable, never a throw', () => withHome((home, write) => {
  const good = manifestText({ hashes: ['aaaa'], runs: [{ run_id: 1, seed: 42 }] });
  const cases: Array<[string, RegExp]> = [
    ['', /not valid JSON/],
    [good.slice(0, good.length / 2), /not valid JSON/],
    ['\u0000\u0001garbage', /not valid JSON/],
    ['[1, 2]', /top level is not an object/],
    ['null', /top level is not an object/],
    [good.replace('"schema_version": 1', '"schema_version": 2'), /schema_version 2/],
    [good.replace(`"dlm_id": "${ID}"`, '"dlm_id": "01HQ3Z5K7M9P1R3T5V7X9Z1B3E"'), /not the document's/],
    [good.replace('"training_runs": [', '"training_runs": 5, "x": ['), /training_runs is not a list/],
    [good.replace('"status": "completed"', '"status": "done"'), /status/],
    [good.replace('"seed": 42', '"seed": 4.5'), /seed is not an integer/],
    [good.replace('"run_id": 1', '"run_id": 0'), /run_id/],
    [good.replace('"adapter_version": 1', '"adapter_version": -1'), /adapter_version/],
    [good.replace('"weight_distribution": null', '"weight_distribution": {"lang": {"python": -1}}'), /weight_distribution/],
    [good.replace('"weight_distribution": null', '"weight_distribution": [1]'), /weight_distribution/],
    [good.replace('"content_hashes": {', '"content_hashes": [], "y": {'), /content_hashes/],
  ];
  for (const [text, reason] of cases) {
    write(text);
    const s = compare(home);
    assert.equal(s.kind, 'unusable', `${reason}: ${text.slice(0, 80)}`);
    if (s.kind === 'unusable') assert.match(s.reason, reason);
    assert.match(sinceLastRunLines(s)[0]!, /cannot be used/);
  }
  // unknown keys anywhere are ignored; missing optional ones take dlm's defaults
  write(good.replace('"schema_version": 1', '"schema_version": 1, "future_field": {"x": [1, 2]}').replace('"steps": 10', '"steps": 10, "new_run_field": true'));
  assert.equal(compare(home).kind, 'compared');
  write(`{"dlm_id": "${ID}"}`);
  const bare = compared(compare(home));
  assert.equal(bare.firstRun, true);
}));

test('a manifest over the size cap, or unreadable, is "no readable manifest"', () => withHome((home, write) => {
  write(manifestText({ hashes: ['aaaa'], runs: [{ run_id: 1, seed: 42 }] }));
  const path = join(home, 'store', ID, 'manifest.json');
  assert.equal(diskTextReader.readText(path, 10), null);
  assert.ok(diskTextReader.readText(path, 1 << 20));
  const asked: number[] = [];
  const capped: TextReader = { readText: (p, max) => { asked.push(max); return diskTextReader.readText(p, Math.min(max, 10)); } };
  const s = sinceLastRun(ID, current(), { reader: capped, env: { DLM_HOME: home } });
  assert.deepEqual(s, { kind: 'no-store', reason: 'no-manifest', manifestPath: path });
  assert.ok(asked.every((m) => m <= 32 * 1024 * 1024));
  // a directory where the manifest should be
  removeDir(join(home, 'store', ID));
  mkdirSync(path, { recursive: true });
  assert.equal(compare(home).kind, 'no-store');
}));

test('no id or a malformed id reads nothing', () => {
  const paths: string[] = [];
  const reader: TextReader = { readText: (p) => { paths.push(p); return null; } };
  assert.deepEqual(sinceLastRun(null, current(), { reader }), { kind: 'no-store', reason: 'no-dlm-id', manifestPath: null });
  for (const bad of ['../../etc', '01hq3z5k7m9p1r3t5v7x9z1b3d', '01JDEMO0000000000000000000', '']) {
    assert.equal(sinceLastRun(bad, current(), { reader }).kind, 'no-store');
  }
  assert.deepEqual(paths, []);
});

test('DLM_HOME, then %APPDATA%\\dlm on Windows, then ~/.dlm', () => {
  assert.equal(dlmHome({ DLM_HOME: '/d' }, 'linux', '/h'), '/d');
  assert.equal(dlmHome({ DLM_HOME: '~/d' }, 'linux', '/h'), '/h/d');
  assert.equal(dlmHome({ DLM_HOME: '' }, 'linux', '/h'), '/h/.dlm');
  assert.equal(dlmHome({}, 'linux', '/h'), '/h/.dlm');
  assert.equal(dlmHome({ APPDATA: '/appdata' }, 'linux', '/h'), '/h/.dlm');
  assert.equal(dlmHome({ APPDATA: '/appdata' }, 'win32', '/h'), join('/appdata', 'dlm'));
  assert.equal(dlmHome({ APPDATA: '' }, 'win32', '/h'), join('/h', '.dlm'));
  assert.equal(dlmHome({ DLM_HOME: '/d', APPDATA: '/appdata' }, 'win32', '/h'), '/d');
});

test('sinceLastRun JSON: fixed keys, counts and ids, stable', () => withHome((home, write) => {
  write(manifestText({ hashes: ['aaaa', 'gone'], runs: [{ run_id: 1, seed: 7, weight_distribution: { lang: { python: 1 } } }] }));
  const s = compare(home);
  const text = sinceLastRunJson(s);
  assert.equal(text, sinceLastRunJson(compare(home)));
  const v = JSON.parse(text);
  assert.deepEqual(Object.keys(v), ['status', 'reason', 'manifest', 'firstRun', 'adapterVersion', 'lastCompletedRun', 'laterRuns', 'sections', 'seed', 'distribution', 'replayRows']);
  assert.deepEqual(v.sections, { new: 2, unchanged: 1, removed: 1, newIds: ['bbbb', 'cccc'], removedIds: ['gone'] });
  assert.deepEqual(v.lastCompletedRun, { runId: 1, seed: '7', adapterName: null, endedAt: '2025-01-02T03:04:05' });
  assert.deepEqual(v.distribution.tags[0].values[0], { value: 'python', then: 1, now: 2, delta: 1 });
  assert.equal(v.replayRows, 32);
  assert.deepEqual(JSON.parse(sinceLastRunJson(compare(join(home, 'elsewhere')))), { status: 'no-store', reason: 'no-manifest', manifest: join(home, 'elsewhere', 'store', ID, 'manifest.json') });
  assert.ok(sinceLastRunJson(s, '  ').includes('\n    "status"'));
}));

test('document facts: dlm_id, base_model, sequence_len with its default and range', () => {
  assert.deepEqual(documentFacts(`dlm_id: ${ID}\nbase_model: qwen2.5-0.5b\ntraining:\n  sequence_len: 4096\n`), { dlmId: ID, baseModel: 'qwen2.5-0.5b', sequenceLen: 4096 });
  assert.deepEqual(documentFacts('base_model: hf:org/x\n'), { dlmId: null, baseModel: 'hf:org/x', sequenceLen: 2048 });
  assert.equal(documentFacts('training: {sequence_len: 32}').sequenceLen, 2048);
  assert.equal(documentFacts('training: {sequence_len: 40000}').sequenceLen, 2048);
  assert.equal(documentFacts('training: {sequence_len: "1024"}').sequenceLen, 1024);
  assert.equal(documentFacts('training: {sequence_len: 0x400}').sequenceLen, 1024);
  assert.equal(documentFacts('training: {sequence_len: 512.0}').sequenceLen, 512);
  assert.equal(documentFacts('dlm_id: 12345').dlmId, null);
  assert.deepEqual(documentFacts(null), { dlmId: null, baseModel: null, sequenceLen: 2048 });
  assert.deepEqual(documentFacts('[unclosed'), { dlmId: null, baseModel: null, sequenceLen: 2048 });
  assert.deepEqual(documentFacts('- a list'), { dlmId: null, baseModel: null, sequenceLen: 2048 });
});
