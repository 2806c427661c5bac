// Messages between the report webview and its host (the extension), with the
// validators both sides run on everything they receive. Browser-safe.
import type { ExplainAnswer } from '../explain';
import { rowUpdatesFit } from './rowUpdates';
import { arrayOf, exactObject, isBoolean, isCount, isFiniteNumber, isString, nullable, oneOf, type Check } from './shapes';
import { isReportViewModel } from './validateViewModel';
import { rowColumnsFit } from './rowColumns';
import type { ReportViewModel, RowColumnsVM, RowUpdatesVM } from './viewModelTypes';
import type { MixVM, SinceVM } from './insightsTypes';
import { isMixVM, isSinceVM } from './validateInsights';

// ------------------------------------------------------------ host -> webview

/**
 * A finished dry run to show. `id` names it for later `rows` messages. With
 * `rowColumns`, the rows come as columns and `vm.rows` is empty.
 */
export interface ReportMessage {
  type: 'report';
  vm: ReportViewModel;
  id?: number;
  rowColumns?: RowColumnsVM;
  /**
   * The report's row count when `rowColumns` holds only its first rows (the
   * first screen): the rest follows in `moreRows` messages.
   */
  rowsTotal?: number;
}
/** More rows of report `base`, from row `from` on (the rows a `report` message with `rowsTotal` left out). */
export interface MoreRowsMessage {
  type: 'moreRows';
  base: number;
  from: number;
  rowColumns: RowColumnsVM;
}
/**
 * A live update of the report `base` (the id of the last `report` message)
 * whose rows stayed the same but for their numbers: `vm` is the new
 * view-model without its rows (`rows: []`), `rows` the new row numbers. A
 * webview that does not hold report `base` asks for the whole report (`ready`).
 */
export interface RowsMessage {
  type: 'rows';
  base: number;
  vm: ReportViewModel;
  rows: RowUpdatesVM;
  /**
   * Large parts equal to those of the report on screen: the webview keeps
   * its own, and `vm` holds them empty (a weight edit leaves the skipped
   * files, and often the configs, as they were).
   */
  same?: KeptPart[];
}

/** The parts of a view model a `rows` message may leave out. */
export const KEPT_PARTS = ['configs', 'skipped', 'tags', 'notes', 'sources'] as const;
export type KeptPart = (typeof KEPT_PARTS)[number];
/** A dry run in progress: `message` is shown; done/total drive a progress bar. */
export interface ProgressMessage {
  type: 'progress';
  message: string;
  done?: number;
  total?: number;
}
/** The dry run failed; the last report (if any) stays visible. */
export interface ErrorMessage {
  type: 'error';
  message: string;
}
/**
 * How the live report stands: `stale` while an edited config does not load
 * (the report on screen is the last valid one; `line` is 1-based), and what
 * the deltas compare with.
 */
export interface LiveStateMessage {
  type: 'liveState';
  stale: { file: string; line: number; message: string } | null;
  baseline: 'saved' | 'pinned';
}
/**
 * The second pass over report `base` (the id of the last `report` message):
 * the mix (sent again as counting goes on) and since-last-run. Replaces what
 * the report shows of both; a webview not holding report `base` ignores it.
 */
export interface InsightsMessage {
  type: 'insights';
  base: number;
  mix: MixVM | null;
  since: SinceVM | null;
}
/** The answer to an `explain` message (same `id`). */
export interface ExplanationMessage {
  type: 'explanation';
  id: number;
  answer: ExplainAnswer;
}
/**
 * The host has the webview's `shown` of report `id`: the parts below the fold
 * can be built now (building them earlier would hold up that `shown` where the
 * page shares its thread with VS Code's workbench, as in a browser).
 */
export interface SeenMessage {
  type: 'seen';
  id: number;
}
export type HostToWebviewMessage = ReportMessage | MoreRowsMessage | RowsMessage | ProgressMessage | ErrorMessage | LiveStateMessage | InsightsMessage | ExplanationMessage | SeenMessage;

// ------------------------------------------------------------ webview -> host

