// Turns a Map-based DryRunReport into the plain view-model the report UI shows.
//
// Live updates where only weights changed (same rows, same order, same
// origin / sectionId / tags) take a fast path: given the view-model of the
// previous report, its rows' static parts (origin, openPath, tags text), its
// per-tag row index and its per-config row counts are reused, and the per-tag
// copies are summed in one pass. The result equals a fresh build.
import {
  SKIP_REASONS, type ConfigSummary, type DryRunReport, type PredictionGap, type ReportDetails, type ReportDetailsJson,
  type ReportRow, type SkippedFile, type TagMap, type WeightMap,
} from '../shared/reportModel';
import {
  CONFIG_ABSENT_TEXT, CONFIG_LOADED_TEXT, CONFIG_PROBLEM_TEXT, SKIP_REASON_TEXT, TRAIN_ERROR_TEXT,
} from './explanations';
import { anchorLabel, finiteOrNull, formatCount, formatWeight, formatWeightShort } from '../shared/view/format';
import { uniqueRowLabels } from '../engine/explain/labels';
import { insideOf, originFile, resolveUnder, trainingYamlPath } from './paths';
import { buildDocumentError, type ProblemInput } from './documentErrorView';
import { sameRowKeys } from './reportPatch';
import { rowStatusOf } from '../shared/view/rowUpdates';
import type {
  ChangesVM, ConfigVM, NoteVM, ReportViewModel, RowStatus, RowVM, SkipGroupVM, SkippedFileVM, TagValueVM, WeightEntryVM,
} from '../shared/view/viewModelTypes';

export type { ReportViewModel } from '../shared/view/viewModelTypes';

/**
 * What the view-model shows beyond the report: the skipped files, the
 * problems that stop dlm train, the gaps in the prediction, and (when known)
 * the absolute directory the report's paths are relative to. The engine's details and the details a
 * client receives (with `root`) both fit.
 */
export interface ViewModelDetails extends Pick<ReportDetails, 'skippedFiles'> {
  root?: ReportDetailsJson['root'];
  /** Where each row comes from (tells a document section's rows from a file two sources reach, in row labels). */
  rowSources?: ReportDetails['rowSources'];
  /** What stops dlm train before training, in dlm's order (the first is report.documentError; shown with it). */
  problems?: readonly ProblemInput[];
  /** Where dlm-weights knows its prediction may differ from dlm (shown as warnings). */
  gaps?: ReadonlyArray<Pick<PredictionGap, 'message'>>;
}

interface TagCount {
  rows: number;
  copies: number;
  valCopies: number;
}

const tagId = (key: string, value: string): string => `${key}\u0000${value}`;
const tagLabel = (key: string, value: string): string => `${key}=${value}`;

/** Rows, copies and validation copies per (tag key, tag value), summed over rows. */
export function countTags(rows: readonly ReportRow[]): Map<string, TagCount> {
  const out = new Map<string, TagCount>();
  for (const row of rows) {
    for (const [k, v] of row.tags) {
      const id = tagId(k, v);
      let c = out.get(id);
      if (!c) out.set(id, (c = { rows: 0, copies: 0, valCopies: 0 }));
      c.rows++;
      c.copies += row.copies;
      c.valCopies += row.valCopies;
    }
  }
  return out;
}

/**
 * Which (tag key, tag value) slots each row has, in compressed rows form:
 * row i has slots[start[i] .. start[i + 1]). Depends on the rows' tags only.
 */
interface TagIndex {
  /** slot → tag id */
  ids: string[];
  slotOf: Map<string, number>;
  start: Int32Array;
  slots: Int32Array;
}

