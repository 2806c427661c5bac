// Per tag key/value: rows before, weight, copies after, validation share,
// with an inline bar pair (rows before vs copies after) for each. Rows are
// made once and filled from the view-model, so a live update with the same
// tags refills them in place. A table in a wide panel; in a narrow one each
// row becomes a small card (CSS), its cells labelled by `data-label` — the
// explicit ARIA roles keep it a table for screen readers either way.
import type { ReportViewModel, TagValueVM } from '../../shared/view/viewModelTypes';
import { anchorLabel, formatCount, formatDelta, formatShare } from '../../shared/view/format';
import { h, plural, section, svg } from '../dom';
import { breakable, fillWeight, pathLabel } from '../labels';

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
  // widths in % of the cell: the bars stretch with the column
  const before = svg('rect', { class: 'bar-before', x: 0, y: 2, height: 7, rx: 1.5 });
  const after = svg('rect', { class: 'bar-after', x: 0, y: 11, height: 7, rx: 1.5 });
  const bars = svg('svg', { class: 'bars', width: '100%', height: 20, role: 'img' }, title, before, after);
  // data-label: the caption a narrow card shows above the figure (the header row is hidden there)
  const cell = (col: string, label?: string, cls = 'num'): HTMLTableCellElement => h('td', { role: 'cell', class: cls, 'data-col': col, 'data-label': label });
  const r: TagRow = {
    tr: h('tr', { role: 'row' }),
    key: h('th', { scope: 'row', role: 'rowheader' }, h('span', { class: 'key-text' })),
    value: h('td', { role: 'cell', class: 'tag-value', 'data-col': 'value' }),
    weight: cell('weight', 'Weight'),
    setBy: cell('setBy', 'Set by', 'set-by'),
    rows: cell('rows', 'Rows'),
    copies: cell('copies', 'Copies'),
    share: cell('valShare', 'Val share'),
    bars, title, before, after,
    delta: withDelta ? [cell('deltaRows'), cell('deltaCopies')] : null,
  };
  r.tr.append(r.key, r.value, r.weight, r.setBy, r.rows, r.copies, r.share, h('td', { role: 'cell', class: 'chart-cell', 'data-col': 'chart' }, bars), ...(r.delta ?? []));
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

/** Text with break opportunities at punctuation (see breakable), set only when it changed. */
function setBreakable(el: HTMLElement, text: string): void {
  if (el.dataset.text === text) return;
  el.dataset.text = text;
  el.replaceChildren(breakable(text));
}

