// "Why this number?" over the wire: what the report UI asks the language
// server (dlm/explain, see ./protocol.ts) and what it gets back. The
// explanation types are the engine's (plain JSON-safe data).
export type {
  ConfigExplanation, CopyFate, ExcludeStep, RowExplanation, SkipExplanation, SkipGroup, SkipRule, SourceLink, TagSource, WeightFactor,
} from '../engine/explain/types';
import type { ConfigExplanation, RowExplanation, SkipGroup } from '../engine/explain/types';

/** What to explain. A row names its origin and section id too: a report that changed since is answered `unavailable`. */
export type ExplainTarget =
  | { kind: 'row'; row: number; origin: string; sectionId: string }
  | { kind: 'skipped' }
  | { kind: 'configs' };

export interface ExplainAnswer {
  row?: RowExplanation;
  skipped?: SkipGroup[];
  configs?: ConfigExplanation[];
  /** Why there is no explanation (the report on screen is not the folder's current one, …). */
  unavailable?: string;
}
