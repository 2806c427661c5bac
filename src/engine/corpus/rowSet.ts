// The report's rows as columns: section ids as bytes, a tag-map number per
// row, where each row comes from. Expansion (weights, copies, split) writes
// typed arrays; per-row objects (ReportRow) are made only when someone reads
// `report.rows`, and the JSON / CSV writers never need them (rowColumnsOf).
import { composeWeight, HashMemo, rowCopies } from '../expand.js';
import { inValidationOf, keepRollOf } from '../hashing.js';
import type { DryRunReport, ReportRow, TagMap, Totals, TrainError, WeightMap } from '../types.js';
import { hexId, MEMO_COPIES, splitOf, validationInRange, withSplit, type FileTable } from './fileTable.js';
import { HighSplitMemo } from './highSplitMemo.js';
import type { SplitJobs } from './readProtocol.js';

/** Where the rows of one directive come from. */
export interface RowOrigin {
  table: FileTable;
  /** Path prefix from the report base to the directive root ('.' = none). */
  originPrefix: string;
}

/** Read access to a report's rows without making an object per row. */
export interface RowColumns {
  readonly length: number;
  sectionId(i: number): string;
  origin(i: number): string;
  tags(i: number): TagMap;
  /** Rows with the same number share their tag map (and so their weight). */
  tagsRef(i: number): number;
  weight(i: number): number;
  copies(i: number): number;
  valCopies(i: number): number;
  /** Called when the rows are about to be made as objects. */
  materialising?(): void;
}

/** The seed's part of the roll and split inputs, made once per expansion. */
interface HashText {
  roll: string;
  split: string;
}

/** An expansion's first pass: copies per row, and the copy number each row's copies start at (null: every id is unique, so 0). */
interface CopyPlan {
  tagWeights: Float64Array;
  copies: Uint32Array;
  sub0: Uint32Array | null;
  text: HashText;
  trainError: TrainError | null;
}

export class RowSet {
  readonly length: number;
  /** Duplicate groups: the first row with the same id, or null when every id is unique. */
  readonly firstOf: Int32Array | null;
  private sectionIds: string[] | null = null;
  private origins: string[] | null = null;
  /** Split answers of copies MEMO_COPIES and up (the file table memoises the ones below), for one seed. */
  private highSplit: HighSplitMemo | null = null;
  /** The copies splitJobs worked out, kept for the expansion right after it. */
  private planned: { seed: bigint; weighted: boolean; plan: CopyPlan } | null = null;

  constructor(
    /** 8 bytes per row. */
    readonly ids: Uint8Array,
    readonly tagsRef: Uint32Array,
    readonly tagMaps: readonly TagMap[],
    /** Directive number per row; -1 for a document body section. */
    readonly directive: Int32Array,
    /** File number (or body section number) per row. */
    readonly index: Int32Array,
    readonly sources: readonly (RowOrigin | null)[],
    /** The document's label for body rows ("name#section"). */
    readonly bodyName: string,
  ) {
    this.length = tagsRef.length;
    this.firstOf = duplicateGroups(ids, this.length);
  }

  sectionId(i: number): string {
    return this.sectionIds ? this.sectionIds[i]! : hexId(this.ids, i * 8);
  }

  origin(i: number): string {
    if (this.origins) return this.origins[i]!;
    const d = this.directive[i]!;
    if (d < 0) return `${this.bodyName}#${this.index[i]!}`;
    const s = this.sources[d]!;
    const rel = s.table.rel(this.index[i]!);
    return s.originPrefix === '.' ? rel : `${s.originPrefix}/${rel}`;
  }

  /** Keep each row's id and origin as strings from now on (a language server re-reads them on every edit). */
  keepStrings(): void {
    if (this.origins) return;
    const ids: string[] = new Array(this.length);
    const origins: string[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) { ids[i] = this.sectionId(i); origins[i] = this.origin(i); }
    this.sectionIds = ids;
    this.origins = origins;
  }

  /** Expand with the merged weights and split, exactly as dlm train (and expandRows) would. */
  expand(merged: WeightMap, seed: bigint, bodyMemo: HashMemo): Expansion {
    const n = this.length;
    const { tagWeights, copies, sub0, text, trainError } = this.copiesOf(merged, seed, bodyMemo);
    const valCopies = new Uint32Array(n);
    if (trainError === null) {
      for (let i = 0; i < n; i++) {
        const c = copies[i]!;
        if (c === 0) continue;
        const s = sub0 ? sub0[i]! : 0;
        const d = this.directive[i]!;
        let v = 0;
        if (d < 0) {
          for (let k = 0; k < c; k++) if (bodyMemo.isVal(this.sectionId(i), s + k)) v++;
        } else {
          // memoised answers (after a pre-fill, all of them) or hashed and memoised
          v = this.memoisedValidation(i, d, s, c);
          if (v === -1) {
            v = 0;
            for (let k = 0; k < c; k++) if (this.fileIsVal(i, d, s + k, text)) v++;
          }
        }
        valCopies[i] = v;
      }
    }
    if (trainError !== null) { copies.fill(0); valCopies.fill(0); }
    return { tagWeights, copies, valCopies, totals: totalsOfColumns(copies, valCopies), trainError };
  }

