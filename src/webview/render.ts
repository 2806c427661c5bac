// Renders a whole report into #app, applies live row updates to the report on
// screen, and shows the progress / error status line.
import { KEPT_PARTS, type InsightsMessage, type MoreRowsMessage, type RowsMessage } from '../shared/view/messages';
import { rowsFromColumns } from '../shared/view/rowColumns';
import { applyRowUpdates } from '../shared/view/rowUpdates';
import type { ReportViewModel } from '../shared/view/viewModelTypes';
import { h, statusRegion } from './dom';
import { breakable } from './labels';
import { changesSection } from './sections/changes';
import { configsSection, updateConfigsSection } from './sections/configs';
import { documentErrorSection } from './sections/documentError';
import { headerSection, notesList, trainErrorBanner } from './sections/header';
import { headlineSection } from './sections/headline';
import { rowsSection, type RowsSection } from './sections/rowsTable';
import { skippedSection } from './sections/skipped';
import { tagsSection, updateTagsSection } from './sections/tags';
import { mixSection } from './sections/mix';
import { sinceSection } from './sections/since';

function app(): HTMLElement {
  const el = document.getElementById('app');
  if (!el) throw new Error('#app missing');
  return el;
}

function statusLine(): HTMLElement {
  return statusRegion('status-line', 'status-line');
}

/**
 * The parts of the report above the rows table, each with the view-model
 * fields it shows: a live update rebuilds only the parts whose fields changed
 * (so e.g. opened skipped-file lists stay open).
 */
interface PartDef {
  /** 'side': laid out beside the previous 'side' part when the panel is wide */
  slot?: 'side';
  build(vm: ReportViewModel): HTMLElement | null;
  input(vm: ReportViewModel): unknown;
  /** Update the part built for `prev` in place (cheaper than a rebuild); false: rebuild it. */
  update?(el: HTMLElement, prev: ReportViewModel, vm: ReportViewModel): boolean;
  /**
   * Built once the report's first screen is painted (and, in VS Code, the
   * host has said `seen`: see render): below the fold, and large on a big
   * corpus (a hundred configs are thousands of elements to make and lay out
   * before anything shows).
   */
  afterFirstPaint?: boolean;
}
/** A part that shows the corpus: nothing while dlm stops before it builds one (a documentError). */
function corpusPart(def: PartDef): PartDef {
  return {
    ...def,
    build: (vm) => (vm.documentError ? null : def.build(vm)),
    input: (vm) => [vm.documentError === null, def.input(vm)],
    update: def.update && ((el, prev, vm) => !vm.documentError && !prev.documentError && def.update!(el, prev, vm)),
  };
}
// In reading order: what stops training, then the numbers and what changed
// (above the fold in a 420 px panel beside the editor), then the notes.
const PARTS: PartDef[] = [
  { build: headerSection, input: (vm) => [vm.title, vm.mode, vm.seed, vm.valFraction, vm.sources, vm.weightsActive, vm.documentError === null] },
  { build: trainErrorBanner, input: (vm) => [vm.trainError, vm.headline.rows] },
  { build: documentErrorSection, input: (vm) => vm.documentError },
  corpusPart({ build: headlineSection, input: (vm) => [vm.headline, vm.changes?.totals] }),
  corpusPart({ build: changesSection, input: (vm) => vm.changes }),
  { build: notesList, input: (vm) => vm.notes },
  corpusPart({ build: tagsSection, input: (vm) => vm.tags, update: updateTagsSection }),
  corpusPart({ build: sinceSection, input: (vm) => vm.since ?? null }),
  corpusPart({ build: mixSection, input: (vm) => vm.mix ?? null }),
  corpusPart({ slot: 'side', build: configsSection, input: (vm) => vm.configs, update: updateConfigsSection, afterFirstPaint: true }),
  corpusPart({ slot: 'side', build: skippedSection, input: (vm) => [vm.skipped, vm.headline.filesSkipped], afterFirstPaint: true }),
];

interface Part {
  key: string;
  /** The part's element, or a placeholder comment when it shows nothing. */
  node: Node;
}

