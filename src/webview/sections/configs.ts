// Configs in dlm's merge order: status, why an ignored one is ignored, its
// metadata, and which of its weights are overridden by a later config.
import type { ConfigVM, ReportViewModel, WeightEntryVM } from '../../shared/view/viewModelTypes';
import { anchorLabel, formatCount } from '../../shared/view/format';
import { h, plural, section } from '../dom';
import { fileLink } from '../host';
import { breakable, pathLabel, weightLabel } from '../labels';

function weightRow(w: WeightEntryVM, anchor: string): HTMLTableRowElement {
  const overridden = w.overriddenBy !== null;
  const outside = !overridden && w.rowsOutsideAnchor > 0 && anchor !== '.';
  const effect = overridden
    ? `overridden by ${anchorLabel(w.overriddenBy!)}`
    : w.rowsAffected === 0
      ? 'matches no row'
      : `applies to ${formatCount(w.rowsAffected)} ${plural(w.rowsAffected, 'row')}` +
        (outside ? `, ${formatCount(w.rowsOutsideAnchor)} outside ${anchor}/` : '');
  const factor = weightLabel(w.weightText);
  return h('tr', { role: 'row', class: overridden ? 'overridden' : undefined, 'data-overridden': overridden ? 'true' : 'false' },
    h('th', { scope: 'row', role: 'rowheader', class: 'mono' }, breakable(`${w.key}=${w.value}`)),
    h('td', { role: 'cell', class: `num mono${w.weight === null ? ' bad' : ''}` }, overridden ? h('s', {}, factor) : factor),
    h('td', { role: 'cell', class: overridden || outside ? 'effect warn' : 'effect muted' },
      (overridden || outside) && h('span', { class: 'warn-icon', 'aria-hidden': 'true' }, '!'), effect));
}

function configItem(c: ConfigVM): HTMLLIElement {
  const title = c.anchor === '.' ? '. (root)' : `${c.anchor}/`;
  const meta = c.metadata.length
    ? h('ul', { class: 'chips', 'aria-label': 'Metadata tags' }, ...c.metadata.map((m) => h('li', { class: 'chip mono' }, breakable(`${m.key}=${m.value}`))))
    : null;
  // explicit roles: a narrow panel lays the rows out as a grid, and they must stay a table for screen readers
  const weights = c.weights.length
    ? h('table', { class: 'data compact weights-table', role: 'table', 'aria-label': `Weights of ${title}` },
      h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' },
        h('th', { scope: 'col', role: 'columnheader', class: 'col-weight' }, 'Weight'),
        h('th', { scope: 'col', role: 'columnheader', class: 'num col-factor' }, 'Factor'),
        h('th', { scope: 'col', role: 'columnheader' }, 'Effect'))),
      h('tbody', { role: 'rowgroup' }, ...c.weights.map((w) => weightRow(w, c.anchor))))
    : null;
  return h('li', { class: `config ${c.status}`, 'data-anchor': c.anchor },
    h('div', { class: 'config-head' },
      h('span', { class: 'order', title: `merge position ${c.order}` }, h('span', { class: 'sr-only' }, 'merge position '), String(c.order)),
      fileLink(pathLabel(title, { class: 'mono', title: null }), c.path, `Open ${c.path}`),
      h('span', { class: `badge ${c.status}` }, c.statusText),
      c.ignoreRules > 0 && h('span', { class: 'muted small' }, `${c.ignoreRules} ignore ${plural(c.ignoreRules, 'rule')}`)),
    c.status !== 'loaded' || c.weights.length === 0 && c.metadata.length === 0
      ? h('p', { class: c.status === 'ignored' ? 'explain' : 'explain muted' }, c.explanation)
      : null,
    meta, weights);
}

/**
 * A live update of the section built for `prev`: when the same configs are
 * listed (same anchors, same order, as many ignored), only the items that
 * changed are rebuilt (a weights edit usually changes one). False: rebuild it.
 */
export function updateConfigsSection(el: HTMLElement, prev: ReportViewModel, vm: ReportViewModel): boolean {
  const ignored = (v: ReportViewModel): number => v.configs.filter((c) => c.status === 'ignored').length;
  if (vm.configs.length === 0 || vm.configs.length !== prev.configs.length || ignored(vm) !== ignored(prev)) return false;
  const items = el.querySelectorAll<HTMLLIElement>(':scope > ol.configs > li.config');
  if (items.length !== vm.configs.length || vm.configs.some((c, i) => c.anchor !== prev.configs[i]!.anchor)) return false;
  vm.configs.forEach((c, i) => {
    if (JSON.stringify(c) !== JSON.stringify(prev.configs[i])) items[i]!.replaceWith(configItem(c));
  });
  return true;
}

export function configsSection(vm: ReportViewModel): HTMLElement {
  if (vm.configs.length === 0) {
    return section('configs', 'Configs', h('p', { class: 'muted' }, 'No .dlm/ directory was found under the source roots: no tags, no weights.'));
  }
  const ignored = vm.configs.filter((c) => c.status === 'ignored').length;
  return section('configs', 'Configs',
    h('p', { class: 'section-intro' },
      'For each tag value, the last config that sets a weight wins, and its weight applies to every row in the corpus. ' +
      `${vm.configs.length} ${plural(vm.configs.length, 'config')}, in the order dlm merges them (shorter anchor path first)` +
      (ignored ? `; ${ignored} ${plural(ignored, 'is', 'are')} ignored.` : '.')),
    h('ol', { class: 'configs' }, ...vm.configs.map(configItem)));
}
