// The server's file watching, below the protocol: batches stay bounded however
// many events arrive, and the per-folder watcher sees new folders' files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { normalizeSettings } from '../../src/server/settings';
import { FolderCorpus } from '../../src/server/workspace';
import { ChangeBatcher, type FileBatch } from '../../src/server/watchFiles';
import { TreeWatcher, type WatchHint } from '../../src/server/watchTree';

const LIMITS = { quietMs: 60_000, maxWaitMs: 60_000, maxPaths: 100 };

describe('ChangeBatcher', () => {
  it('coalesces events per path, keeping the last hint', () => {
    const got: FileBatch[] = [];
    const b = new ChangeBatcher((x) => got.push(x), () => '/r', LIMITS);
    b.add('/r/a', 'created');
    b.add('/r/b', 'changed');
    b.add('/r/a', 'deleted');
    b.flush();
    b.dispose();
    assert.equal(got.length, 1);
    assert.deepEqual([...got[0]!.paths], [['/r/b', 'changed'], ['/r/a', 'deleted']]);
    assert.equal(got[0]!.lost.size, 0);
  });

  it('10k events past the bound become one "everything under the root" entry, not 10k paths', () => {
    const got: FileBatch[] = [];
    const b = new ChangeBatcher((x) => got.push(x), (p) => (p.startsWith('/r/') ? '/r' : '/s'), LIMITS);
    b.add('/s/keep', 'changed');
    for (let i = 0; i < 10_000; i++) b.add(`/r/f${i}`, 'created');
    b.flush();
    b.dispose();
    assert.equal(got.length, 1);
    assert.deepEqual([...got[0]!.lost], ['/r']);
    assert.deepEqual([...got[0]!.paths.keys()], ['/s/keep']);
  });

  it('delivers after a quiet time, and at the latest after maxWait while events keep coming', async () => {
    const got: FileBatch[] = [];
    const b = new ChangeBatcher((x) => got.push(x), () => '/r', { quietMs: 30, maxWaitMs: 200, maxPaths: 100 });
    b.add('/r/a', 'changed');
    await until(() => got.length === 1);
    // a steady stream (never quiet for 30 ms) is still delivered, batch after batch
    const stream = setInterval(() => b.add('/r/b', 'changed'), 5);
    try {
      await until(() => got.length >= 3);
    } finally {
      clearInterval(stream);
      b.dispose();
    }
  });
});

describe('TreeWatcher', { timeout: 60_000 }, () => {
  it('reports files in folders created after it started, and ends its watches on close', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'dlmw-watch-')));
    const seen: Array<[string, WatchHint]> = [];
    const w = new TreeWatcher({ onPath: (p, h) => seen.push([p, h]), onLost: () => undefined, log: () => undefined });
    try {
      mkdirSync(join(root, 'a/b'), { recursive: true });
      assert.equal(await w.addRoot(root), true);
      assert.equal(w.size, 3);
      writeFileSync(join(root, 'a/b/x.txt'), 'x');
      await until(() => seen.some(([p]) => p === join(root, 'a/b/x.txt')));
      mkdirSync(join(root, 'new'));
      await until(() => w.size === 4);
      writeFileSync(join(root, 'new/y.txt'), 'y');
      await until(() => seen.some(([p]) => p === join(root, 'new/y.txt')));
      rmSync(join(root, 'a'), { recursive: true });
      await until(() => w.size === 2);
    } finally {
      w.close();
      rmSync(root, { recursive: true, force: true });
    }
    assert.equal(w.size, 0);
  });

  it('stops at its folder limit and says so', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'dlmw-watch-')));
    const logs: string[] = [];
    for (let i = 0; i < 10; i++) mkdirSync(join(root, `d${i}`));
    const w = new TreeWatcher({ onPath: () => undefined, onLost: () => undefined, log: (m) => logs.push(m) }, 4);
    try {
      await w.addRoot(root);
      assert.equal(w.size, 4);
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, /stopped at 4 folders/);
    } finally {
      w.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('FolderCorpus.listedAs (what a change on disk can affect)', { timeout: 60_000 }, () => {
  it('tells listed files that are read, listed files that are not, folders and the rest apart', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'dlmw-listed-')));
    const files: Record<string, string> = {
      '.dlm/training.yaml': 'exclude:\n  - "skip/**"\n', 'a.md': 'a\n', 'skip/b.md': 'b\n', '.git/HEAD': 'ref\n', 'deep/er/c.md': 'c\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
    let ready: () => void = () => undefined;
    const built = new Promise<void>((r) => { ready = r; });
    const folder = new FolderCorpus(pathToFileURL(root).href, 'x', normalizeSettings(undefined), {
      texts: () => new Map(), log: () => undefined, onState: () => undefined,
      beginProgress: async () => ({ report: () => undefined, done: () => undefined }),
      onSnapshot: () => ready(),
    });
    try {
      assert.equal(folder.listedAs(join(root, 'a.md')), null, 'no listing before the build');
      folder.start();
      await built;
      assert.equal(folder.listedAs(join(root, 'a.md')), 'file');
      assert.equal(folder.listedAs(join(root, 'deep/er/c.md')), 'file');
      assert.equal(folder.listedAs(join(root, 'skip/b.md')), 'unread');
      assert.equal(folder.listedAs(join(root, '.git/HEAD')), 'unread');
      assert.equal(folder.listedAs(join(root, 'deep')), 'dir');
      assert.equal(folder.listedAs(join(root, '.git')), 'dir');
      assert.equal(folder.listedAs(join(root, '.dlm')), 'dir');
      assert.equal(folder.listedAs(join(root, '.git/index.lock')), 'none');
      assert.equal(folder.listedAs(join(root, 'new')), 'none');
    } finally {
      folder.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
