// The report model, one definition of each shape. The engine produces the
// report, so the definitions live in the engine's pure type files
// (src/engine/types.ts, src/engine/reportDetails.ts, src/engine/problems.ts);
// everything outside the engine (report UI, client, server, CLI) imports them
// from here. Only shapes that differ on the wire are defined in this file.
import type { ReportDetails } from '../engine/reportDetails';

export type {
  ConfigProblem, ConfigSummary, CountMap, DocumentError, DryRunReport, ReportRow, SkipReason, SourceSummary, TagMap,
  Totals, TrainError, WeightMap,
} from '../engine/types';
export { SKIP_REASONS } from '../engine/types';
export type { ReportDetails, RowSource, SkippedFile, UnreadableFile } from '../engine/reportDetails';
export type { DocumentErrorKind, EngineProblem, PredictionGap, ProblemLocation, ProblemStage } from '../engine/problems';
export { DOCUMENT_ERROR_KINDS } from '../engine/problems';

/**
 * ReportDetails as sent over the wire (plain JSON): without the unblocked
 * report (Maps and bigints; the server keeps it for editor facts), plus the
 * directory the report's paths are relative to.
 */
export type ReportDetailsJson = Omit<ReportDetails, 'unblocked'> & {
  /** Absolute directory that row origins, anchors and skipped paths are relative to. */
  root: string;
};

/**
 * The per-row numbers of a report, parallel to its rows: what a live patch
 * carries when only weights changed. Non-finite weights are null (as in the
 * contract JSON).
 */
/**
 * Every row's numbers, parallel to the rows. A row's weight is
 * `weights[weightAt[i]]` (null: non-finite): a weight is one of a few
 * products of tag weights, so a position costs a few characters where the
 * weight itself (1.7550000000000001) costs twenty.
 */
export interface RowNumbers {
  weights: Array<number | null>;
  /**
   * When present, the rows whose numbers changed (ascending positions in the
   * base report's rows); weightAt / copies / valCopies are then parallel to
   * it, and every other row keeps its numbers. Else they are parallel to all rows.
   */
  at?: number[];
  weightAt: number[];
  copies: number[];
  valCopies: number[];
}

export function reportDetailsJson(details: ReportDetails, root: string): ReportDetailsJson {
  // only the declared fields: the engine's objects may carry working ones
  return {
    root,
    skippedFiles: details.skippedFiles.map(({ source, path, reason }) => ({ source, path, reason })),
    unreadableFiles: details.unreadableFiles.map(({ path, error }) => ({ path, error })),
    rowSources: details.rowSources,
    problems: details.problems.map(({ stage, kind, message, location }) => ({ stage, kind, message, location })),
    gaps: details.gaps.map(({ kind, path, message }) => ({ kind, path, message })),
  };
}