  /**
   * Each row's copies (weights and keep rolls) and the copy number its
   * copies start at: rows that share an id number their copies on from each
   * other, in row order, as dlm's split does.
   */
  private copiesOf(merged: WeightMap, seed: bigint, bodyMemo: HashMemo, keep = false): CopyPlan {
    const n = this.length;
    const weighted = merged.size > 0;
    const tagWeights = new Float64Array(this.tagMaps.length);
    for (let t = 0; t < tagWeights.length; t++) tagWeights[t] = weighted ? composeWeight(this.tagMaps[t]!, merged) : 1.0;
    // the plan splitJobs just made, for the expansion that follows it (used once)
    const planned = this.planned;
    this.planned = null;
    if (planned && planned.seed === seed && planned.weighted === weighted && sameNumbers(planned.plan.tagWeights, tagWeights)) {
      for (const s of this.sources) s?.table.useSeed(seed);
      return planned.plan;
    }
    const copies = new Uint32Array(n);
    const text: HashText = { roll: `${seed}:`, split: `${seed}\0` };
    let trainError: TrainError | null = n === 0 ? 'no-rows' : null;
    // dlm drops w <= 0 first, then int(w) raises on NaN / infinity for the first such row
    if (trainError === null && weighted) {
      for (let i = 0; i < n; i++) {
        const w = tagWeights[this.tagsRef[i]!]!;
        if (!(w <= 0) && !Number.isFinite(w)) { trainError = Number.isNaN(w) ? 'nan-weight' : 'inf-weight'; break; }
      }
    }
    if (trainError !== null) return { tagWeights, copies, sub0: null, text, trainError };
    for (const s of this.sources) s?.table.useSeed(seed);
    const sub0 = this.firstOf ? new Uint32Array(n) : null;
    const subNext = this.firstOf ? new Uint32Array(n) : null;
    let expanded = 0;
    for (let i = 0; i < n; i++) {
      const w = tagWeights[this.tagsRef[i]!]!;
      const c = weighted ? rowCopies(w, w > 0 && w % 1 !== 0 ? this.roll(i, text, bodyMemo) : 0) : 1;
      if (c === 0) continue;
      copies[i] = c;
      if (subNext) {
        const g = this.firstOf![i]!;
        sub0![i] = subNext[g]!;
        subNext[g] += c;
      }
      expanded += c;
    }
    if (expanded === 0) trainError = 'all-dropped';
    const plan = { tagWeights, copies, sub0, text, trainError };
    if (keep) this.planned = { seed, weighted, plan };
    return plan;
  }

  /**
   * The split answers an expansion with these weights would work out (it has
   * not memoised them): per row, the run of copy numbers from the first one
   * not known to its last. Body rows are left out (their memo is the
   * caller's). Null when the expansion stops at a train error.
   */
  splitJobs(merged: WeightMap, seed: bigint, bodyMemo: HashMemo): SplitJobs | null {
    const { copies, sub0, text, trainError } = this.copiesOf(merged, seed, bodyMemo, true);
    if (trainError !== null) return null;
    const n = this.length;
    // at most one job per row: typed arrays of n, cut to the jobs found
    const rows = new Int32Array(n);
    const from = new Uint32Array(n);
    const count = new Uint32Array(n);
    let jobs = 0;
    let subs = 0;
    for (let i = 0; i < n; i++) {
      const c = copies[i]!;
      if (c === 0 || this.directive[i]! < 0) continue;
      const s = sub0 ? sub0[i]! : 0;
      if (this.memoisedValidation(i, this.directive[i]!, s, c) !== -1) continue;
      let k = s;
      while (k < s + c && this.known(i, k, text) !== undefined) k++;
      if (k === s + c) continue;
      rows[jobs] = i;
      from[jobs] = k;
      count[jobs] = s + c - k;
      jobs++;
      subs += s + c - k;
    }
    const ids = new Uint8Array(jobs * 8);
    for (let j = 0; j < jobs; j++) for (let b = 0; b < 8; b++) ids[j * 8 + b] = this.ids[rows[j]! * 8 + b]!;
    return { seed, rows: rows.subarray(0, jobs), ids, from: from.subarray(0, jobs), count: count.subarray(0, jobs), subs };
  }

