// The server's own file watcher, for clients that cannot watch files (Neovim
// 0.7; Neovim ≥ 0.10 on Linux; Emacs eglot without a file-notify backend).
//
// One non-recursive `fs.watch` per directory: on Linux an inotify watch on a
// directory reports creations, deletions and writes of its entries, so a tree
// costs one watch per folder. Hand-written because the libraries do not scale
// to the trees the index accepts: chokidar 4 opens one watcher per *file*,
// Node 20's recursive fs.watch on Linux also watches every file and walks the
// tree synchronously, and @parcel/watcher is a native module (an install
// script, per-platform binaries, cannot be bundled into dist/server.js).
//
// Folders are never skipped (dlm's walk visits every folder, even `.git/` and
// `node_modules/`: their files count as excluded), but symlinked folders are
// not followed, as in dlm's walk. Events only name paths; what changed is
// decided by whoever reads the batch (from the disk, at that time).
import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** What an event suggests happened to a path (the reader checks the disk). */
export type WatchHint = 'created' | 'changed' | 'deleted';

export interface TreeWatcherHost {
  /** A path under a root changed (called synchronously from the watch callback: keep it cheap). */
  onPath(path: string, hint: WatchHint): void;
  /** Events under `root` were lost (the system dropped them): treat everything under it as changed. */
  onLost(root: string): void;
  log(message: string): void;
}

const isUnder = (p: string, dir: string): boolean => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

export class TreeWatcher {
  private readonly dirs = new Map<string, FSWatcher>();
  private readonly roots = new Set<string>();
  private limitLogged = false;
  private closed = false;

  /** @param maxDirs most folders watched in all (each costs a watch and a handle) */
  constructor(private readonly host: TreeWatcherHost, private readonly maxDirs = 20_000) {}

  /** Folders watched now. */
  get size(): number {
    return this.dirs.size;
  }

  /** Watches `root` and every folder under it; resolves once the tree is walked. False if `root` cannot be watched. */
  async addRoot(root: string): Promise<boolean> {
    if (this.closed || this.roots.has(root)) return true;
    this.roots.add(root);
    await this.addTree(root);
    return this.dirs.has(root);
  }

  /** Stops watching `root` (folders also under another root stay watched). */
  removeRoot(root: string): void {
    if (!this.roots.delete(root)) return;
    for (const [dir, w] of this.dirs) {
      if (!isUnder(dir, root)) continue;
      if ([...this.roots].some((r) => isUnder(dir, r))) continue;
      w.close();
      this.dirs.delete(dir);
    }
  }

  close(): void {
    this.closed = true;
    for (const w of this.dirs.values()) w.close();
    this.dirs.clear();
    this.roots.clear();
  }

  private rootOf(p: string): string | undefined {
    let best: string | undefined;
    for (const r of this.roots) if (isUnder(p, r) && (!best || r.length > best.length)) best = r;
    return best;
  }

  /** Breadth first, so that the shallow folders (where configs usually live) are watched first if the limit is reached. */
  private async addTree(top: string): Promise<void> {
    const queue = [top];
    for (let i = 0; i < queue.length; i++) {
      if (this.closed) return;
      const dir = queue[i]!;
      queue[i] = '';
      if (!this.watchDir(dir)) return;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue; // gone or unreadable: dlm's walk cannot list it either
      }
      for (const e of entries) if (e.isDirectory()) queue.push(join(dir, e.name));
    }
  }

  /** False when no more folders can be watched. */
  private watchDir(dir: string): boolean {
    if (this.dirs.has(dir)) return true;
    if (this.dirs.size >= this.maxDirs) return this.limitReached(`${this.maxDirs} folders`);
    let w: FSWatcher;
    try {
      // persistent: false — the watcher never keeps the process alive after `exit`
      w = watch(dir, { persistent: false }, (event, name) => this.event(dir, event, name));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EMFILE') return this.limitReached(`the system's limit on watches (${code})`);
      return true; // gone meanwhile, or not readable: nothing to watch there
    }
    w.on('error', () => this.unwatch(dir));
    this.dirs.set(dir, w);
    return true;
  }

  private limitReached(what: string): false {
    if (!this.limitLogged) {
      this.limitLogged = true;
      this.host.log(`dlm: file watching stopped at ${what}: changes in folders not yet watched are not seen until the server restarts`);
    }
    return false;
  }

  private unwatch(dir: string): void {
    for (const [d, w] of this.dirs) {
      if (!isUnder(d, dir)) continue;
      w.close();
      this.dirs.delete(d);
    }
  }

  private event(dir: string, event: string, name: string | Buffer | null): void {
    if (this.closed) return;
    if (name === null || name === undefined) {
      // the system did not say which entry: the folder's contents are unknown
      const root = this.rootOf(dir);
      if (root) this.host.onLost(root);
      return;
    }
    const path = join(dir, name.toString());
    if (event === 'change') {
      this.host.onPath(path, 'changed');
      return;
    }
    // 'rename': created, deleted or moved. A new folder (or one moved in) gets watched with its subtree;
    // its files are reported by the folder's own path (the reader lists it again).
    this.host.onPath(path, 'created');
    void lstat(path).then(
      (st) => { if (st.isDirectory() && !this.dirs.has(path) && this.rootOf(path)) void this.addTree(path); },
      () => { if (this.dirs.has(path)) this.unwatch(path); },
    );
  }
}
