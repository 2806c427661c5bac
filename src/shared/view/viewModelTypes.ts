// The report UI's input: plain JSON (arrays and primitives only, no Maps), so
// it can cross postMessage and be embedded in a standalone HTML file.
// Weights that may be non-finite come as `number | null` (null = not finite)
// plus a ready-to-show text ("0.5", "NaN", "∞"). Where a type shows a part of
// the report model as it is, it is derived from the model (../reportModel).

import type {
  ConfigSummary, DocumentErrorKind, DryRunReport, ProblemStage, ReportRow, SkippedFile, SkipReason, SourceSummary, Totals, TrainError,
} from '../reportModel';
import type { MixVM, SinceVM } from './insightsTypes';

export interface ReportViewModel extends Pick<DryRunReport, 'mode' | 'document' | 'valFraction'> {
  version: 1;
  title: string;
  root: string | null;
  /** The seed as decimal text, or "unknown" (a document dlm cannot parse, without a seed override: null in the model). */
  seed: string;
  /** dlm expands rows only when the merged weights map is non-empty */
  weightsActive: boolean;
  headline: HeadlineVM;
  trainError: TrainErrorVM | null;
  /** What stops dlm train before it builds a dataset (the report's documentError); the report then has no corpus to show. */
  documentError: DocumentErrorVM | null;
  sources: SourceVM[];
  tags: TagValueVM[];
  configs: ConfigVM[];
  skipped: SkipGroupVM[];
  rows: RowVM[];
  changes: ChangesVM | null;
  notes: NoteVM[];
  /** The training mix, once the second pass has counted it (absent or null: not counted). */
  mix?: MixVM | null;
  /** "Since last training", when the document's dlm store exists. */
  since?: SinceVM | null;
}

/** The report's totals, plus files read and skipped over every source. */
export interface HeadlineVM extends Totals {
  filesRead: number;
  filesSkipped: number;
}

export interface TrainErrorVM {
  code: TrainError;
  title: string;
  explanation: string;
}

/** Where a problem is: the file to open (absolute when the report's root is known), how to name it, the 1-based line. */
export interface ProblemPlaceVM {
  path: string;
  label: string;
  line: number;
}

export interface DocumentProblemVM {
  kind: DocumentErrorKind;
  message: string;
  place: ProblemPlaceVM | null;
}

export interface DocumentErrorVM extends DocumentProblemVM {
  stage: ProblemStage;
  /** The stage as a plain sentence ("dlm train stops while reading the document"). */
  title: string;
  /** What would stop dlm train next, one by one as each is fixed (dlm reports only the first). */
  then: DocumentProblemVM[];
}

export interface SourceVM extends Pick<SourceSummary, 'path' | 'files'> {
  /** Skipped files over every reason. */
  skipped: number;
}

export interface DeltaVM {
  rows: number;
  copies: number;
}

/** One (tag key, tag value): from the distribution, or a weight no row uses. */
export interface TagValueVM {
  key: string;
  value: string;
  /** "key=value" */
  label: string;
  rows: number;
  copies: number;
  valCopies: number;
  /** valCopies / copies; null when there are no copies */
  valShare: number | null;
  /** merged weight; null when not finite (see weightText) or when unset */
  weight: number | null;
  /** "0.5", "NaN", "∞", or "" when no weight is set (factor 1) */
  weightText: string;
  /** anchor of the config whose entry won the merge */
  weightSetBy: string | null;
  /** delta vs the previous report, when one was given */
  delta: DeltaVM | null;
}

export type ConfigStatus = 'loaded' | 'ignored' | 'absent';

export interface ConfigVM extends Pick<ConfigSummary, 'anchor' | 'problem' | 'ignoreRules'> {
  /** 1-based position in dlm's merge order */
  order: number;
  /** path of its training.yaml (absolute when the report's root is known) */
  path: string;
  status: ConfigStatus;
  statusText: string;
  explanation: string;
  metadata: Array<{ key: string; value: string }>;
  weights: WeightEntryVM[];
}

