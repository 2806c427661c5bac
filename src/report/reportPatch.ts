// Live report patches: when only weights changed, a report differs from the
// last one only in each row's weight / copies / valCopies and in its small
// top-level parts (configs, mergedWeights, totals, trainError). A patch carries
// those: the contract JSON without rows (`"rows": []`) plus the rows' numbers
// as plain arrays, and is applied onto the previous report's rows.
import type { DryRunReport, ReportRow, RowNumbers, TagMap } from '../shared/reportModel';
import { rowColumnsOf } from '../engine/corpus/rowSet';
import { DistinctNumbers } from '../shared/view/distinctNumbers';
import { parseReportJson, reportHeadJson } from './contractJson';

export { reportHeadJson };

/** How many rows `report` has, without making its row objects. */
export function rowCountOf(report: DryRunReport): number {
  return rowColumnsOf(report)?.length ?? report.rows.length;
}

/** A report's row numbers by position: from its columns when it came from an index (no row objects made). */
function numbersOf(from: DryRunReport | readonly ReportRow[]) {
  const cols = Array.isArray(from) ? undefined : rowColumnsOf(from as DryRunReport);
  if (cols) return { length: cols.length, weight: cols.weight, copies: cols.copies, valCopies: cols.valCopies };
  const rows: readonly ReportRow[] = Array.isArray(from) ? from : (from as DryRunReport).rows;
  return { length: rows.length, weight: (i: number) => rows[i]!.weight, copies: (i: number) => rows[i]!.copies, valCopies: (i: number) => rows[i]!.valCopies };
}

/** Row numbers of the rows `which` lists (all rows when it is null), with their distinct weights. */
function numbersFor(from: DryRunReport | readonly ReportRow[], which: number[] | null): RowNumbers {
  const r = numbersOf(from);
  const n = which ? which.length : r.length;
  // non-finite weights share one entry (NaN here, null on the wire, as in the contract JSON)
  const weights = new DistinctNumbers();
  const weightAt: number[] = new Array(n);
  const copies: number[] = new Array(n);
  const valCopies: number[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = which ? which[k]! : k;
    const weight = r.weight(i);
    weightAt[k] = weights.positionOf(Number.isFinite(weight) ? weight : NaN);
    copies[k] = r.copies(i);
    valCopies[k] = r.valCopies(i);
  }
  const values = weights.values.map((w) => (Number.isNaN(w) ? null : w));
  return which ? { weights: values, at: which, weightAt, copies, valCopies } : { weights: values, weightAt, copies, valCopies };
}

/**
 * Every row's numbers: from the report's columns when it came from an index
 * (a live report after each weight edit: no row objects made for it).
 */
export function rowNumbersOf(from: DryRunReport | readonly ReportRow[]): RowNumbers {
  return numbersFor(from, null);
}

/** Same weight as the contract JSON writes it (every non-finite weight is null there). */
const sameWeight = (a: number, b: number): boolean => Object.is(a, b) || (!Number.isFinite(a) && !Number.isFinite(b));

/**
 * The numbers of the rows that changed since `previous` (the patch's base:
 * same rows in the same order), as `at` plus parallel arrays; every row's
 * when more than half changed (then the full arrays are the smaller message).
 */
export function rowChangesOf(report: DryRunReport, previous: DryRunReport): RowNumbers {
  const now = numbersOf(report);
  const was = numbersOf(previous);
  const n = now.length;
  if (was.length !== n) return rowNumbersOf(report);
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!sameWeight(now.weight(i), was.weight(i)) || now.copies(i) !== was.copies(i) || now.valCopies(i) !== was.valCopies(i)) {
      at.push(i);
      if (at.length * 2 > n) return rowNumbersOf(report);
    }
  }
  return numbersFor(report, at);
}

