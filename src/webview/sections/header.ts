// Title, run facts (mode, seed, split), toolbar, train error and notes.
import type { ReportViewModel } from '../../shared/view/viewModelTypes';
import { formatCount } from '../../shared/view/format';
import { button, h } from '../dom';
import { host, post } from '../host';

function toolbar(): HTMLElement | null {
  if (host().standalone) return null;
  return h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Report actions' },
    button('Re-run', () => post({ type: 'rerun' }), { class: 'btn primary', title: 'Run the dry run again' }),
    button('Export JSON', () => post({ type: 'export', format: 'json' }), { class: 'btn secondary', title: 'Save the contract JSON' }),
    button('Export CSV', () => post({ type: 'export', format: 'csv' }), { class: 'btn secondary', title: 'Save the rows as CSV' }),
    button('Export HTML', () => post({ type: 'export', format: 'html' }), { class: 'btn secondary', title: 'Save this report as a standalone HTML file' }),
  );
}

function facts(vm: ReportViewModel): HTMLElement {
  const items: Array<[string, string]> = [
    ['Mode', vm.mode],
    ['Seed', vm.seed],
    ['Validation fraction', String(vm.valFraction)],
  ];
  // sources and weights are placeholders when dlm stops before reading them (a documentError)
  if (!vm.documentError) {
    items.push([vm.sources.length === 1 ? 'Source' : 'Sources', vm.sources.map((s) => s.path).join(', ') || '—']);
    items.push(['Weights', vm.weightsActive ? 'active' : 'none (no expansion)']);
  }
  return h('dl', { class: 'facts' }, ...items.map(([k, v]) => h('div', { class: 'fact' }, h('dt', {}, k), h('dd', {}, v))));
}

export function headerSection(vm: ReportViewModel): HTMLElement {
  return h('header', { class: 'report-header' },
    h('div', { class: 'title-row' },
      h('div', { class: 'title-block' },
        h('p', { class: 'eyebrow' }, 'dlm train — dry run'),
        h('h1', {}, vm.title)),
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
      h('span', { class: 'sr-only' }, n.level === 'info' ? 'Note: ' : n.level === 'error' ? 'Error: ' : 'Warning: '),
      h('span', {}, n.text))));
}
