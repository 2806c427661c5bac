// The merge fixes through the server over stdio: the scope action on a
// leaking weight, go-to-the-winner as a command the server turns into
// window/showDocument, and the workspace-wide quoting fix as a source.fixAll
// action and as a command applied with workspace/applyEdit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_TIMEOUT_MS } from '../helpers/limits';
import { applyEdits } from '../../src/server/features/yamlEdits';
import { buildServer, LspClient, makeTree, uriOf, type LspDiag } from './lspHarness';

interface Action { title: string; kind?: string; edit?: { changes?: Record<string, Array<{ range: unknown; newText: string }>> }; command?: { command: string; arguments?: unknown[] } }

const SRC_YAML = 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 2\n';
const ROOT_YAML = 'weights:\n  kind:\n    code: 3\n';

describe('merge fixes over LSP', { timeout: TEST_TIMEOUT_MS }, () => {
  let root: string;
  let client: LspClient;
  const p = (rel: string) => join(root, rel);
  const shown: unknown[] = [];
  const applied: unknown[] = [];

  before(async () => {
    const server = await buildServer();
    root = makeTree({
      '.dlm/training.yaml': ROOT_YAML, 'top.py': 't\n',
      'src/.dlm/training.yaml': SRC_YAML, 'src/a.py': 'a\n',
      'notes/.dlm/training.yaml': 'metadata:\n  lang: py\n', 'notes/n.py': 'n\n',
      'drafts/.dlm/training.yaml': 'metadata:\n  draft: yes\n', 'drafts/x.md': 'x\n',
      'docs/.dlm/training.yaml': 'metadata:\n  kind: code\nweights:\n  kind:\n    code: 2\n', 'docs/d.md': 'd\n',
    });
    client = LspClient.start(server);
    client.conn.onRequest('window/showDocument', (params: unknown) => { shown.push(params); return { success: true }; });
    client.conn.onRequest('workspace/applyEdit', (params: unknown) => { applied.push(params); return { applied: true }; });
    await client.initialize([root]);
    await client.indexed(root);
  });

  after(async () => {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const actionsFor = async (path: string, text: string, code: string): Promise<{ d: LspDiag; actions: Action[] }> => {
    client.open(path, text);
    const ds = await client.diagnosticsFor(path, (x) => x.some((y) => y.code === code));
    const d = ds.find((y) => y.code === code)!;
    const actions = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(path) }, range: d.range, context: { diagnostics: [d] } }) as Action[];
    return { d, actions };
  };

  it('scope this weight: the edit comes back, and once applied the leak is gone', async () => {
    const src = p('src/.dlm/training.yaml');
    const { actions } = await actionsFor(src, SRC_YAML, 'weight-leaks');
    const scope = actions.find((a) => a.title.startsWith('Scope this weight to src/'));
    assert.ok(scope?.edit?.changes, JSON.stringify(actions));
    const after = applyEdits(SRC_YAML, scope.edit.changes[uriOf(src)] as never);
    assert.equal(after, 'metadata:\n  lang: py\n  scope: src\nweights:\n  scope:\n    src: 2\n');
    client.change(src, after);
    await client.diagnosticsFor(src, (x) => !x.some((y) => y.code === 'weight-leaks'));
    client.change(src, SRC_YAML);
    client.close(src);
  });

  it('go to the winning config: a command, shown with window/showDocument', async () => {
    const rootYaml = p('.dlm/training.yaml');
    const { actions } = await actionsFor(rootYaml, ROOT_YAML, 'weight-overridden');
    const go = actions.find((a) => a.command);
    assert.ok(go, JSON.stringify(actions));
    assert.equal(go.title, 'Go to the winning config (docs/.dlm/training.yaml:5)');
    await client.conn.sendRequest('workspace/executeCommand', { command: go.command!.command, arguments: go.command!.arguments });
    assert.deepEqual(shown, [{ uri: uriOf(p('docs/.dlm/training.yaml')), selection: { start: { line: 4, character: 10 }, end: { line: 4, character: 11 } }, takeFocus: true }]);
    await assert.rejects(client.conn.sendRequest('workspace/executeCommand', { command: go.command!.command, arguments: [{ uri: 'file:///etc/passwd' }] }), /outside the workspace/);
    assert.equal(shown.length, 1);
    client.close(rootYaml);
  });

  it('fix all unquoted: a source.fixAll action, and a command that applies the same edit', async () => {
    const notes = p('drafts/.dlm/training.yaml');
    const notesText = readFileSync(notes, 'utf8');
    const { actions } = await actionsFor(notes, notesText, 'metadata-not-string');
    const all = actions.find((a) => a.kind === 'source.fixAll');
    assert.equal(all?.title, 'Quote every unquoted boolean/number tag in the workspace (1 in 1 file)');
    const onSave = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(notes) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } }) as Action[];
    assert.deepEqual(onSave.map((a) => a.edit), [all!.edit]);
    const r = await client.conn.sendRequest('workspace/executeCommand', { command: 'dlmWeights.fixAllUnquoted', arguments: [] });
    assert.deepEqual(r, { files: 1, values: 1, applied: true });
    assert.deepEqual((applied[0] as { edit: unknown }).edit, all!.edit);
    assert.equal(applyEdits(notesText, all!.edit!.changes![uriOf(notes)] as never), "metadata:\n  draft: 'yes'\n");
    client.close(notes);
  });
});
