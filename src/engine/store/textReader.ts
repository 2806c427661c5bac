// The one way the tokens and store modules read files: an injected reader, so
// the language server can serve unsaved or virtual files and tests can fake a
// disk. (The engine's file-system seam will provide one; this default reads
// the real disk.)
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface TextReader {
  /** The file's text (UTF-8), or null when it is missing, unreadable, not a regular file or larger than `maxBytes`. */
  readText(path: string, maxBytes: number): string | null;
}

/** Reads the real disk; never throws. */
export const diskTextReader: TextReader = {
  readText(path, maxBytes) {
    let fd = -1;
    try {
      fd = openSync(path, 'r');
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > maxBytes) return null;
      // one spare byte: filling it means the file grew while read (or past the cap)
      const buf = Buffer.allocUnsafe(st.size + 1);
      let n = 0;
      for (;;) {
        const r = readSync(fd, buf, n, buf.length - n, null);
        if (r === 0) break;
        n += r;
        if (n === buf.length) return null;
      }
      return buf.toString('utf8', 0, n);
    } catch {
      return null;
    } finally {
      if (fd !== -1) closeSync(fd);
    }
  },
};
