// Public API of the report module (Node side).
export { buildViewModel, countTags } from './viewModel';
export type * from './viewModelTypes';
export type { ReportDetails, SkippedFile } from './details';
export { reportToJson, parseReportJson } from './contractJson';
export { csvRows, csvField, csvText } from './csv';
export { renderStandaloneHtml, webviewHtml, createNonce, escapeHtml, escapeAttr, jsonForScript } from './html';
export type { StandaloneOptions, StandaloneTheme, WebviewHtmlOptions } from './html';
export * from './messages';
export { isReportViewModel } from './validateViewModel';
export { formatWeight, formatCount } from './format';
