// The rows table: filterable, sortable, and virtualised — only the rows in
// view (plus a few) exist in the DOM; a spacer gives the scrollbar its length.
// Every row has the same height (one line in a wide panel, two in a narrow
// one: CSS decides, the height is measured again when the width changes).
// Anything that grows one row (a "why" disclosure) belongs outside the
// window of recycled rows, or must add its height to the spacer.
import type { ReportViewModel, RowStatus, RowVM } from '../../shared/view/viewModelTypes';
import { formatCount } from '../../shared/view/format';
import { h, plural, section } from '../dom';
import { host, openFile } from '../host';
import { fillPath, fillWeight } from '../labels';
import { COLUMNS, filterOrder, haystackOf, sortOrder, type SortDir, type SortKey } from '../rowsModel';
import { canExplain } from '../explain';
import { whyPanel, type WhyPanel } from './why';

const OVERSCAN = 8;
const FALLBACK_ROW_HEIGHT = 26;
const STATUS_TEXT: Record<RowStatus, string> = {
  train: 'train', val: 'val', both: 'train + val', dropped: 'dropped', stopped: 'not trained',
};

interface RowEl {
  el: HTMLElement;
  cells: HTMLElement[];
  open: HTMLElement;
  badge: HTMLElement;
  /** The row's "Why?" disclosure button (absent in the standalone page). */
  why: HTMLElement | null;
}

function makeRow(): RowEl {
  // Origins open their file in VS Code; the standalone page has nothing to open.
  const open = host().standalone
    ? h('span', { class: 'file-name', 'data-open': '' })
    : h('button', { type: 'button', class: 'link', 'data-open': '' });
  const badge = h('span', { class: 'status' });
  const cells = COLUMNS.map((c) => h('div', { role: 'cell', class: `cell col-${c.key}${c.numeric ? ' num' : ''}` }));
  cells[0].append(open);
  cells[COLUMNS.length - 1].append(badge);
  const why = canExplain() ? h('button', { type: 'button', class: 'link why', 'data-why': '', 'aria-controls': 'row-why', 'aria-expanded': 'false' }, 'Why?') : null;
  if (why) cells[COLUMNS.length - 1].append(' ', why);
  const el = h('div', { role: 'row', class: 'grid-row' }, ...cells);
  return { el, cells, open, badge, why };
}

function fillRow(r: RowEl, row: RowVM, index: number, position: number, why?: WhyPanel): void {
  if (r.why) {
    r.why.setAttribute('aria-label', `Why ${row.origin} gets ${row.copies} ${plural(row.copies, 'copy', 'copies')}`);
    r.why.setAttribute('aria-expanded', String(why?.current === index));
  }
  r.el.setAttribute('aria-rowindex', String(position + 2));
  r.el.dataset.index = String(index);
  r.el.className = `grid-row ${row.status}${position % 2 ? ' odd' : ''}`;
  fillPath(r.open, row.origin, host().standalone ? row.origin : `Open ${row.origin}`);
  r.cells[1].textContent = row.tags;
  r.cells[1].title = row.tags;
  fillWeight(r.cells[2], row.weight, row.weightText);
  r.cells[2].classList.toggle('bad', row.weight === null);
  r.cells[3].textContent = formatCount(row.copies);
  r.cells[4].textContent = formatCount(row.valCopies);
  r.badge.textContent = STATUS_TEXT[row.status];
  r.badge.className = `status ${row.status}`;
}

export interface RowsSection {
  el: HTMLElement;
  /** Repaint after the rows' numbers changed in place (re-sorting when sorted by a number or the status). */
  refresh(): void;
  /** Repaint after rows were added at the end of the rows array (sorted and filtered again). */
  grown(): void;
}

