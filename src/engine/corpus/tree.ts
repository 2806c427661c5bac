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

export async function listTree(root: string, opts: ListOptions = {}): Promise<TreeListing> {
  const fs = opts.fs ?? nodeFs;
  const out: TreeListing = { files: [], anchors: [], unreadable: [] };
  // Depth-first with each directory's entries sorted by code point yields
  // exactly Python's component-wise path order.
  // Synchronous listing (much cheaper per directory than the promise API),
  // yielding between short batches so callers stay responsive and cancellable.
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
      out.unreadable.push({ path: rel, error: listed.error });
      return;
    }
    const entries = listed.entries.sort((a, b) => compareCodePoints(a.name, b.name));
    opts.onDirectory?.(out.files.length);
    for (const d of entries) {
      const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.kind === 'dir') {
        if (d.name === '.dlm') out.anchors.push(rel);
        await visit(childRel);
      } else if (d.kind === 'symlink') {
        if (d.target === 'file') out.files.push(childRel);
        else if (d.name === '.dlm' && d.target === 'dir') out.anchors.push(rel);
      } else if (d.kind === 'file') {
        out.files.push(childRel);
      }
    }
  }
  await visit('');
  return out;
}
