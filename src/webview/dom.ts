// Minimal DOM building. Text always goes through text nodes (never innerHTML),
// and inline `style` / `on*` attributes are refused: the page runs under a
// strict CSP, so styling is by class, or by CSSOM (`el.style.x = …`) in code.

export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

function setAttrs(el: Element, attrs: Attrs | undefined): void {
  if (!attrs) return;
  for (const [name, v] of Object.entries(attrs)) {
    if (name === 'style' || /^on/i.test(name)) throw new Error(`refusing inline attribute ${name}`);
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(name, v === true ? '' : String(v));
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** A <button type="button"> with a click handler. */
export function button(label: Child, onClick: (ev: MouseEvent) => void, attrs: Attrs = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** Text only screen readers see. */
export function srOnly(text: string): HTMLSpanElement {
  return h('span', { class: 'sr-only' }, text);
}

/** A section with a heading, labelled by it. */
export function section(id: string, title: string, ...children: Child[]): HTMLElement {
  const headingId = `${id}-heading`;
  return h('section', { class: 'card', id, 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title), ...children);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** The live-region element with this id at the top of the page, made on first use. */
export function statusRegion(id: string, cls: string): HTMLElement {
  let el = document.getElementById(id);
  if (!el) {
    el = h('div', { id, class: cls, role: 'status', 'aria-live': 'polite' });
    document.body.prepend(el);
  }
  return el;
}
