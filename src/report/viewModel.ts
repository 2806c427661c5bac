// Turns a Map-based DryRunReport into the plain view-model the report UI shows.
import { SKIP_REASONS, type ConfigSummary, type DryRunReport, type ReportRow, type WeightMap } from '../engine/types';
import type { ReportDetails } from './details';
import {
  CONFIG_ABSENT_TEXT, CONFIG_LOADED_TEXT, CONFIG_PROBLEM_TEXT, SKIP_REASON_TEXT, TRAIN_ERROR_TEXT,
} from './explanations';
import { finiteOrNull, formatCount, formatWeight } from './format';
import { isInside, originFile, resolveUnder, trainingYamlPath } from './paths';
import type {
  ChangesVM, ConfigVM, NoteVM, ReportViewModel, RowStatus, RowVM, SkipGroupVM, TagValueVM, WeightEntryVM,
} from './viewModelTypes';

export type { ReportViewModel } from './viewModelTypes';

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
  if (report.trainError !== null) return 'stopped';
  if (row.copies === 0) return 'dropped';
  if (row.valCopies === 0) return 'train';
  return row.valCopies >= row.copies ? 'val' : 'leaked';
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

function buildConfigs(report: DryRunReport, root: string | null): ConfigVM[] {
  const originsByTag = new Map<string, string[]>();
  const originsWith = (key: string, value: string): string[] => {
    const id = tagId(key, value);
    let list = originsByTag.get(id);
    if (!list) {
      list = report.rows.filter((r) => r.tags.get(key) === value).map((r) => r.origin);
      originsByTag.set(id, list);
    }
    return list;
  };
  return report.configs.map((c, i): ConfigVM => {
    const weights: WeightEntryVM[] = [];
    for (const [k, v, n] of weightEntries(c.weights)) {
      const origins = originsWith(k, v);
      weights.push({
        key: k, value: v, weight: finiteOrNull(n), weightText: formatWeight(n),
        overriddenBy: lastSetter(report.configs, k, v, i),
        rowsAffected: origins.length,
        rowsOutsideAnchor: origins.filter((o) => !isInside(c.anchor, o)).length,
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

function buildSkipped(report: DryRunReport, details: ReportDetails | undefined, root: string | null): SkipGroupVM[] {
  const out: SkipGroupVM[] = [];
  for (const reason of SKIP_REASONS) {
    const count = report.sources.reduce((s, src) => s + src.skipped[reason], 0);
    const files = details
      ? details.skippedFiles.filter((f) => f.reason === reason)
        .map((f) => ({ source: f.source, path: f.path, openPath: resolveUnder(root, f.path) }))
      : null;
    if (count === 0 && !files?.length) continue;
    out.push({ reason, ...SKIP_REASON_TEXT[reason], count, files });
  }
  return out;
}

function buildRows(report: DryRunReport, root: string | null): RowVM[] {
  return report.rows.map((r) => ({
    origin: r.origin,
    openPath: resolveUnder(root, originFile(r.origin)),
    tags: [...r.tags].map(([k, v]) => tagLabel(k, v)).join(', '),
    weight: finiteOrNull(r.weight),
    weightText: formatWeight(r.weight),
    copies: r.copies,
    valCopies: r.valCopies,
    status: rowStatus(report, r),
  }));
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

function buildChanges(report: DryRunReport, previous: DryRunReport, counts: Map<string, TagCount>): ChangesVM {
  const now = headlineOf(report);
  const before = headlineOf(previous);
  const totalLabels: Array<[keyof typeof now, string]> = [
    ['filesRead', 'Files read'], ['rows', 'Rows'], ['expandedRows', 'Copies after expansion'],
    ['droppedRows', 'Dropped rows'], ['trainRows', 'Train'], ['valRows', 'Validation'], ['leakedRows', 'Leaked rows'],
  ];
  const prevCounts = countTags(previous.rows);
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
  return {
    totals: totalLabels.map(([key, label]) => ({ label, before: before[key], after: now[key] })),
    tags, weights, rowsAdded, rowsRemoved, rowsWithNewCopies,
  };
}

function buildNotes(report: DryRunReport, vm: Pick<ReportViewModel, 'configs' | 'headline' | 'weightsActive'>, fatal: readonly string[]): ReportViewModel['notes'] {
  const notes: NoteVM[] = fatal.map((text) => ({ level: 'error', text }));
  const ignored = vm.configs.filter((c) => c.status === 'ignored');
  if (ignored.length) {
    const names = ignored.slice(0, 3).map((c) => c.anchor).join(', ') + (ignored.length > 3 ? ', …' : '');
    notes.push({ level: 'warning', text: `${ignored.length} training.yaml ${ignored.length === 1 ? 'file is' : 'files are'} ignored by dlm (${names}): their tags and weights do not apply.` });
  }
  for (const c of vm.configs) {
    for (const w of c.weights) {
      if (w.overriddenBy === null && w.rowsOutsideAnchor > 0 && c.anchor !== '.') {
        notes.push({
          level: 'warning',
          text: `${w.key}=${w.value} × ${w.weightText} from ${c.anchor}/ also applies to ${formatCount(w.rowsOutsideAnchor)} row${w.rowsOutsideAnchor === 1 ? '' : 's'} outside it: dlm merges every config's weights into one global map.`,
        });
      }
    }
  }
  if (report.trainError === null && vm.headline.leakedRows > 0) {
    notes.push({ level: 'info', text: `${formatCount(vm.headline.leakedRows)} duplicated row${vm.headline.leakedRows === 1 ? ' has' : 's have'} copies in both train and validation (copies are split independently).` });
  }
  if (!vm.weightsActive && vm.headline.rows > 0) {
    notes.push({ level: 'info', text: 'No weights are set, so dlm skips expansion: every row trains once.' });
  }
  return notes;
}

export function buildViewModel(report: DryRunReport, details?: ReportDetails, previous?: DryRunReport): ReportViewModel {
  const root = details?.root ?? null;
  const counts = countTags(report.rows);
  const prevCounts = previous ? countTags(previous.rows) : null;
  const configs = buildConfigs(report, root);
  const headline = headlineOf(report);
  const weightsActive = report.mergedWeights.size > 0;
  const trainError = report.trainError === null ? null : { code: report.trainError, ...TRAIN_ERROR_TEXT[report.trainError] };
  const rootName = root ? root.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || root : null;
  return {
    version: 1,
    title: report.document ?? rootName ?? 'corpus directory',
    mode: report.mode,
    document: report.document,
    root,
    seed: report.seed.toString(),
    valFraction: report.valFraction,
    weightsActive,
    headline,
    trainError,
    sources: report.sources.map((s) => ({
      path: s.path, files: s.files, skipped: SKIP_REASONS.reduce((n, r) => n + s.skipped[r], 0),
    })),
    tags: buildTags(report, counts, prevCounts),
    configs,
    skipped: buildSkipped(report, details, root),
    rows: buildRows(report, root),
    changes: previous ? buildChanges(report, previous, counts) : null,
    notes: buildNotes(report, { configs, headline, weightsActive }, details?.fatal ?? []),
  };
}