function tagIndexOf(rows: readonly ReportRow[]): TagIndex {
  const byKey = new Map<string, Map<string, number>>();
  const ids: string[] = [];
  const slotOf = new Map<string, number>();
  const start = new Int32Array(rows.length + 1);
  let slots = new Int32Array(Math.max(16, rows.length * 2));
  let m = 0;
  let lastTags: TagMap | null = null;
  let lastFrom = 0;
  for (let i = 0; i < rows.length; i++) {
    const tags = rows[i]!.tags;
    if (m + tags.size > slots.length) {
      const grown = new Int32Array(Math.max(slots.length * 2, m + tags.size));
      grown.set(slots);
      slots = grown;
    }
    if (tags === lastTags) {
      // rows of one folder chain share their tag map: copy the previous row's slots
      const n = start[i]! - lastFrom;
      slots.copyWithin(m, lastFrom, lastFrom + n);
      lastFrom = m;
      m += n;
    } else {
      lastFrom = m;
      for (const [k, v] of tags) {
        let values = byKey.get(k);
        if (!values) byKey.set(k, (values = new Map()));
        let slot = values.get(v);
        if (slot === undefined) {
          slot = ids.length;
          values.set(v, slot);
          const id = tagId(k, v);
          ids.push(id);
          slotOf.set(id, slot);
        }
        slots[m++] = slot;
      }
      lastTags = tags;
    }
    start[i + 1] = m;
  }
  return { ids, slotOf, start, slots: slots.subarray(0, m) };
}

/** countTags over rows whose tags `index` describes (one pass, no string work). */
function countWithIndex(index: TagIndex, rows: readonly ReportRow[]): Map<string, TagCount> {
  const k = index.ids.length;
  const nRows = new Float64Array(k);
  const copies = new Float64Array(k);
  const valCopies = new Float64Array(k);
  const { start, slots } = index;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const c = r.copies;
    const v = r.valCopies;
    for (let j = start[i]!, end = start[i + 1]!; j < end; j++) {
      const s = slots[j]!;
      nRows[s]!++;
      copies[s] += c;
      valCopies[s] += v;
    }
  }
  const out = new Map<string, TagCount>();
  for (let s = 0; s < k; s++) out.set(index.ids[s]!, { rows: nRows[s]!, copies: copies[s]!, valCopies: valCopies[s]! });
  return out;
}

/** What a view-model was built from, for the fast path of the next build. */
interface VmInternals {
  /** The report rows the view-model was built from. */
  rows: readonly ReportRow[];
  root: string | null;
  /** Shared by view-models whose rows have the same static parts (origin, openPath, tags). */
  rowsToken: object;
  index: TagIndex;
  counts: Map<string, TagCount>;
  /** Row facts that depend on the rows' tags and origins only. */
  rowFacts: RowFacts;
  skipped: { source: readonly SkippedFile[]; root: string | null; files: Map<string, SkippedFileVM[]> } | null;
}
const internals = new WeakMap<ReportViewModel, VmInternals>();

/** Rows per tag and their counts per folder, computed on demand and kept while the rows are. */
class RowFacts {
  private readonly rowsByTag = new Map<number, number[]>();
  private readonly under = new Map<number, Int32Array>();
  /** Row origins (not the rows: a chain of fast-path view-models must not keep old reports alive). */
  private readonly rowOrigins: readonly string[];
  /** The folders above each row's origin (`a`, `a/b` for `a/b/c.md`) by number: row i's are folders[folderStart[i] .. folderStart[i+1]). */
  private folderOf: Map<string, number> | null = null;
  private folderStart = new Uint32Array(0);
  private folders = new Int32Array(0);

  constructor(private readonly index: TagIndex, rows: readonly ReportRow[]) {
    this.rowOrigins = rows.map((r) => r.origin);
  }

  /** Indexes of the rows carrying tag slot `slot`. */
  private rowsOf(slot: number): number[] {
    let list = this.rowsByTag.get(slot);
    if (!list) {
      list = [];
      const { start, slots } = this.index;
      for (let i = 0; i < this.rowOrigins.length; i++) {
        for (let j = start[i]!, end = start[i + 1]!; j < end; j++) {
          if (slots[j] === slot) { list.push(i); break; }
        }
      }
      this.rowsByTag.set(slot, list);
    }
    return list;
  }