  /** Memoise answers to `jobs` (answerSplits' bytes, in job order; 0 = not worked out, skipped). */
  applySplits(jobs: SplitJobs, answers: Uint8Array): void {
    const seedText = `${jobs.seed}\0`;
    let o = 0;
    for (let j = 0; j < jobs.rows.length; j++) {
      const i = jobs.rows[j]!;
      let sub = jobs.from[j]!;
      const end = sub + jobs.count[j]!;
      const t = this.sources[this.directive[i]!]!.table;
      // a table moved on to another seed meanwhile: its memo is not for these answers
      if (t.memoSeed !== jobs.seed) { o += end - sub; continue; }
      if (sub < MEMO_COPIES) {
        const f = this.index[i]!;
        let bits = t.split[f]!;
        for (; sub < end && sub < MEMO_COPIES; sub++, o++) {
          const a = answers[o]!;
          if (a !== 0) bits = withSplit(bits, sub, a === 2);
        }
        t.split[f] = bits;
      }
      if (sub < end) {
        if (this.highSplit?.seedText !== seedText) this.highSplit = new HighSplitMemo(seedText, this.length);
        this.highSplit.setRun(this.firstOf ? this.firstOf[i]! : i, sub - MEMO_COPIES, answers, o, end - sub);
        o += end - sub;
      }
    }
  }

  /** The memoised split of row i's copy `sub` for `seed` (a file row's), or undefined while not worked out. */
  knownSplit(i: number, sub: number, seed: bigint): boolean | undefined {
    const d = this.directive[i]!;
    if (d < 0 || this.sources[d]!.table.memoSeed !== seed) return undefined;
    return this.known(i, sub, { roll: `${seed}:`, split: `${seed}\0` });
  }

  /** How many of file row i's copies s..s+c-1 are in validation, read from its table's memo in one test; -1 when one is not memoised there. */
  private memoisedValidation(i: number, d: number, s: number, c: number): number {
    return s + c <= MEMO_COPIES ? validationInRange(this.sources[d]!.table.split[this.index[i]!]!, s, c) : -1;
  }

  private known(i: number, sub: number, text: HashText): boolean | undefined {
    const d = this.directive[i]!;
    if (sub >= MEMO_COPIES) {
      if (this.highSplit?.seedText !== text.split) return undefined;
      const a = this.highSplit.get(this.firstOf ? this.firstOf[i]! : i, sub - MEMO_COPIES);
      return a === 0 ? undefined : a === 2;
    }
    return splitOf(this.sources[d]!.table.split[this.index[i]!]!, sub);
  }

  private roll(i: number, text: HashText, bodyMemo: HashMemo): number {
    const d = this.directive[i]!;
    if (d < 0) return bodyMemo.roll(this.sectionId(i));
    const t = this.sources[d]!.table;
    const f = this.index[i]!;
    let r = t.roll[f]!;
    if (Number.isNaN(r)) t.roll[f] = r = keepRollOf(text.roll + this.sectionId(i));
    return r;
  }

  /** A file row's split, memoised in its table (copies below MEMO_COPIES) or the high memo. */
  private fileIsVal(i: number, d: number, sub: number, text: HashText): boolean {
    if (sub >= MEMO_COPIES) return this.isValHigh(i, sub, text);
    const t = this.sources[d]!.table;
    const f = this.index[i]!;
    const known = splitOf(t.split[f]!, sub);
    if (known !== undefined) return known;
    const v = inValidationOf(`${text.split}${this.sectionId(i)}\0${sub}`);
    t.split[f] = withSplit(t.split[f]!, sub, v);
    return v;
  }

  private isValHigh(i: number, sub: number, text: HashText): boolean {
    const known = this.known(i, sub, text);
    if (known !== undefined) return known;
    const v = inValidationOf(`${text.split}${this.sectionId(i)}\0${sub}`);
    this.memoiseHigh(i, sub, text, v);
    return v;
  }

  private memoiseHigh(i: number, sub: number, text: HashText, v: boolean): void {
    if (this.highSplit?.seedText !== text.split) this.highSplit = new HighSplitMemo(text.split, this.length);
    this.highSplit.set(this.firstOf ? this.firstOf[i]! : i, sub - MEMO_COPIES, v);
  }

  columns(e: Expansion): RowColumns {
    const rs = this;
    return {
      length: rs.length,
      sectionId: (i) => rs.sectionId(i),
      origin: (i) => rs.origin(i),
      tags: (i) => rs.tagMaps[rs.tagsRef[i]!]!,
      tagsRef: (i) => rs.tagsRef[i]!,
      weight: (i) => e.tagWeights[rs.tagsRef[i]!]!,
      copies: (i) => e.copies[i]!,
      valCopies: (i) => e.valCopies[i]!,
    };
  }
}

