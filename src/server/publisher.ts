// Publishing diagnostics: per-file checks (no corpus needed, immediate) and
// cross-file checks (from a folder's current snapshot), merged per file and
// sent only when they changed. What the diagnostics are is decided by the
// providers in ./features/diagnostics.ts.
import type { Connection } from 'vscode-languageserver';
import type { Diagnostic } from '../engine/diagnostics/index';
import { corpusDiagnostics, documentProblems, mostSevere, toLspDiagnostic } from './features/diagnostics';
import { pathToUri } from './features/uri';
import type { FolderCorpus } from './workspace';

export class DiagnosticsPublisher {
  /** Per-file checks by absolute path. */
  private local = new Map<string, Diagnostic[]>();
  /** Cross-file checks by folder, then absolute path. */
  private cross = new Map<string, Map<string, Diagnostic[]>>();
  /** What was last sent per file (JSON of the LSP diagnostics); absent: nothing, or an empty list. */
  private published = new Map<string, string>();
  /** Files whose next publish is sent even when unchanged. */
  private forced = new Set<string>();
  relatedSupported = false;

  constructor(private readonly connection: Connection, private readonly log: (m: string) => void) {}

  setLocal(path: string, diagnostics: Diagnostic[] | null): void {
    if (diagnostics === null) this.local.delete(path);
    else this.local.set(path, diagnostics);
  }
  /** The next publish of `path` is sent even if unchanged (the client may have dropped what it had). */
  forceNext(path: string): void {
    this.forced.add(path);
  }
  /** Files that have per-file checks. */
  localPaths(): string[] {
    return [...this.local.keys()];
  }
  hasLocal(path: string): boolean {
    return this.local.has(path);
  }
  localOf(path: string): readonly Diagnostic[] | undefined {
    return this.local.get(path);
  }

  /** Recompute the cross-file diagnostics of a folder from its current snapshot; returns every path touched. */
  updateCross(folder: FolderCorpus): Set<string> {
    const before = this.cross.get(folder.uri);
    const touched = new Set<string>(before?.keys() ?? []);
    const snap = folder.snapshot;
    const next = new Map<string, Diagnostic[]>();
    if (snap) {
      try {
        for (const [path, list] of corpusDiagnostics(snap)) next.set(path, list);
      } catch (e) {
        this.log(`dlm: cross-file diagnostics failed: ${(e as Error)?.stack ?? e}`);
      }
      const doc = folder.currentPlan?.documentAbs;
      if (doc) next.set(doc, [...(next.get(doc) ?? []), ...documentProblems(snap, doc)]);
    }
    for (const p of next.keys()) touched.add(p);
    this.cross.set(folder.uri, next);
    return touched;
  }

  dropFolder(folderUri: string): Set<string> {
    const touched = new Set(this.cross.get(folderUri)?.keys() ?? []);
    this.cross.delete(folderUri);
    return touched;
  }

  /** Merged diagnostics of one file. */
  diagnosticsOf(path: string): Diagnostic[] {
    const all = [...(this.local.get(path) ?? [])];
    const seen = new Set(all.map(key));
    for (const m of this.cross.values()) {
      for (const d of m.get(path) ?? []) {
        const k = key(d);
        if (!seen.has(k)) { seen.add(k); all.push(d); }
      }
    }
    return all;
  }

  /**
   * Sends the merged diagnostics of one file unless they equal what was last
   * sent for it (a recompute touches every config of a folder; most did not
   * change). `force` sends regardless: a client may have dropped them (a
   * document opened again). At most MAX_DIAGNOSTICS_PER_FILE, the most severe.
   */
  publish(path: string, version?: number, force = this.forced.delete(path)): void {
    const all = this.diagnosticsOf(path);
    const shown = mostSevere(all);
    if (shown.length < all.length) this.log(`dlm: ${path}: ${all.length} diagnostics; publishing the ${shown.length} most severe`);
    const diagnostics = shown.map((d) => toLspDiagnostic(d, this.relatedSupported));
    const fingerprint = JSON.stringify(diagnostics);
    const last = this.published.get(path);
    if (!force && (last === undefined ? diagnostics.length === 0 : last === fingerprint)) return;
    if (diagnostics.length) this.published.set(path, fingerprint);
    else this.published.delete(path);
    void this.connection.sendDiagnostics({ uri: pathToUri(path), version, diagnostics })
      .catch((e) => this.log(`dlm: publishing diagnostics failed: ${e}`));
  }
}

function key(d: Diagnostic): string {
  return `${d.code}\u0000${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}\u0000${d.message}`;
}
