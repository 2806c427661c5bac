// The target-mix solver's inputs and answer. Shares are of the whole
// expanded corpus: rows without the tag key stay in the total (their weights
// are not ours to change: only the key's targeted values get new weights).
import type { TagMap, WeightMap } from '../types.js';
import type { HashMemo } from '../expand.js';

/** Target shares (0..1) for values of one tag key. */
export interface MixTarget {
  key: string;
  shares: ReadonlyMap<string, number>;
}

/** A config in dlm's merge order (first merged first). */
export interface MergeConfig {
  /** How the caller names it (a path). */
  id: string;
  /** dlm loads it (only loaded configs take part in the merge). */
  loaded: boolean;
  weights: WeightMap;
}

export interface SolveInput {
  /** Every row before expansion, in corpus order. */
  rows: ReadonlyArray<{ sectionId: string; tags: TagMap }>;
  /** dlm's merged weights now. */
  merged: WeightMap;
  /** Hashes for the seed the prediction is for. */
  memo: HashMemo;
  target: MixTarget;
  /** Every config, in merge order. */
  configs: readonly MergeConfig[];
  /** What one copy of each row weighs (parallel to `rows`): 1 for rows (the default), its token count for tokens. */
  sizes?: ArrayLike<number>;
  /** Largest distance from a target that counts as a hit (default 0.01: one percentage point). */
  tolerance?: number;
  /** Largest weight proposed (default 100). */
  maxWeight?: number;
}

/** One line of the predicted mix. `value` null: the rows without the key. */
export interface MixLine {
  value: string | null;
  targeted: boolean;
  /** Rows before expansion. */
  rows: number;
  /** Copies (× size) with today's weights, and with the proposal. */
  before: number;
  after: number;
  shareBefore: number;
  share: number;
  target: number | null;
  /** share − target (null when not targeted). */
  delta: number | null;
}

export type UnreachableReason =
  | 'unknown-key'          // no row carries the key
  | 'unknown-value'        // no row carries key=value
  | 'value-of-other-key'   // … but another key has that value
  | 'all-rows-dropped'     // every row with key=value is dropped by another tag's 0 factor
  | 'train-fails'          // a NaN / infinite factor: dlm train crashes whatever we propose
  | 'targets-sum'          // shares that cannot add up given the rest of the corpus
  | 'weight-cap'           // reachable only with weights above maxWeight
  | 'granularity';         // copies move in steps too coarse for the tolerance

export interface Unreachable {
  reason: UnreachableReason;
  /** The targeted value concerned, or null for the whole target. */
  value: string | null;
  message: string;
}

export interface MergeWinner {
  /** The last loaded config in merge order that sets key=value today, or null. */
  setBy: string | null;
  /** The factor dlm applies today (from `setBy`), or null when no config sets it. */
  today: number | null;
}

export interface Proposal {
  key: string;
  reachable: boolean;
  /** Proposed weight per targeted value (when unreachable: the closest found, or empty). */
  weights: Map<string, number>;
  /** The proposed weights that differ from what dlm applies today (absent = 1): all the edit needs to write. */
  changes: Map<string, number>;
  /** Targeted values first (in target order), then other values of the key, then the rows without it. */
  mix: MixLine[];
  total: { rows: number; before: number; after: number };
  unreachable: Unreachable[];
  /** The config to write: the last loaded one in merge order (its entries win the merge). */
  writeTo: string | null;
  /** Per targeted value: which config sets it today. */
  winners: Map<string, MergeWinner>;
  /** Steps the search took (a bound on the work, for tests). */
  evaluations: number;
}
