// Whether the live report of a folder may be published as the new truth. While
// a config open in the editor holds unsaved text that does not load (a
// half-typed YAML line), the recompute reflects a state nobody meant: dlm
// would ignore the whole file. Subscribers keep the last valid report and are
// told why (dlm/reportChanged `kind: 'stale'`). Saved text is always the
// truth, even broken: that is what `dlm train` would read.
import type { Diagnostic } from '../engine/diagnostics/index';
import { configKind } from './features/configFiles';

export interface StaleEdit {
  /** Absolute path of the edited config. */
  path: string;
  /** 0-based line of its first error. */
  line: number;
  message: string;
}

export interface LiveTruthInput {
  /** Unsaved editor text by absolute path (the folder's files only). */
  texts: ReadonlyMap<string, string>;
  /** The file's text on disk, or null when it cannot be read. */
  diskText(path: string): string | null;
  /** The per-file checks of a path. */
  localDiagnostics(path: string): readonly Diagnostic[] | undefined;
}

/** The first edited config that does not load, or null when the live report is the truth. */
export function staleEdit(input: LiveTruthInput): StaleEdit | null {
  for (const [path, text] of input.texts) {
    const kind = configKind(path);
    if (kind !== 'training.yaml' && kind !== 'ignore') continue;
    const error = input.localDiagnostics(path)?.find((d) => d.severity === 'error');
    if (!error) continue;
    if (input.diskText(path) === text) continue;
    return { path, line: error.range.start.line, message: error.message };
  }
  return null;
}
