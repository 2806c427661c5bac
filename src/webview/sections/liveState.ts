// How the live report stands, above the report: a banner while an edited
// config does not load (the numbers are the last valid state), and what the
// tiles' deltas compare with (the last saved state, or a pinned one) with a
// button to pin or unpin.
import type { LiveStateMessage } from '../../shared/view/messages';
import type { ReportViewModel } from '../../shared/view/viewModelTypes';
import { h, statusRegion } from '../dom';
import { post } from '../host';

let state: Omit<LiveStateMessage, 'type'> = { stale: null, baseline: 'saved' };
let lastVm: ReportViewModel | null = null;

function bannerEl(): HTMLElement {
  return statusRegion('live-state', 'live-state');
}

export function setLiveState(m: LiveStateMessage): void {
  state = { stale: m.stale, baseline: m.baseline };
  drawLiveState();
}

/** After a render or a live update: the banner and the tile deltas of `vm`. */
export function liveStateAfterRender(vm: ReportViewModel): void {
  lastVm = vm;
  drawLiveState();
}

function drawLiveState(): void {
  const el = bannerEl();
  const parts: HTMLElement[] = [];
  if (state.stale) {
    parts.push(h('div', { class: 'stale-banner', role: 'alert' },
      h('strong', {}, 'Showing the last valid state: '),
      h('span', { class: 'mono' }, `${state.stale.file}:${state.stale.line}`),
      ` does not parse (${state.stale.message}).`));
  }
  const changes = lastVm?.changes;
  const pinned = state.baseline === 'pinned';
  if (changes || pinned) {
    const what = pinned ? 'Deltas compare with the pinned state.' : 'Deltas compare with the last saved state.';
    parts.push(h('div', { class: 'baseline-note' }, h('span', {}, what), ' ',
      pinButton(pinned)));
  }
  el.replaceChildren(...parts);
  el.hidden = parts.length === 0;
}

function pinButton(pinned: boolean): HTMLElement {
  const b = h('button', { type: 'button', class: 'link' }, pinned ? 'Compare with the saved state' : 'Pin this state as the baseline');
  b.addEventListener('click', () => post({ type: 'pinBaseline', pin: !pinned }));
  return b;
}
