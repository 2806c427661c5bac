// Reads one kept file as dlm does: NUL in the first 1024 bytes = binary,
// invalid UTF-8 = encoding, otherwise a PROSE section whose id is computed
// here. Content is hashed and then forgotten; big files are streamed.
import { promises as fs, createReadStream } from 'node:fs';
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
  return { kind: 'text', sectionId: h.digest('hex').slice(0, 16) };
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
  return { kind: 'text', sectionId: h.digest('hex').slice(0, 16) };
}

export async function readAndClassify(abs: string, relpath: string, size: number): Promise<FileContent> {
  if (size > STREAM_ABOVE) return classifyStream(abs, relpath);
  try {
    return classifyBytes(await fs.readFile(abs), relpath);
  } catch (e) {
    return { kind: 'unreadable', error: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
}