export interface WeightEntryVM {
  key: string;
  value: string;
  weight: number | null;
  weightText: string;
  /** anchor of the later config that overrides this entry, if any */
  overriddenBy: string | null;
  /** rows carrying this tag (the weight applies to them if not overridden) */
  rowsAffected: number;
  /** of those, rows outside this config's own anchor directory */
  rowsOutsideAnchor: number;
}

export interface SkippedFileVM extends Pick<SkippedFile, 'source' | 'path'> {
  openPath: string;
}

export interface SkipGroupVM {
  reason: SkipReason;
  label: string;
  explanation: string;
  count: number;
  /** null when the report carries only counts */
  files: SkippedFileVM[] | null;
}

/** 'both': copies in train and in validation (the report's leakedRows; not a weight leak). */
export type RowStatus = 'train' | 'val' | 'both' | 'dropped' | 'stopped';

export interface RowVM extends Pick<ReportRow, 'origin' | 'copies' | 'valCopies'> {
  openPath: string;
  /** "k=v, k2=v2" */
  tags: string;
  /** null when not finite (see weightText) */
  weight: number | null;
  weightText: string;
  status: RowStatus;
}

/**
 * A view-model's rows as columns (rowColumnsOf / rowsFromColumns): one entry
 * per row in `origin`, `openPath`, `tags`, `weight`, `copies`, `valCopies`.
 * `openPath` is null where the row's path is `openPrefix` + its origin;
 * `tags` index `tagTexts`; `nonFiniteText` holds the weight texts of the null
 * weights in order (finite ones read formatWeight(weight)); a row's status
 * follows from its copies and the train error (rowStatusOf).
 */
export interface RowColumnsVM {
  origin: string[];
  openPrefix: string;
  openPath: Array<string | null>;
  tagTexts: string[];
  tags: number[];
  weight: Array<number | null>;
  nonFiniteText: string[];
  copies: number[];
  valCopies: number[];
}

/**
 * New numbers for rows of a view-model whose rows are otherwise unchanged
 * (same origin / openPath / tags, same order): for the rows at `index`
 * (ascending), or for every row in order when `index` is null. `weightAt`,
 * `copies` and `valCopies` have one entry per updated row; the weight text of
 * a finite weight is formatWeight(weight), and `nonFiniteText` holds the texts
 * ("NaN", "∞", "−∞") of the non-finite weights, in order. A row's status
 * follows from its copies and the view-model's train error (rowStatusOf).
 * Typed arrays: a webview message carries them as bytes, not as JSON numbers
 * (an edit of a weight every row carries updates every row).
 */
export interface RowUpdatesVM {
  index: Uint32Array | null;
  /** The distinct weights of the updated rows; NaN stands for the non-finite ones. */
  weights: Float64Array;
  /** Per updated row: where its weight is in `weights`. */
  weightAt: Uint8Array | Uint16Array | Uint32Array;
  /** The narrowest array that holds the counts (doubles when one needs more than 32 bits: a weight in the billions). */
  copies: Uint8Array | Uint16Array | Uint32Array | Float64Array;
  valCopies: Uint8Array | Uint16Array | Uint32Array | Float64Array;
  nonFiniteText: string[];
}

export interface TotalDeltaVM {
  /** the headline figure this is the change of */
  key: keyof HeadlineVM;
  label: string;
  before: number;
  after: number;
}

export interface TagDeltaVM {
  label: string;
  rowsBefore: number;
  rowsAfter: number;
  copiesBefore: number;
  copiesAfter: number;
}

export interface WeightDeltaVM {
  label: string;
  /** "" when unset */
  before: string;
  after: string;
}

export interface ChangesVM {
  totals: TotalDeltaVM[];
  tags: TagDeltaVM[];
  weights: WeightDeltaVM[];
  rowsAdded: number;
  rowsRemoved: number;
  rowsWithNewCopies: number;
}

export interface NoteVM {
  level: 'info' | 'warning' | 'error';
  text: string;
}
