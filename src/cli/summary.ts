// The human-readable dry-run summary printed by `dlm-weights dry-run`.
import { SKIP_REASONS, type DryRunReport, type ReportDetails, type SkipReason } from '../shared/reportModel.js';
import { join } from 'node:path';
import { documentErrorLines } from './documentErrorSummary.js';
import { forEachRow } from '../engine/corpus/rowSet.js';

const PROBLEM_WORDS: Record<string, string> = {
  yaml: 'YAML that PyYAML cannot parse',
  'not-mapping': 'top level is not a mapping',
  schema: 'keys or values dlm does not accept',
  encoding: 'not valid UTF-8',
};
const TRAIN_ERROR_WORDS: Record<string, string> = {
  'no-rows': 'no rows at all: dlm train has nothing to train on',
  'all-dropped': 'every row was dropped by a zero weight: dlm train has nothing left',
  'nan-weight': 'a row\'s weight is NaN: dlm train crashes during expansion (int(nan))',
  'inf-weight': 'a row\'s weight is infinite: dlm train crashes during expansion (int(inf))',
};
const SKIP_WORDS: Record<SkipReason, string> = {
  excluded: 'excluded', binary: 'binary', encoding: 'not UTF-8', overSize: 'over max_bytes_per_file',
  image: 'image', audio: 'audio', maxFiles: 'past max_files',
};

export function fmtNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞';
  return String(n);
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}

function table(rows: string[][], rightAligned: Set<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  return rows.map((r) => r.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

/** How the summary names files for its reader: `relativePath` of an absolute path (e.g. from the cwd), `base` the report's root. */
export interface SummaryPaths {
  relativePath(abs: string): string;
  base: string;
}

export function formatSummary(report: DryRunReport, details: ReportDetails, paths?: SummaryPaths): string {
  const relativePath = paths ? (abs: string) => paths.relativePath(abs) : (abs: string) => abs;
  const out: string[] = [];
  const t = report.totals;
  const files = report.sources.reduce((n, s) => n + s.files, 0);
  const where = report.mode === 'document' ? `document ${report.document}` : 'directory mode';
  out.push(`dlm-weights dry run (${where}, seed ${report.seed ?? 'unknown'})`);
  out.push('');
  if (report.documentError) {
    // no corpus figures: dlm stops before it builds one
    out.push(...documentErrorLines(report, details, relativePath));
    if (details.gaps.length) out.push('', 'Not predicted by dlm-weights:', ...details.gaps.map((g) => `  ⚠ ${g.message}`));
    return out.join('\n') + '\n';
  }
  out.push(`  files read        ${files}`);
  out.push(`  rows              ${t.rows}`);
  out.push(`  after expansion   ${t.expandedRows}   (${t.droppedRows} rows dropped)`);
  out.push(`  train / val       ${t.trainRows} / ${t.valRows}   (${t.leakedRows} rows in both splits)`);
  if (report.trainError) out.push('', `  ✖ dlm train would fail: ${TRAIN_ERROR_WORDS[report.trainError]}`);
  if (details.gaps.length) {
    out.push('', 'Not predicted by dlm-weights (the figures may differ from dlm train):');
    for (const g of details.gaps) out.push(`  ⚠ ${g.message}`);
  }

  // per tag: rows before -> copies after, validation share
  const perTag = new Map<string, { rows: number; copies: number; val: number }>();
  forEachRow(report, (tags, copies, valCopies) => {
    for (const [k, v] of tags) {
      const key = `${k}=${v}`;
      const e = perTag.get(key) ?? { rows: 0, copies: 0, val: 0 };
      e.rows++; e.copies += copies; e.val += valCopies;
      perTag.set(key, e);
    }
  });
  if (perTag.size) {
    out.push('', 'Tags (rows before → copies after):');
    const rows = [['  tag', 'weight', 'rows', 'copies', 'val share']];
    for (const [key, e] of perTag) {
      const [k, v] = [key.slice(0, key.indexOf('=')), key.slice(key.indexOf('=') + 1)];
      const w = report.mergedWeights.get(k)?.get(v);
      rows.push([`  ${key}`, w === undefined ? '1' : fmtNumber(w), String(e.rows), String(e.copies), pct(e.val, e.copies)]);
    }
    out.push(...table(rows, new Set([1, 2, 3, 4])));
  }

  const ignored = report.configs.filter((c) => c.trainingYaml === 'invalid');
  if (ignored.length) {
    out.push('', 'Configs dlm train IGNORES (it trains without them, silently):');
    // named from the reader's place when known (a document in .dlm/ has anchors like `../src`)
    const name = (anchor: string) => (paths ? relativePath(join(paths.base, anchor, '.dlm', 'training.yaml')) : `${anchor === '.' ? '' : anchor + '/'}.dlm/training.yaml`);
    for (const c of ignored) out.push(`  ✖ ${name(c.anchor)}: ${PROBLEM_WORDS[c.problem ?? ''] ?? c.problem}  (run \`dlm-weights check\` for details)`);
  }

  const skippedTotal = new Map<SkipReason, number>();
  for (const s of report.sources) for (const r of SKIP_REASONS) skippedTotal.set(r, (skippedTotal.get(r) ?? 0) + s.skipped[r]);
  const skippedParts = SKIP_REASONS.filter((r) => skippedTotal.get(r)).map((r) => `${skippedTotal.get(r)} ${SKIP_WORDS[r]}`);
  if (skippedParts.length) out.push('', `Skipped files: ${skippedParts.join(', ')}`);
  if (details.unreadableFiles.length) {
    out.push(`Unreadable files (dlm train would fail on them): ${details.unreadableFiles.slice(0, 5).map((f) => `${f.path} (${f.error})`).join(', ')}${details.unreadableFiles.length > 5 ? ', …' : ''}`);
  }
  return out.join('\n') + '\n';
}
