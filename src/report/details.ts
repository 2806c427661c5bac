// Extra facts the engine knows but the JSON contract does not carry.
import type { SkipReason } from '../engine/types';

export interface SkippedFile {
  /** the source directive's path, as written (directory mode: ".") */
  source: string;
  /** POSIX path relative to the same base as row origins */
  path: string;
  reason: SkipReason;
}

export interface ReportDetails {
  skippedFiles: SkippedFile[];
  /**
   * Absolute directory that row origins, anchors and skipped paths are
   * relative to (corpus root, or the .dlm document's directory). When given,
   * openFile messages carry absolute paths.
   */
  root?: string;
  /** What stops dlm train before training, in dlm's order (shown as errors; the first is report.documentError). */
  problems?: ReadonlyArray<{ message: string }>;
  /** Where dlm-weights knows its prediction may differ from dlm (shown as warnings). */
  gaps?: ReadonlyArray<{ message: string }>;
}
