// The CLI bundle holds no language-server code: `dlm-weights lsp` loads the
// server's own bundle (dist/server.js, beside dist/cli.js) when it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { REPO_ROOT } from '../helpers/shared';
import { buildCli } from '../helpers/cli';

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
