// What stops dlm train before it builds a dataset (the report's
// documentError): the stage in a plain sentence, dlm's kind, the message and
// a link to the place; then what would stop it next. The report has no corpus
// to show then, so this takes the place of its figures (see render.ts).
import type { DocumentProblemVM, ProblemPlaceVM, ReportViewModel } from '../../shared/view/viewModelTypes';
import { h } from '../dom';
import { host, openFile } from '../host';

/** `file:line`, a link that opens the file at that line in VS Code; plain text in the standalone page. */
function placeLink(p: ProblemPlaceVM): HTMLElement {
  const text = `${p.label}:${p.line}`;
  if (host().standalone) return h('span', { class: 'file-name' }, text);
  const b = h('button', { type: 'button', class: 'link', title: `Open ${p.label} at line ${p.line}`, 'data-place': text }, text);
  b.addEventListener('click', () => openFile(p.path, p.line - 1));
  return b;
}

function problemLine(p: DocumentProblemVM): HTMLElement {
  return h('li', { 'data-kind': p.kind }, h('code', {}, p.kind), ' ', p.place && placeLink(p.place), p.place && ' ', p.message);
}

export function documentErrorSection(vm: ReportViewModel): HTMLElement | null {
  const e = vm.documentError;
  if (!e) return null;
  return h('section', { class: 'banner error document-error', role: 'alert', 'aria-label': 'dlm train stops', 'data-document-error': e.kind, 'data-stage': e.stage },
    h('strong', {}, e.title),
    h('p', {}, h('code', {}, e.kind), ' ', e.message),
    e.place && h('p', {}, 'Where: ', placeLink(e.place)),
    h('p', { class: 'muted' }, 'dlm reports this first problem and stops before it builds a dataset: there are no rows, copies or split to show until it is fixed.'),
    e.then.length > 0 && h('details', { class: 'document-error-then' },
      h('summary', {}, `Then, once that is fixed: ${e.then.length} more ${e.then.length === 1 ? 'problem' : 'problems'}`),
      h('ul', {}, ...e.then.map(problemLine))));
}
