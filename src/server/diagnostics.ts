// Publishing diagnostics: per-file checks (no corpus needed, immediate) and
// cross-file checks (from a folder's current report), merged per file.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DiagnosticSeverity, DiagnosticTag, type Connection, type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver';
import { decodeUtf8Strict } from '../engine/config/decode';
import { loadTrainingYamlBytes, loadTrainingYamlRead, TRAINING_YAML_READ } from '../engine/config/index';
import { IGNORE_READ } from '../engine/corpus/anchors';
import {
  configIssueDiagnostic, diagnoseCorpus, diagnoseIgnoreText, diagnoseTrainingYamlText, fileUnreadableDiagnostic, ignoreTooLargeDiagnostic,
  trainingYmlDiagnostic, type Diagnostic, type Fix,
} from '../engine/diagnostics/index';
import { nodeFs } from '../engine/fs/index';
import { DIAGNOSTIC_CODES } from '../shared/diagnosticCodes';
import { pathToUri } from './uri';
import type { FolderCorpus } from './workspace';

export type ConfigKind = 'training.yaml' | 'ignore' | 'training.yml';

/** Which kind of config file a path is, or null. */
export function configKind(path: string): ConfigKind | null {
  const parts = path.split(/[\\/]/);
  if (parts.length < 2 || parts[parts.length - 2] !== '.dlm') return null;
  const name = parts[parts.length - 1];
  return name === 'training.yaml' || name === 'ignore' || name === 'training.yml' ? name : null;
}

/** What rides along in LSP `Diagnostic.data` so code actions can offer the fixes. */
export interface DiagnosticData {
  fixes: Fix[];
}

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toLsp(d: Diagnostic, relatedSupported: boolean): LspDiagnostic {
  const out: LspDiagnostic = { severity: SEVERITY[d.severity], code: d.code, source: 'dlm-weights', message: d.message, range: d.range };
  if (d.fixes?.length) out.data = { fixes: d.fixes } satisfies DiagnosticData;
  if (relatedSupported && d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: pathToUri(r.path), range: r.range }, message: r.message }));
  }
  if (DIAGNOSTIC_CODES[d.code].unnecessary) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}

/** Per-file checks of a config file's text. */
export function localDiagnostics(path: string, text: string): Diagnostic[] {
  switch (configKind(path)) {
    case 'training.yaml':
      return diagnoseTrainingYamlText(text).diagnostics;
    case 'ignore':
      return diagnoseIgnoreText(text);
    case 'training.yml':
      return [trainingYmlDiagnostic(path, existsSync(join(dirname(path), 'training.yaml')))];
    default:
      return [];
  }
}

/** Per-file checks of a config file on disk (missing file: none), read with the engine's safe read (a FIFO never blocks). */
export function localDiagnosticsFromDisk(path: string): Diagnostic[] | null {
  const kind = configKind(path);
  if (kind === null || kind === 'training.yml') return nodeFs.stat(path) ? localDiagnostics(path, '') : null;
  const r = nodeFs.read(path, kind === 'ignore' ? IGNORE_READ : TRAINING_YAML_READ);
  switch (r.kind) {
    case 'missing': return null;
    case 'not-regular': case 'error': return [fileUnreadableDiagnostic(r)];
    case 'too-large': return kind === 'ignore' ? [ignoreTooLargeDiagnostic(r.size)] : loadTrainingYamlRead(r)!.issues.map(configIssueDiagnostic);
    case 'ok': break;
  }
  const bytes = r.bytes;
  if (kind === 'training.yaml') {
    const decoded = decodeUtf8Strict(bytes);
    // not UTF-8: the loader's own verdict on the bytes (dlm skips the file)
    if (!decoded.ok) return loadTrainingYamlBytes(bytes).issues.map(configIssueDiagnostic);
    // the editor's view of the file keeps a BOM / CRLF; ranges are in that text
    return localDiagnostics(path, new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  }
  return localDiagnostics(path, new TextDecoder('utf-8', { fatal: false }).decode(bytes));
}

/**
 * What stops `dlm train`, on the `.dlm` document (document mode): each problem
 * where it is, or on the opening `---` when it lies in another file (a config
 * that crashes PyYAML has its own error there too).
 */
function documentDiagnostics(folder: FolderCorpus): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const snap = folder.snapshot;
  const doc = folder.currentPlan?.documentAbs;
  if (!snap || !doc) return out;
  const list = snap.details.problems.map((p): Diagnostic => {
    const range = p.location?.file === doc ? p.location.range : { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } };
    return { severity: 'error', code: p.kind, message: p.message, range };
  });
  out.set(doc, list);
  return out;
}

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

  /** Recompute the cross-file diagnostics of a folder from its current snapshot; returns every path touched. */
  updateCross(folder: FolderCorpus): Set<string> {
    const before = this.cross.get(folder.uri);
    const touched = new Set<string>(before?.keys() ?? []);
    const snap = folder.snapshot;
    const next = new Map<string, Diagnostic[]>();
    if (snap) {
      try {
        for (const [path, list] of diagnoseCorpus(snap.index, snap.report, snap.details)) next.set(path, list);
      } catch (e) {
        this.log(`dlm: cross-file diagnostics failed: ${(e as Error)?.stack ?? e}`);
      }
      for (const [path, list] of documentDiagnostics(folder)) next.set(path, [...(next.get(path) ?? []), ...list]);
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
   * document opened again).
   */
  publish(path: string, version?: number, force = this.forced.delete(path)): void {
    const diagnostics = this.diagnosticsOf(path).map((d) => toLsp(d, this.relatedSupported));
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
