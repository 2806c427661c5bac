// file: URIs <-> absolute paths, without extra dependencies.
import { fileURLToPath, pathToFileURL } from 'node:url';

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** The absolute path of a file: URI, or null for other schemes / malformed URIs. */
export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}
