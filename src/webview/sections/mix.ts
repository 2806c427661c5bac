// The training mix: per tag value and per top-level folder, its share of the
// rows, characters or tokens before the weights (each row once) and after
// them (each row times its copies). A bar chart (two bars per item: before
// hatched, after solid, each with its percentage as text, so neither colour
// nor the bars carry meaning alone) with a table alternative below it.
import type { MixAmountsVM, MixGroupVM, MixItemVM, MixVM } from '../../shared/view/insightsTypes';
import type { ReportViewModel } from '../../shared/view/viewModelTypes';
import { formatCount, formatShare } from '../../shared/view/format';
import { h, plural, section, type Child } from '../dom';
import { host, post } from '../host';
import { breakable, pathLabel } from '../labels';

export type Measure = 'rows' | 'chars' | 'tokens';
const MEASURES: ReadonlyArray<{ id: Measure; label: string }> = [
  { id: 'rows', label: 'Rows' }, { id: 'chars', label: 'Characters' }, { id: 'tokens', label: 'Tokens' },
];

// what the reader chose survives rebuilds (the section is rebuilt as counting goes on)
let measure: Measure = 'rows';
const openTables = new Set<string>();

const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

function measureLabel(m: Measure, mix: MixVM): string {
  const base = MEASURES.find((x) => x.id === m)!.label.toLowerCase();
  return m === 'tokens' && !mix.tokensExact ? 'tokens (estimated)' : base;
}

function groupTitle(g: MixGroupVM): string {
  return g.kind === 'folder' ? 'Top-level folders' : `Tag ${g.key}`;
}

function groupId(g: MixGroupVM): string {
  return g.kind === 'folder' ? 'folders' : `tag:${g.key}`;
}

function bar(cls: string, fraction: number): HTMLElement {
  const fill = h('span', { class: 'mix-bar-fill' });
  // CSSOM, not an inline style attribute: the page's CSP refuses those
  fill.style.width = `${Math.max(0, Math.min(1, fraction)) * 100}%`;
  return h('span', { class: `mix-bar ${cls}`, 'aria-hidden': 'true' }, fill);
}

function chart(g: MixGroupVM, mix: MixVM): HTMLElement {
  const m = measure;
  const totals = mix.totals;
  return h('ul', { class: 'mix-chart', 'aria-label': `${groupTitle(g)}: share of ${measureLabel(m, mix)} before → after the weights` },
    ...g.items.map((it) => {
      const before = share(it.before[m], totals.before[m]);
      const after = share(it.after[m], totals.after[m]);
      return h('li', { class: `mix-item${it.kind === 'value' ? '' : ` mix-${it.kind}`}`, 'data-mix-item': it.label },
        h('span', { class: 'mix-label', title: it.label }, it.label),
        h('span', { class: 'mix-bars' }, bar('before', before), bar('after', after)),
        h('span', { class: 'mix-shares num' },
          h('span', { class: 'mix-share-before' }, formatShare(before)),
          ' → ',
          h('strong', { class: 'mix-share-after' }, formatShare(after))));
    }));
}

function amountCells(it: { before: MixAmountsVM; after: MixAmountsVM }, mix: MixVM): HTMLElement[] {
  const m = measure;
  const t = mix.totals;
  return (['before', 'after'] as const).map((when) => h('td', { class: 'num', 'data-col': when },
    h('span', { class: 'mix-cell-share' }, formatShare(share(it[when][m], t[when][m]))), ' ',
    h('span', { class: 'muted mix-count' }, formatCount(it[when][m]))));
}