export class PatchError extends Error {
  constructor(message: string) {
    super(`report patch: ${message}`);
    this.name = 'PatchError';
  }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The report `base` becomes with a patch: the head parsed from `headJson`, rows
 * = base's rows (same sectionId / origin / tags objects) with the patch's
 * numbers. Throws PatchError when the patch does not fit the base (row counts
 * differ, malformed arrays): the caller then asks for a full report.
 */
export function applyReportPatch(base: DryRunReport, headJson: string, rows: RowNumbers): DryRunReport {
  const n = base.rows.length;
  const { weights, at, weightAt, copies, valCopies } = rows ?? ({} as RowNumbers);
  if (!Array.isArray(weights) || !Array.isArray(weightAt) || !Array.isArray(copies) || !Array.isArray(valCopies)) throw new PatchError('rows are not arrays');
  if (at !== undefined && !Array.isArray(at)) throw new PatchError('`at` is not an array');
  const m = at ? at.length : n;
  if (weightAt.length !== m || copies.length !== m || valCopies.length !== m) {
    throw new PatchError(`${weightAt.length}/${copies.length}/${valCopies.length} row numbers for ${m} ${at ? 'changed rows' : 'rows'}`);
  }
  if (!weights.every((w) => w === null || (typeof w === 'number' && Number.isFinite(w)))) throw new PatchError('a weight that is not a finite number or null');
  const head = parseReportJson(headJson);
  if (head.rows.length !== 0) throw new PatchError('the head has rows');
  if (head.totals.rows !== n) throw new PatchError(`the head counts ${head.totals.rows} rows, the base has ${n}`);
  // rows not listed keep their objects (reports are never mutated)
  const out: ReportRow[] = at ? base.rows.slice() : new Array(n);
  for (let k = 0; k < m; k++) {
    const i = at ? at[k] : k;
    if (at && !(isCount(i) && i < n && (k === 0 || i > at[k - 1]!))) throw new PatchError(`bad position ${String(i)} for changed row ${k}`);
    const b = base.rows[i!]!;
    const p = weightAt[k];
    const w = isCount(p) && p < weights.length ? weights[p] : undefined;
    const c = copies[k];
    const v = valCopies[k];
    if (w === undefined || !isCount(c) || !isCount(v)) {
      throw new PatchError(`bad numbers for row ${i}`);
    }
    // null stands for a non-finite weight and reads back as NaN, like parseReportJson
    const wv = w === null ? NaN : w;
    // an unchanged row stays the same object
    out[i!] = Object.is(b.weight, wv) && b.copies === c && b.valCopies === v ? b
      : { sectionId: b.sectionId, origin: b.origin, tags: b.tags, weight: wv, copies: c, valCopies: v };
  }
  head.rows = out;
  return head;
}

function sameTags(a: TagMap, b: TagMap): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  const ib = b.entries();
  for (const [k, v] of a) {
    const e = ib.next().value as [string, string] | undefined;
    if (!e || e[0] !== k || e[1] !== v) return false;
  }
  return true;
}

/** Same row identities in the same order: sectionId, origin and tags (in order) agree row by row. */
export function sameRowKeys(a: readonly ReportRow[], b: readonly ReportRow[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.origin !== y.origin || x.sectionId !== y.sectionId || !sameTags(x.tags, y.tags)) return false;
  }
  return true;
}

/** Whether two reports have the same contract JSON, without writing their rows out. */
export function sameReport(a: DryRunReport, b: DryRunReport): boolean {
  if (a === b) return true;
  if (!sameRowKeys(a.rows, b.rows)) return false;
  for (let i = 0; i < a.rows.length; i++) {
    const x = a.rows[i]!;
    const y = b.rows[i]!;
    // the JSON writes every non-finite weight as null
    const wx = Number.isFinite(x.weight) ? x.weight : null;
    const wy = Number.isFinite(y.weight) ? y.weight : null;
    if (wx !== wy || x.copies !== y.copies || x.valCopies !== y.valCopies) return false;
  }
  return reportHeadJson(a) === reportHeadJson(b);
}