/** The webview has loaded (or could not apply a `rows` update) and wants the whole report. */
export interface ReadyMessage {
  type: 'ready';
}
/** Open a file; `line` is 0-based. */
export interface OpenFileMessage {
  type: 'openFile';
  path: string;
  line?: number;
}
export type ExportFormat = 'json' | 'csv' | 'html';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'html'];
/** Save the report as contract JSON, rows CSV, or standalone HTML. */
export interface ExportMessage {
  type: 'export';
  format: ExportFormat;
}
/** Run the dry run again. */
export interface RerunMessage {
  type: 'rerun';
}
/** The report `id` (or a live update of it) is on screen: ends the host's progress. */
export interface ShownMessage {
  type: 'shown';
  id: number;
  /** When the webview got the message and when it had drawn it (epoch ms; the host's hop trace reads them). */
  timing?: { received: number; drawn: number };
  /**
   * Drawn from its first rows, which do not show the table as it should be
   * (sorted or filtered): the host sends the others, and a `shown` without
   * this follows once they are in.
   */
  firstRows?: true;
}
/** Compare with the report on screen from now on (`pin: true`), or with the last saved state again. */
export interface PinBaselineMessage {
  type: 'pinBaseline';
  pin: boolean;
}
/** Stop counting tokens for the report on screen (what is counted so far stays shown). */
export interface StopCountingMessage {
  type: 'stopCounting';
}
/**
 * "Why this number?" for the report on screen: a row (its index in the
 * report's rows), the skipped files by rule, or the ignored configs. The host
 * asks the language server (dlm/explain) and answers with `explanation`.
 */
export interface ExplainMessage {
  type: 'explain';
  id: number;
  target: { kind: 'row'; row: number } | { kind: 'skipped' } | { kind: 'configs' };
}
export type WebviewToHostMessage = ReadyMessage | OpenFileMessage | ExportMessage | RerunMessage | ShownMessage | PinBaselineMessage | StopCountingMessage | ExplainMessage;

// ------------------------------------------------------------ validators

const isUint32Array: Check = (v) => v instanceof Uint32Array;
const isFloat64Array: Check = (v) => v instanceof Float64Array;
const isUintArray: Check = (v) => v instanceof Uint8Array || v instanceof Uint16Array || isUint32Array(v);
/** Counts as typed arrays: unsigned integers, or doubles holding whole non-negative numbers. */
const isCounts: Check = (v) => isUintArray(v) || (isFloat64Array(v) && (v as Float64Array).every((x) => isCount(x)));
const rowUpdates: Check = (v) => exactObject({
  index: nullable(isUint32Array),
  weights: isFloat64Array,
  weightAt: isUintArray,
  copies: isCounts,
  valCopies: isCounts,
  nonFiniteText: arrayOf(isString),
})(v) && rowUpdatesFit(v as RowUpdatesVM);

// explanations: the fields the report UI reads, checked deeply enough that a
// malformed answer is refused rather than half drawn
const range: Check = exactObject({ start: exactObject({ line: isCount, character: isCount }), end: exactObject({ line: isCount, character: isCount }) });
const link: Check = exactObject({ path: isString, label: isString }, { range });
const factor: Check = exactObject({
  key: isString, value: isString, factor: nullable(isFiniteNumber), factorText: isString, setBy: nullable(link),
  overridden: arrayOf(exactObject({ path: isString, label: isString, factorText: isString }, { range })),
});
const rowExplanation: Check = exactObject({
  kind: oneOf('row'), row: isCount, label: isString, origin: isString, sectionId: isString, seed: isString,
  tags: arrayOf(exactObject({ key: isString, value: isString, setBy: nullable(link) })), factors: arrayOf(factor),
  weighted: isBoolean, weight: nullable(isFiniteNumber), weightText: isString, whole: isCount, fraction: isFiniteNumber,
  roll: nullable(isFiniteNumber), rollBits: nullable(isString), extra: isBoolean, dropped: isBoolean, copies: isCount, valCopies: isCount,
  copyFates: arrayOf(exactObject({ subIndex: isCount, bucket: isString, validation: isBoolean })), threshold: isString,
  trainError: nullable(isString), formula: isString,
});
const skipGroup: Check = exactObject({ reason: isString, text: isString, link: nullable(link), files: arrayOf(isString) });
const configExplanation: Check = exactObject({
  kind: oneOf('config'), anchor: isString, state: oneOf('valid', 'invalid', 'absent'),
  cause: nullable(exactObject({ code: isString, message: isString, link })), moreProblems: isCount,
});
export const isExplainAnswer: Check = exactObject({}, { row: rowExplanation, skipped: arrayOf(skipGroup), configs: arrayOf(configExplanation), unavailable: isString });

