// "Since last training": this run against the document's dlm store — new,
// unchanged and removed sections, the seed, the replay rows the next run adds,
// and each tag value's rows then and now.
import type { SinceVM } from '../../shared/view/insightsTypes';
import type { ReportViewModel } from '../../shared/view/viewModelTypes';
import { formatCount, formatDelta } from '../../shared/view/format';
import { h, plural, section } from '../dom';
import { breakable } from '../labels';

function intro(s: SinceVM): string {
  if (s.firstRun) return 'The store has no training run yet: the next dlm train is the first (no replay).';
  if (!s.lastRun) return `No run of this document completed yet (adapter version ${s.adapterVersion ?? 0}): nothing to compare the distribution with.`;
  const ended = s.lastRun.endedAt ? `, ended ${s.lastRun.endedAt}` : '';
  return `Compared with run ${s.lastRun.runId}, the last completed one${ended} (adapter version ${s.adapterVersion ?? 0}).`;
}

function stat(label: string, value: string, attr: string, extra?: HTMLElement | false): HTMLElement {
  return h('li', { 'data-since': attr }, h('span', { class: 'since-label' }, label), h('span', { class: 'num since-value' }, value), extra);
}

function deltaCell(d: number | null): HTMLElement {
  if (d === null) return h('td', { class: 'num muted' }, 'new');
  return h('td', { class: `num delta${d > 0 ? ' up' : d < 0 ? ' down' : ' muted'}` }, formatDelta(d));
}

export function sinceSection(vm: ReportViewModel): HTMLElement | null {
  const s = vm.since;
  if (!s) return null;
  if (s.status === 'unusable') {
    return section('since', 'Since last training',
      h('p', { class: 'note warning' }, `The store's manifest cannot be used: ${s.reason ?? 'unknown reason'}.`),
      h('p', { class: 'muted mono since-manifest' }, breakable(s.manifest)));
  }
  const sec = s.sections;
  const dist = s.distribution;
  return section('since', 'Since last training',
    h('p', { class: 'section-intro' }, intro(s)),
    h('ul', { class: 'since-stats' },
      sec && stat('New sections', formatCount(sec.new), 'new'),
      sec && stat('Unchanged sections', formatCount(sec.unchanged), 'unchanged'),
      sec && stat('Removed sections', formatCount(sec.removed), 'removed'),
      s.seed && stat('Seed', s.seed.changed ? `${s.seed.then} → ${s.seed.now}` : s.seed.now, 'seed',
        s.seed.changed && h('span', { class: 'badge' }, 'changed')),
      s.replayRows !== null && stat('Replay rows next run', `≈ ${formatCount(s.replayRows)}`, 'replay',
        h('span', { class: 'muted' }, ' estimate: max(32, 2 × new), at most what the replay corpus holds'))),
    s.laterRuns.length > 0 && h('p', { class: 'muted' },
      `Later ${plural(s.laterRuns.length, 'run')} that did not complete: ${s.laterRuns.map((r) => `${r.runId} (${r.status})`).join(', ')}.`),
    dist && !dist.weightsThen && h('p', { class: 'muted' }, 'That run declared no weights: the store kept no distribution to compare with.'),
    dist && dist.tags.length > 0 && h('table', { class: 'data compact since-dist', 'aria-label': 'Rows per tag value, last completed run and now (before expansion)' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Tag'), h('th', { scope: 'col', class: 'num' }, 'Then'), h('th', { scope: 'col', class: 'num' }, 'Now'), h('th', { scope: 'col', class: 'num' }, 'Δ'))),
      h('tbody', {}, ...dist.tags.map((t) => h('tr', { 'data-tag': `${t.key}=${t.value}` },
        h('th', { scope: 'row', class: 'mono mix-table-label' }, breakable(`${t.key}=${t.value}`)),
        h('td', { class: 'num' }, t.then === null ? '—' : formatCount(t.then)),
        h('td', { class: 'num' }, formatCount(t.now)),
        deltaCell(t.delta))))),
    h('p', { class: 'muted mono since-manifest' }, breakable(s.manifest)));
}
