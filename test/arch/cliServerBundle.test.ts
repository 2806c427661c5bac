// The CLI bundle holds no language-server code: `dlm-weights lsp` loads the
// server's own bundle (dist/server.js, beside dist/cli.js) when it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { REPO_ROOT } from '../helpers/shared';
import { buildCli } from '../helpers/cli';
import { makeTempDir, removeDir } from '../helpers/tmp';

test('dist/cli.js bundles no server code', { timeout: 300_000 }, async () => {
  const cli = readFileSync(await buildCli(), 'utf8');
  const server = readFileSync(join(REPO_ROOT, 'src', 'server', 'server.ts'), 'utf8');
  // a message only the server writes, and the LSP server library's connection factory
  const marker = 'dlm: uncaught exception';
  assert.ok(server.includes(marker));
  assert.ok(!cli.includes(marker), 'the CLI bundle contains src/server code');
  assert.ok(!cli.includes('createConnection'), 'the CLI bundle contains vscode-languageserver');
});

test('`dlm-weights lsp --stdio` starts the server bundle and answers initialize', { timeout: 300_000 }, async () => {
  const proc = spawn(process.execPath, [await buildCli(), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.listen();
  try {
    const result = await conn.sendRequest<{ serverInfo?: { name: string } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(result.serverInfo?.name, 'dlm-weights');
  } finally {
    conn.dispose();
    proc.kill();
  }
});

test('`dlm-weights lsp` without the server bundle beside it: one line, exit 2', { timeout: 300_000 }, async () => {
  const dir = makeTempDir('dlmw-cli-alone-');
  try {
    copyFileSync(await buildCli(), join(dir, 'cli.js'));
    const r = spawnSync(process.execPath, [join(dir, 'cli.js'), 'lsp', '--stdio'], { encoding: 'utf8', timeout: 60_000, input: '' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^dlm-weights: the language server is missing: .*server\.js/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  } finally {
    removeDir(dir);
  }
});
