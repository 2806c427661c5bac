// What `dlm train DIR` trains when it is given a folder rather than a
// document: `DIR/.dlm/corpus.dlm` when it exists, else the one `DIR/.dlm/*.dlm`
// when there is exactly one; with several it refuses and asks which; only
// with none does it scaffold a new document whose one source is DIR with
// include `**/*` (our directory mode). The CLI and the language server both
// decide with this, so they agree on the same folder.
import { join } from 'node:path';
import { nodeFs, type EngineFs } from '../fs/index.js';
import { compareCodePoints } from '../pytext.js';

/** The name dlm looks for first (its default `--name`). */
export const DEFAULT_DOCUMENT_NAME = 'corpus.dlm';

export type TrainTarget =
  /** `corpus`: DIR/.dlm/corpus.dlm exists; `only`: the one document in DIR/.dlm/. */
  | { kind: 'document'; path: string; reason: 'corpus' | 'only' }
  /** Several documents in DIR/.dlm/ and none named corpus.dlm: dlm refuses to choose. */
  | { kind: 'ambiguous'; documents: string[] }
  /** No document in DIR/.dlm/ (or no DIR/.dlm/ at all): dlm would scaffold one over DIR. */
  | { kind: 'directory' };

/**
 * The names dlm's `glob("*.dlm")` finds in DIR/.dlm, in its (sorted) order:
 * every entry whose name ends with `.dlm`, whatever it is (a folder named
 * `x.dlm` too: dlm then fails reading it, and so do we). An unlistable
 * `.dlm/` yields none, as Python's glob does.
 */
function documentNames(fs: EngineFs, dlmDir: string): string[] {
  if (fs.stat(dlmDir)?.kind !== 'dir') return [];
  const listed = fs.list(dlmDir);
  if (!listed.ok) return [];
  return listed.entries.map((e) => e.name).filter((n) => n.endsWith('.dlm')).sort(compareCodePoints);
}

/** How `dlm train dir` picks its document (`dir` absolute). */
export function resolveTrainTarget(dir: string, fs: EngineFs = nodeFs): TrainTarget {
  const dlmDir = join(dir, '.dlm');
  const names = documentNames(fs, dlmDir);
  if (names.includes(DEFAULT_DOCUMENT_NAME)) return { kind: 'document', path: join(dlmDir, DEFAULT_DOCUMENT_NAME), reason: 'corpus' };
  if (names.length === 1) return { kind: 'document', path: join(dlmDir, names[0]!), reason: 'only' };
  if (names.length > 1) return { kind: 'ambiguous', documents: names.map((n) => join(dlmDir, n)) };
  return { kind: 'directory' };
}

/** Which target and why, in a sentence (`label`: the folder as the user wrote it). */
export function describeTrainTarget(t: TrainTarget, label: string, documentLabel: (abs: string) => string = (p) => p): string {
  const dlm = label === '.' ? '.dlm' : `${label.replace(/\/+$/, '')}/.dlm`;
  switch (t.kind) {
    case 'document':
      return t.reason === 'corpus'
        ? `using ${documentLabel(t.path)}, as \`dlm train ${label}\` does (it trains ${dlm}/corpus.dlm when there is one)`
        : `using ${documentLabel(t.path)}, as \`dlm train ${label}\` does (the only document in ${dlm}/)`;
    case 'ambiguous':
      return `${dlm}/ holds ${t.documents.length} documents (${t.documents.map(documentLabel).join(', ')}) and none is corpus.dlm: \`dlm train ${label}\` refuses to choose`;
    case 'directory':
      return `directory mode: ${dlm}/ holds no .dlm document, so \`dlm train ${label}\` would scaffold one whose one source is the folder (include **/*)`;
  }
}
