// Who tells the server about changes on disk, and how they reach it: in
// batches, coalesced per path and bounded, whether they come from the client
// (workspace/didChangeWatchedFiles) or from the server's own watcher.
//
// Modes (reported in dlm/indexStatus and logged once):
//   client  the client watches, through the dynamic registrations below (the
//           VS Code extension too); a client that watches on its own says so
//           with initializationOptions.watchFiles = false and gets none.
//   server  the client cannot watch (no dynamic registration for
//           didChangeWatchedFiles): the server watches the workspace folders
//           itself (./watchTree).
//   none    the server's watcher could not start.
//
// What must be watched for the results to stay exact (semantics.md): the
// `.dlm/` folders and their files and the `.dlm` documents anywhere in a
// folder (they decide whether and how it is indexed); and, once a folder is
// indexed, every file under its corpus roots: any file created or deleted
// changes the counts (even in `.git/` or `node_modules/`, whose files count as
// excluded) and any kept file's content may change its rows. So the client is
// asked for `**/.dlm/**`, `**/.dlm`, `**/*.dlm` from the start and for all
// files only under the roots of indexed corpora (relative patterns on the
// directive roots when the client supports them): nothing broad for a folder
// without `.dlm`, and only the sources in document mode.
import {
  DidChangeWatchedFilesNotification, WatchKind, type Connection, type Disposable, type FileSystemWatcher,
} from 'vscode-languageserver';
import type { WatchMode } from '../shared/protocol';
import { pathToUri } from './features/uri';
import { TreeWatcher, type WatchHint } from './watchTree';
import { isUnder } from './workspace';

export type { WatchHint } from './watchTree';

export interface FileBatch {
  /** Path → the last hint seen for it. */
  paths: Map<string, WatchHint>;
  /** Roots whose events were lost or too many to list: anything under them may have changed. */
  lost: Set<string>;
}

export interface BatchLimits {
  /** Quiet time that ends a batch. */
  quietMs: number;
  /** Longest a batch waits while events keep coming. */
  maxWaitMs: number;
  /** Distinct paths in one batch; past it, the batch says "everything under the root" instead. */
  maxPaths: number;
}

const DEFAULT_LIMITS: BatchLimits = { quietMs: 150, maxWaitMs: 1000, maxPaths: 2000 };

/** Collects events into batches: a `git checkout` of 10k files is one batch of bounded size. */
export class ChangeBatcher {
  private batch: FileBatch = { paths: new Map(), lost: new Set() };
  private quiet: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliver: (b: FileBatch) => void,
    /** The root a path belongs to (for a batch that overflows). */
    private readonly rootOf: (path: string) => string,
    private readonly limits: BatchLimits = DEFAULT_LIMITS,
  ) {}

  add(path: string, hint: WatchHint): void {
    const b = this.batch;
    if (b.lost.size && [...b.lost].some((r) => isUnder(path, r))) return;
    if (!b.paths.has(path) && b.paths.size >= this.limits.maxPaths) {
      this.lose(this.rootOf(path));
      return;
    }
    b.paths.delete(path); // keep the order of the last event
    b.paths.set(path, hint);
    this.schedule();
  }

  lose(root: string): void {
    const b = this.batch;
    b.lost.add(root);
    for (const p of b.paths.keys()) if (isUnder(p, root)) b.paths.delete(p);
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.flush(), this.limits.quietMs);
    this.deadline ??= setTimeout(() => this.flush(), this.limits.maxWaitMs);
  }

  flush(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
    this.quiet = this.deadline = undefined;
    const b = this.batch;
    if (b.paths.size === 0 && b.lost.size === 0) return;
    this.batch = { paths: new Map(), lost: new Set() };
    this.deliver(b);
  }

  dispose(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
  }
}

export interface WatchingHost {
  log(message: string): void;
  onBatch(batch: FileBatch): void;
}

export interface WatchCaps {
  /** workspace.didChangeWatchedFiles.dynamicRegistration */
  dynamicWatch: boolean;
  /** workspace.didChangeWatchedFiles.relativePatternSupport */
  relativePatterns: boolean;
  /** initializationOptions.watchFiles: false = the client watches on its own and needs no registration. */
  clientWatchesItself: boolean;
}

const ALL = WatchKind.Create | WatchKind.Change | WatchKind.Delete;
/** Always asked for: configs, anchors and documents. */
export const CONFIG_GLOBS = ['**/.dlm/**', '**/.dlm', '**/*.dlm'];

export interface CorpusRoot {
  path: string;
  /** A single-file directive: only that file (and its folder's `.dlm/`). */
  isFile: boolean;
}

export class FileWatching {
  readonly mode: WatchMode;
  private readonly batcher: ChangeBatcher;
  private tree: TreeWatcher | null = null;
  private folders: string[] = [];
  private corpusKey = '';
  private corpusRegistration: Promise<Disposable | null> = Promise.resolve(null);