/** The chart as a table, for the measure picked: share and amount before and after the weights. */
function table(g: MixGroupVM, mix: MixVM): HTMLElement {
  const id = groupId(g);
  const what = measureLabel(measure, mix);
  const details = h('details', { class: 'mix-table' },
    h('summary', {}, `${groupTitle(g)} as a table`),
    h('table', { class: 'data compact', 'aria-label': `${groupTitle(g)}: share of ${what} before and after the weights` },
      h('caption', { class: 'sr-only' }, `Share of ${what}, with the amount`),
      h('thead', {},
        h('tr', {}, h('th', { scope: 'col' }, g.kind === 'folder' ? 'Folder' : 'Value'),
          h('th', { scope: 'col', class: 'num' }, 'Before'),
          h('th', { scope: 'col', class: 'num' }, 'After'))),
      h('tbody', {}, ...g.items.map((it: MixItemVM) => h('tr', {}, h('th', { scope: 'row', class: 'mono mix-table-label' }, breakable(it.label)), ...amountCells(it, mix)))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Total'), ...amountCells(mix.totals, mix)))));
  if (openTables.has(id)) details.open = true;
  details.addEventListener('toggle', () => (details.open ? openTables.add(id) : openTables.delete(id)));
  return details;
}

function measurePicker(mix: MixVM, onChange: () => void): HTMLElement {
  return h('fieldset', { class: 'mix-measure' }, h('legend', {}, 'Share of'),
    ...MEASURES.map((m) => {
      const input = h('input', { type: 'radio', name: 'mix-measure', value: m.id, id: `mix-measure-${m.id}` });
      input.checked = measure === m.id;
      input.addEventListener('change', () => {
        if (!input.checked) return;
        measure = m.id;
        onChange();
      });
      return h('label', { for: `mix-measure-${m.id}` }, input, ` ${m.id === 'tokens' && !mix.tokensExact ? 'Tokens (estimated)' : m.label}`);
    }));
}

function sourceLine(mix: MixVM): HTMLElement {
  return h('p', { class: 'section-intro mix-source' },
    !mix.tokensExact && h('span', { class: 'badge estimate' }, 'ESTIMATED'), !mix.tokensExact && ' ',
    mix.tokenSource.charAt(0).toUpperCase() + mix.tokenSource.slice(1), '.',
    mix.tokensExact && mix.estimatedRows > 0 ? ` ${formatCount(mix.estimatedRows)} very long ${plural(mix.estimatedRows, 'row')} counted on a prefix and scaled (estimated).` : '',
    ' Tokens are counted without special tokens or the chat template.');
}

function countingLine(mix: MixVM): HTMLElement | null {
  const c = mix.counting;
  if (!c) return null;
  const bar = h('progress', { 'aria-label': 'Counting characters and tokens' });
  bar.max = Math.max(1, c.total);
  bar.value = Math.min(c.done, c.total);
  return h('p', { class: 'mix-counting', role: 'status' },
    `Counting characters and tokens: ${formatCount(c.done)} of ${formatCount(c.total)} rows so far (rows not counted yet show 0). `,
    bar,
    !host().standalone && h('button', { type: 'button', class: 'btn secondary', 'data-action': 'stop-counting' }, 'Stop'));
}

function longRowsPart(mix: MixVM): Child {
  const l = mix.longRows;
  if (l.rows === 0) return h('p', { class: 'muted mix-long' }, `No row is longer than sequence_len (${formatCount(mix.sequenceLen)} tokens).`);
  return h('details', { class: 'mix-long' },
    h('summary', {}, `${formatCount(l.rows)} ${plural(l.rows, 'row')} longer than sequence_len (${formatCount(mix.sequenceLen)} tokens)`,
      `, ${formatCount(l.expandedRows)} after expansion${mix.tokensExact ? '' : ' (estimated tokens)'}`),
    h('table', { class: 'data compact', 'aria-label': 'Rows longer than sequence_len' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Row'), h('th', { scope: 'col', class: 'num' }, 'Tokens'), h('th', { scope: 'col', class: 'num' }, 'Copies'))),
      h('tbody', {}, ...l.list.map((r) => h('tr', {}, h('th', { scope: 'row', class: 'mono mix-table-label' }, pathLabel(r.origin)), h('td', { class: 'num' }, formatCount(r.tokens)), h('td', { class: 'num' }, formatCount(r.copies)))))),
    l.rows > l.list.length && h('p', { class: 'muted' }, `The first ${formatCount(l.list.length)} are listed.`));
}

function legend(): HTMLElement {
  return h('p', { class: 'mix-legend', 'aria-hidden': 'true' },
    h('span', { class: 'mix-key before' }), ' before the weights (each row once)  ',
    h('span', { class: 'mix-key after' }), ' after (each row × its copies)');
}

function groups(mix: MixVM): HTMLElement {
  return h('div', { class: 'mix-groups' }, ...mix.groups.map((g) => h('div', { class: 'mix-group', 'data-mix-group': groupId(g) },
    h('h3', {}, groupTitle(g)), chart(g, mix), table(g, mix))));
}

export function mixSection(vm: ReportViewModel): HTMLElement | null {
  const mix = vm.mix;
  if (!mix) return null;
  let body = groups(mix);
  const el = section('mix', 'Training mix',
    sourceLine(mix),
    countingLine(mix),
    mix.unreadRows > 0 && h('p', { class: 'note warning' }, `${formatCount(mix.unreadRows)} ${plural(mix.unreadRows, 'row')} could not be read again: counted with 0 characters and 0 tokens.`),
    measurePicker(mix, () => {
      const next = groups(mix);
      body.replaceWith(next);
      body = next;
    }),
    legend(),
    body,
    longRowsPart(mix));
  el.querySelector('[data-action="stop-counting"]')?.addEventListener('click', () => post({ type: 'stopCounting' }));
  return el;
}
