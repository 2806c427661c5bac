// Reads one kept file as dlm does: NUL in the first 1024 bytes = binary,
// invalid UTF-8 = encoding, otherwise a PROSE section whose id is computed
// here. Content is hashed and then forgotten; big files are streamed.
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';

export type FileContent =
  | { kind: 'text'; sectionId: string }
  | { kind: 'binary' }
  | { kind: 'encoding' }
  | { kind: 'unreadable'; error: string }
  /** stat only: images and audio are never read */
  | { kind: 'media' };

const STREAM_ABOVE = 8 * 1024 * 1024;

/** Section-id prefix for a file: the type line and dlm's "# source:" header. */
export function sourceHeader(relpath: string): string {
  return `prose\n# source: ${relpath}\n\n`;
}

export function classifyBytes(buf: Buffer, relpath: string): FileContent {
  if (buf.subarray(0, 1024).indexOf(0) !== -1) return { kind: 'binary' };
  if (!isUtf8(buf)) return { kind: 'encoding' };
  let body = buf;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  const h = createHash('sha256').update(sourceHeader(relpath));
  // fast path: no CR means the bytes are already normalised
  if (body.indexOf(13) === -1) h.update(body);
  else h.update(body.toString('utf8').replace(/\r\n?/g, '\n'));
  return { kind: 'text', sectionId: h.digest().toString('hex', 0, 8) };
}

async function classifyStream(abs: string, relpath: string): Promise<FileContent> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const h = createHash('sha256').update(sourceHeader(relpath));
  let first = true;
  let pendingCR = false;
  try {
    for await (const chunk of createReadStream(abs, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
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
    return { kind: 'unreadable', error: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
  return { kind: 'text', sectionId: h.digest().toString('hex', 0, 8) };
}

let scratch = Buffer.allocUnsafe(1 << 20);

/**
 * Read and classify one file. Small files are read synchronously into a
 * reused buffer (far cheaper per file than the promise API; callers yield to
 * the event loop between batches); big ones are streamed.
 */
export async function readAndClassify(abs: string, relpath: string, isMedia: boolean): Promise<{ size: number | null; content: FileContent }> {
  let fd: number;
  try {
    // O_NONBLOCK: a file swapped for a FIFO after the listing must not block the run
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { size: null, content: { kind: 'unreadable', error: (e as NodeJS.ErrnoException).code ?? String(e) } };
  }
  let size: number | null = null;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { size: null, content: { kind: 'unreadable', error: 'not a regular file' } };
    size = st.size;
    if (isMedia) return { size, content: { kind: 'media' } };
    if (size > STREAM_ABOVE) {
      closeSync(fd);
      fd = -1;
      return { size, content: await classifyStream(abs, relpath) };
    }
    if (size + 1 > scratch.length) scratch = Buffer.allocUnsafe(Math.max(size + 1, scratch.length * 2));
    let n = 0;
    // read to EOF (the file may have grown since fstat)
    for (;;) {
      if (n === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, n);
        scratch = bigger;
      }
      const r = readSync(fd, scratch, n, scratch.length - n, null);
      if (r === 0) break;
      n += r;
    }
    return { size, content: classifyBytes(scratch.subarray(0, n), relpath) };
  } catch (e) {
    return { size, content: { kind: 'unreadable', error: (e as NodeJS.ErrnoException).code ?? String(e) } };
  } finally {
    if (fd !== -1) closeSync(fd);
  }
}
