// The language server on hostile disks: a FIFO named `.dlm/ignore` or
// `.dlm/training.yaml` (announced by file events, opened and closed), a
// 1 GB sparse training.yaml and a 500k-rule ignore file must never block it;
// it keeps answering.
// Plus a `.dlm` document dlm cannot train: its problems land on the document.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANG_GUARD_MS, TEST_TIMEOUT_MS } from '../helpers/limits';
import { buildServer, LspClient, makeTree, uriOf } from '../server/lspHarness';
import { dryRun } from '../../src/engine/dryRun';
import { reportToJson } from '../../src/report/contractJson';

let server = '';
before(async () => { server = await buildServer(); });

/** The server still answers a request (the bound is only a hang guard: a busy machine may take long). */
async function answers(client: LspClient, root: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const r = await Promise.race([
      client.request<{ folders: unknown[] }>('dlm/corpora', { folderUri: uriOf(root) }),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer\n${client.logs.slice(-20).join('\n')}`)), HANG_GUARD_MS); }),
    ]);
    assert.ok(Array.isArray(r.folders));
  } finally {
    clearTimeout(timer);
  }
}

describe('language server: FIFOs and huge configs never block it', { timeout: TEST_TIMEOUT_MS }, () => {
  let root: string;
  let client: LspClient;
  before(async () => {
    root = makeTree({ 'a.txt': 'a\n', '.dlm/training.yaml': 'metadata: {k: v}\n', 'sub/b.txt': 'b\n', 'big/c.txt': 'c\n' });
    client = LspClient.start(server);
    await client.initialize([root]);
    await client.indexed(root, 30_000);
  });
  after(async () => {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  for (const name of ['ignore', 'training.yaml']) {
    test(`a FIFO named .dlm/${name}: file events, open and close`, async () => {
      const fifo = join(root, 'sub/.dlm', name);
      mkdirSync(join(root, 'sub/.dlm'), { recursive: true });
      execFileSync('mkfifo', [fifo]);
      client.filesChanged([[fifo, 1]]);
      await answers(client, root);
      client.filesChanged([[fifo, 2]]);
      client.open(fifo, name === 'ignore' ? '*.log\n' : 'metadata: {k: w}\n', name === 'ignore' ? 'dlm-ignore' : 'yaml');
      client.close(fifo);
      await answers(client, root);
      const d = await client.diagnosticsFor(fifo, (list) => list.some((x) => x.code === 'file-unreadable'), 20_000);
      assert.equal(d.find((x) => x.code === 'file-unreadable')!.severity, 1);
      rmSync(fifo);
      client.filesChanged([[fifo, 3]]);
      await answers(client, root);
    });
  }

  for (const [label, rules] of [
    ['500k rules (4.3 MiB, over the cap)', () => 'abcdefgh\n'.repeat(500_000)],
    ['500k one-letter rules (under the cap: evaluated)', () => Array.from({ length: 500_000 }, (_, i) => `${'abcdefghij'[i % 10]}\n`).join('')],
  ] as const) {
    test(`a .dlm/ignore of ${label}: a file event, then open, hover and close`, async () => {
      const ignore = join(root, 'sub/.dlm/ignore');
      mkdirSync(join(root, 'sub/.dlm'), { recursive: true });
      const text = rules();
      writeFileSync(ignore, text);
      client.filesChanged([[ignore, 1]]);
      await answers(client, root);
      client.open(ignore, text, 'dlm-ignore');
      const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uriOf(ignore) }, position: { line: 3, character: 0 } });
      assert.ok(h?.contents.value, 'hover answered');
      client.close(ignore);
      await answers(client, root);
      rmSync(ignore);
      client.filesChanged([[ignore, 3]]);
      await answers(client, root);
    });
  }

  test('a 1 GB (sparse) .dlm/ignore from the first index: a warning, not evaluated', async () => {
    const dir = makeTree({ 'a.txt': 'a\n' });
    mkdirSync(join(dir, '.dlm'));
    const fd = openSync(join(dir, '.dlm/ignore'), 'w');
    ftruncateSync(fd, 1024 ** 3);
    closeSync(fd);
    const c = LspClient.start(server);
    try {
      await c.initialize([dir]);
      await c.indexed(dir, 30_000);
      const d = await c.diagnosticsFor(join(dir, '.dlm/ignore'), (list) => list.length > 0, 20_000);
      assert.deepEqual(d.map((x) => [x.code, x.severity]), [['ignore-too-large', 2]]);
    } finally {
      await c.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a 1 GB (sparse) training.yaml: judged from its size, the index stays ready', async () => {
    const big = join(root, 'big/.dlm/training.yaml');
    mkdirSync(join(root, 'big/.dlm'), { recursive: true });
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 1024 ** 3);
    closeSync(fd);
    client.filesChanged([[big, 1]]);
    const d = await client.diagnosticsFor(big, (list) => list.some((x) => x.code === 'file-too-large'), 30_000);
    assert.ok(d.length >= 1);
    await answers(client, root);
    await client.indexed(root, 30_000);
    const last = client.statuses.filter((s) => s.folderUri === uriOf(root)).at(-1)!;
    assert.equal(last.state, 'ready');
  });
});

describe('language server: a document dlm cannot train', { timeout: 60_000 }, () => {
  test('its problems are errors on the document; dlm/dryRun gives the contract report (placeholders)', async () => {
    const doc = '---\ndlm_id: 01HZ4X7TGZM3J1A2B3C4D5E6F7\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  sources:\n    - path: src\n    - path: gone\n---\n\n::poem::\nroses\n';
    // in .dlm/: the folder's document, as `dlm train FOLDER` picks it
    const root = makeTree({ '.dlm/corpus.dlm': doc, 'src/a.py': 'a\n', 'src/.dlm/training.yaml': 'metadata: {lang: py}\nweights: {lang: {py: 2}, tier: {gold: 3}}\n' });
    const client = LspClient.start(server);
    try {
      await client.initialize([root]);
      await client.indexed(root, 30_000);
      const docPath = join(root, '.dlm', 'corpus.dlm');
      const d = await client.diagnosticsFor(docPath, (list) => list.length >= 2, 20_000);
      assert.deepEqual(d.map((x) => [x.severity, x.range.start.line]), [[1, 10], [1, 7]], 'the fence line, then the missing path');
      const r = await client.request<{ reportJson: string; details: { problems: Array<{ kind: string }> } }>('dlm/dryRun', { documentUri: uriOf(docPath), folderUri: uriOf(root) });
      const expected = (await dryRun(docPath, { documentLabel: '.dlm/corpus.dlm' })).report;
      assert.equal(r.reportJson, reportToJson(expected));
      assert.equal(expected.documentError?.kind, 'body-fence');
      assert.deepEqual(r.details.problems.map((p) => p.kind), ['body-fence', 'source-path-missing']);
      // configs are still judged on what dlm would do past the error: lang=py has a row (no "weight-no-rows")
      const yaml = join(root, 'src/.dlm/training.yaml');
      const yd = await client.diagnosticsFor(yaml, (list) => list.length > 0, 20_000);
      assert.deepEqual(yd.map((x) => x.code), ['weight-tag-key-unknown']);
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
