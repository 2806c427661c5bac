// Settings reach the server three ways: initializationOptions, pushes
// (workspace/didChangeConfiguration with the section, as Neovim 0.7 and Helix
// send them) and pulls (workspace/configuration, VS Code).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { buildServer, LspClient, makeTree, uriOf } from './lspHarness';

const TREE = {
  '.dlm/training.yaml': 'metadata:\n  kind: doc\nweights:\n  kind:\n    doc: 1.5\n',
  'a.md': 'alpha\n',
  'b.md': 'beta\n',
};

async function seedOfDryRun(client: LspClient, root: string): Promise<number> {
  const r = await client.request<{ reportJson: string }>('dlm/dryRun', { folderUri: uriOf(root) });
  return JSON.parse(r.reportJson).seed as number;
}

describe('settings without workspace/configuration', { timeout: 60_000 }, () => {
  let server = '';
  const roots: string[] = [];
  before(async () => { server = await buildServer(); });
  after(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });

  it('takes initializationOptions.settings.dlmWeights, then pushes of the section', async () => {
    const root = makeTree(TREE);
    roots.push(root);
    const client = LspClient.start(server);
    try {
      await client.initialize([root], { like: 'nvim-0.7', initializationOptions: { settings: { dlmWeights: { seed: '7' } } } });
      await client.indexed(root);
      assert.equal(await seedOfDryRun(client, root), 7);

      client.pushSettings({ dlmWeights: { seed: 9 } });
      assert.equal(await seedOfDryRun(client, root), 9);

      // a push without the section (what VS Code sends) changes nothing here
      client.pushSettings(null);
      assert.equal(await seedOfDryRun(client, root), 9);

      client.pushSettings({ dlmWeights: { maxFiles: 1 } });
      await client.until('tooLarge after maxFiles = 1', () => client.statuses.at(-1)?.state === 'tooLarge');
      client.pushSettings({ dlmWeights: {} });
      await client.until('ready again with the defaults', () => client.statuses.at(-1)?.state === 'ready');
      assert.equal(await seedOfDryRun(client, root), 42);
    } finally {
      await client.stop();
    }
  });

  it('takes a top-level dlmWeights in initializationOptions (Helix `config`)', async () => {
    const root = makeTree(TREE);
    roots.push(root);
    const client = LspClient.start(server);
    try {
      await client.initialize([root], { like: 'nvim-0.7', initializationOptions: { dlmWeights: { seed: '-3' } } });
      await client.indexed(root);
      assert.equal(await seedOfDryRun(client, root), -3);
    } finally {
      await client.stop();
    }
  });

  it('with workspace/configuration: a push without the section pulls again; one with it applies as sent', async () => {
    const root = makeTree(TREE);
    roots.push(root);
    const client = LspClient.start(server);
    client.settings = { seed: '5' };
    try {
      await client.initialize([root]);
      await client.indexed(root);
      assert.equal(await seedOfDryRun(client, root), 5);
      client.settings = { seed: '6' };
      const n = client.statuses.length;
      client.pushSettings(null);
      await client.until('a new index', () => client.statuses.length > n && client.statuses.at(-1)?.state === 'ready');
      assert.equal(await seedOfDryRun(client, root), 6);
      client.pushSettings({ dlmWeights: { seed: '8' } });
      assert.equal(await seedOfDryRun(client, root), 8);
    } finally {
      await client.stop();
    }
  });
});
