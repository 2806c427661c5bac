// The engine's file system on the real disk. Synchronous on purpose: one
// listing or one small read costs a fraction of the promise API's overhead,
// which is what keeps a 50k-file walk + read + hash fast; callers yield to
// the event loop between short batches. Each instance owns its reuse buffer,
// so instances in worker threads do not share state.
import { closeSync, constants, fstatSync, openSync, promises as fsp, readdirSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import { decodeFsName, nodePath } from './fsNames.js';
import { FsError, type DirEntry, type EngineFs, type FileInfo, type ListResult, type NodeKind, type ReadOptions, type ReadResult } from './types.js';

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer. It has
// no effect on reading regular files. O_NOCTTY: a terminal device never
// becomes our controlling terminal.
const SAFE_OPEN = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

function codeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? String(e);
}

function kindOf(st: Stats): NodeKind {
  return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
}

function entryOf(d: Dirent, name: string, dir: string): DirEntry {
  if (d.isDirectory()) return { name, kind: 'dir' };
  if (d.isFile()) return { name, kind: 'file' };
  if (!d.isSymbolicLink()) return { name, kind: 'other' };
  let target: NodeKind | null = null;
  try { target = kindOf(statSync(nodePath(dir === '/' ? '/' + name : dir + '/' + name))); } catch { /* dangling, a loop, no access */ }
  return { name, kind: 'symlink', target };
}

function notRegular(st: Stats): ReadResult {
  return { kind: 'not-regular', what: st.isDirectory() ? 'dir' : 'other' };
}

/** `n` bytes read, past the cap: too large, unless a read never stat'ed (listedAsFile) was of no regular file (an endless device). */
function tooLarge(fd: number, n: number, sizeKnown: boolean): ReadResult {
  if (sizeKnown) return { kind: 'too-large', size: n };
  const st = fstatSync(fd);
  return st.isFile() ? { kind: 'too-large', size: Math.max(n, st.size) } : notRegular(st);
}

export class NodeFs implements EngineFs {
  private scratch = Buffer.allocUnsafe(1 << 20);

  stat(path: string): FileInfo | null {
    try {
      // nothing there is common (an anchor without .dlm/ignore): answered without an exception
      const st = statSync(nodePath(path), { throwIfNoEntry: false });
      return st ? { kind: kindOf(st), size: st.size } : null;
    } catch {
      return null;
    }
  }

  list(path: string): ListResult {
    let dirents: Dirent[];
    try {
      dirents = readdirSync(nodePath(path), { withFileTypes: true });
    } catch (e) {
      return { ok: false, error: codeOf(e) };
    }
    // Node decodes names as UTF-8 with U+FFFD for bad bytes; only then list
    // again as bytes and decode them as Python does (rare: keeps the walk fast)
    if (dirents.some((d) => d.name.includes('\ufffd'))) {
      try {
        const raw = readdirSync(nodePath(path), { withFileTypes: true, encoding: 'buffer' });
        return { ok: true, entries: raw.map((d) => entryOf(d as unknown as Dirent, decodeFsName(d.name), path)) };
      } catch (e) {
        return { ok: false, error: codeOf(e) };
      }
    }
    // filled by push from one literal: V8 then makes an empty folder's list with a filled
    // one's hidden class (a walk's code optimised on filled lists keeps running on empty ones)
    const entries: DirEntry[] = [];
    for (const d of dirents) entries.push(entryOf(d, d.name, path));
    return { ok: true, entries };
  }

  read(path: string, opts: ReadOptions): ReadResult {
    let fd: number;
    try {
      fd = openSync(nodePath(path), SAFE_OPEN);
    } catch (e) {
      const code = codeOf(e);
      return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'error', code };
    }
    try {
      // the kind and size, unless the caller's listing vouches for a regular file (see
      // ReadOptions.listedAsFile): a bulk read then costs open, read and close, no Stats object
      let size = -1;
      if (!opts.listedAsFile) {
        const st = fstatSync(fd);
        if (!st.isFile()) return notRegular(st);
        if (st.size > opts.maxBytes) return { kind: 'too-large', size: st.size };
        size = st.size;
      }
      const room = opts.scratch ? (opts.headroom ?? 0) : 0;
      let buf = opts.scratch ? this.scratch : Buffer.allocUnsafe(size >= 0 ? size + 1 : 1 << 16);
      if (size >= 0 && buf.length < room + size + 1) buf = Buffer.allocUnsafe(Math.max(room + size + 1, buf.length * 2));
      else if (buf.length <= room) buf = Buffer.allocUnsafe(room + (1 << 16));
      let n = 0;
      // read to EOF (the file may have grown since fstat), never past the cap
      for (;;) {
        if (room + n === buf.length) {
          if (n > opts.maxBytes) return tooLarge(fd, n, size >= 0);
          const bigger = Buffer.allocUnsafe(room + Math.min((buf.length - room) * 2, opts.maxBytes + 1));
          buf.copy(bigger, room, room, room + n);
          buf = bigger;
        }
        const want = buf.length - room - n;
        const r = readSync(fd, buf, room + n, want, null);
        n += r;
        // a regular file reads short only at its end: no extra read to see 0 bytes
        if (r === 0 || (r < want && n >= size)) break;
      }
      if (n > opts.maxBytes) return tooLarge(fd, n, size >= 0);
      // nothing read and never stat'ed: an empty file, or a FIFO without a writer
      if (size < 0 && n === 0) {
        const st = fstatSync(fd);
        if (!st.isFile()) return notRegular(st);
      }
      if (opts.scratch) this.scratch = buf;
      return { kind: 'ok', size: size >= 0 ? size : n, bytes: buf.subarray(room, room + n), headroom: room };
    } catch (e) {
      const code = codeOf(e);
      return code === 'EISDIR' ? { kind: 'not-regular', what: 'dir' } : { kind: 'error', code };
    } finally {
      closeSync(fd);
    }
  }

  async *stream(path: string, chunkBytes = 1 << 20): AsyncIterable<Uint8Array> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(nodePath(path), SAFE_OPEN);
    } catch (e) {
      throw new FsError(codeOf(e), `cannot open ${path}`);
    }
    try {
      if (!(await handle.stat()).isFile()) throw new FsError('ENOTREG', `not a regular file: ${path}`);
      const buf = Buffer.allocUnsafe(chunkBytes);
      for (;;) {
        let r: number;
        try {
          ({ bytesRead: r } = await handle.read(buf, 0, buf.length, null));
        } catch (e) {
          throw new FsError(codeOf(e), `cannot read ${path}`);
        }
        if (r === 0) return;
        yield buf.subarray(0, r);
      }
    } finally {
      await handle.close();
    }
  }
}

/** The disk, as every entry point uses it unless told otherwise. */
export const nodeFs: EngineFs = new NodeFs();
