// The engine on an in-memory file system: dry runs and cross-file checks
// with no disk at all, and the same answers the disk gives. Also what the
// safe read guarantees (nothing over a cap is read; FIFOs and directories
// named like configs are reported, never opened as files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPaths, CheckPathError } from '../../src/engine/check/checkPaths';
import { dryRun } from '../../src/engine/dryRun';
import { MemoryFs } from '../../src/engine/fs';
import { CorpusError } from '../../src/engine/problems';
import { reportToJson } from '../../src/report/contractJson';
import { makeTempDir, removeDir, writeTree } from '../helpers/tmp';

const FILES: Record<string, string> = {
  '.dlm/training.yaml': 'weights:\n  tier: {gold: 2}\n',
  'src/.dlm/training.yaml': 'metadata:\n  lang: python\nweights:\n  lang:\n    python: 0.5\n',
  'src/a.py': 'print(1)\n',
  'src/b.py': 'print(2)\n',
  'tools/.dlm/training.yaml': 'metadata:\n  lang: python\n',
  'tools/run.py': 'run()\n',
  'tools/.dlm/ignore': '*.log\n',
  'tools/debug.log': 'noise\n',
  'README.md': '# corpus\n',
};

function memoryCorpus(root: string, files: Record<string, string | Uint8Array> = FILES): MemoryFs {
  const fs = new MemoryFs();
  for (const [p, text] of Object.entries(files)) fs.writeFile(`${root}/${p}`, text);
  return fs;
}

test('a dry run and cross-file checks on an in-memory corpus, with no disk', async () => {
  const fs = memoryCorpus('/mem/w');
  const { report, details } = await dryRun('/mem/w', { fs });
  assert.equal(report.documentError, null);
  assert.deepEqual(report.rows.map((r) => r.origin), ['README.md', 'src/a.py', 'src/b.py', 'tools/run.py']);
  assert.deepEqual(details.skippedFiles.map((s) => `${s.path}:${s.reason}`).sort(), [
    '.dlm/training.yaml:excluded', 'src/.dlm/training.yaml:excluded', 'tools/.dlm/ignore:excluded',
    'tools/.dlm/training.yaml:excluded', 'tools/debug.log:excluded',
  ]);
  // dlm merges weights globally: src's 0.5 reaches tools/run.py too
  assert.equal(report.rows.find((r) => r.origin === 'tools/run.py')!.weight, 0.5);

  const checked = await checkPaths(['/mem/w'], { fs });
  const codes = (file: string) => checked.find((c) => c.path === file)?.diagnostics.map((d) => d.code) ?? [];
  assert.deepEqual(codes('/mem/w/src/.dlm/training.yaml'), ['weight-leaks']);
  assert.deepEqual(codes('/mem/w/.dlm/training.yaml'), ['weight-tag-key-unknown']);
  assert.deepEqual(codes('/mem/w/tools/.dlm/ignore'), []);
  assert.ok(!fs.readLog.includes('/mem/w/tools/debug.log'), 'an ignored file is never read');
});

test('the in-memory file system and the disk give the same report', async () => {
  const root = makeTempDir('dlmw-memfs-');
  try {
    writeTree(root, FILES);
    const disk = await dryRun(root);
    const mem = await dryRun(root, { fs: memoryCorpus(root) });
    assert.equal(reportToJson(mem.report), reportToJson(disk.report));
  } finally {
    removeDir(root);
  }
});

test('document mode: strict policy is decided from the path, before the directive is touched', async () => {
  const doc = '---\ndlm_id: 01HZ4X7TGZM3J1A2B3C4D5E6F7\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  sources_policy: strict\n  sources:\n    - path: src\n    - path: /\n    - path: ../elsewhere\n---\nbody\n';
  const fs = memoryCorpus('/mem/w', { ...FILES, 'corpus.dlm': doc });
  fs.writeFile('/big/secret.txt', 'never walked\n');
  const { report, details } = await dryRun('/mem/w/corpus.dlm', { fs });
  assert.deepEqual(report.documentError && [report.documentError.stage, report.documentError.kind], ['sources', 'source-outside-root']);
  assert.equal(report.seed, 42n, 'the seed is known at stage sources');
  assert.deepEqual(details.problems.map((p) => p.kind), ['source-outside-root', 'source-outside-root']);
  assert.deepEqual(fs.listLog.filter((p) => !p.startsWith('/mem/w/src')), [], 'only the allowed directive was listed');
});

test('documentError order: parse, then sources (path, then configs under it), then rows', async () => {
  const head = '---\ndlm_id: 01HZ4X7TGZM3J1A2B3C4D5E6F7\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  sources:\n    - path: ok\n    - path: gone\n---\n';
  const crash = 'weights: {a: {b: !!int x}}\n';
  const kinds = async (body: string, files: Record<string, string> = {}) => {
    const fs = memoryCorpus('/m', { 'corpus.dlm': head + body, 'ok/a.txt': 'a\n', ...files });
    const { report, details } = await dryRun('/m/corpus.dlm', { fs });
    return [report.documentError?.kind, details.problems.map((p) => p.kind)];
  };
  assert.deepEqual(await kinds('::instruction::\n### A\nno q\n'), ['source-path-missing', ['source-path-missing', 'instruction-body']]);
  assert.deepEqual(await kinds('::poem::\n'), ['body-fence', ['body-fence', 'source-path-missing']]);
  assert.deepEqual(await kinds('text\n', { 'ok/.dlm/training.yaml': crash }), ['config-loader-crash', ['config-loader-crash', 'source-path-missing']]);
  const fs = memoryCorpus('/m', { 'corpus.dlm': head.replace('gone', 'ok') + '::poem::\n', 'ok/a.txt': 'a\n' });
  const { report } = await dryRun('/m/corpus.dlm', { fs });
  assert.equal(report.seed, null, 'stage parse without --seed: the seed is unknown');
  const withSeed = await dryRun('/m/corpus.dlm', { fs, seed: 7n });
  assert.equal(withSeed.report.seed, 7n);
});

