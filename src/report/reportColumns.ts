// A report on the wire between the language server and the extension as
// columns (see ReportColumns in ../shared/protocol.ts): the head is the
// contract JSON without rows, the rows are plain arrays that the transport's
// native JSON.parse reads, each distinct tag map once. The report read back
// writes the same contract JSON as the one sent (a test checks it).
import type { ReportColumns } from '../shared/protocol';
import type { DryRunReport, ReportRow, TagMap } from '../shared/reportModel';
import { parseReportJson } from './contractJson';
import { reportHeadJson } from './reportPatch';

export function reportColumnsOf(report: DryRunReport): ReportColumns {
  const rows = report.rows;
  const n = rows.length;
  const sectionId: string[] = new Array(n);
  const origin: string[] = new Array(n);
  const tags: number[] = new Array(n);
  const weight: Array<number | null> = new Array(n);
  const copies: number[] = new Array(n);
  const valCopies: number[] = new Array(n);
  const tagSets: Array<Array<[string, string]>> = [];
  // rows of a file or folder share one tag map object; maps alike but apart are one set too
  const byMap = new Map<TagMap, number>();
  const byText = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    sectionId[i] = r.sectionId;
    origin[i] = r.origin;
    let slot = byMap.get(r.tags);
    if (slot === undefined) {
      const pairs = [...r.tags];
      const text = JSON.stringify(pairs);
      slot = byText.get(text);
      if (slot === undefined) {
        byText.set(text, (slot = tagSets.length));
        tagSets.push(pairs);
      }
      byMap.set(r.tags, slot);
    }
    tags[i] = slot;
    weight[i] = Number.isFinite(r.weight) ? r.weight : null;
    copies[i] = r.copies;
    valCopies[i] = r.valCopies;
  }
  return { headJson: reportHeadJson(report), sectionId, origin, tagSets, tags, weight, copies, valCopies };
}

export class ReportColumnsError extends Error {
  constructor(message: string) {
    super(`report columns: ${message}`);
    this.name = 'ReportColumnsError';
  }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The report the columns stand for; throws ReportColumnsError (or the head's ContractError) when they are malformed. */
export function reportFromColumns(c: ReportColumns): DryRunReport {
  const cols = [c.sectionId, c.origin, c.tags, c.weight, c.copies, c.valCopies];
  if (!cols.every(Array.isArray) || !Array.isArray(c.tagSets)) throw new ReportColumnsError('columns are not arrays');
  const n = c.sectionId.length;
  if (cols.some((col) => col.length !== n)) throw new ReportColumnsError('columns of different lengths');
  const maps: TagMap[] = c.tagSets.map((pairs, k) => {
    if (!Array.isArray(pairs) || !pairs.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')) {
      throw new ReportColumnsError(`tag set ${k} is not a list of [key, value] strings`);
    }
    return new Map(pairs);
  });
  const head = parseReportJson(c.headJson);
  if (head.rows.length !== 0) throw new ReportColumnsError('the head has rows');
  if (head.totals.rows !== n) throw new ReportColumnsError(`the head counts ${head.totals.rows} rows, the columns ${n}`);
  const rows: ReportRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const sectionId = c.sectionId[i];
    const origin = c.origin[i];
    const tags = maps[c.tags[i]!];
    const w = c.weight[i];
    const copies = c.copies[i];
    const valCopies = c.valCopies[i];
    if (typeof sectionId !== 'string' || typeof origin !== 'string' || !tags || !(w === null || (typeof w === 'number' && Number.isFinite(w))) || !isCount(copies) || !isCount(valCopies)) {
      throw new ReportColumnsError(`bad row ${i}`);
    }
    // null stands for a non-finite weight and reads back as NaN, like parseReportJson
    rows[i] = { sectionId, origin, tags, weight: w === null ? NaN : w, copies, valCopies };
  }
  head.rows = rows;
  return head;
}