export interface Expansion {
  /** Weight per tag map (RowSet.tagMaps). */
  tagWeights: Float64Array;
  copies: Uint32Array;
  valCopies: Uint32Array;
  totals: Totals;
  trainError: TrainError | null;
}

function sameNumbers(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function totalsOfColumns(copies: Uint32Array, valCopies: Uint32Array): Totals {
  const t: Totals = { rows: copies.length, expandedRows: 0, droppedRows: 0, trainRows: 0, valRows: 0, leakedRows: 0 };
  for (let i = 0; i < copies.length; i++) {
    const c = copies[i]!;
    const v = valCopies[i]!;
    t.expandedRows += c;
    t.valRows += v;
    if (c === 0) t.droppedRows++;
    if (v > 0 && v < c) t.leakedRows++;
  }
  t.trainRows = t.expandedRows - t.valRows;
  return t;
}

/**
 * Rows whose 8-byte ids repeat: an open-addressing table over the id bytes
 * (ids are SHA-256 prefixes, so their bytes are already well mixed). Exact:
 * bytes are compared, not hashes. A row's copies continue the sub-index count
 * of earlier rows with the same id, as dlm's split does.
 */
function duplicateGroups(ids: Uint8Array, n: number): Int32Array | null {
  if (n < 2) return null;
  let cap = 4;
  while (cap < 2 * n) cap *= 2;
  const mask = cap - 1;
  const slots = new Int32Array(cap).fill(-1);
  const v = new DataView(ids.buffer, ids.byteOffset, ids.byteLength);
  let first: Int32Array | null = null;
  for (let r = 0; r < n; r++) {
    const hi = v.getUint32(r * 8);
    const lo = v.getUint32(r * 8 + 4);
    let h = lo & mask;
    for (;;) {
      const s = slots[h]!;
      if (s === -1) { slots[h] = r; break; }
      if (v.getUint32(s * 8) === hi && v.getUint32(s * 8 + 4) === lo) {
        if (!first) { first = new Int32Array(n); for (let k = 0; k < n; k++) first[k] = k; }
        first[r] = s;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  return first;
}

// ---------------------------------------------------------------- reports with lazy rows

const columnsOfReport = new WeakMap<DryRunReport, RowColumns>();

/** The report's rows as columns, when the report came from an index (no per-row objects needed). */
export function rowColumnsOf(report: DryRunReport): RowColumns | undefined {
  return columnsOfReport.get(report);
}

/**
 * Gives `report` its rows: an own, enumerable `rows` property that makes the
 * ReportRow objects on first read (and keeps them), so a caller that only
 * streams the report through rowColumnsOf never holds a million of them.
 */
export function attachRows(report: Omit<DryRunReport, 'rows'>, cols: RowColumns): DryRunReport {
  const r = report as DryRunReport;
  const settle = (value: ReportRow[]) => Object.defineProperty(r, 'rows', { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(r, 'rows', {
    enumerable: true, configurable: true,
    get() {
      cols.materialising?.();
      const rows: ReportRow[] = new Array(cols.length);
      for (let i = 0; i < cols.length; i++) {
        rows[i] = { sectionId: cols.sectionId(i), origin: cols.origin(i), tags: cols.tags(i), weight: cols.weight(i), copies: cols.copies(i), valCopies: cols.valCopies(i) };
      }
      settle(rows);
      return rows;
    },
    set(value: ReportRow[]) {
      // rows replaced: the columns no longer describe them
      columnsOfReport.delete(r);
      settle(value);
    },
  });
  columnsOfReport.set(r, cols);
  return r;
}

/** A lazily made array-valued property (made on first read, then a plain value). */
export function lazyProperty<T extends object, K extends keyof T>(o: T, key: K, make: () => T[K]): void {
  const settle = (value: T[K]) => Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(o, key, {
    enumerable: true, configurable: true,
    get() { const v = make(); settle(v); return v; },
    set(value: T[K]) { settle(value); },
  });
}

/** Each row's tags and counts, from the columns when the report has them (no row objects made). */
export function forEachRow(report: DryRunReport, fn: (tags: TagMap, copies: number, valCopies: number, i: number) => void): void {
  const cols = rowColumnsOf(report);
  if (cols) {
    for (let i = 0; i < cols.length; i++) fn(cols.tags(i), cols.copies(i), cols.valCopies(i), i);
    return;
  }
  report.rows.forEach((r, i) => fn(r.tags, r.copies, r.valCopies, i));
}

/** Each row's section id, from the columns when the report has them. */
export function* sectionIdsOf(report: DryRunReport): Generator<string> {
  const cols = rowColumnsOf(report);
  if (cols) for (let i = 0; i < cols.length; i++) yield cols.sectionId(i);
  else for (const r of report.rows) yield r.sectionId;
}
