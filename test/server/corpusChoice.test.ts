// The corpus a folder uses by default is what `dlm train FOLDER` trains
// (FOLDER/.dlm/corpus.dlm, else the only FOLDER/.dlm/*.dlm, else directory
// mode), the same answer `dlm-weights dry-run FOLDER` gives; several documents
// there are an error until one is chosen, and the user's choice still wins.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer, LspClient, makeTree, uriOf } from './lspHarness';
import { dryRun } from '../../src/engine/dryRun';
import { reportToJson } from '../../src/report/contractJson';
import type { CorporaResult } from '../../src/shared/protocol';

const ULID = '01HZ4X7TGZM3J1A2B3C4D5E6F7';
const doc = (seed: number, source = '.') => `---\ndlm_id: ${ULID}\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  seed: ${seed}\n  sources:\n    - path: ${source}\n---\nBody ${seed}.\n`;

describe('the default corpus of a folder is dlm train FOLDER\'s', { timeout: 120_000 }, () => {
  let server = '';
  const roots: string[] = [];
  before(async () => { server = await buildServer(); });
  after(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });

  async function withFolder(files: Record<string, string>, fn: (client: LspClient, root: string) => Promise<void>): Promise<void> {
    const root = makeTree(files);
    roots.push(root);
    const client = LspClient.start(server);
    try {
      await client.initialize([root]);
      await client.indexed(root, 30_000);
      await fn(client, root);
    } finally {
      await client.stop();
    }
  }

  const corpora = async (client: LspClient, root: string) => (await client.request<CorporaResult>('dlm/corpora', { folderUri: uriOf(root) })).folders[0]!;
  const lastStatus = (client: LspClient, root: string) => [...client.statuses].reverse().find((s) => s.folderUri === uriOf(root));

  it('.dlm/corpus.dlm beside another document, and a root document with sources (which the old rule picked): corpus.dlm, as the CLI', async () => {
    await withFolder({ '.dlm/corpus.dlm': doc(3), '.dlm/other.dlm': doc(4), 'notes.dlm': doc(5), 'a.md': 'a\n' }, async (client, root) => {
      const f = await corpora(client, root);
      assert.deepEqual([f.active.kind, f.active.path, f.activeReason], ['document', join(root, '.dlm', 'corpus.dlm'), 'corpus-document']);
      const r = await client.request<{ reportJson: string }>('dlm/dryRun', { folderUri: uriOf(root) });
      // what `dlm-weights dry-run FOLDER` computes (in the folder: `dry-run .`)
      const cli = (await dryRun(root, { documentLabel: '.' })).report;
      assert.equal(r.reportJson, reportToJson(cli));
      assert.equal(JSON.parse(r.reportJson).document, '.dlm/corpus.dlm');
    });
  });

  it('a root document with sources and nothing in .dlm/: directory mode, as dlm train FOLDER', async () => {
    await withFolder({ 'notes.dlm': doc(5, 'src'), '.dlm/training.yaml': 'metadata: {k: v}\n', 'src/a.md': 'a\n' }, async (client, root) => {
      const f = await corpora(client, root);
      assert.deepEqual([f.active.kind, f.activeReason], ['directory', 'default']);
      assert.ok(f.candidates.some((c) => c.kind === 'document' && c.label === 'notes.dlm'), 'still offered by Choose Corpus');
    });
  });

  it('several documents in .dlm/: an error naming them, until one is chosen (Choose Corpus)', async () => {
    await withFolder({ '.dlm/a.dlm': doc(1), '.dlm/b.dlm': doc(2), 'x.md': 'x\n' }, async (client, root) => {
      const s = lastStatus(client, root)!;
      assert.equal(s.state, 'error');
      assert.match(s.message ?? '', /\.dlm\/a\.dlm, \.dlm\/b\.dlm.*refuses to choose.*Choose Corpus/);
      assert.equal((await corpora(client, root)).activeReason, 'ambiguous');

      await client.request('dlm/selectCorpus', { folderUri: uriOf(root), documentUri: uriOf(join(root, '.dlm', 'b.dlm')) });
      await client.until('ready on the chosen document', () => (lastStatus(client, root)?.state === 'ready' ? true : undefined), 30_000);
      const chosen = await corpora(client, root);
      assert.deepEqual([chosen.active.path, chosen.activeReason], [join(root, '.dlm', 'b.dlm'), 'selected']);
    });
  });

  it('a folder whose choice was ambiguous follows the disk: one document deleted, the other is used', async () => {
    await withFolder({ '.dlm/a.dlm': doc(1), '.dlm/b.dlm': doc(2), 'x.md': 'x\n' }, async (client, root) => {
      assert.equal(lastStatus(client, root)?.state, 'error');
      rmSync(join(root, '.dlm', 'b.dlm'));
      client.filesChanged([[join(root, '.dlm', 'b.dlm'), 3]]);
      await client.until('ready on .dlm/a.dlm', () => (lastStatus(client, root)?.state === 'ready' ? true : undefined), 30_000);
      const f = await corpora(client, root);
      assert.deepEqual([f.active.path, f.activeReason], [join(root, '.dlm', 'a.dlm'), 'only-document']);
    });
  });
});
