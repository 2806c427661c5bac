// Per tag key/value: rows before, weight, copies after, validation share,
// with an inline bar pair (rows before vs copies after) for each. Rows are
// made once and filled from the view-model, so a live update with the same
// tags refills them in place.
import type { ReportViewModel, TagValueVM } from '../../shared/view/viewModelTypes';
import { anchorLabel, formatCount, formatDelta, formatShare } from '../../shared/view/format';
import { h, plural, section, svg } from '../dom';

const BAR_W = 180;

interface TagRow {
  tr: HTMLTableRowElement;
  key: HTMLTableCellElement;
  value: HTMLTableCellElement;
  weight: HTMLTableCellElement;
  setBy: HTMLTableCellElement;
  rows: HTMLTableCellElement;
  copies: HTMLTableCellElement;
  share: HTMLTableCellElement;
  bars: SVGSVGElement;
  title: SVGTitleElement;
  before: SVGRectElement;
  after: SVGRectElement;
  delta: [HTMLTableCellElement, HTMLTableCellElement] | null;
}

function makeRow(withDelta: boolean): TagRow {
  const title = svg('title');
  const before = svg('rect', { class: 'bar-before', x: 0, y: 2, height: 7, rx: 1.5 });
  const after = svg('rect', { class: 'bar-after', x: 0, y: 11, height: 7, rx: 1.5 });
  const bars = svg('svg', { class: 'bars', width: BAR_W, height: 20, viewBox: `0 0 ${BAR_W} 20`, role: 'img' }, title, before, after);
  const r: TagRow = {
    tr: h('tr'),
    key: h('th', { scope: 'row' }),
    value: h('td', { class: 'tag-value' }),
    weight: h('td', { 'data-col': 'weight' }),
    setBy: h('td', { class: 'muted set-by' }),
    rows: h('td', { class: 'num', 'data-col': 'rows' }),
    copies: h('td', { class: 'num', 'data-col': 'copies' }),
    share: h('td', { class: 'num', 'data-col': 'valShare' }),
    bars, title, before, after,
    delta: withDelta ? [h('td'), h('td')] : null,
  };
  r.tr.append(r.key, r.value, r.weight, r.setBy, r.rows, r.copies, r.share, h('td', { class: 'chart-cell' }, bars), ...(r.delta ?? []));
  return r;
}

function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function setClass(el: Element, cls: string): void {
  if (cls === '') el.removeAttribute('class');
  else if (el.getAttribute('class') !== cls) el.setAttribute('class', cls);
}

function fillDelta(td: HTMLTableCellElement, n: number | undefined): void {
  setClass(td, n === undefined ? 'num' : `num delta${n > 0 ? ' up' : n < 0 ? ' down' : ' muted'}`);
  setText(td, n === undefined ? '' : formatDelta(n));
}

function fillRow(r: TagRow, t: TagValueVM, max: number, first: boolean): void {
  setClass(r.tr, first ? 'group-start' : '');
  r.tr.setAttribute('data-tag', t.label);
  setClass(r.key, first ? 'tag-key' : 'tag-key repeat');
  setText(r.key, t.key);
  setText(r.value, t.value);
  setClass(r.weight, `num mono${t.weightText === '' ? ' muted' : t.weight === null ? ' bad' : ''}`);
  setText(r.weight, t.weightText || '1');
  setText(r.setBy, t.weightSetBy !== null ? anchorLabel(t.weightSetBy) : t.weightText === '' ? 'no weight' : '');
  setText(r.rows, formatCount(t.rows));
  setText(r.copies, formatCount(t.copies));
  setText(r.share, formatShare(t.valShare));
  const scale = (n: number): number => (max > 0 ? Math.max(n > 0 ? 1.5 : 0, (n / max) * BAR_W) : 0);
  const label = `${t.label}: ${formatCount(t.rows)} ${plural(t.rows, 'row')} before expansion, ${formatCount(t.copies)} ${plural(t.copies, 'copy', 'copies')} after`;
  r.bars.setAttribute('aria-label', label);
  setText(r.title, label);
  r.before.setAttribute('width', String(scale(t.rows)));
  r.after.setAttribute('width', String(scale(t.copies)));
  if (r.delta) {
    fillDelta(r.delta[0], t.delta?.rows);
    fillDelta(r.delta[1], t.delta?.copies);
  }
}

const maxOf = (vm: ReportViewModel): number => vm.tags.reduce((m, t) => Math.max(m, t.rows, t.copies), 0);
const hasDeltas = (vm: ReportViewModel): boolean => vm.tags.some((t) => t.delta !== null);

function intro(vm: ReportViewModel): string {
  const unused = vm.tags.filter((t) => t.rows === 0).length;
  return 'Rows per tag before expansion, the merged weight dlm multiplies in, and the copies that come out. ' +
    (unused ? `${unused} ${plural(unused, 'weight')} match${unused === 1 ? 'es' : ''} no row and change nothing.` : '');
}

/** The rows of a tags section, for updates in place. */
const shownRows = new WeakMap<HTMLElement, { rows: TagRow[]; intro: HTMLElement }>();

function fillAll(rows: TagRow[], vm: ReportViewModel): void {
  const max = maxOf(vm);
  let lastKey: string | null = null;
  vm.tags.forEach((t, i) => {
    fillRow(rows[i]!, t, max, t.key !== lastKey);
    lastKey = t.key;
  });
}

export function tagsSection(vm: ReportViewModel): HTMLElement {
  if (vm.tags.length === 0) {
    return section('tags', 'Tags', h('p', { class: 'muted' }, 'No row carries a tag (no config with metadata applies to the files read).'));
  }
  const withDelta = hasDeltas(vm);
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
  const rows = vm.tags.map(() => makeRow(withDelta));
  fillAll(rows, vm);
  const p = h('p', { class: 'section-intro' }, intro(vm));
  const el = section('tags', 'Tags',
    p,
    h('div', { class: 'table-scroll' },
      h('table', { class: 'data tags-table', 'aria-label': 'Rows and copies per tag' },
        h('thead', {}, head),
        h('tbody', {}, ...rows.map((r) => r.tr)))));
  shownRows.set(el, { rows, intro: p });
  return el;
}

/**
 * A live update of the section built for `prev`: with the same tags in the
 * same order (and deltas shown in both or neither), the rows are refilled in
 * place. False: rebuild it.
 */
export function updateTagsSection(el: HTMLElement, prev: ReportViewModel, vm: ReportViewModel): boolean {
  const shown = shownRows.get(el);
  if (!shown || vm.tags.length === 0 || vm.tags.length !== prev.tags.length || hasDeltas(vm) !== hasDeltas(prev)) return false;
  if (vm.tags.some((t, i) => t.label !== prev.tags[i]!.label)) return false;
  fillAll(shown.rows, vm);
  setText(shown.intro, intro(vm));
  return true;
}
