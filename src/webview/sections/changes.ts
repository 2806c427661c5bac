// What changed since the previous run.
import type { ChangesVM, ReportViewModel } from '../../shared/view/viewModelTypes';
import { formatCount, formatDelta } from '../../shared/view/format';
import { h, plural, section } from '../dom';

function deltaSpan(before: number, after: number): HTMLElement {
  const d = after - before;
  return h('span', { class: `delta${d > 0 ? ' up' : d < 0 ? ' down' : ''}` }, formatDelta(d));
}

/** "132" when unchanged, else "132 → 85 −47". */
function beforeAfter(before: number, after: number): Array<string | HTMLElement> {
  if (before === after) return [formatCount(after)];
  return [`${formatCount(before)} → ${formatCount(after)} `, deltaSpan(before, after)];
}

function summary(c: ChangesVM): string {
  const parts = [
    c.rowsAdded && `${formatCount(c.rowsAdded)} ${plural(c.rowsAdded, 'row')} added`,
    c.rowsRemoved && `${formatCount(c.rowsRemoved)} removed`,
    c.rowsWithNewCopies && `${formatCount(c.rowsWithNewCopies)} ${plural(c.rowsWithNewCopies, 'row')} with different copies`,
  ].filter(Boolean);
  return parts.length ? `${parts.join(', ')}.` : 'Same rows as the previous run.';
}

export function changesSection(vm: ReportViewModel): HTMLElement | null {
  const c = vm.changes;
  if (!c) return null;
  const changedTotals = c.totals.filter((t) => t.before !== t.after);
  return section('changes', 'What changed since the baseline (the last saved state, or the pinned one)',
    h('p', { class: 'section-intro' }, summary(c)),
    changedTotals.length
      ? h('ul', { class: 'change-list' }, ...changedTotals.map((t) => h('li', {},
        h('span', {}, t.label), h('span', { class: 'num' }, `${formatCount(t.before)} → ${formatCount(t.after)}`), deltaSpan(t.before, t.after))))
      : h('p', { class: 'muted' }, 'Headline numbers unchanged.'),
    c.weights.length > 0 && h('table', { class: 'data compact', 'aria-label': 'Changed weights' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Weight'), h('th', { scope: 'col', class: 'num' }, 'Before'), h('th', { scope: 'col', class: 'num' }, 'After'))),
      h('tbody', {}, ...c.weights.map((w) => h('tr', {},
        h('th', { scope: 'row', class: 'mono' }, w.label),
        h('td', { class: 'num mono' }, w.before || 'unset'),
        h('td', { class: 'num mono' }, w.after || 'unset'))))),
    c.tags.length > 0 && h('table', { class: 'data compact', 'aria-label': 'Changed tags' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Tag'), h('th', { scope: 'col', class: 'num' }, 'Rows'), h('th', { scope: 'col', class: 'num' }, 'Copies'))),
      h('tbody', {}, ...c.tags.map((t) => h('tr', {},
        h('th', { scope: 'row', class: 'mono' }, t.label),
        h('td', { class: 'num' }, ...beforeAfter(t.rowsBefore, t.rowsAfter)),
        h('td', { class: 'num' }, ...beforeAfter(t.copiesBefore, t.copiesAfter)))))));
}
