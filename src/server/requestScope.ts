// The custom requests (dlm/dryRun, dlm/corpora, dlm/selectCorpus,
// dlm/subscribeReport) read and index what their URIs name, so they accept
// only paths inside the workspace folders — symlinks resolved, so a link in
// the workspace to /etc is /etc — or a folder's live corpus document (the
// dlmWeights.corpusDocument setting may name one outside). Anything else is
// answered with InvalidParams.
import { realpathSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { uriToPath } from './features/uri';

/** The path with every symlink resolved; for a path that does not exist, its nearest existing parent resolved. */
export function resolvedPath(path: string): string {
  const rest: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    try {
      return join(realpathSync.native(p), ...rest.reverse());
    } catch {
      if (dirname(p) === p) return path;
      rest.push(basename(p));
    }
  }
}

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

export class RequestScope {
  constructor(
    /** Absolute paths of the workspace folders. */
    private readonly folders: () => readonly string[],
    /** Other paths a request may name: the folders' live corpus documents. */
    private readonly alsoAllowed: () => readonly string[],
  ) {}

  /** Is the path inside a workspace folder (symlinks resolved), or an allowed corpus document? */
  allows(path: string): boolean {
    const real = resolvedPath(path);
    if (this.folders().some((f) => isUnder(real, resolvedPath(f)))) return true;
    return this.alsoAllowed().some((p) => p === path || resolvedPath(p) === real);
  }

  /** The path a request's URI names, if the request may use it; else throws InvalidParams. */
  pathOf(uri: unknown, what: string): string {
    const path = typeof uri === 'string' ? uriToPath(uri) : null;
    if (path === null) throw new ResponseError(ErrorCodes.InvalidParams, `${what} must be a file: URI, got ${JSON.stringify(uri)}`);
    if (!this.allows(path)) throw new ResponseError(ErrorCodes.InvalidParams, `${what} is outside the workspace folders: ${path}`);
    return path;
  }
}