function fillRow(r: TagRow, t: TagValueVM, max: number, first: boolean): void {
  setClass(r.tr, first ? 'group-start' : '');
  r.tr.setAttribute('data-tag', t.label);
  // a repeated key is hidden in the wide table (the group shows it once), shown in the narrow cards
  setClass(r.key, first ? 'tag-key' : 'tag-key repeat');
  setBreakable(r.key.firstElementChild as HTMLElement, t.key);
  setBreakable(r.value, t.value);
  setClass(r.weight, `num mono${t.weightText === '' ? ' muted' : t.weight === null ? ' bad' : ''}`);
  if (t.weightText === '') {
    setText(r.weight, '1');
    r.weight.removeAttribute('title');
  } else {
    fillWeight(r.weight, t.weight, t.weightText);
  }
  // a folder: cut in the middle when it does not fit, the whole path on hover
  const setBy = t.weightSetBy !== null ? anchorLabel(t.weightSetBy) : t.weightText === '' ? 'no weight' : '—';
  if (r.setBy.dataset.text !== setBy) {
    r.setBy.dataset.text = setBy;
    r.setBy.replaceChildren(t.weightSetBy !== null ? pathLabel(setBy) : setBy);
  }
  setClass(r.setBy, t.weightSetBy !== null ? 'set-by' : 'set-by muted');
  setText(r.rows, formatCount(t.rows));
  setText(r.copies, formatCount(t.copies));
  setText(r.share, formatShare(t.valShare));
  const scale = (n: number): string => `${max > 0 ? Math.max(n > 0 ? 1 : 0, (n / max) * 100) : 0}%`;
  const label = `${t.label}: ${formatCount(t.rows)} ${plural(t.rows, 'row')} before expansion, ${formatCount(t.copies)} ${plural(t.copies, 'copy', 'copies')} after`;
  r.bars.setAttribute('aria-label', label);
  setText(r.title, label);
  r.before.setAttribute('width', scale(t.rows));
  r.after.setAttribute('width', scale(t.copies));
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

/** The bars' column narrower than this: one card per tag value instead of the table. */
const CHART_MIN = 100;

/**
 * Table or cards: the columns have fixed widths (from the longest key, value
 * and folder) and the bars take the rest, so the table fits when the bars get
 * at least CHART_MIN. Measured (in the resize callback, before the frame is
 * painted) as the table itself: the width it needs does not depend on the
 * panel, so it is measured once and compared on every resize.
 */
function fitTable(section: HTMLElement, table: HTMLTableElement): void {
  let needed = 0;
  let width = -1;
  new ResizeObserver(() => {
    const w = section.clientWidth;
    if (w === width || w === 0) return;
    width = w;
    if (needed === 0) {
      table.classList.remove('cards');
      const chart = table.querySelector('thead .col-chart')!.getBoundingClientRect().width;
      needed = table.getBoundingClientRect().width - chart + CHART_MIN;
    }
    table.classList.toggle('cards', w < needed);
  }).observe(section);
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
  const col = (label: string, cls?: string): HTMLTableCellElement => h('th', { scope: 'col', role: 'columnheader', class: cls }, label);
  const legend = (): HTMLElement => h('span', { class: 'legend' },
    h('span', { class: 'key before' }, 'rows before'), h('span', { class: 'key after' }, 'copies after'));
  const head = h('tr', { role: 'row' },
    col('Tag', 'col-key'), col('Value', 'col-value'), col('Weight', 'num col-weight'), col('Set by', 'col-set-by'),
    col('Rows', 'num col-rows'), col('Copies', 'num col-copies'), col('Val share', 'num col-share'),
    // the legend of the bars sits above the table (a narrow column, or cards, has no room for it)
    h('th', { scope: 'col', role: 'columnheader', class: 'col-chart' }, h('span', { class: 'sr-only' }, 'Rows before and copies after')),
    withDelta && col('Δ rows', 'num col-delta'),
    withDelta && col('Δ copies', 'num col-delta'));
  const rows = vm.tags.map(() => makeRow(withDelta));
  fillAll(rows, vm);
  const p = h('p', { class: 'section-intro' }, intro(vm));
  // the key and value columns are as wide as the longest unbreakable part of a key, of a value (CSS: --key-chars, --value-chars)
  const longestPart = (texts: string[]): number => Math.max(...texts.flatMap((t) => t.split(/(?<=[=/,_.-])/).map((s) => [...s].length)));
  const table = h('table', { class: `data tags-table${withDelta ? ' with-delta' : ''}`, role: 'table', 'aria-label': 'Rows and copies per tag' },
    h('thead', { role: 'rowgroup' }, head),
    h('tbody', { role: 'rowgroup' }, ...rows.map((r) => r.tr)));
  table.style.setProperty('--key-chars', String(longestPart(vm.tags.map((t) => t.key))));
  table.style.setProperty('--value-chars', String(longestPart(vm.tags.map((t) => t.value))));
  table.style.setProperty('--set-by-chars', String(Math.max(0, ...vm.tags.map((t) => (t.weightSetBy === null ? 9 : [...anchorLabel(t.weightSetBy)].length)))));
  const el = section('tags', 'Tags',
    p,
    h('div', { class: 'tags-legend', 'aria-hidden': 'true' }, legend()),
    table);
  fitTable(el, table);
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
