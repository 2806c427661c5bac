// The engine's view of a file system: the few operations dry runs and checks
// need, so the same code runs on the disk (nodeFs) or in memory (MemoryFs,
// for fast tests). Paths are absolute POSIX strings. A name that is not
// valid UTF-8 on disk appears with Python's surrogate escapes (each
// undecodable byte b as U+DC00+b), as dlm sees it, and maps back to the
// same bytes.

/** What a path names once symlinks are followed. */
export type NodeKind = 'file' | 'dir' | 'other';

/** A directory entry as listed (symlinks not followed). */
export type EntryKind = NodeKind | 'symlink';

export interface FileInfo {
  kind: NodeKind;
  /** Bytes (files); 0 or unspecified for others. */
  size: number;
}

export interface DirEntry {
  name: string;
  kind: EntryKind;
  /** Symlinks: what the target is, or null when it cannot be reached (dangling, a loop, no permission). */
  target?: NodeKind | null;
}

export type ListResult =
  | { ok: true; entries: DirEntry[] }
  /** `error`: an errno code such as EACCES or ENOTDIR. */
  | { ok: false; error: string };

/**
 * The outcome of one safe read: only regular files are read, the open never
 * blocks (a FIFO answers `not-regular`, never hangs), and the size is checked
 * from the open file's stat before a single byte is read.
 */
export type ReadResult =
  /** `headroom`: bytes free just before `bytes` in its buffer, which the caller may overwrite (see ReadOptions.headroom). */
  | { kind: 'ok'; size: number; bytes: Uint8Array; headroom?: number }
  | { kind: 'too-large'; size: number }
  | { kind: 'not-regular'; what: 'dir' | 'other' }
  | { kind: 'missing' }
  | { kind: 'error'; code: string };

export interface ReadOptions {
  /** Larger files answer `too-large` without being read. */
  maxBytes: number;
  /**
   * The bytes may live in a buffer the next `scratch` read reuses (no
   * allocation per file on the hot path); use them before reading again.
   */
  scratch?: boolean;
  /**
   * With `scratch`: leave this many bytes free before the data in the same
   * buffer (a caller can then put a prefix there and hash prefix + data in
   * one call). A file system may ignore it (the result's `headroom` says).
   */
  headroom?: number;
  /**
   * The caller listed `path` as a regular file moments ago (a walk): the
   * up-front fstat is skipped, and a short read is taken as the end of the
   * file. Whatever could pass for a regular file is still checked: an empty
   * read, a read past `maxBytes` and a directory (a FIFO or device swapped in
   * since the listing is then answered `not-regular`; one a writer is feeding
   * right then reads as what it gave).
   */
  listedAsFile?: boolean;
}

export interface EngineFs {
  /** What `path` names (symlinks followed), or null when nothing can be reached there. */
  stat(path: string): FileInfo | null;
  /** A directory's entries, unsorted; a symlink's target kind is resolved. */
  list(path: string): ListResult;
  /** The one safe read (see ReadResult). */
  read(path: string, opts: ReadOptions): ReadResult;
  /**
   * A regular file in chunks, opened the same safe way as `read`; each chunk
   * is valid until the next is requested. Throws FsError when the file
   * cannot be opened or is not a regular file.
   */
  stream(path: string, chunkBytes?: number): AsyncIterable<Uint8Array>;
}

/** A failed file-system operation, with an errno-like code (ENOENT, EACCES, ENOTREG …). */
export class FsError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'FsError';
  }
}

/** The error code of a failed read as a short word (for "unreadable" reasons). */
export function readFailure(r: Exclude<ReadResult, { kind: 'ok' }>): string {
  switch (r.kind) {
    case 'too-large': return 'too large';
    case 'not-regular': return 'not a regular file';
    case 'missing': return 'ENOENT';
    case 'error': return r.code;
  }
}
