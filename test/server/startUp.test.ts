// A dry run asked for at start-up: it waits for the folder's first index
// (even while the folder is still looking for a `.dlm`) instead of making a
// second one, and the build's diagnostics, which wait a moment after it is
// answered (the client is drawing that report), still come.
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DryRunResult } from '../../src/shared/protocol';
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

it("a dry run asked for at start-up is the folder's live index; the build's diagnostics come after it", { timeout: 120_000 }, async () => {
  const client = LspClient.start(await buildServer());
  try {
    await client.initialize([root]);
    // at once: the folder is looking for a `.dlm` (or building its index)
    const r = await client.request<DryRunResult>('dlm/dryRun', { folderUri: uriOf(root) });
    assert.ok(r.liveKey, 'answered from the live index, not by a run of its own');
    const d = await client.diagnosticsFor(join(root, 'docs/.dlm/training.yaml'), (x) => x.some((y) => y.code === 'weight-leaks'));
    assert.ok(d.length > 0);
  } finally {
    await client.stop();
  }
});
