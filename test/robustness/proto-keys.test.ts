// Keys JavaScript objects treat specially (`__proto__`, `constructor`,
// `toString`, `hasOwnProperty`) are ordinary strings to Python and so to
// dlm: as metadata keys, tag keys and tag values they must load, tag rows and
// weigh them like any other name, through the CLI on real files.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { makeTempDir, removeDir, writeTree } from '../helpers/tmp';
import { loadTrainingYamlText } from '../../src/engine/config/index';
import { parseReportJson } from '../../src/report/contractJson';
import { buildViewModel } from '../../src/report/viewModel';
import { isReportViewModel } from '../../src/shared/view/validateViewModel';

const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

before(async () => { await buildCli(); });

test('the loader: special names are keys like any other', () => {
  for (const k of KEYS) {
    const ok = loadTrainingYamlText(`metadata:\n  ${k}: ${k}\nweights:\n  ${k}:\n    ${k}: 2\n`);
    assert.equal(ok.accepted, true, `${k}: ${ok.issues.map((i) => i.message).join('; ')}`);
    assert.deepEqual([...ok.config!.metadata], [[k, k]]);
    assert.deepEqual([...ok.config!.weights].map(([a, b]) => [a, [...b]]), [[k, [[k, 2]]]]);
    // and rejected exactly where any other name would be
    assert.deepEqual(loadTrainingYamlText(`${k}: 1\n`).issues.map((i) => i.code), ['unknown-key'], k);
    assert.deepEqual(loadTrainingYamlText(`weights:\n  ${k}: 3\n`).issues.map((i) => i.code), ['tag-values-not-mapping'], k);
    assert.deepEqual(loadTrainingYamlText(`metadata:\n  ${k}: 1\n`).issues.map((i) => i.code), ['metadata-not-string'], k);
  }
});

test('dry-run and check through the CLI: rows tagged and weighted, no error', async () => {
  const root = makeTempDir('dlmw-proto-');
  try {
    const files: Record<string, string> = {};
    KEYS.forEach((k, i) => {
      files[`d${i}/.dlm/training.yaml`] = `metadata:\n  ${k}: ${k}\n  kind: ${k}\n`;
      files[`d${i}/a.txt`] = `${k}\n`;
    });
    files['.dlm/training.yaml'] = `weights:\n${KEYS.map((k) => `  ${k}:\n    ${k}: 2\n`).join('')}  kind:\n${KEYS.map((k) => `    ${k}: 3\n`).join('')}`;
    writeTree(root, files);
    const r = await runCli(['dry-run', '.', '--json'], { cwd: root });
    assert.equal(r.code, 0, describeRun(r));
    const report = parseReportJson(r.stdout);
    assert.equal(report.configs.filter((c) => c.trainingYaml === 'valid').length, KEYS.length + 1);
    assert.deepEqual([...report.mergedWeights.keys()], [...KEYS, 'kind']);
    KEYS.forEach((k, i) => {
      const row = report.rows.find((x) => x.origin === `d${i}/a.txt`)!;
      assert.deepEqual([...row.tags], [[k, k], ['kind', k]]);
      assert.equal(row.weight, 6, `${k}: 2 x 3`);
    });
    assert.deepEqual([...report.distribution.get('__proto__')!], [['__proto__', 1]]);
    const vm = buildViewModel(report);
    assert.ok(isReportViewModel(vm));
    assert.ok(vm.tags.some((t) => t.key === '__proto__' && t.value === '__proto__'));

    const c = await runCli(['check', '.', '--json'], { cwd: root });
    assert.equal(c.code, 0, describeRun(c));
    for (const f of JSON.parse(c.stdout)) assert.equal(f.dlmAccepts, true, f.file);
  } finally {
    removeDir(root);
  }
});
