// Diagnostics as plain data: per-file checks of a config's text (or of the
// file on disk, read the engine's safe way), the cross-file checks of a
// snapshot, and their LSP shape. Publishing them is the binding's job
// (../publisher.ts).
import { dirname, join } from 'node:path';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import { decodeUtf8Strict } from '../../engine/config/decode';
import { loadTrainingYamlBytes, loadTrainingYamlRead, TRAINING_YAML_READ } from '../../engine/config/index';
import { IGNORE_READ } from '../../engine/corpus/anchors';
import {
  configIssueDiagnostic, diagnoseCorpus, diagnoseIgnoreText, diagnoseTrainingYamlText, fileUnreadableDiagnostic, ignoreTooLargeDiagnostic,
  trainingYmlDiagnostic, type Diagnostic, type Fix,
} from '../../engine/diagnostics/index';
import { nodeFs, type EngineFs } from '../../engine/fs/index';
import { DIAGNOSTIC_CODES } from '../../shared/diagnosticCodes';
import { configKind } from './configFiles';
import type { Snapshot } from './snapshot';
import { pathToUri } from './uri';

/** `Diagnostic.source` of everything dlm-weights publishes. */
export const DIAGNOSTIC_SOURCE = 'dlm-weights';

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

/** An engine diagnostic in LSP's shape (related locations only for clients that show them). */
export function toLspDiagnostic(d: Diagnostic, relatedSupported: boolean): LspDiagnostic {
  const out: LspDiagnostic = { severity: SEVERITY[d.severity], code: d.code, source: DIAGNOSTIC_SOURCE, message: d.message, range: d.range };
  if (d.fixes?.length) out.data = { fixes: d.fixes } satisfies DiagnosticData;
  if (relatedSupported && d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: pathToUri(r.path), range: r.range }, message: r.message }));
  }
  if (DIAGNOSTIC_CODES[d.code].unnecessary) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}

/**
 * Most diagnostics published for one file. A file can hold far more findings
 * than anyone reads (a 500k-rule ignore file whose rules match nothing is
 * 500k of them, 100 MB of JSON per publish); past this many, the most severe
 * are kept.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

const RANK: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** The list itself, or its `max` most severe entries in their original order. */
export function mostSevere<T extends Pick<Diagnostic, 'severity'>>(list: readonly T[], max = MAX_DIAGNOSTICS_PER_FILE): readonly T[] {
  if (list.length <= max) return list;
  const keep = list.map((d, i) => ({ d, i })).sort((a, b) => RANK[a.d.severity] - RANK[b.d.severity] || a.i - b.i).slice(0, max);
  return keep.sort((a, b) => a.i - b.i).map((x) => x.d);
}

/** Per-file checks of a config file's text (no corpus needed). */
export function fileDiagnostics(path: string, text: string, fs: EngineFs = nodeFs): Diagnostic[] {
  switch (configKind(path)) {
    case 'training.yaml':
      return diagnoseTrainingYamlText(text).diagnostics;
    case 'ignore':
      return diagnoseIgnoreText(text);
    case 'training.yml':
      return [trainingYmlDiagnostic(path, fs.stat(join(dirname(path), 'training.yaml')) !== null)];
    default:
      return [];
  }
}

/**
 * Per-file checks of a config file on disk, read with the engine's safe read
 * (a FIFO never blocks; the size is checked before reading). null: no such file.
 */
export function fileDiagnosticsFromDisk(path: string, fs: EngineFs = nodeFs): Diagnostic[] | null {
  const kind = configKind(path);
  if (kind === null || kind === 'training.yml') return fs.stat(path) ? fileDiagnostics(path, '', fs) : null;
  const r = fs.read(path, kind === 'ignore' ? IGNORE_READ : TRAINING_YAML_READ);
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
    return fileDiagnostics(path, new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), fs);
  }
  return fileDiagnostics(path, new TextDecoder('utf-8', { fatal: false }).decode(bytes), fs);
}

/** The cross-file checks of a snapshot, by absolute path: every config of the corpus. */
export function corpusDiagnostics(snapshot: Snapshot): Map<string, Diagnostic[]> {
  return diagnoseCorpus(snapshot.index, snapshot.report, snapshot.details, snapshot.facts);
}

/**
 * What stops `dlm train`, on the `.dlm` document of a document-mode corpus:
 * each problem where it is, or on the opening `---` when it lies in another
 * file (a config that crashes PyYAML has its own error there too).
 */
export function documentProblems(snapshot: Snapshot, documentAbs: string): Diagnostic[] {
  return snapshot.details.problems.map((p): Diagnostic => {
    const range = p.location?.file === documentAbs ? p.location.range : { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } };
    return { severity: 'error', code: p.kind, message: p.message, range };
  });
}
