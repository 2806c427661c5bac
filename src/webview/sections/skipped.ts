// Files that did not become rows, grouped by reason.
import type { ReportViewModel, SkipGroupVM } from '../../shared/view/viewModelTypes';
import { formatCount } from '../../shared/view/format';
import { h, plural, section } from '../dom';
import { fileLink } from '../host';
import { pathLabel } from '../labels';

const MAX_LISTED = 2000;

function group(g: SkipGroupVM): HTMLElement {
  const summaryText = [h('span', { class: 'skip-label' }, g.label), h('span', { class: 'count-badge' }, formatCount(g.count))];
  const explanation = h('p', { class: 'muted small' }, g.explanation);
  if (!g.files || g.files.length === 0) {
    return h('div', { class: 'skip-group static', 'data-reason': g.reason }, h('div', { class: 'skip-summary' }, ...summaryText), explanation);
  }
  const files = g.files;
  const list = h('ul', { class: 'file-list' });
  // Fill lazily on first open: a reason can hold thousands of files.
  const details = h('details', { class: 'skip-group', 'data-reason': g.reason }, h('summary', {}, ...summaryText), explanation, list);
  details.addEventListener('toggle', () => {
    if (!details.open || list.childElementCount) return;
    for (const f of files.slice(0, MAX_LISTED)) {
      list.append(h('li', {}, fileLink(pathLabel(f.path, { class: 'mono', title: null }), f.openPath, `Open ${f.path}`)));
    }
    if (files.length > MAX_LISTED) list.append(h('li', { class: 'muted' }, `… and ${formatCount(files.length - MAX_LISTED)} more`));
  });
  return details;
}

export function skippedSection(vm: ReportViewModel): HTMLElement {
  const total = vm.headline.filesSkipped;
  if (vm.skipped.length === 0) {
    return section('skipped', 'Skipped files', h('p', { class: 'muted' }, 'Every file found became a row (or was empty).'));
  }
  return section('skipped', 'Skipped files',
    h('p', { class: 'section-intro' }, `${formatCount(total)} ${plural(total, 'file')} did not become training rows.`),
    h('div', { class: 'skip-groups' }, ...vm.skipped.map(group)));
}
