// Files that did not become rows, grouped by reason.
import type { ReportViewModel, SkipGroupVM } from '../../shared/view/viewModelTypes';
import { formatCount } from '../../shared/view/format';
import { h, plural, section } from '../dom';
import { fileLink } from '../host';
import { pathLabel } from '../labels';
import { askWhy, canExplain } from '../explain';
import type { SkipGroup } from '../../shared/explain';
import { sourceLink } from './why';

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

function ruleGroup(g: SkipGroup): HTMLElement {
  const list = h('ul', { class: 'file-list' });
  // data-rule-reason, not data-reason: the per-reason counts above stay the only [data-reason] groups
  const details = h('details', { class: 'skip-group', 'data-rule-reason': g.reason },
    h('summary', {}, h('span', { class: 'skip-label' }, g.text), ' ', h('span', { class: 'count-badge' }, formatCount(g.files.length))),
    g.link ? h('p', { class: 'muted small' }, 'Written at ', sourceLink(g.link)) : null, list);
  details.addEventListener('toggle', () => {
    if (!details.open || list.childElementCount) return;
    for (const f of g.files.slice(0, MAX_LISTED)) list.append(h('li', {}, fileLink(pathLabel(f, { class: 'mono', title: null }), f, `Open ${f}`)));
    if (g.files.length > MAX_LISTED) list.append(h('li', { class: 'muted' }, `… and ${formatCount(g.files.length - MAX_LISTED)} more`));
  });
  return details;
}

/** The skipped files grouped by the rule that decided each (asked for when opened: it reads configs and, for a few files, their bytes). */
function byRule(): HTMLElement {
  const content = h('div', { class: 'skip-groups', 'aria-live': 'polite' });
  const details = h('details', { class: 'skip-by-rule', id: 'skipped-by-rule' }, h('summary', {}, 'Why? Each rule that skipped files, with where it is written'), content);
  details.addEventListener('toggle', () => {
    if (!details.open || content.childElementCount) return;
    content.append(h('p', { class: 'muted' }, 'Asking the language server…'));
    void askWhy({ kind: 'skipped' }).then((a) => {
      content.replaceChildren(...(a.skipped ? a.skipped.map(ruleGroup) : [h('p', { class: 'muted' }, a.unavailable ?? 'No explanation.')]));
    });
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
    h('div', { class: 'skip-groups' }, ...vm.skipped.map(group)),
    canExplain() ? byRule() : null);
}