  /** Rows carrying key=value. */
  affected(key: string, value: string): number {
    const slot = this.index.slotOf.get(tagId(key, value));
    return slot === undefined ? 0 : this.rowsOf(slot).length;
  }

  /** Rows carrying key=value whose origin is outside `anchor`. */
  outsideAnchor(anchor: string, key: string, value: string): number {
    const slot = this.index.slotOf.get(tagId(key, value));
    if (slot === undefined) return 0;
    const rows = this.rowsOf(slot);
    const a = anchor.replace(/^\.\//, '').replace(/\/+$/, '');
    if (a === '.' || a === '') {
      const inside = insideOf(a);
      return rows.reduce((n, i) => (inside(this.rowOrigins[i]!) ? n : n + 1), 0);
    }
    // inside `a` = the origin has `${a}/` as a prefix, i.e. `a` is one of the folders above it
    const folder = this.foldersAbove().get(a);
    return rows.length - (folder === undefined ? 0 : this.countsUnder(slot)[folder]!);
  }

  private foldersAbove(): Map<string, number> {
    if (this.folderOf) return this.folderOf;
    const folderOf = new Map<string, number>();
    const start = new Uint32Array(this.rowOrigins.length + 1);
    const list: number[] = [];
    this.rowOrigins.forEach((o, i) => {
      for (let k = o.indexOf('/'); k !== -1; k = o.indexOf('/', k + 1)) {
        const name = o.slice(0, k);
        let f = folderOf.get(name);
        if (f === undefined) folderOf.set(name, (f = folderOf.size));
        list.push(f);
      }
      start[i + 1] = list.length;
    });
    this.folderStart = start;
    this.folders = Int32Array.from(list);
    return (this.folderOf = folderOf);
  }

  /** For tag slot `slot`: how many of its rows are under each folder (by folder number). */
  private countsUnder(slot: number): Int32Array {
    let counts = this.under.get(slot);
    if (!counts) {
      counts = new Int32Array(this.foldersAbove().size);
      const { folderStart, folders } = this;
      for (const i of this.rowsOf(slot)) for (let j = folderStart[i]!; j < folderStart[i + 1]!; j++) counts[folders[j]!]!++;
      this.under.set(slot, counts);
    }
    return counts;
  }
}

function* weightEntries(w: WeightMap): Generator<[string, string, number]> {
  for (const [k, values] of w) for (const [v, n] of values) yield [k, v, n];
}

const isLoaded = (c: ConfigSummary): boolean => c.trainingYaml === 'valid';

/** Anchor of the last loaded config setting (key, value): the entry that wins the merge. */
function lastSetter(configs: readonly ConfigSummary[], key: string, value: string, after = -1): string | null {
  for (let i = configs.length - 1; i > after; i--) {
    if (isLoaded(configs[i]) && configs[i].weights.get(key)?.has(value)) return configs[i].anchor;
  }
  return null;
}

function rowStatus(report: DryRunReport, row: ReportRow): RowStatus {
  return rowStatusOf(report.trainError !== null, row.copies, row.valCopies);
}

function buildTags(report: DryRunReport, counts: Map<string, TagCount>, prevCounts: Map<string, TagCount> | null): TagValueVM[] {
  const out: TagValueVM[] = [];
  const seen = new Set<string>();
  const add = (key: string, value: string, rows: number): void => {
    const id = tagId(key, value);
    if (seen.has(id)) return;
    seen.add(id);
    const c = counts.get(id) ?? { rows: 0, copies: 0, valCopies: 0 };
    const w = report.mergedWeights.get(key)?.get(value);
    const prev = prevCounts ? prevCounts.get(id) ?? { rows: 0, copies: 0, valCopies: 0 } : null;
    out.push({
      key, value, label: tagLabel(key, value), rows,
      copies: c.copies, valCopies: c.valCopies,
      valShare: c.copies > 0 ? c.valCopies / c.copies : null,
      weight: w === undefined ? null : finiteOrNull(w),
      weightText: w === undefined ? '' : formatWeight(w),
      weightSetBy: w === undefined ? null : lastSetter(report.configs, key, value),
      delta: prev ? { rows: rows - prev.rows, copies: c.copies - prev.copies } : null,
    });
  };
  for (const [k, values] of report.distribution) for (const [v, n] of values) add(k, v, n);
  // Weights no row uses: worth showing, they do nothing.
  for (const [k, v] of weightEntries(report.mergedWeights)) add(k, v, 0);
  return out;
}

function buildConfigs(report: DryRunReport, root: string | null, facts: RowFacts): ConfigVM[] {
  return report.configs.map((c, i): ConfigVM => {
    const weights: WeightEntryVM[] = [];
    for (const [k, v, n] of weightEntries(c.weights)) {
      weights.push({
        key: k, value: v, weight: finiteOrNull(n), weightText: formatWeight(n),
        overriddenBy: lastSetter(report.configs, k, v, i),
        rowsAffected: facts.affected(k, v),
        rowsOutsideAnchor: facts.outsideAnchor(c.anchor, k, v),
      });
    }
    const status = c.trainingYaml === 'valid' ? 'loaded' : c.trainingYaml === 'absent' ? 'absent' : 'ignored';
    return {
      order: i + 1,
      anchor: c.anchor,
      path: resolveUnder(root, trainingYamlPath(c.anchor)),
      status,
      statusText: status === 'loaded' ? 'loaded' : status === 'absent' ? 'no training.yaml' : `ignored by dlm (${c.problem ?? 'invalid'})`,
      problem: c.problem,
      explanation: c.problem ? CONFIG_PROBLEM_TEXT[c.problem] : status === 'absent' ? CONFIG_ABSENT_TEXT : CONFIG_LOADED_TEXT,
      ignoreRules: c.ignoreRules,
      metadata: [...c.metadata].map(([key, value]) => ({ key, value })),
      weights,
    };
  });
}

type SkippedCache = NonNullable<VmInternals['skipped']>;

function buildSkipped(report: DryRunReport, details: ViewModelDetails | undefined, root: string | null, reuse: SkippedCache | null): { groups: SkipGroupVM[]; cache: SkippedCache | null } {
  const out: SkipGroupVM[] = [];
  const cache: SkippedCache | null = !details ? null
    : reuse && reuse.source === details.skippedFiles && reuse.root === root ? reuse
      : { source: details.skippedFiles, root, files: new Map() };
  for (const reason of SKIP_REASONS) {
    const count = report.sources.reduce((s, src) => s + src.skipped[reason], 0);
    let files: SkippedFileVM[] | null = null;
    if (details && cache) {
      files = cache.files.get(reason) ?? null;
      if (!files) {
        files = details.skippedFiles.filter((f) => f.reason === reason)
          .map((f) => ({ source: f.source, path: f.path, openPath: resolveUnder(root, f.path) }));
        cache.files.set(reason, files);
      }
    }
    if (count === 0 && !files?.length) continue;
    out.push({ reason, ...SKIP_REASON_TEXT[reason], count, files });
  }
  return { groups: out, cache };
}

/** Paths with a `.`, `..` or empty segment: resolveUnder works them out. */
const NOT_PLAIN = /^$|^\/|\/$|\/\/|(^|\/)\.\.?(\/|$)/;

/**
 * resolveUnder(root, ·) for many paths: the root split once, and a plain
 * relative path (no `.`, `..` or empty segment, as row origins are) joined on
 * without splitting it again; the same result as resolveUnder.
 */
export function resolverUnder(root: string | null): (rel: string) => string {
  if (!root) return (rel) => rel;
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const head = root.replace(/[\\/]+$/, '');
  const base = (head === '' ? [''] : head.split(/[\\/]/)).join(sep);
  return (rel) => (NOT_PLAIN.test(rel) ? resolveUnder(root, rel) : `${base}${sep}${sep === '/' ? rel : rel.split('/').join(sep)}`);
}

/** formatWeight, one text per distinct weight (a report's weights are a few products of tag weights). */
function weightTextMemo(): (w: number) => string {
  const texts = new Map<number, string>();
  return (w) => {
    let text = texts.get(w);
    if (text === undefined) texts.set(w, (text = formatWeight(w)));
    return text;
  };
}

function buildRows(report: DryRunReport, root: string | null, sources: ReportDetails['rowSources'] | undefined): RowVM[] {
  const under = resolverUnder(root);
  // rows share tag map objects (a file's sections, a report read from columns): one text each
  const tagTexts = new Map<ReportRow['tags'], string>();
  const tagsText = (tags: ReportRow['tags']): string => {
    let text = tagTexts.get(tags);
    if (text === undefined) tagTexts.set(tags, (text = [...tags].map(([k, v]) => tagLabel(k, v)).join(', ')));
    return text;
  };
  // the contract's origin repeats (a section's Q/A pairs, a file two sources reach): the UI's labels do not
  const labels = uniqueRowLabels(report.rows.map((r) => r.origin), sources?.length === report.rows.length ? sources : undefined);
  const weightText = weightTextMemo();
  return report.rows.map((r, i) => ({
    origin: labels[i]!,
    openPath: under(originFile(r.origin)),
    tags: tagsText(r.tags),
    weight: finiteOrNull(r.weight),
    weightText: weightText(r.weight),
    copies: r.copies,
    valCopies: r.valCopies,
    status: rowStatus(report, r),
  }));
}

/**
 * Rows of a report whose rows have the same static parts as `base` (row i of
 * each alike): reuse them, and reuse base's row objects whose numbers did not
 * change (view-models are never mutated).
 */
function updateRows(report: DryRunReport, base: readonly RowVM[]): RowVM[] {
  const rows = report.rows;
  const out: RowVM[] = new Array(rows.length);
  const textOf = weightTextMemo();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const b = base[i]!;
    const w = r.weight;
    const weightText = textOf(w);
    const weight = finiteOrNull(w);
    const status = rowStatus(report, r);
    out[i] = b.weight === weight && b.weightText === weightText && b.copies === r.copies && b.valCopies === r.valCopies && b.status === status ? b : {
      origin: b.origin,
      openPath: b.openPath,
      tags: b.tags,
      weight,
      weightText,
      copies: r.copies,
      valCopies: r.valCopies,
      status,
    };
  }
  return out;
}

