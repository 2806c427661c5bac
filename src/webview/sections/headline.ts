// The headline numbers as metric tiles in two groups — the corpus (files,
// rows, copies, dropped) and the split (train, validation, rows in both) — so
// that each group fills its rows at every width (4 = 4 or 2 × 2, 3 = 3): no
// tile is ever left alone on a row. When the report has a previous run, each
// tile shows its change; then a train / validation bar.
import type { HeadlineVM, ReportViewModel } from '../../shared/view/viewModelTypes';
import { formatCount, formatDelta, formatShare } from '../../shared/view/format';
import { h, plural, svg } from '../dom';

interface Metric {
  key: keyof HeadlineVM;
  label: string;
  value: number;
  sub: string;
  /** a warning tile: marked by a border colour and an icon, never by the text colour alone */
  warn?: boolean;
  tone?: 'train' | 'val' | 'copies';
}

function deltaBadge(before: number, after: number): HTMLElement | null {
  if (before === after) return null;
  const d = after - before;
  return h('span', { class: `metric-delta ${d > 0 ? 'up' : 'down'}`, title: `${formatCount(before)} → ${formatCount(after)} since the baseline` },
    h('span', { 'aria-hidden': 'true' }, d > 0 ? '▲ ' : '▼ '), formatDelta(d));
}

function tile(m: Metric, vm: ReportViewModel): HTMLElement {
  const change = vm.changes?.totals.find((t) => t.key === m.key);
  const delta = change ? deltaBadge(change.before, change.after) : null;
  const label = `${m.label}: ${formatCount(m.value)}` + (delta && change ? `, was ${formatCount(change.before)}` : '');
  const cls = ['metric', m.warn ? 'warn' : '', m.tone ?? ''].filter(Boolean).join(' ');
  const value = h('span', { class: 'metric-value' }, formatCount(m.value));
  // the CSS sizes the figure to fit the tile by its length (CSSOM: no inline style attribute under the CSP)
  value.style.setProperty('--chars', String(Math.max(4, value.textContent!.length)));
  return h('div', { class: cls, 'data-metric': m.key, role: 'group', 'aria-label': label },
    h('div', { class: 'metric-label' }, m.warn && h('span', { class: 'warn-icon', 'aria-hidden': 'true' }, '!'), m.label),
    h('div', { class: 'metric-figures' }, value, delta),
    h('div', { class: 'metric-sub' }, m.sub));
}

function splitBar(vm: ReportViewModel): SVGSVGElement | null {
  const { trainRows, valRows, droppedRows } = vm.headline;
  const total = trainRows + valRows;
  if (total === 0) return null;
  const label = `${formatCount(trainRows)} train and ${formatCount(valRows)} validation copies`;
  const w = (n: number): number => (n / total) * 100;
  return svg('svg', { class: 'split-bar', viewBox: '0 0 100 4', preserveAspectRatio: 'none', role: 'img', 'aria-label': label },
    svg('title', {}, `${label}; ${formatCount(droppedRows)} ${plural(droppedRows, 'row')} dropped`),
    svg('rect', { class: 'seg-train', x: 0, y: 0, width: w(trainRows), height: 4 }),
    svg('rect', { class: 'seg-val', x: w(trainRows), y: 0, width: w(valRows), height: 4 }));
}

const shareOfCopies = (n: number, total: number): string => (total > 0 ? `${formatShare(n / total)} of copies` : 'no copies');

export function headlineSection(vm: ReportViewModel): HTMLElement {
  const hl = vm.headline;
  const copiesPerRow = hl.rows > 0 ? hl.expandedRows / hl.rows : 0;
  const corpus: Metric[] = [
    { key: 'filesRead', label: 'Files read', value: hl.filesRead, sub: `${formatCount(hl.filesSkipped)} skipped` },
    { key: 'rows', label: 'Rows', value: hl.rows, sub: 'before expansion' },
    { key: 'expandedRows', label: 'Copies', value: hl.expandedRows, sub: hl.expandedRows > 0 ? `after expansion, ×${copiesPerRow.toFixed(2)}` : 'after expansion', tone: 'copies' },
    { key: 'droppedRows', label: 'Dropped', value: hl.droppedRows, sub: 'rows with 0 copies', warn: hl.droppedRows > 0 },
  ];
  const split: Metric[] = [
    { key: 'trainRows', label: 'Train', value: hl.trainRows, sub: shareOfCopies(hl.trainRows, hl.expandedRows), tone: 'train' },
    { key: 'valRows', label: 'Validation', value: hl.valRows, sub: shareOfCopies(hl.valRows, hl.expandedRows), tone: 'val' },
    { key: 'leakedRows', label: 'In both splits', value: hl.leakedRows, sub: `${plural(hl.leakedRows, 'row')} with copies in each` },
  ];
  const bar = splitBar(vm);
  return h('section', { class: 'headline', 'aria-label': 'Summary' },
    h('div', { class: 'metrics' },
      h('div', { class: 'metric-group corpus', role: 'group', 'aria-label': 'Corpus' }, ...corpus.map((m) => tile(m, vm))),
      h('div', { class: 'metric-group split', role: 'group', 'aria-label': 'Train / validation split' }, ...split.map((m) => tile(m, vm)))),
    bar && h('div', { class: 'split-row' }, bar,
      h('div', { class: 'legend' },
        h('span', { class: 'key train' }, 'Train'), h('span', { class: 'key val' }, 'Validation'))));
}
