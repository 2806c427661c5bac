// Whether the live report of a folder may be published as the new truth. While
// a config open in the editor holds unsaved text that does not load (a
// half-typed YAML line), the recompute reflects a state nobody meant: dlm
// would ignore the whole file. Subscribers keep the last valid report and are
// told why (dlm/reportChanged `kind: 'stale'`). Saved text is always the
// truth, even broken: that is what `dlm train` would read.
import type { Diagnostic } from '../engine/diagnostics/index';
import { nodeFs, type EngineFs } from '../engine/fs/index';
import { configKind } from './features/configFiles';

/** A config's saved text, through the engine's one safe read; null when it cannot be read (or is over 64 MiB). */
export function diskTextOf(path: string, fs: EngineFs = nodeFs): string | null {
  const r = fs.read(path, { maxBytes: 64 * 1024 * 1024 });
  return r.kind === 'ok' ? new TextDecoder().decode(r.bytes) : null;
}

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
