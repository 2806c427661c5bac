// Reads one kept file as dlm does: NUL in the first 1024 bytes = binary,
// invalid UTF-8 = encoding, otherwise a PROSE section whose id is computed
// here. Content is hashed and then forgotten; big files are streamed.
// The same code runs in the read workers (readWorker.ts) and in-thread.
import { isUtf8 } from 'node:buffer';
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { FsError, readFailure, type EngineFs } from '../fs/index.js';
import { BINARY, ENCODING, hexId, MEDIA, TEXT, UNREADABLE } from './fileTable.js';

export type FileContent =
  | { kind: 'text'; sectionId: string }
  | { kind: 'binary' }
  | { kind: 'encoding' }
  | { kind: 'unreadable'; error: string }
  /** stat only: images and audio are never read */
  | { kind: 'media' };

/** Files up to this size are read in one go into a reused buffer; bigger ones are streamed. */
export const STREAM_ABOVE = 8 * 1024 * 1024;

/** Section-id prefix for a file: the type line and dlm's "# source:" header. */
export function sourceHeader(relpath: string): string {
  return `prose\n# source: ${relpath}\n\n`;
}

/** One file's outcome, written by number into the caller's columns. */
export interface ReadSlot {
  kind: number;
  size: number;
  /** UNREADABLE: why. */
  error?: string;
}

/**
 * A section id is a digest's first 8 bytes, copied byte by byte: a subarray
 * of the small digest is a new view per file, and in a profile of the read
 * loop V8 spent its time moving such small arrays' bytes out of its heap.
 */
function putId(digest: Uint8Array, ids: Uint8Array, at: number): void {
  for (let k = 0; k < 8; k++) ids[at + k] = digest[k]!;
}

const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer }).hash;

/**
 * Classifies bytes; a TEXT file's 8-byte id is written to `ids` at `at`.
 * `headroom`: bytes free just before `buf` in its buffer (a scratch read's):
 * the header is written there and header + body hashed in one call.
 */
export function classifyInto(buf: Uint8Array, relpath: string, ids: Uint8Array, at: number, headroom = 0): number {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.subarray(0, 1024).indexOf(0) !== -1) return BINARY;
  if (!isUtf8(b)) return ENCODING;
  const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const body = bom ? b.subarray(3) : b;
  // a name with escaped bytes (not UTF-8 on disk) hashes with U+FFFD in their place: see README
  const header = sourceHeader(relpath);
  // fast path: no CR means the bytes are already normalised
  if (body.indexOf(13) === -1) {
    const h = Buffer.byteLength(header);
    if (h <= headroom + bom) {
      // header + body contiguous in the read buffer: one hash call, no hash object
      const whole = Buffer.from(b.buffer, b.byteOffset + bom - h, h + body.length);
      whole.write(header, 0, 'utf8');
      const digest = oneShot ? oneShot('sha256', whole, 'buffer') : createHash('sha256').update(whole).digest();
      putId(digest, ids, at);
      return TEXT;
    }
    putId(createHash('sha256').update(header).update(body).digest(), ids, at);
    return TEXT;
  }
  putId(createHash('sha256').update(header).update(body.toString('utf8').replace(/\r\n?/g, '\n')).digest(), ids, at);
  return TEXT;
}

async function classifyStreamInto(fs: EngineFs, abs: string, relpath: string, ids: Uint8Array, at: number, slot: ReadSlot): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const h = createHash('sha256').update(sourceHeader(relpath));
  let first = true;
  let pendingCR = false;
  try {
    for await (const chunk of fs.stream(abs)) {
      if (first && chunk.subarray(0, 1024).indexOf(0) !== -1) { slot.kind = BINARY; return; }
      let text = decoder.decode(chunk, { stream: true });
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      if (pendingCR) { text = (text.startsWith('\n') ? '' : '\n') + text; pendingCR = false; }
      if (text.endsWith('\r')) { pendingCR = true; text = text.slice(0, -1); }
      h.update(text.replace(/\r\n?/g, '\n'));
    }
    const tail = decoder.decode();
    h.update((pendingCR ? '\n' : '') + tail);
  } catch (e) {
    if (e instanceof TypeError) { slot.kind = ENCODING; return; }
    slot.kind = UNREADABLE;
    slot.error = e instanceof FsError ? (e.code === 'ENOTREG' ? 'not a regular file' : e.code) : String(e);
    return;
  }
  putId(h.digest(), ids, at);
  slot.kind = TEXT;
}

/**
 * Read and classify one file that a walk listed as a regular file, through
 * `fs`'s safe read, into `slot` (and a TEXT file's id into `ids` at `at`).
 * Small files land in a reused buffer (far cheaper per file than the promise
 * API); big ones are streamed. Media files are only stat'ed. Returns a
 * promise only when it streams.
 */
export function readInto(fs: EngineFs, abs: string, relpath: string, isMedia: boolean, ids: Uint8Array, at: number, slot: ReadSlot): Promise<void> | undefined {
  slot.error = undefined;
  slot.size = -1;
  if (isMedia) {
    const st = fs.stat(abs);
    if (!st || st.kind !== 'file') {
      slot.kind = UNREADABLE;
      slot.error = st ? 'not a regular file' : 'ENOENT';
    } else {
      slot.kind = MEDIA;
      slot.size = st.size;
    }
    return undefined;
  }
  // room for the `# source:` header before the bytes (see classifyInto); the walk listed it as a file
  const r = fs.read(abs, { maxBytes: STREAM_ABOVE, scratch: true, headroom: 16 + 3 * relpath.length + 2, listedAsFile: true });
  switch (r.kind) {
    case 'ok':
      slot.size = r.size;
      slot.kind = classifyInto(r.bytes, relpath, ids, at, r.headroom ?? 0);
      return undefined;
    case 'too-large':
      slot.size = r.size;
      return classifyStreamInto(fs, abs, relpath, ids, at, slot);
    default:
      slot.kind = UNREADABLE;
      slot.error = readFailure(r);
      return undefined;
  }
}

function contentOf(slot: ReadSlot, ids: Uint8Array): FileContent {
  switch (slot.kind) {
    case TEXT: return { kind: 'text', sectionId: hexId(ids, 0) };
    case BINARY: return { kind: 'binary' };
    case ENCODING: return { kind: 'encoding' };
    case MEDIA: return { kind: 'media' };
    default: return { kind: 'unreadable', error: slot.error ?? 'unreadable' };
  }
}

export function classifyBytes(buf: Uint8Array, relpath: string): FileContent {
  const ids = new Uint8Array(8);
  return contentOf({ kind: classifyInto(buf, relpath, ids, 0), size: buf.length }, ids);
}

/** One file as an object (tests and one-off callers). */
export async function readAndClassify(fs: EngineFs, abs: string, relpath: string, isMedia: boolean): Promise<{ size: number | null; content: FileContent }> {
  const ids = new Uint8Array(8);
  const slot: ReadSlot = { kind: 0, size: -1 };
  await readInto(fs, abs, relpath, isMedia, ids, 0, slot);
  return { size: slot.size < 0 ? null : slot.size, content: contentOf(slot, ids) };
}
