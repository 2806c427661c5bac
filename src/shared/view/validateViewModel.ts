// Deep shape check of a ReportViewModel received from outside (message or embedded JSON).
import { DOCUMENT_ERROR_KINDS, SKIP_REASONS } from '../reportModel';
import {
  arrayOf, exactObject, isBoolean, isCount, isFiniteNumber, isString, nullable, oneOf, type Check,
} from './shapes';
import type { HeadlineVM, ReportViewModel, RowStatus } from './viewModelTypes';
import { isMixVM, isSinceVM } from './validateInsights';

const delta = exactObject({ rows: isFiniteNumber, copies: isFiniteNumber });

const tagValue = exactObject({
  key: isString, value: isString, label: isString, rows: isCount, copies: isCount, valCopies: isCount,
  valShare: nullable(isFiniteNumber), weight: nullable(isFiniteNumber), weightText: isString,
  weightSetBy: nullable(isString), delta: nullable(delta),
});

const weightEntry = exactObject({
  key: isString, value: isString, weight: nullable(isFiniteNumber), weightText: isString,
  overriddenBy: nullable(isString), rowsAffected: isCount, rowsOutsideAnchor: isCount,
});

const config = exactObject({
  order: isCount, anchor: isString, path: isString,
  status: oneOf('loaded', 'ignored', 'absent'), statusText: isString,
  problem: nullable(oneOf('yaml', 'not-mapping', 'schema', 'encoding')), explanation: isString,
  ignoreRules: isCount,
  metadata: arrayOf(exactObject({ key: isString, value: isString })),
  weights: arrayOf(weightEntry),
});

const skipGroup = exactObject({
  reason: oneOf(...SKIP_REASONS), label: isString, explanation: isString, count: isCount,
  files: nullable(arrayOf(exactObject({ source: isString, path: isString, openPath: isString }))),
});

const HEADLINE_KEYS: ReadonlyArray<keyof HeadlineVM> = [
  'filesRead', 'filesSkipped', 'rows', 'expandedRows', 'droppedRows', 'trainRows', 'valRows', 'leakedRows',
];

export const ROW_STATUSES: readonly RowStatus[] = ['train', 'val', 'both', 'dropped', 'stopped'];

const row = exactObject({
  origin: isString, openPath: isString, tags: isString, weight: nullable(isFiniteNumber), weightText: isString,
  copies: isCount, valCopies: isCount, status: oneOf(...ROW_STATUSES),
});

const changes = exactObject({
  totals: arrayOf(exactObject({ key: oneOf(...HEADLINE_KEYS), label: isString, before: isCount, after: isCount })),
  tags: arrayOf(exactObject({ label: isString, rowsBefore: isCount, rowsAfter: isCount, copiesBefore: isCount, copiesAfter: isCount })),
  weights: arrayOf(exactObject({ label: isString, before: isString, after: isString })),
  rowsAdded: isCount, rowsRemoved: isCount, rowsWithNewCopies: isCount,
});

const documentProblem = {
  kind: oneOf(...DOCUMENT_ERROR_KINDS), message: isString,
  place: nullable(exactObject({ path: isString, label: isString, line: isCount })),
};

const documentError = exactObject({
  ...documentProblem, stage: oneOf('parse', 'sources', 'rows'), title: isString, then: arrayOf(exactObject(documentProblem)),
});

const viewModel: Check = exactObject({
  version: oneOf(1),
  title: isString,
  mode: oneOf('document', 'directory'),
  document: nullable(isString),
  root: nullable(isString),
  seed: (v) => typeof v === 'string' && /^(-?\d+|unknown)$/.test(v),
  valFraction: isFiniteNumber,
  weightsActive: isBoolean,
  headline: exactObject({
    filesRead: isCount, filesSkipped: isCount, rows: isCount, expandedRows: isCount,
    droppedRows: isCount, trainRows: isCount, valRows: isCount, leakedRows: isCount,
  }),
  trainError: nullable(exactObject({
    code: oneOf('no-rows', 'all-dropped', 'nan-weight', 'inf-weight'), title: isString, explanation: isString,
  })),
  documentError: nullable(documentError),
  sources: arrayOf(exactObject({ path: isString, files: isCount, skipped: isCount })),
  tags: arrayOf(tagValue),
  configs: arrayOf(config),
  skipped: arrayOf(skipGroup),
  rows: arrayOf(row),
  changes: nullable(changes),
  notes: arrayOf(exactObject({ level: oneOf('info', 'warning', 'error'), text: isString })),
}, { mix: nullable(isMixVM), since: nullable(isSinceVM) });

export function isReportViewModel(v: unknown): v is ReportViewModel {
  return viewModel(v);
}