function headlineOf(report: DryRunReport): ReportViewModel['headline'] {
  let filesRead = 0;
  let filesSkipped = 0;
  for (const s of report.sources) {
    filesRead += s.files;
    for (const r of SKIP_REASONS) filesSkipped += s.skipped[r];
  }
  return { filesRead, filesSkipped, ...report.totals };
}

function buildChanges(
  report: DryRunReport, previous: DryRunReport, counts: Map<string, TagCount>, prevCounts: Map<string, TagCount>, sameRows: boolean,
): ChangesVM {
  const now = headlineOf(report);
  const before = headlineOf(previous);
  const totalLabels: Array<[keyof typeof now, string]> = [
    ['filesRead', 'Files read'], ['rows', 'Rows'], ['expandedRows', 'Copies after expansion'],
    ['droppedRows', 'Dropped rows'], ['trainRows', 'Train'], ['valRows', 'Validation'], ['leakedRows', 'Rows in both splits'],
  ];
  const tags: ChangesVM['tags'] = [];
  const tagOrder = new Map<string, [string, string]>();
  for (const c of [report, previous]) for (const [k, vs] of c.distribution) for (const v of vs.keys()) tagOrder.set(tagId(k, v), [k, v]);
  for (const [id, [k, v]] of tagOrder) {
    const a = counts.get(id) ?? { rows: 0, copies: 0, valCopies: 0 };
    const b = prevCounts.get(id) ?? { rows: 0, copies: 0, valCopies: 0 };
    if (a.rows !== b.rows || a.copies !== b.copies) {
      tags.push({ label: tagLabel(k, v), rowsBefore: b.rows, rowsAfter: a.rows, copiesBefore: b.copies, copiesAfter: a.copies });
    }
  }
  const weights: ChangesVM['weights'] = [];
  const weightIds = new Map<string, [string, string]>();
  for (const c of [report, previous]) for (const [k, v] of weightEntries(c.mergedWeights)) weightIds.set(tagId(k, v), [k, v]);
  for (const [k, v] of weightIds.values()) {
    const a = report.mergedWeights.get(k)?.get(v);
    const b = previous.mergedWeights.get(k)?.get(v);
    const at = a === undefined ? '' : formatWeight(a);
    const bt = b === undefined ? '' : formatWeight(b);
    if (at !== bt) weights.push({ label: tagLabel(k, v), before: bt, after: at });
  }
  const totals = totalLabels.map(([key, label]) => ({ key, label, before: before[key], after: now[key] }));
  if (sameRows) {
    // the same rows in the same order: row i matches row i
    let rowsWithNewCopies = 0;
    for (let i = 0; i < report.rows.length; i++) {
      const r = report.rows[i]!;
      const p = previous.rows[i]!;
      if (p.copies !== r.copies || p.valCopies !== r.valCopies) rowsWithNewCopies++;
    }
    return { totals, tags, weights, rowsAdded: 0, rowsRemoved: 0, rowsWithNewCopies };
  }
  // Rows are matched by origin and section id (same file, same content).
  const prevRows = new Map<string, ReportRow[]>();
  for (const r of previous.rows) {
    const id = `${r.origin}\u0000${r.sectionId}`;
    const list = prevRows.get(id);
    if (list) list.push(r);
    else prevRows.set(id, [r]);
  }
  let rowsAdded = 0;
  let rowsWithNewCopies = 0;
  for (const r of report.rows) {
    const p = prevRows.get(`${r.origin}\u0000${r.sectionId}`)?.shift();
    if (!p) rowsAdded++;
    else if (p.copies !== r.copies || p.valCopies !== r.valCopies) rowsWithNewCopies++;
  }
  let rowsRemoved = 0;
  for (const list of prevRows.values()) rowsRemoved += list.length;
  return { totals, tags, weights, rowsAdded, rowsRemoved, rowsWithNewCopies };
}

