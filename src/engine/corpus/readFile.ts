// Reads one kept file as dlm does: NUL in the first 1024 bytes = binary,
// invalid UTF-8 = encoding, otherwise a PROSE section whose id is computed
// here. Content is hashed and then forgotten; big files are streamed.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { FsError, readFailure, type EngineFs } from '../fs/index.js';

export type FileContent =
  | { kind: 'text'; sectionId: string }
  | { kind: 'binary' }
  | { kind: 'encoding' }
  | { kind: 'unreadable'; error: string }
  /** stat only: images and audio are never read */
  | { kind: 'media' };

/** Files up to this size are read in one go into a reused buffer; bigger ones are streamed. */
const STREAM_ABOVE = 8 * 1024 * 1024;

/** Section-id prefix for a file: the type line and dlm's "# source:" header. */
export function sourceHeader(relpath: string): string {
  return `prose\n# source: ${relpath}\n\n`;
}

export function classifyBytes(buf: Uint8Array, relpath: string): FileContent {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.subarray(0, 1024).indexOf(0) !== -1) return { kind: 'binary' };
  if (!isUtf8(b)) return { kind: 'encoding' };
  let body = b;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  // a name with escaped bytes (not UTF-8 on disk) hashes with U+FFFD in their place: see README
  const h = createHash('sha256').update(sourceHeader(relpath));
  // fast path: no CR means the bytes are already normalised
  if (body.indexOf(13) === -1) h.update(body);
  else h.update(body.toString('utf8').replace(/\r\n?/g, '\n'));
  return { kind: 'text', sectionId: h.digest().toString('hex', 0, 8) };
}

async function classifyStream(fs: EngineFs, abs: string, relpath: string): Promise<FileContent> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const h = createHash('sha256').update(sourceHeader(relpath));
  let first = true;
  let pendingCR = false;
  try {
    for await (const chunk of fs.stream(abs)) {
      if (first && chunk.subarray(0, 1024).indexOf(0) !== -1) return { kind: 'binary' };
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
    if (e instanceof TypeError) return { kind: 'encoding' };
    return { kind: 'unreadable', error: e instanceof FsError ? (e.code === 'ENOTREG' ? 'not a regular file' : e.code) : String(e) };
  }
  return { kind: 'text', sectionId: h.digest().toString('hex', 0, 8) };
}

/**
 * Read and classify one file through `fs`'s safe read. Small files land in a
 * reused buffer (far cheaper per file than the promise API; callers yield to
 * the event loop between batches); big ones are streamed. Media files are
 * only stat'ed.
 */
export async function readAndClassify(fs: EngineFs, abs: string, relpath: string, isMedia: boolean): Promise<{ size: number | null; content: FileContent }> {
  if (isMedia) {
    const st = fs.stat(abs);
    if (!st) return { size: null, content: { kind: 'unreadable', error: 'ENOENT' } };
    if (st.kind !== 'file') return { size: null, content: { kind: 'unreadable', error: 'not a regular file' } };
    return { size: st.size, content: { kind: 'media' } };
  }
  const r = fs.read(abs, { maxBytes: STREAM_ABOVE, scratch: true });
  switch (r.kind) {
    case 'ok': return { size: r.size, content: classifyBytes(r.bytes, relpath) };
    case 'too-large': return { size: r.size, content: await classifyStream(fs, abs, relpath) };
    default: return { size: null, content: { kind: 'unreadable', error: readFailure(r) } };
  }
}
