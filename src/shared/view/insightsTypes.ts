// The report UI's view of the second pass over a dry run: the training mix
// (rows, characters and tokens per tag value and top-level folder, before and
// after the weights) and "since last training" (this run against the
// document's dlm store). Plain JSON, like the rest of the view-model; the
// numbers are the engine's (docs/mix-json.md, docs/since-last-run.md).

export interface MixAmountsVM {
  rows: number;
  chars: number;
  tokens: number;
}

export type MixItemKind = 'value' | 'none' | 'others';

export interface MixItemVM {
  /** A tag value, a folder, "(no lang)" for rows without the key, or "12 others". */
  label: string;
  kind: MixItemKind;
  before: MixAmountsVM;
  after: MixAmountsVM;
}

export interface MixGroupVM {
  kind: 'tag' | 'folder';
  /** The tag key; "" for folders. */
  key: string;
  /** Largest first (by rows after the weights); the smallest merged into one `others` item past a cap. */
  items: MixItemVM[];
}

export interface LongRowVM {
  origin: string;
  tokens: number;
  copies: number;
}

export interface MixVM {
  /** Every counted row's tokens came from the tokenizer itself. */
  tokensExact: boolean;
  /** Where the token counts come from, in words ("tokens counted with …" / "tokens ESTIMATED as …"). */
  tokenSource: string;
  /** Rows whose token count is an estimate. */
  estimatedRows: number;
  /** While characters and tokens are still being counted: rows counted so far (rows not yet counted show 0). */
  counting: { done: number; total: number } | null;
  sequenceLen: number;
  unreadRows: number;
  totals: { before: MixAmountsVM; after: MixAmountsVM };
  groups: MixGroupVM[];
  /** Rows of more than sequenceLen tokens; `list` holds the first ones (at most MAX_LONG_ROWS). */
  longRows: { rows: number; expandedRows: number; list: LongRowVM[] };
}

export interface SinceTagVM {
  key: string;
  value: string;
  /** Rows in the last completed run; null when that run did not list the value. */
  then: number | null;
  now: number;
  delta: number | null;
}

export interface SinceVM {
  status: 'compared' | 'unusable';
  /** Why the store cannot be used (status 'unusable'), else null. */
  reason: string | null;
  manifest: string;
  firstRun: boolean;
  adapterVersion: number | null;
  lastRun: { runId: number; seed: string; endedAt: string | null } | null;
  laterRuns: Array<{ runId: number; status: string }>;
  sections: { new: number; unchanged: number; removed: number } | null;
  seed: { then: string; now: string; changed: boolean } | null;
  distribution: { weightsThen: boolean; weightsNow: boolean; tags: SinceTagVM[] } | null;
  /** Rows the next run samples from the replay corpus (an estimate); null on a first run. */
  replayRows: number | null;
}

/** Items per group past which the smallest are merged into one. */
export const MAX_MIX_ITEMS = 12;
/** Long rows listed by name. */
export const MAX_LONG_ROWS = 50;
