// Text that must stay readable in narrow panels: paths that keep their file
// name (the folder part is cut in the middle), weights without float noise
// (the exact value on hover), and break opportunities inside tokens only at
// punctuation, never between two letters.
import { formatWeightShort } from '../shared/view/format';
import { h } from './dom';

/** "docs/api/ref-01.md" -> ["docs/api/", "ref-01.md"]; a trailing slash stays with the last name ("src/legacy/"). */
export function splitPath(path: string): [string, string] {
  const cut = path.replace(/[\\/]+$/, '').search(/[^\\/]*$/);
  return cut <= 0 ? ['', path] : [path.slice(0, cut), path.slice(cut)];
}

/** The end of a long file name that is never cut (its extension and a little more). */
const NAME_END = 12;

/**
 * Fills `el` with a path that is cut in the middle when it does not fit: the
 * folder part gives way first (ending in "…"), then the start of a long file
 * name; the end of the name (its extension) always shows. The DOM holds the
 * whole text (screen readers and copy read all of it); `title` shows it on
 * hover unless the caller sets its own (e.g. "Open …").
 */
export function fillPath(el: HTMLElement, path: string, title: string | null = path): void {
  const [dir, name] = splitPath(path);
  const chars = [...name];
  const cut = chars.length > NAME_END + 4 ? chars.length - NAME_END : 0;
  const parts = [dir, chars.slice(0, cut).join(''), chars.slice(cut).join('')];
  el.classList.add('path');
  if (title !== null) el.title = title;
  if (el.childElementCount !== 3) {
    el.replaceChildren(h('span', { class: 'path-dir' }), h('span', { class: 'path-name' }), h('span', { class: 'path-end' }));
  }
  [...el.children].forEach((span, i) => {
    if (span.textContent !== parts[i]) span.textContent = parts[i]!;
    (span as HTMLElement).hidden = parts[i] === '';
  });
}

/** A span showing `path` cut in the middle (see fillPath). */
export function pathLabel(path: string, attrs: { class?: string; title?: string | null } = {}): HTMLSpanElement {
  const el = h('span', { class: attrs.class });
  fillPath(el, path, attrs.title === undefined ? path : attrs.title);
  return el;
}

/**
 * Shows a weight with at most 4 significant digits; when that is not the
 * exact value, the exact one is the element's title. `weight` null: not
 * finite, `exact` ("NaN", "∞") is shown as it is.
 */
export function fillWeight(el: HTMLElement, weight: number | null, exact: string): void {
  const shown = weight === null ? exact : formatWeightShort(weight);
  if (el.textContent !== shown) el.textContent = shown;
  if (shown !== exact) el.title = `exactly ${exact}`;
  else if (el.hasAttribute('title')) el.removeAttribute('title');
}

/** fillWeight for a weight known only by its text ("" when unset is left to the caller). */
export function weightLabel(exact: string, attrs: { class?: string } = {}): HTMLSpanElement {
  const el = h('span', { class: attrs.class });
  const n = Number(exact);
  fillWeight(el, exact.trim() !== '' && Number.isFinite(n) ? n : null, exact);
  return el;
}

/**
 * Text with a line-break opportunity after each `=`, `/`, `,`, `_`, `.` and
 * `-` inside it, so long tags and paths wrap between their parts and never
 * inside a word.
 */
export function breakable(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  const parts = text.split(/(?<=[=/,_.-])(?=[^\s=/,_.-])/);
  parts.forEach((p, i) => {
    if (i > 0) frag.append(h('wbr'));
    frag.append(p);
  });
  return frag;
}
