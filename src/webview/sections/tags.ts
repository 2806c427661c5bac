// Per tag key/value: rows before, weight, copies after, validation share,
// with an inline bar pair (rows before vs copies after) for each.
import type { ReportViewModel, TagValueVM } from '../../report/viewModelTypes';
import { anchorLabel, formatCount, formatDelta, formatShare } from '../../report/format';
import { h, plural, section, svg } from '../dom';

const BAR_W = 180;

function bars(t: TagValueVM, max: number): SVGSVGElement {
  const scale = (n: number): number => (max > 0 ? Math.max(n > 0 ? 1.5 : 0, (n / max) * BAR_W) : 0);
  const label = `${t.label}: ${formatCount(t.rows)} ${plural(t.rows, 'row')} before expansion, ${formatCount(t.copies)} ${plural(t.copies, 'copy', 'copies')} after`;
  return svg('svg', { class: 'bars', width: BAR_W, height: 20, viewBox: `0 0 ${BAR_W} 20`, role: 'img', 'aria-label': label },
    svg('title', {}, label),
    svg('rect', { class: 'bar-before', x: 0, y: 2, width: scale(t.rows), height: 7, rx: 1.5 }),
    svg('rect', { class: 'bar-after', x: 0, y: 11, width: scale(t.copies), height: 7, rx: 1.5 }));
}

function deltaCell(n: number | undefined): HTMLTableCellElement {
  if (n === undefined) return h('td', { class: 'num' });
  return h('td', { class: `num delta${n > 0 ? ' up' : n < 0 ? ' down' : ' muted'}` }, formatDelta(n));
}

export function tagsSection(vm: ReportViewModel): HTMLElement {
  if (vm.tags.length === 0) {
    return section('tags', 'Tags', h('p', { class: 'muted' }, 'No row carries a tag (no config with metadata applies to the files read).'));
  }
  const max = vm.tags.reduce((m, t) => Math.max(m, t.rows, t.copies), 0);
  const withDelta = vm.tags.some((t) => t.delta !== null);
  const head = h('tr', {},
    h('th', { scope: 'col' }, 'Tag'),
    h('th', { scope: 'col' }, 'Value'),
    h('th', { scope: 'col', class: 'num' }, 'Weight'),
    h('th', { scope: 'col' }, 'Set by'),
    h('th', { scope: 'col', class: 'num' }, 'Rows'),
    h('th', { scope: 'col', class: 'num' }, 'Copies'),
    h('th', { scope: 'col', class: 'num' }, 'Val share'),
    h('th', { scope: 'col' }, h('span', { class: 'legend' },
      h('span', { class: 'key before' }, 'rows before'), h('span', { class: 'key after' }, 'copies after'))),
    withDelta && h('th', { scope: 'col', class: 'num' }, 'Δ rows'),
    withDelta && h('th', { scope: 'col', class: 'num' }, 'Δ copies'));
  let lastKey: string | null = null;
  const body = vm.tags.map((t) => {
    const first = t.key !== lastKey;
    lastKey = t.key;
    return h('tr', { class: first ? 'group-start' : undefined, 'data-tag': t.label },
      h('th', { scope: 'row', class: first ? 'tag-key' : 'tag-key repeat' }, t.key),
      h('td', { class: 'tag-value' }, t.value),
      h('td', { class: `num mono${t.weightText === '' ? ' muted' : t.weight === null ? ' bad' : ''}`, 'data-col': 'weight' }, t.weightText || '1'),
      h('td', { class: 'muted set-by' }, t.weightSetBy !== null ? anchorLabel(t.weightSetBy) : t.weightText === '' ? 'no weight' : ''),
      h('td', { class: 'num', 'data-col': 'rows' }, formatCount(t.rows)),
      h('td', { class: 'num', 'data-col': 'copies' }, formatCount(t.copies)),
      h('td', { class: 'num', 'data-col': 'valShare' }, formatShare(t.valShare)),
      h('td', { class: 'chart-cell' }, bars(t, max)),
      withDelta && deltaCell(t.delta?.rows),
      withDelta && deltaCell(t.delta?.copies));
  });
  const unused = vm.tags.filter((t) => t.rows === 0).length;
  return section('tags', 'Tags',
    h('p', { class: 'section-intro' },
      'Rows per tag before expansion, the merged weight dlm multiplies in, and the copies that come out. ',
      unused ? `${unused} ${plural(unused, 'weight')} match${unused === 1 ? 'es' : ''} no row and change nothing.` : ''),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'data tags-table', 'aria-label': 'Rows and copies per tag' },
        h('thead', {}, head),
        h('tbody', {}, ...body))));
}
