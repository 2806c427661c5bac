// The training mix in rows, characters and tokens (docs/mix-json.md).
export { computeMix, share, topFolder, type Amounts, type Mix, type MixOptions, type MixPart, type MixRow, type TagValueMix } from './aggregate.js';
export { assembleMixRows, collectMixRows, newMeasureCaches, planMixRows, type MeasureCaches, type PlannedRow } from './collect.js';
export { defaultMeasureScript, measureMixRows, MeasureWorker, type MeasureOptions } from './measure.js';
export type { TokenizerData } from './measureProtocol.js';
export { mixJson, mixJsonValue } from './json.js';
export { bodySectionRowTexts, fileRowChars, fileRowText, rowChars } from './rowText.js';
export { mixSummaryLines, tokenSourceWords, type MixSummaryOptions } from './summary.js';
