// Diagnostics for dlm configs, shared by the language server and `dlm-weights check`.
export type { Diagnostic, Fix, RelatedLocation, Severity, TextEdit } from './types.js';
export { diagnoseTrainingYamlBytes, diagnoseTrainingYamlText, verdictOf, type FileVerdict } from './perFile.js';
export { diagnoseIgnoreText, ignoreLineRanges, ignoreTooLargeDiagnostic } from './ignoreFile.js';
export { diagnoseCorpus, yamlKey } from './corpus.js';
export { rowFacts, type RowFacts, type RowRef } from './rowFacts.js';
export { trainingYmlDiagnostic } from './trainingYml.js';
export { fileUnreadableDiagnostic } from './unreadable.js';
