// "Why this number?": explanations of one row, one skipped file or one config,
// computed on demand from a report and its index (never while building it).
export type { ConfigExplanation, CopyFate, ExcludeStep, Explanation, RowExplanation, SkipExplanation, SkipGroup, SkipRule, SourceLink, TagSource, WeightFactor } from './types.js';
export { shortNumber, type ExplainInput } from './context.js';
export { explainRow, rowFormula } from './row.js';
export { explainSkipped, explainSkippedGroups, traceResolution, type ResolutionTrace } from './skipped.js';
export { explainAnchorConfig, explainConfigs } from './config.js';
export { rowLabel, uniqueRowLabels } from './labels.js';
export { weightSummary, type WeightSummary } from './weight.js';