const rowColumns: Check = (v) => exactObject({
  origin: arrayOf(isString),
  openPrefix: isString,
  openPath: arrayOf(nullable(isString)),
  tagTexts: arrayOf(isString),
  tags: arrayOf(isCount),
  weight: arrayOf(nullable(isFiniteNumber)),
  nonFiniteText: arrayOf(isString),
  copies: arrayOf(isCount),
  valCopies: arrayOf(isCount),
})(v) && rowColumnsFit(v as RowColumnsVM);

const hostChecks: Record<HostToWebviewMessage['type'], Check> = {
  report: (v) => exactObject({ type: isString, vm: isReportViewModel }, { id: isCount, rowColumns, rowsTotal: isCount })(v)
    // rows come either way, not both; a total only with columns that hold fewer rows
    && (!Object.prototype.hasOwnProperty.call(v, 'rowColumns') || (v as ReportMessage).vm.rows.length === 0)
    && ((v as ReportMessage).rowsTotal === undefined || ((v as ReportMessage).rowColumns !== undefined && (v as ReportMessage).rowsTotal! > (v as ReportMessage).rowColumns!.origin.length)),
  moreRows: exactObject({ type: isString, base: isCount, from: isCount, rowColumns }),
  rows: (v) => exactObject({
    type: isString, base: isCount, rows: rowUpdates,
    vm: (x) => isReportViewModel(x) && (x as ReportViewModel).rows.length === 0,
  }, { same: arrayOf(oneOf(...KEPT_PARTS)) })(v)
    // a kept part comes empty
    && ((v as RowsMessage).same ?? []).every((k) => (v as RowsMessage).vm[k].length === 0),
  progress: exactObject({ type: isString, message: isString }, { done: isCount, total: isCount }),
  error: exactObject({ type: isString, message: isString }),
  liveState: exactObject({
    type: isString,
    stale: nullable(exactObject({ file: isString, line: isCount, message: isString })),
    baseline: oneOf('saved', 'pinned'),
  }),
  insights: exactObject({ type: isString, base: isCount, mix: nullable(isMixVM), since: nullable(isSinceVM) }),
  explanation: exactObject({ type: isString, id: isCount, answer: isExplainAnswer }),
  seen: exactObject({ type: isString, id: isCount }),
};

const webviewChecks: Record<WebviewToHostMessage['type'], Check> = {
  ready: exactObject({ type: isString }),
  openFile: exactObject({ type: isString, path: (v) => typeof v === 'string' && v.length > 0 }, { line: isCount }),
  export: exactObject({ type: isString, format: oneOf(...EXPORT_FORMATS) }),
  rerun: exactObject({ type: isString }),
  shown: exactObject({ type: isString, id: isCount }, { timing: exactObject({ received: isFiniteNumber, drawn: isFiniteNumber }), firstRows: oneOf(true) }),
  pinBaseline: exactObject({ type: isString, pin: (v) => typeof v === 'boolean' }),
  stopCounting: exactObject({ type: isString }),
  explain: exactObject({
    type: isString, id: isCount,
    target: (v) => exactObject({ kind: oneOf('row'), row: isCount })(v) || exactObject({ kind: oneOf('skipped', 'configs') })(v),
  }),
};

function dispatch(checks: Record<string, Check>, v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const type = (v as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(checks, type)) return false;
  return checks[type](v);
}

/** What the webview accepts from its host; anything else is ignored. */
export function isHostToWebviewMessage(v: unknown): v is HostToWebviewMessage {
  return dispatch(hostChecks, v);
}

/** What the host accepts from the webview; anything else is ignored. */
export function isWebviewToHostMessage(v: unknown): v is WebviewToHostMessage {
  return dispatch(webviewChecks, v);
}
