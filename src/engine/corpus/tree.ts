// Lists a source tree the way dlm sees it: every file (regular, or a symlink
// to one) in Python path order, and every `.dlm` directory (an anchor). Never
// descends into symlinked directories, so symlink loops cannot trap it.
import { promises as fs, type Dirent } from 'node:fs';
import { join } from 'node:path';
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
}

async function isDirTarget(abs: string): Promise<boolean> {
  try { return (await fs.stat(abs)).isDirectory(); } catch { return false; }
}
async function isFileTarget(abs: string): Promise<boolean> {
  try { return (await fs.stat(abs)).isFile(); } catch { return false; }
}

export async function listTree(root: string, opts: ListOptions = {}): Promise<TreeListing> {
  const out: TreeListing = { files: [], anchors: [], unreadable: [] };
  // Depth-first with each directory's entries sorted by code point yields
  // exactly Python's component-wise path order.
  async function visit(rel: string): Promise<void> {
    opts.signal?.throwIfAborted();
    const abs = rel === '' ? root : join(root, rel);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch (e) {
      out.unreadable.push({ path: rel, error: (e as NodeJS.ErrnoException).code ?? String(e) });
      return;
    }
    entries.sort((a, b) => compareCodePoints(a.name, b.name));
    opts.onDirectory?.(out.files.length);
    for (const d of entries) {
      const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) {
        if (d.name === '.dlm') out.anchors.push(rel);
        await visit(childRel);
      } else if (d.isSymbolicLink()) {
        const childAbs = join(abs, d.name);
        if (await isFileTarget(childAbs)) out.files.push(childRel);
        else if (d.name === '.dlm' && (await isDirTarget(childAbs))) out.anchors.push(rel);
      } else if (d.isFile()) {
        out.files.push(childRel);
      }
    }
  }
  await visit('');
  return out;
}