test('configs over the cap are judged from their size, never read', async () => {
  const big = 'a'.repeat((1 << 20) + 1);
  const fs = memoryCorpus('/m', { 'a.txt': 'a\n', '.dlm/training.yaml': `# ${big}\n`, 'sub/.dlm/ignore': `${big}\n`, 'sub/b.txt': 'b\n' });
  const { report, details } = await dryRun('/m', { fs });
  assert.ok(!fs.readLog.includes('/m/.dlm/training.yaml') && !fs.readLog.includes('/m/sub/.dlm/ignore'), `read: ${fs.readLog.join(', ')}`);
  assert.equal(report.configs.find((c) => c.anchor === '.')?.trainingYaml, 'invalid');
  assert.deepEqual(details.gaps.map((g) => g.kind).sort(), ['config-not-evaluated', 'ignore-not-evaluated']);
  const checked = await checkPaths(['/m'], { fs, corpus: false });
  const byPath = new Map(checked.map((c) => [c.path, c]));
  assert.deepEqual(byPath.get('/m/.dlm/training.yaml')!.diagnostics.map((d) => d.code), ['file-too-large']);
  const ignore = byPath.get('/m/sub/.dlm/ignore')!;
  assert.deepEqual(ignore.diagnostics.map((d) => [d.code, d.severity]), [['ignore-too-large', 'warning']]);
  assert.equal(ignore.dlmAccepts, true, 'dlm reads it: a warning, not an error');
});

test('check: configs that are no regular file, and folders that cannot be listed', async () => {
  const fs = memoryCorpus('/m', { 'a.txt': 'a\n', 'x/y.txt': 'y\n' });
  fs.mkOther('/m/.dlm/training.yaml'); // a FIFO
  fs.mkdir('/m/sub/.dlm/training.yaml'); // a directory with a config's name
  fs.lock('/m/x');
  const checked = await checkPaths(['/m'], { fs });
  const summary = checked.map((c) => [c.path, c.dlmAccepts, c.diagnostics.map((d) => `${d.severity}:${d.code}`)]);
  assert.deepEqual(summary, [
    ['/m/.dlm/training.yaml', false, ['error:file-unreadable']],
    ['/m/sub/.dlm/training.yaml', false, ['error:file-unreadable']],
    ['/m/x', false, ['error:file-unreadable']],
  ]);
  assert.match(checked[1]!.diagnostics[0]!.message, /directory/);
  assert.ok(!fs.readLog.some((p) => p.includes('training.yaml')));
  fs.lock('/m');
  await assert.rejects(checkPaths(['/m'], { fs }), (e: unknown) => e instanceof CheckPathError && /cannot read directory/.test(e.message));
});

test('folders that cannot be listed: a gap in the dry run; the root itself: a CorpusError', async () => {
  const fs = memoryCorpus('/m', { 'a.txt': 'a\n', 'x/y.txt': 'y\n' });
  fs.lock('/m/x');
  const { report, details } = await dryRun('/m', { fs });
  assert.deepEqual(report.rows.map((r) => r.origin), ['a.txt']);
  assert.deepEqual(details.gaps.map((g) => [g.kind, g.path]), [['folder-unreadable', '/m/x']]);
  fs.lock('/m');
  await assert.rejects(dryRun('/m', { fs }), (e: unknown) => e instanceof CorpusError && e.kind === 'unreadable');
});

test('a FIFO as a source path is a prediction gap, not a hang or a crash', async () => {
  const doc = '---\ndlm_id: 01HZ4X7TGZM3J1A2B3C4D5E6F7\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  sources:\n    - path: pipe\n    - path: docs\n---\n';
  const fs = memoryCorpus('/m', { 'corpus.dlm': doc, 'docs/a.md': 'a\n' });
  fs.mkOther('/m/pipe');
  const { report, details } = await dryRun('/m/corpus.dlm', { fs });
  assert.equal(report.documentError, null);
  assert.deepEqual(report.rows.map((r) => r.origin), ['docs/a.md']);
  assert.deepEqual(details.gaps.map((g) => g.kind), ['source-not-file-or-directory']);
  assert.ok(!fs.readLog.includes('/m/pipe'));
});

test('symlinks: to files they are files, to directories never walked, dangling ones skipped', async () => {
  const fs = memoryCorpus('/m', { 'a.txt': 'a\n', 'd/b.txt': 'b\n' });
  fs.symlink('/m/a.txt', '/m/link.txt').symlink('/m/d', '/m/dirlink').symlink('/m/nowhere', '/m/dangling.txt');
  fs.symlink('/m/loop2', '/m/loop1').symlink('/m/loop1', '/m/loop2');
  const { report } = await dryRun('/m', { fs });
  assert.deepEqual(report.rows.map((r) => r.origin), ['a.txt', 'd/b.txt', 'link.txt']);
});
