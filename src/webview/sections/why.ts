// "Why this number?" for one row: the product of its weight factors, each a
// link to the config line of the applied value, then copies, the fractional
// roll, and each copy's train/validation split. One panel below the rows table
// (the table's rows are recycled and all one height): a row's "Why?" button
// discloses it (aria-expanded / aria-controls), Escape or the button again
// closes it, and focus moves into it so keyboard and screen-reader users land
// on the answer.
import type { RowExplanation, SourceLink } from '../../shared/explain';
import { formatCount } from '../../shared/view/format';
import { h, plural } from '../dom';
import { askWhy } from '../explain';
import { openFile } from '../host';

export function sourceLink(l: SourceLink | null, text?: string): HTMLElement {
  if (!l) return h('span', { class: 'muted' }, text ?? 'not written in any config');
  const b = h('button', { type: 'button', class: 'link mono', title: `Open ${l.label}` }, text ?? l.label);
  b.addEventListener('click', () => openFile(l.path, l.range?.start.line));
  return b;
}

function factorsList(e: RowExplanation): HTMLElement {
  if (!e.weighted) return h('p', {}, 'No config sets any weight, so dlm does not expand rows: every row trains once.');
  if (e.factors.length === 0) return h('p', {}, 'No weight applies to this row\'s tags: its weight is 1.');
  return h('ol', { class: 'why-factors' }, ...e.factors.map((f) => h('li', {},
    h('span', { class: 'mono' }, `${f.key}=${f.value} × ${f.factorText}`), ' — set by ', sourceLink(f.setBy),
    f.overridden.length ? h('span', { class: 'muted' }, ` (overrides ${f.overridden.map((o) => `× ${o.factorText} at ${o.label}`).join(', ')})`) : null)));
}

function copiesText(e: RowExplanation): string {
  if (e.trainError) return `dlm train stops before training (${e.trainError}): no copies.`;
  if (e.dropped) return `Weight ${e.weightText} ≤ 0: the row is dropped.`;
  if (!e.weighted) return '1 copy.';
  const whole = `trunc(${e.weightText}) = ${e.whole} ${plural(e.whole, 'copy', 'copies')}`;
  if (e.roll === null) return `${whole}; no fraction to roll for.`;
  return `${whole}, and the fraction ${e.fraction} is kept iff its roll at seed ${e.seed} is below it: roll ${e.roll} ${e.extra ? '<' : '≥'} ${e.fraction}, so ${e.extra ? 'one more copy' : 'no extra copy'} (${formatCount(e.copies)} in all).`;
}

function body(e: RowExplanation): HTMLElement {
  const copies = e.copyFates.length
    ? h('ul', { class: 'why-copies' }, ...e.copyFates.map((c) => h('li', {},
      `copy ${c.subIndex}: ${c.validation ? 'validation' : 'train'} `,
      h('span', { class: 'muted' }, `(split hash ${c.bucket} ${c.validation ? '<' : '≥'} threshold ${e.threshold})`))))
    : null;
  return h('div', { class: 'why-body' },
    h('p', { class: 'why-formula mono' }, e.formula),
    factorsList(e),
    e.tags.length ? h('p', { class: 'muted small' }, 'Tags: ', ...e.tags.flatMap((t, i) => [i ? ', ' : '', h('span', { class: 'mono' }, `${t.key}=${t.value}`), ' from ', sourceLink(t.setBy, t.setBy?.label ?? '—')])) : null,
    h('p', {}, copiesText(e)),
    copies);
}

export interface WhyPanel {
  el: HTMLElement;
  /** Open the panel on report row `index` (labelled `label`), or close it when it already shows that row. */
  toggle(index: number, label: string, from: HTMLElement): void;
  /** The report row on display, or null. */
  readonly current: number | null;
  /** The row's numbers changed (a live update): ask again. */
  refresh(): void;
}

export function whyPanel(): WhyPanel {
  const heading = h('h3', { id: 'row-why-heading', tabindex: -1 }, 'Why this number?');
  const content = h('div', { 'aria-live': 'polite' });
  const close = h('button', { type: 'button', class: 'link' }, 'Close');
  const el = h('div', { class: 'row-why', id: 'row-why', role: 'region', 'aria-labelledby': 'row-why-heading', hidden: true },
    h('div', { class: 'row-why-head' }, heading, close), content);
  let current: number | null = null;
  let opener: HTMLElement | null = null;
  let asked = 0;
  const hide = () => {
    el.hidden = true;
    current = null;
    opener?.setAttribute('aria-expanded', 'false');
    opener?.focus();
    opener = null;
  };
  const ask = (index: number) => {
    const mine = ++asked;
    void askWhy({ kind: 'row', row: index }).then((a) => {
      if (mine !== asked) return; // another row was asked for since
      content.replaceChildren(a.row ? body(a.row) : h('p', { class: 'muted' }, a.unavailable ?? 'No explanation.'));
    });
  };
  close.addEventListener('click', hide);
  el.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') hide(); });
  return {
    el,
    get current() { return current; },
    toggle(index, label, from) {
      if (current === index && !el.hidden) { hide(); return; }
      opener?.setAttribute('aria-expanded', 'false');
      opener = from;
      from.setAttribute('aria-expanded', 'true');
      current = index;
      el.hidden = false;
      heading.textContent = `Why this number? ${label}`;
      content.replaceChildren(h('p', { class: 'muted' }, 'Asking the language server…'));
      heading.focus();
      ask(index);
    },
    refresh() {
      if (current !== null && !el.hidden) ask(current);
    },
  };
}
