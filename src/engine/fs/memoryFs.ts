// An in-memory file system for tests: files, directories, symlinks and
// "other" nodes (a FIFO, a device) under absolute POSIX paths, with the same
// answers nodeFs gives for them. No disk, no event-loop work: a dry run or a
// check on it takes milliseconds.
import { posix } from 'node:path';
import { FsError, type DirEntry, type EngineFs, type FileInfo, type ListResult, type NodeKind, type ReadOptions, type ReadResult } from './types.js';

type MemNode =
  | { kind: 'file'; bytes: Uint8Array }
  | { kind: 'dir'; children: Map<string, MemNode> }
  | { kind: 'symlink'; target: string }
  | { kind: 'other' }
  /** A directory that cannot be listed, whose entries still resolve by path (chmod 311, for an unprivileged user). */
  | { kind: 'locked-dir'; children: Map<string, MemNode> };

const MAX_LINKS = 40; // as Linux's ELOOP limit

export class MemoryFs implements EngineFs {
  private readonly root: MemNode = { kind: 'dir', children: new Map() };
  /** Paths whose bytes were handed out (successful `read` / `stream`), in order: tests check what was (not) read. */
  readLog: string[] = [];
  /** Directories listed, in order. */
  listLog: string[] = [];

  /** `files`: absolute path -> text (UTF-8) or bytes; parent directories are created. */
  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, data] of Object.entries(files)) this.writeFile(p, data);
  }

  writeFile(path: string, data: string | Uint8Array): this {
    this.put(path, { kind: 'file', bytes: typeof data === 'string' ? Buffer.from(data, 'utf8') : data });
    return this;
  }
  mkdir(path: string): this {
    this.dirAt(path, true);
    return this;
  }
  symlink(target: string, path: string): this {
    this.put(path, { kind: 'symlink', target });
    return this;
  }
  /** A FIFO, socket or device: exists, but is no regular file. */
  mkOther(path: string): this {
    this.put(path, { kind: 'other' });
    return this;
  }
  /** Make a directory unlistable (its entries stay reachable by path, as with chmod 311). */
  lock(path: string): this {
    const parent = this.dirAt(posix.dirname(path), false);
    const name = posix.basename(path);
    const node = parent?.get(name);
    if (!node || node.kind !== 'dir') throw new Error(`not a directory: ${path}`);
    parent!.set(name, { kind: 'locked-dir', children: node.children });
    return this;
  }
  remove(path: string): this {
    this.dirAt(posix.dirname(path), false)?.delete(posix.basename(path));
    return this;
  }

  stat(path: string): FileInfo | null {
    const n = this.resolve(path, true);
    if (!n) return null;
    return { kind: kindOf(n), size: n.kind === 'file' ? n.bytes.length : 0 };
  }

  list(path: string): ListResult {
    this.listLog.push(path);
    const n = this.resolve(path, true);
    if (!n) return { ok: false, error: 'ENOENT' };
    if (n.kind === 'locked-dir') return { ok: false, error: 'EACCES' };
    if (n.kind !== 'dir') return { ok: false, error: 'ENOTDIR' };
    const entries: DirEntry[] = [];
    for (const [name, child] of n.children) {
      if (child.kind === 'symlink') {
        const t = this.resolve(posix.join(path, name), true);
        entries.push({ name, kind: 'symlink', target: t ? kindOf(t) : null });
      } else entries.push({ name, kind: kindOf(child) });
    }
    return { ok: true, entries };
  }

  read(path: string, opts: ReadOptions): ReadResult {
    const n = this.resolve(path, true);
    if (!n) return { kind: 'missing' };
    if (n.kind !== 'file') return { kind: 'not-regular', what: kindOf(n) === 'dir' ? 'dir' : 'other' };
    if (n.bytes.length > opts.maxBytes) return { kind: 'too-large', size: n.bytes.length };
    this.readLog.push(path);
    return { kind: 'ok', size: n.bytes.length, bytes: n.bytes };
  }

  async *stream(path: string, chunkBytes = 1 << 20): AsyncIterable<Uint8Array> {
    const n = this.resolve(path, true);
    if (!n) throw new FsError('ENOENT', `no such file: ${path}`);
    if (n.kind !== 'file') throw new FsError('ENOTREG', `not a regular file: ${path}`);
    this.readLog.push(path);
    for (let i = 0; i < n.bytes.length; i += chunkBytes) yield n.bytes.subarray(i, i + chunkBytes);
  }

  // ------------------------------------------------------------ internals

  private put(path: string, node: MemNode): void {
    const dir = this.dirAt(posix.dirname(absolute(path)), true);
    if (!dir) throw new Error(`not a directory: ${posix.dirname(path)}`);
    dir.set(posix.basename(path), node);
  }

  /** The children map of the directory at `path` (following symlinks), created when asked. */
  private dirAt(path: string, create: boolean): Map<string, MemNode> | null {
    let cur: MemNode = this.root;
    let at = '/';
    for (const part of absolute(path).split('/').filter(Boolean)) {
      if (cur.kind !== 'dir' && cur.kind !== 'locked-dir') return null;
      at = posix.join(at, part);
      let next: MemNode | null | undefined = cur.children.get(part);
      if (next?.kind === 'symlink') next = this.resolve(at, true);
      if (!next) {
        if (!create) return null;
        next = { kind: 'dir', children: new Map() };
        cur.children.set(part, next);
      }
      cur = next;
    }
    return cur.kind === 'dir' || cur.kind === 'locked-dir' ? cur.children : null;
  }

  /** The node at `path`, following symlinks (the last one too when `follow`); null when unreachable. */
  private resolve(path: string, follow: boolean, depth = 0): MemNode | null {
    if (depth > MAX_LINKS) return null;
    const parts = absolute(path).split('/').filter(Boolean);
    let cur: MemNode = this.root;
    let at = '/';
    for (let i = 0; i < parts.length; i++) {
      if (cur.kind !== 'dir' && cur.kind !== 'locked-dir') return null;
      const child = cur.children.get(parts[i]!);
      if (!child) return null;
      const here = posix.join(at, parts[i]!);
      if (child.kind === 'symlink' && (follow || i < parts.length - 1)) {
        const target = posix.resolve(at, child.target);
        const rest = parts.slice(i + 1).join('/');
        return this.resolve(rest ? posix.join(target, rest) : target, follow, depth + 1);
      }
      cur = child;
      at = here;
    }
    return cur;
  }
}

function kindOf(n: MemNode): NodeKind {
  return n.kind === 'file' ? 'file' : n.kind === 'dir' || n.kind === 'locked-dir' ? 'dir' : 'other';
}

function absolute(p: string): string {
  if (!p.startsWith('/')) throw new Error(`MemoryFs paths are absolute: ${p}`);
  return posix.normalize(p);
}
