// Shared types of the engine. Tag and weight maps are `Map`s on purpose: dlm
// iterates them in insertion order, weight products depend on that order, and
// plain objects would move integer-like keys ("2", "10") to the front.

import type { DocumentErrorKind, ProblemStage } from './problems.js';

/** tag key -> tag value */
export type TagMap = Map<string, string>;
/** tag key -> tag value -> factor */
export type WeightMap = Map<string, Map<string, number>>;
/** tag key -> tag value -> count */
export type CountMap = Map<string, Map<string, number>>;

/** 0-based position, LSP convention (character in UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type ConfigProblem = 'yaml' | 'not-mapping' | 'schema' | 'encoding';

/** A training.yaml as dlm holds it after a successful load. */
export interface TrainingConfig {
  include: string[];
  exclude: string[];
  excludeDefaults: boolean;
  metadata: TagMap;
  weights: WeightMap;
}

export type SkipReason = 'excluded' | 'binary' | 'encoding' | 'overSize' | 'image' | 'audio' | 'maxFiles';
export const SKIP_REASONS: readonly SkipReason[] = ['excluded', 'binary', 'encoding', 'overSize', 'image', 'audio', 'maxFiles'];

export type TrainError = 'no-rows' | 'all-dropped' | 'nan-weight' | 'inf-weight';

export interface SourceSummary {
  path: string;
  files: number;
  skipped: Record<SkipReason, number>;
}

export interface ConfigSummary {
  anchor: string;
  trainingYaml: 'valid' | 'invalid' | 'absent';
  problem: ConfigProblem | null;
  ignoreRules: number;
  metadata: TagMap;
  weights: WeightMap;
}

export interface ReportRow {
  sectionId: string;
  origin: string;
  tags: TagMap;
  weight: number;
  copies: number;
  valCopies: number;
}

export interface Totals {
  rows: number;
  expandedRows: number;
  droppedRows: number;
  trainRows: number;
  valRows: number;
  leakedRows: number;
}

/** Why `dlm train` stops before building a dataset (docs/spec/dry-run-json.md); the contract's shape of an EngineProblem. */
export interface DocumentError {
  stage: ProblemStage;
  kind: DocumentErrorKind;
  /** A sentence for people; never compared. */
  message: string;
}

/** The dry-run report of docs/spec/dry-run-json.md, Map-based. */
export interface DryRunReport {
  formatVersion: 1;
  mode: 'document' | 'directory';
  document: string | null;
  /** null only with a documentError at stage parse and no seed override (the document's seed is unknown then). */
  seed: bigint | null;
  valFraction: number;
  sources: SourceSummary[];
  configs: ConfigSummary[];
  mergedWeights: WeightMap;
  rows: ReportRow[];
  distribution: CountMap;
  totals: Totals;
  trainError: TrainError | null;
  /** Always present; null unless dlm stops before training. */
  documentError: DocumentError | null;
}
