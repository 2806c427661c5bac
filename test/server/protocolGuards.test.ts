// The binding's guards, over a spawned server: requests answered at any
// position (clamped, bounded by the document), handler failures answered as
// LSP errors, custom requests confined to the workspace folders, and a
// stream whose framing cannot be read ends the process with its reason.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { HANG_GUARD_MS, TEST_TIMEOUT_MS } from '../helpers/limits';
import { buildServer, LspClient, makeTree, uriOf } from './lspHarness';

let server = '';
before(async () => { server = await buildServer(); });

const SRC_YAML = "metadata:\n  kind: code\n  generated: 'true'\n";

describe('requests at any position, failures as LSP errors', { timeout: TEST_TIMEOUT_MS }, () => {
  let root: string;
  let client: LspClient;
  before(async () => {
    root = makeTree({ '.dlm/training.yaml': 'metadata:\n  kind: doc\n', 'a.md': 'a\n', 'src/.dlm/training.yaml': SRC_YAML, 'src/x.py': 'x\n' });
    client = LspClient.start(server);
    await client.initialize([root]);
    await client.indexed(root, HANG_GUARD_MS);
  });
  after(async () => {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('completion and hover at character 10^8, line 10^9, negative: the answer at the clamped position', async () => {
    const file = join(root, 'src/.dlm/training.yaml');
    const text = `${SRC_YAML}weights:\n  kind:\n    co`;
    const seen = client.statuses.length;
    client.open(file, text);
    // the open text replaces the file's config in the index: ask once that snapshot is made
    await client.until('the index with the open text', () => client.statuses.slice(seen).some((st) => st.state === 'ready'));
    const complete = (position: unknown) => client.request<Array<{ label: string; textEdit?: unknown }>>('textDocument/completion', { textDocument: { uri: uriOf(file) }, position });
    const end = await complete({ line: 5, character: 6 });
    assert.deepEqual(end.map((k) => k.label), ['doc'], 'the open text does not load: src/ keeps the root\'s kind');
    assert.deepEqual(await complete({ line: 5, character: 1e8 }), end);
    assert.deepEqual(await complete({ line: 1e9, character: 1e8 }), end);
    assert.deepEqual(await complete({ line: -1, character: -1 }), await complete({ line: 0, character: 0 }));
    const hover = (position: unknown) => client.request('textDocument/hover', { textDocument: { uri: uriOf(file) }, position });
    assert.deepEqual(await hover({ line: 1, character: 1e8 }), await hover({ line: 1, character: 12 }));
    assert.notEqual(await hover({ line: 1, character: 12 }), null);
    client.close(file);
  });

  test('a handler that fails is answered with InternalError and its message, and the server goes on', async () => {
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction']) {
      await assert.rejects(client.request(method, { position: { line: 0, character: 0 } }), (e: { code?: number; message?: string }) => {
        assert.equal(e.code, -32603, method);
        assert.match(e.message ?? '', /failed: .+/, method);
        return true;
      });
    }
    const r = await client.request<{ folders: unknown[] }>('dlm/corpora', { folderUri: uriOf(root) });
    assert.equal(r.folders.length, 1);
  });

  test('custom requests take only paths inside the workspace folders', async () => {
    const link = join(root, 'etc-link');
    symlinkSync('/etc', link);
    const invalid = (method: string, params: unknown) => assert.rejects(client.request(method, params), (e: { code?: number; message?: string }) => {
      assert.equal(e.code, -32602, `${method} ${JSON.stringify(params)}: ${e.message}`);
      return true;
    }, `${method} ${JSON.stringify(params)}`);
    await invalid('dlm/dryRun', { folderUri: 'file:///etc' });
    await invalid('dlm/dryRun', { documentUri: 'file:///etc' });
    await invalid('dlm/dryRun', { documentUri: uriOf(link) });
    await invalid('dlm/dryRun', { documentUri: uriOf(join(link, 'x.dlm')) });
    await invalid('dlm/dryRun', { documentUri: 'untitled:Untitled-1' });
    await invalid('dlm/corpora', { folderUri: 'file:///etc' });
    await invalid('dlm/selectCorpus', { folderUri: 'file:///etc', documentUri: null });
    await invalid('dlm/selectCorpus', { folderUri: uriOf(root), documentUri: 'file:///etc/x.dlm' });
    await invalid('dlm/subscribeReport', { folderUri: 'file:///etc', enabled: true });
    // inside: answered
    const r = await client.request<{ corpus: { path: string } }>('dlm/dryRun', { folderUri: uriOf(root) });
    assert.equal(r.corpus.path, root);
    assert.equal(await client.request('dlm/subscribeReport', { folderUri: uriOf(root), enabled: false }), null);
    rmSync(link);
  });
});

/** Raw bytes to a fresh server's stdin; resolves with its exit code and stderr (or rejects after the hang guard). */
function feed(bytes: string, opts: { end?: boolean } = {}): Promise<{ code: number | null; stderr: string }> {
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (b: Buffer) => { stderr += b; });
  proc.stdout.resume();
  proc.stdin.write(bytes);
  if (opts.end) proc.stdin.end();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { proc.kill(); reject(new Error(`still running: alive but deaf\n${stderr}`)); }, HANG_GUARD_MS);
    proc.on('exit', (code) => { clearTimeout(t); resolve({ code, stderr }); });
  });
}

describe('framing the server cannot read ends it, with the reason on stderr', { timeout: TEST_TIMEOUT_MS }, () => {
  const body = '{"jsonrpc":"2.0","id":1,"method":"shutdown"}';
  const cases: Array<[string, string, RegExp, { end?: boolean }?]> = [
    ['no Content-Length', `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body}`, /Content-Length/],
    ['Content-Length: abc', `Content-Length: abc\r\n\r\n${body}`, /must be a number/],
    ['garbage headers', 'GET / HTTP/1.1 hello\r\n\r\n', /separate key and value/],
    ['a short body, then end of input', `Content-Length: 500\r\n\r\n${body}`, /closed the connection/, { end: true }],
  ];
  for (const [name, bytes, reason, opts] of cases) {
    test(name, async () => {
      const r = await feed(bytes, opts);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, reason);
      assert.match(r.stderr, /exiting/);
    });
  }

  test('a well-framed body that is not JSON is skipped: the next message is answered', async () => {
    const client = LspClient.start(server);
    try {
      client.proc.stdin!.write('Content-Length: 9\r\n\r\nnot json!');
      await client.initialize([]);
      const r = await client.request<{ folders: unknown[] }>('dlm/corpora', {});
      assert.deepEqual(r.folders, []);
      assert.equal(client.proc.exitCode, null);
    } finally {
      await client.stop();
    }
  });
});
