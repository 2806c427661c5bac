// The server publishes a file's diagnostics only when they changed: a
// recompute after an edit of one config leaves every other file alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { buildServer, LspClient, makeTree, uriOf } from './lspHarness';

const A_YAML = 'metadata:\n  kind: a\nweights:\n  kind:\n    a: 2\n';

describe('publishing diagnostics', { timeout: 60_000 }, () => {
  let root = '';
  let client: LspClient;
  before(async () => {
    root = makeTree({
      'a/.dlm/training.yaml': A_YAML,
      'a/x.md': 'x\n',
      // an error of its own, published once
      'b/.dlm/training.yaml': 'metadata:\n  generated: true\n',
      'b/y.md': 'y\n',
      // an unused weight: a cross-file warning, unchanged by edits of a/
      'c/.dlm/training.yaml': 'weights:\n  lang:\n    fr: 3\n',
      'c/z.md': 'z\n',
    });
    client = LspClient.start(await buildServer());
    await client.initialize([root]);
    await client.indexed(root);
  });
  after(async () => {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('an edit that changes one file republishes that file only', async () => {
    const a = join(root, 'a/.dlm/training.yaml');
    const b = uriOf(join(root, 'b/.dlm/training.yaml'));
    const c = uriOf(join(root, 'c/.dlm/training.yaml'));
    await client.diagnosticsFor(join(root, 'b/.dlm/training.yaml'), (d) => d.length > 0);
    await client.diagnosticsFor(join(root, 'c/.dlm/training.yaml'), (d) => d.length > 0);
    client.open(a, A_YAML);
    await client.request('dlm/dryRun', { folderUri: uriOf(root) });
    const count = (uri: string) => client.published.filter((p) => p.uri === uri).length;
    const before = { b: count(b), c: count(c) };
    assert.equal(before.b, 1, 'b published once');

    // a weight change recomputes the whole folder; an unknown key is a new error in a/ only
    for (let i = 0; i < 5; i++) {
      client.change(a, `${A_YAML.replace('a: 2', `a: ${3 + i}`)}`);
      await client.request('dlm/dryRun', { folderUri: uriOf(root) });
    }
    client.change(a, `${A_YAML}bogus: 1\n`);
    await client.diagnosticsFor(a, (d) => d.some((x) => x.severity === 1));
    await client.request('dlm/dryRun', { folderUri: uriOf(root) });
    assert.deepEqual({ b: count(b), c: count(c) }, before);
  });

  it('an unchanged result is not sent again, but a reopened file gets its diagnostics again', async () => {
    const b = join(root, 'b/.dlm/training.yaml');
    const n = client.published.filter((p) => p.uri === uriOf(b)).length;
    client.open(b, 'metadata:\n  generated: true\n');
    await client.until('b published on open', () => client.published.filter((p) => p.uri === uriOf(b)).length === n + 1);
    client.change(b, 'metadata:\n  generated: true\n# a comment\n');
    await client.request('dlm/dryRun', { folderUri: uriOf(root) });
    assert.equal(client.published.filter((p) => p.uri === uriOf(b)).length, n + 1);
    client.close(b);
  });
});