/** The key of a part not built yet (afterFirstPaint): never equal to a built part's. */
const PENDING = '\u0000pending';

function buildPart(def: PartDef, vm: ReportViewModel): Part {
  return { key: partKey(def, vm), node: def.build(vm) ?? document.createComment('') };
}

/** The text of each large part of a view model, by object: a part kept from the report on screen is not written again. */
const partTexts = new WeakMap<object, string>();

/** What a part is drawn from, as text: equal keys, nothing to redraw. */
function partKey(def: PartDef, vm: ReportViewModel): string {
  const large = new Set<unknown>(KEPT_PARTS.map((k) => vm[k]));
  const texts: string[] = [];
  const head = JSON.stringify(def.input(vm), (_k, v: unknown) => {
    if (!large.has(v)) return v;
    let text = partTexts.get(v as object);
    if (text === undefined) partTexts.set(v as object, (text = JSON.stringify(v)));
    texts.push(text);
    return `#${texts.length}`;
  });
  return texts.length ? `${head}\n${texts.join('\n')}` : head;
}

/** The report on screen (VS Code webview): what a `rows` message updates. */
interface Shown {
  id: number | undefined;
  vm: ReportViewModel;
  content: HTMLElement;
  parts: Part[];
  rows: RowsSection;
  /** Its first screen has been painted; the host has said `seen` (see buildBelowFold). */
  painted: boolean;
  seen: boolean;
}
let shown: Shown | null = null;

/**
 * When the parts below the fold are built: 'painted' once the first screen is
 * painted (a standalone page), 'seen' once the host says it has the page's
 * `shown` (see buildBelowFold), or a while after the paint if it never does.
 */
export type BelowFold = 'painted' | 'seen';

/** How long after the first paint a report waits for the host's `seen` before building the rest anyway (a safety net: the extension always answers). */
const SEEN_FALLBACK_MS = 5000;

export function render(vm: ReportViewModel, root: HTMLElement = app(), id?: number, belowFold: BelowFold = 'painted'): void {
  clearStatus();
  const parts = PARTS.map((def) => (def.afterFirstPaint ? { key: PENDING, node: document.createComment('') } : buildPart(def, vm)));
  const rows = rowsSection(vm);
  rows.el.hidden = vm.documentError !== null;
  const main = parts.filter((_, i) => !PARTS[i]!.slot).map((p) => p.node);
  const side = parts.filter((_, i) => PARTS[i]!.slot === 'side').map((p) => p.node);
  const content = h('div', { class: 'report', 'data-mode': vm.mode },
    ...main,
    h('div', { class: 'two-col' }, ...side),
    rows.el);
  root.replaceChildren(content);
  document.title = `dlm dry run — ${vm.title}`;
  const s: Shown = { id, vm, content, parts, rows, painted: false, seen: false };
  shown = s;
  // busy (for assistive technology and the tests) until the parts below the fold are there too
  content.setAttribute('aria-busy', 'true');
  afterPaint(() => {
    s.painted = true;
    if (belowFold === 'painted' || s.seen) buildPendingParts(content);
    else setTimeout(() => buildPendingParts(content), SEEN_FALLBACK_MS);
  });
}

/**
 * The host has the page's `shown` of report `id`: build the parts below the
 * fold now. In code-server the webview shares its thread with the workbench,
 * which relays that `shown` to the extension: built before, these parts (~0.3 s
 * to make and lay out at 50k files) held the relay, and the report counted as
 * drawn that much later.
 */
export function buildBelowFold(id: number): void {
  if (!shown || shown.id !== id) return;
  shown.seen = true;
  // (a host in another process may answer before the first screen is painted: then right after it)
  if (shown.painted) buildPendingParts(shown.content);
}

function buildPendingParts(content: HTMLElement): void {
  if (shown?.content !== content) return;
  const s = shown;
  PARTS.forEach((def, i) => {
    const part = s.parts[i]!;
    if (part.key !== PENDING) return; // built meanwhile by a live update
    const next = buildPart(def, s.vm);
    (part.node as ChildNode).replaceWith(next.node);
    s.parts[i] = next;
  });
  content.removeAttribute('aria-busy');
}

