// What an explanation says, as plain JSON-safe data: the language server sends
// it to the report UI as it is (src/shared/protocol.ts, dlm/explain), and the
// hover and CodeLens texts are made from the same data.
import type { Range, SkipReason, TrainError } from '../types.js';

/** A place in a file the UI can link to. */
export interface SourceLink {
  /** Absolute path. */
  path: string;
  /** Shown to people: `src/.dlm/training.yaml:6` (1-based line), or the path alone. */
  label: string;
  /** 0-based, when the place is a line. */
  range?: Range;
}

/** One `tag=value × f` factor of a row's weight: the merged (applied) value and the config entry it comes from. */
export interface WeightFactor {
  key: string;
  value: string;
  /** null when not finite (see `factorText`). */
  factor: number | null;
  factorText: string;
  /** The entry dlm keeps: the last config in its merge order that sets this tag value. */
  setBy: SourceLink | null;
  /** Earlier entries for the same tag value with another value (dead: the merge overrides them). */
  overridden: Array<SourceLink & { factorText: string }>;
}

/** Where a row's tag comes from: the deepest config whose `metadata` sets the key. */
export interface TagSource {
  key: string;
  value: string;
  setBy: SourceLink | null;
}

/** One expanded copy of a row and the split hash that placed it. */
export interface CopyFate {
  /** How many copies of the same section id came before it (dlm's `sub_index`). */
  subIndex: number;
  /** First 8 bytes of sha256("seed\0id\0sub"), big-endian, in decimal. */
  bucket: string;
  validation: boolean;
}

export interface RowExplanation {
  kind: 'row';
  /** Index in report.rows. */
  row: number;
  /** Unique among the report's rows (the contract's `origin` may repeat). */
  label: string;
  origin: string;
  sectionId: string;
  seed: string;
  tags: TagSource[];
  /** In the row's tag order; tags without a merged weight (× 1) are left out. */
  factors: WeightFactor[];
  /** False when no config sets any weight: dlm does not expand at all (1 copy each). */
  weighted: boolean;
  /** The composed weight; null when not finite (see weightText). */
  weight: number | null;
  weightText: string;
  /** trunc(weight), 0 when the row is dropped. */
  whole: number;
  /** weight − trunc(weight); 0 when there is no fraction. */
  fraction: number;
  /** The keep roll in [0, 1) at this seed (present when there is a fraction to roll for). */
  roll: number | null;
  /** The 64-bit BLAKE2b value behind the roll, in decimal. */
  rollBits: string | null;
  /** The fractional copy survived (roll < fraction). */
  extra: boolean;
  /** Dropped because the weight is ≤ 0. */
  dropped: boolean;
  copies: number;
  valCopies: number;
  copyFates: CopyFate[];
  /** The validation threshold (floor(valFraction·2^64) in doubles), decimal. */
  threshold: string;
  /** dlm train stops (no copies at all): why. */
  trainError: TrainError | null;
  /** One line: `lang=python × 1.5 · kind=test × 0.5 = 0.75 → 0 copies + 1 (roll 0.31 < 0.75) → 1 train`. */
  formula: string;
}

/** What one rule did to a file's exclude flag, in dlm's order. */
export interface ExcludeStep {
  kind: 'directive-exclude' | 'default-exclude' | 'config-exclude' | 'ignore';
  pattern: string;
  /** false: an ignore `!` negation that re-includes the file. */
  excludes: boolean;
  link: SourceLink | null;
}

export type SkipRule =
  | { kind: 'not-included'; from: 'config' | 'directive'; patterns: string[]; link: SourceLink | null }
  | { kind: 'excluded'; by: ExcludeStep; steps: ExcludeStep[] }
  | { kind: 'overSize'; size: number | null; limit: number; link: SourceLink | null }
  | { kind: 'media'; suffix: string }
  | { kind: 'binary'; nulOffset: number | null }
  | { kind: 'encoding'; byteOffset: number | null }
  | { kind: 'maxFiles'; limit: number; link: SourceLink | null };

export interface SkipExplanation {
  kind: 'skipped';
  path: string;
  source: string;
  reason: SkipReason;
  rule: SkipRule;
  /** One sentence naming the rule. */
  text: string;
  /** Files skipped by the same rule share this key (for grouping). */
  groupKey: string;
  /** Where the rule is written, when it is written somewhere. */
  link: SourceLink | null;
}

/** Skipped files that one rule decided (or one reason, where the rule needs a read of each file). */
export interface SkipGroup {
  reason: SkipReason;
  /** The rule, in words. */
  text: string;
  link: SourceLink | null;
  /** Paths relative to the report base, in walk order. */
  files: string[];
}

/** Why dlm ignores (or crashes on) one config: its first problem, where it is. */
export interface ConfigExplanation {
  kind: 'config';
  /** The anchor, relative to the report base ('.' for the root). */
  anchor: string;
  state: 'valid' | 'invalid' | 'absent';
  cause: { code: string; message: string; link: SourceLink } | null;
  /** Problems after the first (a count: fixing the first may reveal them). */
  moreProblems: number;
}

export type Explanation = RowExplanation | SkipExplanation | ConfigExplanation;
