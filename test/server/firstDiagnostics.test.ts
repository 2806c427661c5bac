// A build's diagnostics wait a moment after a dry run that waited for the
// build is answered (the client is drawing that report): they still come.
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer, LspClient, makeTree, uriOf } from './lspHarness';

// docs/ weights kind=doc, which notes/ carries too: a leak warning on docs/ (a cross-file check)
const FILES = {
  '.dlm/training.yaml': 'metadata:\n  lang: en\n',
  'docs/.dlm/training.yaml': 'metadata:\n  kind: doc\nweights:\n  kind:\n    doc: 2\n',
  'docs/a.md': 'a\n',
  'notes/.dlm/training.yaml': 'metadata:\n  kind: doc\n',
  'notes/n.md': 'n\n',
  // enough files that the build is still running when the dry run comes
  ...Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`bulk/d${i % 30}/f${i}.txt`, `${i}\n`])),
};

const root = makeTree(FILES);
after(() => rmSync(root, { recursive: true, force: true }));

it("a build's diagnostics come after a dry run asked for at start-up is answered", { timeout: 120_000 }, async () => {
  const client = LspClient.start(await buildServer());
  try {
    await client.initialize([root]);
    await client.request('dlm/dryRun', { folderUri: uriOf(root) });
    const d = await client.diagnosticsFor(join(root, 'docs/.dlm/training.yaml'), (x) => x.some((y) => y.code === 'weight-leaks'));
    assert.ok(d.length > 0);
  } finally {
    await client.stop();
  }
});