  constructor(private readonly connection: Connection, private readonly host: WatchingHost, private readonly caps: WatchCaps) {
    this.batcher = new ChangeBatcher((b) => host.onBatch(b), (p) => this.folders.find((f) => isUnder(p, f)) ?? p);
    this.mode = caps.clientWatchesItself || caps.dynamicWatch ? 'client' : 'server';
  }

  /** Whether the mode started as announced (the server's watcher may fail: then 'none'). */
  private failed = false;
  get effectiveMode(): WatchMode {
    return this.failed ? 'none' : this.mode;
  }

  async start(): Promise<void> {
    if (this.mode === 'client' && !this.caps.clientWatchesItself) {
      await this.register(CONFIG_GLOBS.map((g) => ({ globPattern: g, kind: ALL })));
    }
    if (this.mode === 'server') {
      this.tree = new TreeWatcher({
        onPath: (p, hint) => this.batcher.add(p, hint),
        onLost: (root) => this.batcher.lose(root),
        log: (m) => this.host.log(m),
      });
    }
    this.host.log(`dlm: file changes on disk are reported by ${this.mode === 'client' ? 'the client' : "the server's own watcher (the client does not watch files)"}`);
  }

  /** A workspace/didChangeWatchedFiles change. */
  clientEvent(path: string, hint: WatchHint): void {
    this.batcher.add(path, hint);
  }

  /**
   * The workspace folders (always watched: a `.dlm` may appear anywhere) and
   * the roots of the corpora being indexed (every file under them matters).
   */
  update(folders: string[], corpusRoots: CorpusRoot[]): Promise<void> {
    // one at a time, in order: each compares against what the previous one set up
    this.updating = this.updating.then(() => this.apply(folders, corpusRoots)).catch((e) => this.host.log(`dlm: file watching: ${(e as Error)?.stack ?? e}`));
    return this.updating;
  }
  private updating: Promise<void> = Promise.resolve();

  private async apply(folders: string[], corpusRoots: CorpusRoot[]): Promise<void> {
    this.folders = [...folders].sort((a, b) => b.length - a.length); // deepest first, for rootOf
    if (this.tree) {
      const wanted = [...folders, ...corpusRoots.filter((r) => !r.isFile && !folders.some((f) => isUnder(r.path, f))).map((r) => r.path)];
      for (const r of wanted) {
        if (this.treeRoots.includes(r)) continue;
        if (await this.tree.addRoot(r)) this.host.log(`dlm: watching ${r} (${this.tree.size} folders watched)`);
        else this.host.log(`dlm: cannot watch ${r}`);
      }
      this.failed = wanted.length > 0 && this.tree.size === 0;
      for (const r of this.treeRoots) if (!wanted.includes(r)) this.tree.removeRoot(r);
      this.treeRoots = wanted;
      return;
    }
    if (this.mode !== 'client' || this.caps.clientWatchesItself) return;
    const watchers = this.corpusWatchers(corpusRoots);
    const key = JSON.stringify(watchers);
    if (key === this.corpusKey) return;
    this.corpusKey = key;
    const previous = this.corpusRegistration;
    this.corpusRegistration = (async () => {
      (await previous)?.dispose();
      return watchers.length ? this.register(watchers) : null;
    })();
    await this.corpusRegistration;
  }

  private treeRoots: string[] = [];

  private corpusWatchers(roots: CorpusRoot[]): FileSystemWatcher[] {
    if (roots.length === 0) return [];
    if (!this.caps.relativePatterns) return [{ globPattern: '**/*', kind: ALL }];
    const dirs = roots.filter((r) => !r.isFile).map((r) => r.path).sort((a, b) => a.length - b.length);
    const outer = dirs.filter((d, i) => !dirs.slice(0, i).some((o) => isUnder(d, o)));
    const out: FileSystemWatcher[] = outer.map((d) => ({ globPattern: { baseUri: pathToUri(d), pattern: '**/*' }, kind: ALL }));
    for (const r of roots) {
      if (!r.isFile || outer.some((o) => isUnder(r.path, o))) continue;
      const slash = r.path.lastIndexOf('/');
      out.push({ globPattern: { baseUri: pathToUri(r.path.slice(0, slash) || '/'), pattern: r.path.slice(slash + 1) }, kind: ALL });
    }
    return out;
  }

  private async register(watchers: FileSystemWatcher[]): Promise<Disposable | null> {
    try {
      return await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    } catch (e) {
      this.host.log(`dlm: the client refused to watch files: ${(e as Error)?.message ?? e}`);
      return null;
    }
  }

  dispose(): void {
    this.batcher.dispose();
    this.tree?.close();
  }
}
