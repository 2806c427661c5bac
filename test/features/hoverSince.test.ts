// Hover on a weight shows the tag value's rows in the last completed training
// run and now, from a synthetic store (DLM_HOME inside the in-memory disk).
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../src/server/features/hover';
import { hoverText, memoryCorpus } from './corpus';

const ID = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
const YAML = 'metadata:\n  lang: python\nweights:\n  lang:\n    python: 2\n';
const files = (manifest?: object): Record<string, string> => ({
  'corpus.dlm': ['---', `dlm_id: ${ID}`, 'base_model: qwen2.5-0.5b', 'training:', '  sources:', '    - path: src', '---', 'Body.', ''].join('\n'),
  'src/.dlm/training.yaml': YAML,
  'src/a.py': 'a = 1\n', 'src/b.py': 'b = 2\n', 'src/c.py': 'c = 3\n',
  ...(manifest ? { [`home/store/${ID}/manifest.json`]: JSON.stringify(manifest) } : {}),
});
const manifest = (runs: object[]) => ({
  adapter_sha256: null, adapter_version: runs.length, base_model: 'qwen2.5-0.5b', created_at: '2025-01-01T00:00:00', content_hashes: {}, dlm_id: ID,
  exports: [], pinned_versions: {}, schema_version: 1, source_path: '/x/corpus.dlm', updated_at: '2025-01-02T03:04:05', training_runs: runs,
});
const run = (o: object) => ({
  adapter_name: null, adapter_version: 1, base_model_revision: 'abc', ended_at: '2025-01-02T03:04:05', final_train_loss: 1, final_val_loss: null,
  pinned_versions: {}, run_id: 4, seed: 42, started_at: '2025-01-02T03:00:00', status: 'completed', steps: 1, summary_path: null, weight_distribution: null, ...o,
});

let saved: string | undefined;
beforeEach(() => { saved = process.env.DLM_HOME; process.env.DLM_HOME = '/w/home'; });
afterEach(() => { if (saved === undefined) delete process.env.DLM_HOME; else process.env.DLM_HOME = saved; });

async function hoverOnPython(manifestObj?: object): Promise<string> {
  const c = await memoryCorpus(files(manifestObj), { document: 'corpus.dlm' });
  return hoverText(hover({ path: c.path('src/.dlm/training.yaml'), text: YAML, position: { line: 4, character: 6 }, snapshot: c.snapshot }));
}

test('hover on a weight: rows then and now since the last completed run', async () => {
  const h = await hoverOnPython(manifest([run({ weight_distribution: { lang: { python: 5 } } }), run({ run_id: 5, status: 'failed' })]));
  assert.match(h, /Since last training \(run 4\): 5 rows then, 3 rows now \(−2\), before expansion\./, h);
  // a value that run did not list
  const other = await hoverOnPython(manifest([run({ weight_distribution: { lang: { rust: 5 } } })]));
  assert.match(other, /Since last training \(run 4\): not in that run's distribution, 3 rows now, before expansion\./, other);
});

test('hover on a weight: nothing about the last run without a store or a completed run', async () => {
  assert.doesNotMatch(await hoverOnPython(), /Since last training/);
  assert.doesNotMatch(await hoverOnPython(manifest([run({ status: 'failed' })])), /Since last training/);
});
