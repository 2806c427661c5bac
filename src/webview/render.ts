// Renders a whole report into #app, and the progress / error status line.
import type { ReportViewModel } from '../report/viewModelTypes';
import { h } from './dom';
import { changesSection } from './sections/changes';
import { configsSection } from './sections/configs';
import { headerSection, notesList, trainErrorBanner } from './sections/header';
import { headlineSection } from './sections/headline';
import { rowsSection } from './sections/rowsTable';
import { skippedSection } from './sections/skipped';
import { tagsSection } from './sections/tags';

function app(): HTMLElement {
  const el = document.getElementById('app');
  if (!el) throw new Error('#app missing');
  return el;
}

function statusLine(): HTMLElement {
  let el = document.getElementById('status-line');
  if (!el) {
    el = h('div', { id: 'status-line', class: 'status-line', role: 'status', 'aria-live': 'polite' });
    document.body.prepend(el);
  }
  return el;
}

export function render(vm: ReportViewModel, root: HTMLElement = app()): void {
  clearStatus();
  const content = h('div', { class: 'report', 'data-mode': vm.mode },
    headerSection(vm),
    trainErrorBanner(vm),
    notesList(vm),
    headlineSection(vm),
    changesSection(vm),
    tagsSection(vm),
    h('div', { class: 'two-col' }, configsSection(vm), skippedSection(vm)),
    rowsSection(vm));
  root.replaceChildren(content);
  document.title = `dlm dry run — ${vm.title}`;
}

export function showProgress(message: string, done?: number, total?: number): void {
  const el = statusLine();
  el.className = 'status-line progress';
  const bar = h('progress', { 'aria-label': 'Dry run progress' });
  if (done !== undefined && total !== undefined && total > 0) {
    bar.max = total;
    bar.value = Math.min(done, total);
  }
  el.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', {}, message), bar);
}

export function showError(message: string): void {
  const el = statusLine();
  el.className = 'status-line error';
  el.setAttribute('role', 'alert');
  el.replaceChildren(h('strong', {}, 'Dry run failed: '), h('span', {}, message));
}

export function clearStatus(): void {
  const el = document.getElementById('status-line');
  if (el) el.remove();
}
