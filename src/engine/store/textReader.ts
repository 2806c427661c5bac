// The one way the tokens and store modules read files: an injected reader, so
// the language server can serve unsaved or virtual files and tests can fake a
// disk. The default goes through the engine's file-system seam (its safe read:
// regular files only, a non-blocking open, the size checked before reading).
import { nodeFs, type EngineFs } from '../fs/index.js';

export interface TextReader {
  /** The file's text (UTF-8), or null when it is missing, unreadable, not a regular file or larger than `maxBytes`. */
  readText(path: string, maxBytes: number): string | null;
}

/** A reader over an EngineFs; never throws. */
export function fsTextReader(fs: EngineFs): TextReader {
  return {
    readText(path, maxBytes) {
      const r = fs.read(path, { maxBytes });
      return r.kind === 'ok' ? Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString('utf8') : null;
    },
  };
}

/** Reads the real disk. */
export const diskTextReader: TextReader = fsTextReader(nodeFs);