export function rowsSection(vm: ReportViewModel): RowsSection {
  const rows = vm.rows;
  if (rows.length === 0) return { el: section('rows', 'Rows', h('p', { class: 'muted' }, 'No training rows.')), refresh: () => undefined, grown: () => undefined };
  const saved = host().loadState() ?? {};
  let query = saved.filter ?? '';
  let sortKey: SortKey | null = (COLUMNS.some((c) => c.key === saved.sortKey) ? saved.sortKey : null) as SortKey | null;
  let sortDir: SortDir = saved.sortDir ?? 'ascending';
  const haystack = haystackOf(rows);
  let order = sortOrder(rows, sortKey, sortDir);
  let visible = filterOrder(rows, order, query, haystack);
  let rowHeight = 0;
  const pool: RowEl[] = [];
  const why = canExplain() ? whyPanel() : undefined;

  const count = h('span', { class: 'muted small', role: 'status', 'aria-live': 'polite', id: 'rows-count' });
  const input = h('input', {
    type: 'search', id: 'rows-filter', class: 'search', placeholder: 'Filter by origin or tag, e.g. lang=python',
    'aria-label': 'Filter rows by origin or tag', 'aria-controls': 'rows-table', spellcheck: 'false', autocomplete: 'off',
  });
  input.value = query;

  const headers = COLUMNS.map((c) => {
    const btn = h('button', { type: 'button', class: 'sort', 'data-sort': c.key }, c.label, h('span', { class: 'sort-icon', 'aria-hidden': 'true' }));
    btn.addEventListener('click', () => setSort(c.key));
    return h('div', { role: 'columnheader', class: `cell col-${c.key}${c.numeric ? ' num' : ''}`, 'aria-sort': 'none' }, btn);
  });
  const spacer = h('div', { class: 'rows-spacer', role: 'presentation' });
  const win = h('div', { class: 'rows-window', role: 'presentation' });
  spacer.append(win);
  const empty = h('div', { class: 'rows-empty muted', hidden: true }, 'No row matches the filter.');
  const viewport = h('div', { class: 'rows-viewport', role: 'rowgroup', tabindex: 0, 'aria-label': 'Rows (scrollable)' }, spacer);
  const table = h('div', { class: why ? 'rows-table why' : 'rows-table', id: 'rows-table', role: 'table', 'aria-label': 'Training rows' },
    h('div', { role: 'rowgroup', class: 'rows-head' }, h('div', { role: 'row', class: 'grid-row head', 'aria-rowindex': 1 }, ...headers)),
    viewport, empty);

  const save = (): void => host().saveState({ filter: query, sortKey, sortDir });

  function measure(): number {
    if (rowHeight > 0) return rowHeight;
    if (!viewport.isConnected) return FALLBACK_ROW_HEIGHT;
    const probe = makeRow();
    win.append(probe.el);
    rowHeight = probe.el.getBoundingClientRect().height || FALLBACK_ROW_HEIGHT;
    probe.el.remove();
    return rowHeight;
  }

  function paint(): void {
    const rh = measure();
    const n = visible.length;
    spacer.style.height = `${n * rh}px`;
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / rh) - OVERSCAN);
    const last = Math.min(n, Math.ceil((top + height) / rh) + OVERSCAN);
    win.style.transform = `translateY(${first * rh}px)`;
    while (pool.length < last - first) {
      const r = makeRow();
      pool.push(r);
    }
    for (let k = 0; k < pool.length; k++) {
      const r = pool[k];
      if (k < last - first) {
        fillRow(r, rows[visible[first + k]], visible[first + k], first + k, why);
        if (r.el.parentNode !== win) win.append(r.el);
      } else if (r.el.parentNode) {
        r.el.remove();
      }
    }
    table.setAttribute('aria-rowcount', String(n + 1));
    empty.hidden = n > 0;
    count.textContent = n === rows.length
      ? `${formatCount(n)} ${plural(n, 'row')}`
      : `${formatCount(n)} of ${formatCount(rows.length)} rows`;
  }

  let frame = 0;
  const schedule = (): void => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      paint();
    });
  };

  function setSort(key: SortKey): void {
    if (sortKey === key) sortDir = sortDir === 'ascending' ? 'descending' : 'ascending';
    else {
      sortKey = key;
      sortDir = COLUMNS.find((c) => c.key === key)?.numeric ? 'descending' : 'ascending';
    }
    order = sortOrder(rows, sortKey, sortDir);
    visible = filterOrder(rows, order, query, haystack);
    updateHeaders();
    save();
    viewport.scrollTop = 0;
    paint();
  }

  function updateHeaders(): void {
    COLUMNS.forEach((c, i) => headers[i].setAttribute('aria-sort', c.key === sortKey ? sortDir : 'none'));
  }

  let filterTimer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      query = input.value;
      visible = filterOrder(rows, order, query, haystack);
      save();
      viewport.scrollTop = 0;
      paint();
    }, rows.length > 20000 ? 150 : 60);
  });
  viewport.addEventListener('scroll', schedule, { passive: true });
  win.addEventListener('click', (ev) => {
    const whyBtn = (ev.target as Element).closest<HTMLElement>('[data-why]');
    const whyRow = whyBtn?.closest<HTMLElement>('[data-index]');
    if (whyBtn && whyRow && why) {
      const i = Number(whyRow.dataset.index);
      why.toggle(i, rows[i].origin, whyBtn);
      return;
    }
    const btn = (ev.target as Element).closest('[data-open]');
    const rowEl = btn?.closest<HTMLElement>('[data-index]');
    if (rowEl) openFile(rows[Number(rowEl.dataset.index)].openPath);
  });
  // a new width may move the rows between one and two lines: measure again
  let width = 0;
  new ResizeObserver(() => {
    if (viewport.clientWidth !== width) {
      width = viewport.clientWidth;
      rowHeight = 0;
    }
    schedule();
  }).observe(viewport);
  updateHeaders();
  paint();

  function refresh(): void {
    why?.refresh();
    if (sortKey !== null && sortKey !== 'origin' && sortKey !== 'tags') {
      // sorted by a number or the status, which may have changed (the filter matches origin and tags only)
      order = sortOrder(rows, sortKey, sortDir);
      visible = filterOrder(rows, order, query, haystack);
    }
    paint();
  }

  function grown(): void {
    order = sortOrder(rows, sortKey, sortDir);
    visible = filterOrder(rows, order, query, haystack);
    paint();
  }

  return { el: section('rows', 'Rows', h('div', { class: 'rows-controls' }, input, count), table, why?.el), refresh, grown };
}
