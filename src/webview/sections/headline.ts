// The headline numbers as metric tiles, plus a train / validation / dropped bar.
import type { ReportViewModel } from '../../shared/view/viewModelTypes';
import { formatCount, formatShare } from '../../shared/view/format';
import { h, plural, svg } from '../dom';

interface Metric {
  key: string;
  label: string;
  value: number;
  sub: string;
  tone?: 'good' | 'warn' | 'bad';
}

function tile(m: Metric): HTMLElement {
  return h('div', { class: `metric${m.tone ? ` ${m.tone}` : ''}`, 'data-metric': m.key, role: 'group', 'aria-label': `${m.label}: ${formatCount(m.value)}` },
    h('div', { class: 'metric-label' }, m.label),
    h('div', { class: 'metric-value' }, formatCount(m.value)),
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
  const metrics: Metric[] = [
    { key: 'filesRead', label: 'Files read', value: hl.filesRead, sub: `${formatCount(hl.filesSkipped)} skipped` },
    { key: 'rows', label: 'Rows', value: hl.rows, sub: 'before expansion' },
    { key: 'expandedRows', label: 'Copies', value: hl.expandedRows, sub: hl.expandedRows > 0 ? `after expansion, ×${copiesPerRow.toFixed(2)}` : 'after expansion' },
    { key: 'droppedRows', label: 'Dropped', value: hl.droppedRows, sub: 'rows with 0 copies', tone: hl.droppedRows > 0 ? 'warn' : undefined },
    { key: 'trainRows', label: 'Train', value: hl.trainRows, sub: shareOfCopies(hl.trainRows, hl.expandedRows), tone: 'good' },
    { key: 'valRows', label: 'Validation', value: hl.valRows, sub: shareOfCopies(hl.valRows, hl.expandedRows) },
    { key: 'leakedRows', label: 'Leaked', value: hl.leakedRows, sub: 'rows in train and val', tone: hl.leakedRows > 0 ? 'warn' : undefined },
  ];
  const bar = splitBar(vm);
  return h('section', { class: 'headline', 'aria-label': 'Summary' },
    h('div', { class: 'metrics' }, ...metrics.map(tile)),
    bar && h('div', { class: 'split' }, bar,
      h('div', { class: 'legend' },
        h('span', { class: 'key train' }, 'Train'), h('span', { class: 'key val' }, 'Validation'))));
}