function buildNotes(report: DryRunReport, vm: Pick<ReportViewModel, 'configs' | 'headline' | 'weightsActive'>, details: ViewModelDetails | undefined): ReportViewModel['notes'] {
  // what stops dlm train: with a documentError the report's own section shows every problem
  const problems = report.documentError ? [] : details?.problems ?? [];
  const notes: NoteVM[] = problems.map((p) => ({ level: 'error', text: p.message }));
  for (const g of details?.gaps ?? []) notes.push({ level: 'warning', text: g.message });
  const ignored = vm.configs.filter((c) => c.status === 'ignored');
  if (ignored.length) {
    const names = ignored.slice(0, 3).map((c) => anchorLabel(c.anchor)).join(', ') + (ignored.length > 3 ? ', …' : '');
    notes.push({
      level: 'warning',
      text: ignored.length === 1
        ? `The tags and weights of ${names} do not apply: dlm ignores its training.yaml.`
        : `The tags and weights of ${ignored.length} configs (${names}) do not apply: dlm ignores their training.yaml.`,
    });
  }
  for (const c of vm.configs) {
    for (const w of c.weights) {
      if (w.overriddenBy === null && w.rowsOutsideAnchor > 0 && c.anchor !== '.') {
        const n = w.rowsOutsideAnchor;
        notes.push({
          level: 'warning',
          text: `${formatCount(n)} ${n === 1 ? 'row' : 'rows'} outside ${c.anchor}/ also ${n === 1 ? 'gets' : 'get'} its ${w.key}=${w.value} × ${w.weight === null ? w.weightText : formatWeightShort(w.weight)}: dlm merges every config's weights into one global map.`,
        });
      }
    }
  }
  if (report.trainError === null && vm.headline.leakedRows > 0) {
    const n = vm.headline.leakedRows;
    notes.push({ level: 'info', text: `${formatCount(n)} ${n === 1 ? 'row has' : 'rows have'} copies in both splits, train and validation: dlm splits each copy of a row on its own.` });
  }
  if (!vm.weightsActive && vm.headline.rows > 0) {
    notes.push({ level: 'info', text: 'Every row trains once: no weights are set, so dlm skips expansion.' });
  }
  return notes;
}

