// Lists a source tree the way dlm sees it: every file (regular, or a symlink
// to one) in Python path order, and every `.dlm` directory (an anchor). Never
// descends into symlinked directories, so symlink loops cannot trap it.
import { nodeFs, type EngineFs } from '../fs/index.js';
import { compareCodePoints } from '../pytext.js';

export interface TreeListing {
  /** POSIX paths relative to the root, in Python path order. */
  files: string[];
  /** Directories (relative, '' = root) that contain a `.dlm` directory. */
  anchors: string[];
  /** Directories that could not be listed, with the reason. */
  unreadable: Array<{ path: string; error: string }>;
}

export interface ListOptions {
  signal?: AbortSignal;
  onDirectory?: (filesSoFar: number) => void;
  fs?: EngineFs;
}

/** Longest stretch of synchronous listing before yielding to the event loop. */
const BATCH_MS = 8;

/** What a walk reports, in Python path order. */
export interface TreeVisitor<D> {
  /** A folder, before any of its entries; `anchor`: it holds a `.dlm` folder. Returns what `file` gets for it. */
  directory(rel: string, anchor: boolean): D;
  file(dir: D, name: string): void;
  unreadable(rel: string, error: string): void;
}

/**
 * Walks a tree depth-first, each folder's entries sorted by code point: the
 * files come out in exactly Python's component-wise path order. Listing is
 * synchronous (much cheaper per folder than the promise API), yielding
 * between short batches so callers stay responsive and cancellable.
 */
export async function walkTree<D>(root: string, visitor: TreeVisitor<D>, opts: ListOptions = {}): Promise<void> {
  const fs = opts.fs ?? nodeFs;
  let files = 0;
  let batchStart = performance.now();
  async function visit(rel: string): Promise<void> {
    if (performance.now() - batchStart > BATCH_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      opts.signal?.throwIfAborted();
      batchStart = performance.now();
    }
    const abs = rel === '' ? root : root === '/' ? `/${rel}` : `${root}/${rel}`;
    const listed = fs.list(abs);
    if (!listed.ok) {
      visitor.unreadable(rel, listed.error);
      return;
    }
    const entries = listed.entries;
    // an empty folder's list has another hidden class than a filled one: kept away from the sort
    if (entries.length > 1) entries.sort((a, b) => compareCodePoints(a.name, b.name));
    opts.onDirectory?.(files);
    const anchor = entries.some((d) => d.name === '.dlm' && (d.kind === 'dir' || (d.kind === 'symlink' && d.target === 'dir')));
    const dir = visitor.directory(rel, anchor);
    for (const d of entries) {
      if (d.kind === 'dir') {
        await visit(rel === '' ? d.name : `${rel}/${d.name}`);
      } else if (d.kind === 'file' || (d.kind === 'symlink' && d.target === 'file')) {
        files++;
        visitor.file(dir, d.name);
      }
    }
  }
  await visit('');
}

export async function listTree(root: string, opts: ListOptions = {}): Promise<TreeListing> {
  const out: TreeListing = { files: [], anchors: [], unreadable: [] };
  await walkTree(root, {
    directory: (rel, anchor) => { if (anchor) out.anchors.push(rel); return rel; },
    file: (dir, name) => { out.files.push(dir === '' ? name : `${dir}/${name}`); },
    unreadable: (path, error) => { out.unreadable.push({ path, error }); },
  }, opts);
  return out;
}
