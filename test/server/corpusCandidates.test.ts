// The folder's candidate corpora (for Choose Corpus and the dry-run command)
// come from one walk of the folder, shared by everyone who asks while it runs:
// a dry run at start-up asks for them while the first build is searching them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FolderCorpus } from '../../src/server/workspace';
import { normalizeSettings } from '../../src/server/settings';
import { makeTree } from './lspHarness';

const ULID = '01HZ4X7TGZM3J1A2B3C4D5E6F7';
const doc = (source: string) => `---\ndlm_id: ${ULID}\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  sources:\n    - path: ${source}\n---\nBody.\n`;

/** A FolderCorpus over a new folder holding `files`, never started: nothing but the candidate search runs. */
async function withFolder(files: Record<string, string>, fn: (folder: FolderCorpus, root: string) => Promise<void>): Promise<void> {
  const root = makeTree(files);
  const folder = new FolderCorpus(pathToFileURL(root).href, 'x', normalizeSettings(undefined), {
    texts: () => new Map(), log: () => undefined, onState: () => undefined,
    beginProgress: async () => ({ report: () => undefined, done: () => undefined }),
    onSnapshot: () => undefined,
  });
  try {
    await fn(folder, root);
  } finally {
    folder.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

const labels = (list: Array<{ label: string }>) => list.map((c) => c.label);

describe('FolderCorpus.listCandidates', { timeout: 60_000 }, () => {
  it('callers asking while a search runs share it; a caller that gives up does not end it for the others', () =>
    withFolder({ 'a/one.dlm': doc('.'), 'b/two.dlm': doc('.'), 'c/notes.md': 'x\n' }, async (folder) => {
      const gaveUp = new AbortController();
      const first = folder.listCandidates(gaveUp.signal);
      const second = folder.listCandidates();
      gaveUp.abort();
      await assert.rejects(first, (e: Error) => e.name === 'AbortError');
      const list = await second;
      assert.deepEqual(labels(list), ['.', 'a/one.dlm', 'b/two.dlm']);
      // one search, one answer: the same list to everyone, and kept for later callers
      const third = folder.listCandidates();
      assert.equal(await third, list);
    }));

  it('two callers at once get the very same list (one walk)', () =>
    withFolder({ 'a/one.dlm': doc('.') }, async (folder) => {
      const [x, y] = await Promise.all([folder.listCandidates(), folder.listCandidates()]);
      assert.equal(x, y);
    }));

  it('documents changed during a search (forgetCandidates): the callers waiting get a new search', () =>
    withFolder({ 'a/one.dlm': doc('.') }, async (folder, root) => {
      const waiting = folder.listCandidates();
      writeFileSync(join(root, 'a', 'two.dlm'), doc('.'));
      folder.forgetCandidates();
      assert.deepEqual(labels(await waiting), ['.', 'a/one.dlm', 'a/two.dlm']);
    }));
});
