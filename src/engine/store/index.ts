// "Since the last run": dlm's per-document store, read and compared with a dry run.
export { dlmHome, isDlmId, manifestPath } from './home.js';
export { MAX_MANIFEST_BYTES, parseManifest, type Manifest, type ManifestResult, type TrainingRun } from './manifest.js';
export { compareWithManifest, sinceLastRun, tagThenAndNow, type Comparison, type CurrentRun, type SinceLastRun, type TagDelta } from './sinceLastRun.js';
export { sinceLastRunJson, sinceLastRunJsonValue } from './json.js';
export { sinceLastRunLines } from './summary.js';
export { documentFacts, DEFAULT_SEQUENCE_LEN, type DocumentFacts } from './documentFacts.js';
export { diskTextReader, type TextReader } from './textReader.js';
