// Changes on disk reach the index whatever the client can do: the server
// watches by itself when the client cannot (Neovim 0.7 has no dynamic
// registration), and asks a client that can for narrow globs only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dryRun } from '../../src/engine/dryRun';
import { reportToJson } from '../../src/report/contractJson';
import { buildServer, LspClient, makeTree, uriOf, writeFile } from './lspHarness';

const ROOT_YAML = 'metadata:\n  kind: doc\nweights:\n  kind:\n    doc: 2\n';

let server = '';
const roots: string[] = [];
before(async () => { server = await buildServer(); });
after(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });

function tree(files: Record<string, string>): string {
  const r = makeTree(files);
  roots.push(r);
  return r;
}
const lastStatus = (c: LspClient, root: string) => [...c.statuses].reverse().find((s) => s.folderUri === uriOf(root));
/** The glob patterns of the file watchers registered and not unregistered. */
const watchGlobs = (c: LspClient): unknown[] => c.registrations
  .filter((r) => !c.unregistered.has(r.id) && r.method === 'workspace/didChangeWatchedFiles')
  .flatMap((r) => (r.registerOptions as { watchers: Array<{ globPattern: unknown }> }).watchers.map((w) => w.globPattern));
const rowsOf = (c: LspClient, root: string) => { const s = lastStatus(c, root); return s?.state === 'ready' ? s.totals?.rows : undefined; };

