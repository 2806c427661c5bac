// Live report patches: when only weights changed, a report differs from the
// last one only in each row's weight / copies / valCopies and in its small
// top-level parts (configs, mergedWeights, totals, trainError). A patch carries
// those: the contract JSON without rows (`"rows": []`) plus the rows' numbers
// as plain arrays, and is applied onto the previous report's rows.
import type { DryRunReport, ReportRow, RowNumbers, TagMap } from '../shared/reportModel';
import { rowColumnsOf } from '../engine/corpus/rowSet';
import { DistinctNumbers } from '../shared/view/distinctNumbers';
import { parseReportJson, reportJsonWithoutRows } from './contractJson';

/** The contract JSON of a report with `"rows": []`: everything but the rows. */
export function reportHeadJson(report: DryRunReport): string {
  return reportJsonWithoutRows(report);
}

/** How many rows `report` has, without making its row objects. */
export function rowCountOf(report: DryRunReport): number {
  return rowColumnsOf(report)?.length ?? report.rows.length;
}

/**
 * Every row's numbers: from the report's columns when it came from an index
 * (a live report after each weight edit: no row objects made for it).
 */
export function rowNumbersOf(from: DryRunReport | readonly ReportRow[]): RowNumbers {
  const cols = Array.isArray(from) ? undefined : rowColumnsOf(from as DryRunReport);
  const rows: readonly ReportRow[] = cols ? [] : Array.isArray(from) ? from : (from as DryRunReport).rows;
  const n = cols ? cols.length : rows.length;
  // non-finite weights share one entry (NaN here, null on the wire, as in the contract JSON)
  const weights = new DistinctNumbers();
  const weightAt: number[] = new Array(n);
  const copies: number[] = new Array(n);
  const valCopies: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const weight = cols ? cols.weight(i) : rows[i]!.weight;
    weightAt[i] = weights.positionOf(Number.isFinite(weight) ? weight : NaN);
    copies[i] = cols ? cols.copies(i) : rows[i]!.copies;
    valCopies[i] = cols ? cols.valCopies(i) : rows[i]!.valCopies;
  }
  return { weights: weights.values.map((w) => (Number.isNaN(w) ? null : w)), weightAt, copies, valCopies };
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
  const { weights, weightAt, copies, valCopies } = rows ?? ({} as RowNumbers);
  if (!Array.isArray(weights) || !Array.isArray(weightAt) || !Array.isArray(copies) || !Array.isArray(valCopies)) throw new PatchError('rows are not arrays');
  if (weightAt.length !== n || copies.length !== n || valCopies.length !== n) {
    throw new PatchError(`${weightAt.length}/${copies.length}/${valCopies.length} row numbers for ${n} rows`);
  }
  if (!weights.every((w) => w === null || (typeof w === 'number' && Number.isFinite(w)))) throw new PatchError('a weight that is not a finite number or null');
  const head = parseReportJson(headJson);
  if (head.rows.length !== 0) throw new PatchError('the head has rows');
  if (head.totals.rows !== n) throw new PatchError(`the head counts ${head.totals.rows} rows, the base has ${n}`);
  const out: ReportRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const b = base.rows[i]!;
    const at = weightAt[i];
    const w = isCount(at) && at < weights.length ? weights[at] : undefined;
    const c = copies[i];
    const v = valCopies[i];
    if (w === undefined || !isCount(c) || !isCount(v)) {
      throw new PatchError(`bad numbers for row ${i}`);
    }
    // null stands for a non-finite weight and reads back as NaN, like parseReportJson
    const wv = w === null ? NaN : w;
    // an unchanged row stays the same object (reports are never mutated)
    out[i] = Object.is(b.weight, wv) && b.copies === c && b.valCopies === v ? b
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
