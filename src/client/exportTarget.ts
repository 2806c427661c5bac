// Where an export goes by default, and whether a chosen path would land inside
// the corpus (where dlm train would read it as one more training row). No
// `vscode` import: unit-tested in plain Node.
import * as path from 'node:path';
import type { CorpusRef } from '../shared/protocol';
import type { DryRunReport, ReportDetailsJson } from '../shared/reportModel';

export type ExportFormatName = 'json' | 'csv' | 'html';

/** A file-name-safe word for the corpus: the document's name, else the folder's. */
export function corpusSlug(corpus: Pick<CorpusRef, 'kind' | 'path'>): string {
  const base = path.basename(corpus.path).replace(/\.dlm$/i, '') || 'corpus';
  const slug = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return slug || 'corpus';
}

/** `dlm-dry-run-<corpus>-seed<seed>.<ext>`: two corpora or two seeds never share a default name. */
export function exportFileName(corpus: Pick<CorpusRef, 'kind' | 'path'>, seed: bigint | null, format: ExportFormatName): string {
  return `dlm-dry-run-${corpusSlug(corpus)}${seed === null ? '' : `-seed${seed}`}.${format}`;
}

/** The absolute directories dlm train reads: every source's root (directory mode: the folder). */
export function corpusRoots(report: Pick<DryRunReport, 'sources'>, details: Pick<ReportDetailsJson, 'root'>, corpus: Pick<CorpusRef, 'kind' | 'path'>): string[] {
  const roots = new Set<string>();
  if (corpus.kind === 'directory') roots.add(path.resolve(corpus.path));
  for (const s of report.sources) roots.add(path.resolve(details.root, s.path));
  return [...roots];
}

/** Whether `file` is at or below one of `roots` (case-insensitively on Windows and macOS file systems). */
export function insideAny(file: string, roots: readonly string[], caseInsensitive = process.platform === 'win32' || process.platform === 'darwin'): string | undefined {
  const norm = (p: string) => (caseInsensitive ? path.resolve(p).toLowerCase() : path.resolve(p));
  const f = norm(file);
  return roots.find((r) => {
    const root = norm(r);
    const rel = path.relative(root, f);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/**
 * The folder an export dialog opens in: the last export folder when it is
 * outside every corpus root, else the OS temp directory.
 */
export function defaultExportDir(lastDir: string | undefined, roots: readonly string[], tempDir: string): string {
  if (lastDir && !insideAny(lastDir, roots)) return lastDir;
  return tempDir;
}