describe('a client that cannot watch files (server mode)', { timeout: 90_000 }, () => {
  let root = '';
  let client: LspClient;
  before(async () => {
    root = tree({ '.dlm/training.yaml': ROOT_YAML, 'a.md': 'alpha\n', 'docs/b.md': 'beta\n' });
    client = LspClient.start(server);
    await client.initialize([root], { like: 'nvim-0.7' });
    await client.indexed(root);
    await client.until('the watcher to be set up', () => client.logs.some((l) => l.startsWith(`dlm: watching ${root}`)), 30_000);
  });
  after(async () => { await client?.stop(); });

  it('says the server watches, in the log and in dlm/indexStatus', () => {
    assert.equal(lastStatus(client, root)?.watch, 'server');
    assert.ok(client.logs.some((l) => /reported by the server's own watcher/.test(l)), client.logs.join('\n'));
    assert.equal(client.registrations.length, 0);
  });

  it('a config created on disk (never opened) gets its diagnostics and joins the index', async () => {
    const cfg = writeFile(root, 'docs/.dlm/training.yaml', 'metadata:\n  generated: true\n');
    await client.diagnosticsFor(cfg, (d) => d.some((x) => x.severity === 1), 30_000);
  });

  it('a config changed on disk changes the report', async () => {
    writeFile(root, 'docs/.dlm/training.yaml', 'metadata:\n  kind: doc\nweights:\n  kind:\n    doc: 3\n');
    await client.diagnosticsFor(join(root, 'docs/.dlm/training.yaml'), (d) => !d.some((x) => x.severity === 1), 30_000);
    const r = await client.request<{ reportJson: string }>('dlm/dryRun', { folderUri: uriOf(root) });
    assert.equal(r.reportJson, reportToJson((await dryRun(root)).report));
  });

  it('files created in a new folder, and deleted, change the row count', async () => {
    const before = rowsOf(client, root)!;
    mkdirSync(join(root, 'new/deep'), { recursive: true });
    writeFileSync(join(root, 'new/deep/c.md'), 'gamma\n');
    writeFileSync(join(root, 'new/d.md'), 'delta\n');
    await client.until('two more rows', () => rowsOf(client, root) === before + 2, 30_000);
    rmSync(join(root, 'new'), { recursive: true });
    await client.until('the rows back', () => rowsOf(client, root) === before, 30_000);
  });

  it('a lock file created and deleted at once does not re-index the folder', async () => {
    const indexing = () => client.statuses.filter((s) => s.state === 'indexing').length;
    // a new file in a new .git/ is listed (as excluded): one re-index, after which .git/ is watched
    const k = indexing();
    writeFile(root, '.git/HEAD', 'ref: refs/heads/main\n');
    await client.until('.git/HEAD listed', () => indexing() > k && lastStatus(client, root)?.state === 'ready', 30_000);
    const r0 = await client.request<{ reportJson: string }>('dlm/dryRun', { folderUri: uriOf(root) });
    assert.equal(r0.reportJson, reportToJson((await dryRun(root)).report));
    const n = indexing();
    for (let i = 0; i < 20; i++) {
      writeFileSync(join(root, '.git/index.lock'), 'x');
      rmSync(join(root, '.git/index.lock'));
    }
    // a real change after the churn: once it shows, the churn's batch has been applied too
    // (docs/.dlm/training.yaml has the longer path: its weight is the one dlm applies)
    writeFile(root, 'docs/.dlm/training.yaml', 'metadata:\n  kind: doc\nweights:\n  kind:\n    doc: 5\n');
    await client.until('the weight change', () => {
      const s = lastStatus(client, root);
      return s?.state === 'ready' && s.totals?.expandedRows === 5 * (s.totals?.rows ?? 0);
    }, 30_000);
    const r = await client.request<{ reportJson: string }>('dlm/dryRun', { folderUri: uriOf(root) });
    assert.equal(r.reportJson, reportToJson((await dryRun(root)).report));
    assert.equal(indexing(), n, 'no re-index');
  });
});

describe('no index until a .dlm exists', { timeout: 90_000 }, () => {
  it('a folder without .dlm stays idle; a client that watches is asked only for the config globs', async () => {
    const root = tree({ '.github/workflows/ci.yaml': 'on: push\n', 'src/a.py': 'print(1)\n', 'README.md': 'hi\n' });
    const client = LspClient.start(server);
    try {
      await client.initialize([root]);
      await client.until('idle', () => lastStatus(client, root)?.state === 'idle');
      assert.ok(!client.statuses.some((s) => s.state === 'indexing'), 'never indexing');
      assert.equal(client.progress.length, 0, 'no progress');
      assert.equal(lastStatus(client, root)?.watch, 'client');
      const globs = () => watchGlobs(client);
      await client.until('the config globs', () => globs().length > 0);
      assert.deepEqual(globs(), ['**/.dlm/**', '**/.dlm', '**/*.dlm']);

      // a config appears (announced by the client): indexing starts, and the corpus root is watched
      const cfg = writeFile(root, 'src/.dlm/training.yaml', 'metadata:\n  lang: py\n');
      client.filesChanged([[cfg, 1]]);
      await client.until('ready', () => lastStatus(client, root)?.state === 'ready', 30_000);
      assert.equal(rowsOf(client, root), 3);
      await client.until('the corpus root watched', () => globs().some((g) => JSON.stringify(g) === JSON.stringify({ baseUri: uriOf(root), pattern: '**/*' })));
      assert.ok(!globs().includes('**/*'), JSON.stringify(globs()));
    } finally {
      await client.stop();
    }
  });

  it('in document mode only the sources are watched', async () => {
    const root = tree({
      // the folder's document, as `dlm train FOLDER` picks it
      '.dlm/corpus.dlm': '---\ndlm_id: 01HZ0000000000000000000000\ntraining:\n  sources:\n    - path: src\n---\nbody text\n',
      'src/a.py': 'print(1)\n',
      'other/b.md': 'b\n',
    });
    const client = LspClient.start(server);
    try {
      await client.initialize([root]);
      await client.indexed(root);
      const globs = () => watchGlobs(client).map((g) => JSON.stringify(g));
      await client.until('the source watched', () => globs().includes(JSON.stringify({ baseUri: uriOf(join(root, 'src')), pattern: '**/*' })));
      assert.ok(!globs().some((g) => g.includes(`"${uriOf(root)}"`) || g === '"**/*"'), globs().join('\n'));
    } finally {
      await client.stop();
    }
  });

  it('a client without relative patterns gets one **/* once a folder is indexed, none before', async () => {
    const root = tree({ 'a.md': 'a\n' });
    const client = LspClient.start(server);
    try {
      await client.initialize([root], { relativePatterns: false });
      await client.until('idle', () => lastStatus(client, root)?.state === 'idle');
      const globs = () => watchGlobs(client);
      assert.ok(!globs().includes('**/*'));
      const cfg = writeFile(root, '.dlm/ignore', 'a.md\n');
      client.filesChanged([[cfg, 1]]);
      await client.until('**/* registered', () => globs().includes('**/*'), 30_000);
    } finally {
      await client.stop();
    }
  });

  it('server mode: a .dlm created on disk in an idle folder starts the index', async () => {
    const root = tree({ 'a.md': 'a\n', 'deep/er/b.md': 'b\n' });
    const client = LspClient.start(server);
    try {
      await client.initialize([root], { like: 'nvim-0.7' });
      await client.until('idle', () => lastStatus(client, root)?.state === 'idle');
      await client.until('the watcher to be set up', () => client.logs.some((l) => l.startsWith(`dlm: watching ${root}`)), 30_000);
      writeFile(root, 'deep/er/.dlm/training.yaml', 'metadata:\n  x: y\n');
      await client.until('ready', () => rowsOf(client, root) === 2, 30_000);
    } finally {
      await client.stop();
    }
  });
});
