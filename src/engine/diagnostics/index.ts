// Diagnostics for dlm configs, shared by the language server and `dlm-weights check`.
export type { Diagnostic, Fix, RelatedLocation, Severity, TextEdit } from './types.js';
export { DIAGNOSTIC_CODES, FIX_KINDS, isDiagnosticCode, type DiagnosticCode, type DiagnosticCodeInfo, type FixKind } from './codes.js';
export { configIssueDiagnostic, diagnoseTrainingYamlBytes, diagnoseTrainingYamlText, verdictOf, type FileVerdict } from './perFile.js';
export { diagnoseIgnoreText, ignoreLineRanges, ignoreTooLargeDiagnostic } from './ignoreFile.js';
export { diagnoseCorpus, yamlKey } from './corpus.js';
export { knownTags } from './knownTags.js';
export { rowFacts, type RowFacts, type RowRef } from './rowFacts.js';
export { AnchorFile, filesByAnchor, patternMatch } from './anchorFiles.js';
export { CorpusFacts, type AnchorChecks, type TagStats } from './corpusFacts.js';
export { trainingYmlDiagnostic } from './trainingYml.js';
export { fileUnreadableDiagnostic } from './unreadable.js';