/** Runs `fn` after the next frame is painted (a task queued from the frame's callback). */
function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/**
 * A live update of the report on screen: new row numbers (in place: the rows
 * table keeps its filter, sort and scroll position) and the parts that
 * changed. False when it is not an update of the report shown: the caller
 * then asks for the whole report.
 */
export function applyRows(msg: RowsMessage): boolean {
  if (!shown || shown.id !== msg.base || !shown.content.isConnected) return false;
  if (!applyRowUpdates(shown.vm.rows, msg.rows, msg.vm.trainError !== null)) return false;
  const vm: ReportViewModel = { ...msg.vm, rows: shown.vm.rows };
  // the parts the host left out are the ones on screen (the same objects: their parts are not redrawn)
  for (const k of msg.same ?? []) (vm[k] as unknown) = shown.vm[k];
  clearStatus();
  refreshParts(vm);
  shown.content.dataset.mode = vm.mode;
  shown.rows.el.hidden = vm.documentError !== null;
  shown.vm = vm;
  shown.rows.refresh();
  document.title = `dlm dry run — ${vm.title}`;
  return true;
}

/**
 * More rows of the report on screen (its first rows came with it): appended
 * in place. False when they do not continue report `msg.base` as shown.
 */
export function appendRows(msg: MoreRowsMessage): boolean {
  if (!shown || shown.id !== msg.base || !shown.content.isConnected || shown.vm.rows.length !== msg.from) return false;
  const more = rowsFromColumns(msg.rowColumns, shown.vm.trainError !== null);
  const rows = shown.vm.rows;
  for (const r of more) rows.push(r);
  shown.rows.grown();
  return true;
}

/**
 * The second pass (mix, since-last-run) for the report on screen: only its
 * sections change. False when report `base` is not the one shown.
 */
export function applyInsights(msg: InsightsMessage): boolean {
  if (!shown || shown.id !== msg.base || !shown.content.isConnected) return false;
  const vm: ReportViewModel = { ...shown.vm, mix: msg.mix, since: msg.since };
  // a rebuilt section keeps the keyboard focus where it was (the measure picked, a summary)
  const active = document.activeElement;
  const focusId = active instanceof HTMLElement && active.id ? active.id : null;
  refreshParts(vm);
  shown.vm = vm;
  if (focusId && document.activeElement !== active) document.getElementById(focusId)?.focus();
  return true;
}

/** Rebuilds (or updates in place) the parts above the rows whose input changed. */
function refreshParts(vm: ReportViewModel): void {
  const prevVm = shown!.vm;
  PARTS.forEach((def, i) => {
    const old = shown!.parts[i]!;
    const key = partKey(def, vm);
    if (key === old.key) return;
    if (def.update && old.node instanceof HTMLElement && def.update(old.node, prevVm, vm)) {
      shown!.parts[i] = { key, node: old.node };
      return;
    }
    const next = buildPart(def, vm);
    (old.node as ChildNode).replaceWith(next.node);
    shown!.parts[i] = next;
  });
}

export function showProgress(message: string, done?: number, total?: number): void {
  const el = statusLine();
  el.className = 'status-line progress';
  const bar = h('progress', { 'aria-label': 'Dry run progress' });
  if (done !== undefined && total !== undefined && total > 0) {
    bar.max = total;
    bar.value = Math.min(done, total);
  }
  el.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', { class: 'status-text' }, breakable(message)), bar);
}

export function showError(message: string): void {
  const el = statusLine();
  el.className = 'status-line error';
  el.setAttribute('role', 'alert');
  el.replaceChildren(h('span', { class: 'note-icon', 'aria-hidden': 'true' }, '×'), h('strong', {}, 'Dry run failed: '), h('span', { class: 'status-text' }, breakable(message)));
}

export function clearStatus(): void {
  const el = document.getElementById('status-line');
  if (el) el.remove();
}
