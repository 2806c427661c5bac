// What the engine knows about a report beyond the dry-run contract JSON
// (docs/spec/dry-run-json.md): which files were skipped or unreadable, and
// where each row comes from. Pure types: the report UI, the CLI and the
// language server protocol (src/shared/reportModel.ts) all use these.
import type { EngineProblem, PredictionGap } from './problems.js';
import type { DryRunReport, SkipReason } from './types.js';

export interface SkippedFile {
  /** The source directive's path, as written (directory mode: "."). */
  source: string;
  /** POSIX path relative to the same base as row origins. */
  path: string;
  reason: SkipReason;
}

/** A file the walk listed but could not read (dlm train would fail on it). */
export interface UnreadableFile {
  /** POSIX path relative to the same base as row origins. */
  path: string;
  error: string;
}

export interface RowSource {
  /** Directive index, or -1 for a document body section. */
  directive: number;
  /** File record index within the directive, or body section index. */
  index: number;
}

export interface ReportDetails {
  skippedFiles: SkippedFile[];
  unreadableFiles: UnreadableFile[];
  /** Parallel to report.rows. */
  rowSources: RowSource[];
  /** Everything known to stop dlm train before training, in dlm's order: report.documentError is the first. */
  problems: EngineProblem[];
  /** Where dlm-weights knows its prediction may differ from dlm (inputs it did not evaluate). */
  gaps: PredictionGap[];
  /**
   * With a documentError the report holds only placeholders (as the contract
   * says); this is what dlm would report once that problem is fixed, for
   * editor facts (hover, cross-file diagnostics). Null without a documentError.
   */
  unblocked: { report: DryRunReport; details: ReportDetails } | null;
}
