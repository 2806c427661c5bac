// Title, run facts (mode, seed, split), toolbar, train error and notes.
import type { ReportViewModel } from '../../shared/view/viewModelTypes';
import { formatCount } from '../../shared/view/format';
import { button, h } from '../dom';
import { host, post } from '../host';
import { breakable, pathLabel, weightLabel } from '../labels';

function toolbar(): HTMLElement | null {
  if (host().standalone) return null;
  return h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Report actions' },
    button('Re-run', () => post({ type: 'rerun' }), { class: 'btn primary', title: 'Run the dry run again' }),
    // short labels so that the toolbar fits one line of a 420 px panel; the names say "Export …"
    h('span', { class: 'toolbar-group', role: 'group', 'aria-labelledby': 'export-label' },
      h('span', { class: 'toolbar-label', id: 'export-label' }, 'Export'),
      button('JSON', () => post({ type: 'export', format: 'json' }), { class: 'btn secondary', 'aria-label': 'Export JSON', title: 'Save the contract JSON' }),
      button('CSV', () => post({ type: 'export', format: 'csv' }), { class: 'btn secondary', 'aria-label': 'Export CSV', title: 'Save the rows as CSV' }),
      button('HTML', () => post({ type: 'export', format: 'html' }), { class: 'btn secondary', 'aria-label': 'Export HTML', title: 'Save this report as a standalone HTML file' })),
  );
}

function sourcesList(vm: ReportViewModel): Node {
  if (vm.sources.length === 0) return document.createTextNode('—');
  const list = h('span', { class: 'source-list' });
  vm.sources.forEach((s, i) => list.append(...(i ? [', '] : []), pathLabel(s.path)));
  return list;
}

function facts(vm: ReportViewModel): HTMLElement {
  const items: Array<[string, string | Node, string?]> = [
    ['Mode', vm.mode],
    ['Seed', vm.seed],
    ['Validation fraction', weightLabel(String(vm.valFraction))],
  ];
  // sources and weights are placeholders when dlm stops before reading them (a documentError)
  if (!vm.documentError) {
    items.push([vm.sources.length === 1 ? 'Source' : 'Sources', sourcesList(vm), 'sources']);
    items.push(['Weights', vm.weightsActive ? 'active' : 'none (no expansion)']);
  }
  return h('dl', { class: 'facts' }, ...items.map(([k, v, cls]) => h('div', { class: cls ? `fact ${cls}` : 'fact' }, h('dt', {}, k), h('dd', {}, v))));
}

export function headerSection(vm: ReportViewModel): HTMLElement {
  return h('header', { class: 'report-header' },
    h('div', { class: 'title-row' },
      h('div', { class: 'title-block' },
        h('p', { class: 'eyebrow' }, 'dlm train — dry run'),
        h('h1', {}, breakable(vm.title))),
      toolbar()),
    facts(vm));
}

export function trainErrorBanner(vm: ReportViewModel): HTMLElement | null {
  if (!vm.trainError) return null;
  return h('div', { class: 'banner error', role: 'alert', 'data-train-error': vm.trainError.code },
    h('strong', {}, vm.trainError.title),
    h('p', {}, vm.trainError.explanation),
    vm.headline.rows > 0 && h('p', { class: 'muted' }, `${vm.headline.rows === 1 ? 'The row is' : `All ${formatCount(vm.headline.rows)} rows are`} listed below with ${vm.headline.rows === 1 ? 'its weight' : 'their weights'}; copies are 0 because dlm stops before training.`));
}

export function notesList(vm: ReportViewModel): HTMLElement | null {
  if (vm.notes.length === 0) return null;
  return h('ul', { class: 'notes', 'aria-label': 'Notes' },
    ...vm.notes.map((n) => h('li', { class: `note ${n.level}` },
      h('span', { class: 'note-icon', 'aria-hidden': 'true' }, n.level === 'info' ? 'i' : n.level === 'error' ? '×' : '!'),
      h('span', { class: 'note-text' },
        h('span', { class: 'sr-only' }, n.level === 'info' ? 'Note: ' : n.level === 'error' ? 'Error: ' : 'Warning: '),
        n.text))));
}
