// The walked files of one directive, column by column: a million files cost
// a few typed-array slots each plus their name, never an object apiece.
// Paths share their folder: each file keeps a folder number and its bare name.
// What a weights edit needs per file (kind, size, section id, memoised roll
// and split bits) lives in typed arrays; nothing holds file contents.

/** What reading a file found (FileTable.kind). */
export const UNREAD = 0;
export const TEXT = 1;
export const BINARY = 2;
export const ENCODING = 3;
export const UNREADABLE = 4;
/** stat only: images and audio are never read */
export const MEDIA = 5;

/** Bytes of typed-array columns per file (kind, folder, size, id, roll, split bits): the index's per-file cost beyond the name. */
export const BYTES_PER_FILE = 1 + 4 + 8 + 8 + 8 + 4;

/** Copies whose split a file's own bits memoise (0..15); later copy numbers live in a row set's HighSplitMemo. */
export const MEMO_COPIES = 16;

/** One file as the rest of the engine sees it (made on demand; not kept). */
export interface FileView {
  /** The directive root (for a single-file directive: the file's folder). */
  readonly root: string;
  /** Relative to `root`, POSIX. */
  readonly rel: string;
  readonly abs: string;
  /** Has the file been read (or stat'ed, for media)? */
  readonly read: boolean;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hexId(bytes: Uint8Array, at: number): string {
  return HEX[bytes[at]!]! + HEX[bytes[at + 1]!]! + HEX[bytes[at + 2]!]! + HEX[bytes[at + 3]!]! +
    HEX[bytes[at + 4]!]! + HEX[bytes[at + 5]!]! + HEX[bytes[at + 6]!]! + HEX[bytes[at + 7]!]!;
}

/** Writes a 16-hex-digit id as 8 bytes at `at`. */
export function putHexId(hex: string, out: Uint8Array, at: number): void {
  for (let i = 0; i < 8; i++) out[at + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
}

/** Copy `sub`'s memoised split (below MEMO_COPIES) in a file's split bits: in validation or not, undefined while not worked out. */
export function splitOf(bits: number, sub: number): boolean | undefined {
  return bits & (1 << (2 * sub)) ? (bits & (2 << (2 * sub))) !== 0 : undefined;
}

/** `bits` with copy `sub`'s split (below MEMO_COPIES) memoised. */
export function withSplit(bits: number, sub: number, inValidation: boolean): number {
  // copy 15's bits are the sign bit of an int32: fine, the column is a Uint32Array
  return bits | (1 << (2 * sub)) | (inValidation ? 2 << (2 * sub) : 0);
}

/** The "worked out" bits of copies 0..k-1, for k = 0..MEMO_COPIES. */
const KNOWN_FIRST = Uint32Array.from({ length: MEMO_COPIES + 1 }, (_, k) => (k === MEMO_COPIES ? 0x55555555 : (1 << (2 * k)) - 1) & 0x55555555);

/**
 * Copies from..from+count-1 (all below MEMO_COPIES) of a file's split bits,
 * in one test: how many are in validation, or -1 when some are not worked
 * out. A report's expansion reads a file's copies this way, not one by one.
 */
export function validationInRange(bits: number, from: number, count: number): number {
  const known = (KNOWN_FIRST[count]! << (2 * from)) >>> 0;
  if (((bits & known) >>> 0) !== known) return -1;
  // the validation bit sits just above each "worked out" bit
  let v = ((bits >>> 1) & known) >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function grow<T extends Uint8Array | Uint32Array | Float64Array>(a: T, n: number, fill?: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}

export class FileTable implements Iterable<FileView> {
  /** Folder paths relative to the root ('' = the root), by folder number. */
  readonly dirs: string[] = [];
  private dirNumbers = new Map<string, number>();
  names: string[] = [];
  dirOf = new Uint32Array(16);
  kind = new Uint8Array(16);
  /** Bytes, -1 while unknown. */
  size = new Float64Array(16).fill(-1);
  /** Section ids, 8 bytes per file (TEXT files). */
  ids = new Uint8Array(16 * 8);
  /** Memoised keep roll for `memoSeed`, NaN while unknown. */
  roll = new Float64Array(16).fill(NaN);
  /** Memoised validation split of copies 0..MEMO_COPIES-1 for `memoSeed`: bit 2s = known, bit 2s+1 = in validation. */
  split = new Uint32Array(16);
  memoSeed: bigint | null = null;
  /** Why an UNREADABLE file could not be read (sparse). */
  readonly errors = new Map<number, string>();
  length = 0;

  constructor(readonly root: string) {}

  /** The folder number of `rel` ('' = the root), added when new. */
  dir(rel: string): number {
    let n = this.dirNumbers.get(rel);
    if (n === undefined) {
      n = this.dirs.length;
      this.dirs.push(rel);
      this.dirNumbers.set(rel, n);
    }
    return n;
  }

  add(dir: number, name: string): number {
    const i = this.length;
    if (i === this.dirOf.length) {
      const n = i * 2;
      this.dirOf = grow(this.dirOf, n);
      this.kind = grow(this.kind, n);
      this.size = grow(this.size, n, -1);
      this.ids = grow(this.ids, n * 8);
      this.roll = grow(this.roll, n, NaN);
      this.split = grow(this.split, n);
    }
    this.dirOf[i] = dir;
    this.names.push(name);
    this.length = i + 1;
    return i;
  }

  /** Add a file by its path relative to the root. */
  addPath(rel: string): number {
    const slash = rel.lastIndexOf('/');
    return this.add(this.dir(slash === -1 ? '' : rel.slice(0, slash)), rel.slice(slash + 1));
  }

  rel(i: number): string {
    const d = this.dirs[this.dirOf[i]!]!;
    return d === '' ? this.names[i]! : `${d}/${this.names[i]!}`;
  }

  abs(i: number): string {
    // plain concatenation: `root` is absolute and normalised (path.join is costly per file)
    return this.root === '/' ? '/' + this.rel(i) : this.root + '/' + this.rel(i);
  }

  sectionId(i: number): string {
    return hexId(this.ids, i * 8);
  }

  /** Forget what was read of file i (it changed on disk). */
  forget(i: number): void {
    this.kind[i] = UNREAD;
    this.size[i] = -1;
    this.roll[i] = NaN;
    this.split[i] = 0;
    this.errors.delete(i);
  }

  /** Start memoising for `seed` (forgets what was memoised for another). */
  useSeed(seed: bigint): void {
    if (this.memoSeed === seed) return;
    this.memoSeed = seed;
    this.roll.fill(NaN);
    this.split.fill(0);
  }

  /** The number of the file at `abs`, or -1 (a scan of integers: no map of paths is kept). */
  find(abs: string): number {
    const base = this.root === '/' ? '/' : this.root + '/';
    if (!abs.startsWith(base)) return -1;
    const rel = abs.slice(base.length);
    const slash = rel.lastIndexOf('/');
    const dir = this.dirNumbers.get(slash === -1 ? '' : rel.slice(0, slash));
    if (dir === undefined) return -1;
    const name = rel.slice(slash + 1);
    for (let i = 0; i < this.length; i++) if (this.dirOf[i] === dir && this.names[i] === name) return i;
    return -1;
  }

  at(i: number): FileView | undefined {
    return i >= 0 && i < this.length ? new FileRef(this, i) : undefined;
  }

  *[Symbol.iterator](): Iterator<FileView> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}

/** A file of a table, its path made when asked for. */
class FileRef implements FileView {
  private relPath: string | undefined;
  constructor(private readonly t: FileTable, private readonly i: number) {}
  get root(): string { return this.t.root; }
  get rel(): string { return (this.relPath ??= this.t.rel(this.i)); }
  get abs(): string { return this.t.root === '/' ? '/' + this.rel : this.t.root + '/' + this.rel; }
  get read(): boolean { return this.t.kind[this.i] !== UNREAD; }
}