/**
 * The view-model of `report`; with `previous`, "what changed" deltas against
 * it. `previousVm` (the view-model of an earlier report of the same corpus,
 * usually `previous`'s) enables the fast path when the rows are the same; the
 * result is the same either way.
 */
export function buildViewModel(report: DryRunReport, details?: ViewModelDetails, previous?: DryRunReport, previousVm?: ReportViewModel): ReportViewModel {
  const root = details?.root ?? null;
  const base = previousVm ? internals.get(previousVm) : undefined;
  const fast = !!base && !!previousVm && base.root === root && previousVm.rows.length === report.rows.length && sameRowKeys(base.rows, report.rows);
  const index = fast ? base!.index : tagIndexOf(report.rows);
  const counts = countWithIndex(index, report.rows);
  const rowFacts = fast ? base!.rowFacts : new RowFacts(index, report.rows);
  // deltas: when the previous rows are the same rows, count them with the same index
  let prevCounts: Map<string, TagCount> | null = null;
  let sameAsPrevious = false;
  if (previous) {
    if (fast && previous.rows === base!.rows) {
      sameAsPrevious = true;
      prevCounts = base!.counts;
    } else if (sameRowKeys(previous.rows, report.rows)) {
      sameAsPrevious = true;
      prevCounts = countWithIndex(index, previous.rows);
    } else {
      prevCounts = countTags(previous.rows);
    }
  }
  const configs = buildConfigs(report, root, rowFacts);
  const headline = headlineOf(report);
  const weightsActive = report.mergedWeights.size > 0;
  const trainError = report.trainError === null ? null : { code: report.trainError, ...TRAIN_ERROR_TEXT[report.trainError] };
  const rootName = root ? root.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || root : null;
  const skipped = buildSkipped(report, details, root, fast ? base!.skipped : null);
  const vm: ReportViewModel = {
    version: 1,
    title: report.document ?? rootName ?? 'corpus directory',
    mode: report.mode,
    document: report.document,
    root,
    seed: report.seed === null ? 'unknown' : report.seed.toString(),
    valFraction: report.valFraction,
    weightsActive,
    headline,
    trainError,
    documentError: buildDocumentError(report, details?.problems, root),
    sources: report.sources.map((s) => ({
      path: s.path, files: s.files, skipped: SKIP_REASONS.reduce((n, r) => n + s.skipped[r], 0),
    })),
    tags: buildTags(report, counts, prevCounts),
    configs,
    skipped: skipped.groups,
    rows: fast ? updateRows(report, previousVm!.rows) : buildRows(report, root, details?.rowSources),
    changes: previous ? buildChanges(report, previous, counts, prevCounts!, sameAsPrevious) : null,
    notes: buildNotes(report, { configs, headline, weightsActive }, details),
  };
  internals.set(vm, {
    rows: report.rows, root, rowsToken: fast ? base!.rowsToken : {}, index, counts, rowFacts, skipped: skipped.cache,
  });
  return vm;
}

/**
 * Whether `vm` and `other` have rows with the same static parts (origin,
 * openPath, tags text) in the same order, so that one's rows become the
 * other's by changing their numbers (weight, copies, valCopies, status) only:
 * true when one was built from the other by the fast path.
 */
export function sameRowStatics(vm: ReportViewModel, other: ReportViewModel): boolean {
  const a = internals.get(vm);
  return !!a && a.rowsToken === internals.get(other)?.rowsToken && vm.rows.length === other.rows.length;
}
