// What changed since the previous run: which rows, which weights (the cause)
// and which tags (the effect). The headline changes are on the tiles above.
import type { ChangesVM, ReportViewModel } from '../../shared/view/viewModelTypes';
import { formatCount, formatDelta } from '../../shared/view/format';
import { h, plural, section } from '../dom';
import { breakable, weightLabel } from '../labels';

function deltaSpan(before: number, after: number): HTMLElement {
  const d = after - before;
  return h('span', { class: `delta${d > 0 ? ' up' : d < 0 ? ' down' : ''}` }, formatDelta(d));
}

/** "132" when unchanged, else "163 → 85" and "−78" (kept on one line each). */
function beforeAfter(before: number, after: number): Array<string | HTMLElement> {
  if (before === after) return [h('span', { class: 'nowrap' }, formatCount(after))];
  return [h('span', { class: 'nowrap' }, `${formatCount(before)} → ${formatCount(after)}`), ' ', deltaSpan(before, after)];
}

function summary(c: ChangesVM): string {
  const parts = [
    c.rowsAdded && `${formatCount(c.rowsAdded)} ${plural(c.rowsAdded, 'row')} added`,
    c.rowsRemoved && `${formatCount(c.rowsRemoved)} removed`,
    c.rowsWithNewCopies && `${formatCount(c.rowsWithNewCopies)} ${plural(c.rowsWithNewCopies, 'row')} with different copies`,
  ].filter(Boolean);
  const rows = parts.length ? `${parts.join(', ')}.` : 'Same rows as the previous run.';
  return c.totals.some((t) => t.before !== t.after) ? `${rows} The tiles above show the new totals.` : `${rows} Headline numbers unchanged.`;
}

const unset = (): HTMLElement => h('span', { class: 'muted' }, 'unset');

export function changesSection(vm: ReportViewModel): HTMLElement | null {
  const c = vm.changes;
  if (!c) return null;
  return section('changes', 'What changed since the baseline (the last saved state, or the pinned one)',
    h('p', { class: 'section-intro' }, summary(c)),
    c.weights.length > 0 && h('table', { class: 'data compact changes-table', 'aria-label': 'Changed weights' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Weight'), h('th', { scope: 'col', class: 'num' }, 'Before'), h('th', { scope: 'col', class: 'num' }, 'After'))),
      h('tbody', {}, ...c.weights.map((w) => h('tr', {},
        h('th', { scope: 'row', class: 'mono' }, breakable(w.label)),
        h('td', { class: 'num mono' }, w.before ? weightLabel(w.before) : unset()),
        h('td', { class: 'num mono' }, w.after ? weightLabel(w.after) : unset()))))),
    c.tags.length > 0 && h('table', { class: 'data compact changes-table', 'aria-label': 'Changed tags' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Tag'), h('th', { scope: 'col', class: 'num' }, 'Rows'), h('th', { scope: 'col', class: 'num' }, 'Copies'))),
      h('tbody', {}, ...c.tags.map((t) => h('tr', {},
        h('th', { scope: 'row', class: 'mono' }, breakable(t.label)),
        h('td', { class: 'pair' }, ...beforeAfter(t.rowsBefore, t.rowsAfter)),
        h('td', { class: 'pair' }, ...beforeAfter(t.copiesBefore, t.copiesAfter)))))));
}
