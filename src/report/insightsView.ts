// The engine's mix and since-last-run, as the report UI shows them
// (../shared/view/insightsTypes.ts). Groups are sorted largest first and
// capped, so a corpus of a thousand folders still draws a readable chart.
import type { Amounts, Mix, MixPart } from '../engine/mix/index';
import type { SinceLastRun } from '../engine/store/index';
import {
  MAX_LONG_ROWS, MAX_MIX_ITEMS, type MixGroupVM, type MixItemVM, type MixVM, type SinceVM,
} from '../shared/view/insightsTypes';

export interface MixViewOptions {
  /** Where token counts come from, in words (describeCounter). */
  tokenSource: string;
  /** Rows counted so far while the second pass runs; null once it is done. */
  counting?: { done: number; total: number } | null;
}

const amounts = (a: Amounts) => ({ rows: a.rows, chars: a.chars, tokens: a.tokens });

function item(label: string, kind: MixItemVM['kind'], p: MixPart): MixItemVM {
  return { label, kind, before: amounts(p.before), after: amounts(p.after) };
}

/** Largest first (rows after, then tokens after; "(no key)" last); past the cap the smallest become one "N others" item. */
function capped(items: MixItemVM[]): MixItemVM[] {
  const none = items.filter((i) => i.kind === 'none');
  const values = items.filter((i) => i.kind !== 'none')
    .sort((a, b) => b.after.rows - a.after.rows || b.after.tokens - a.after.tokens || b.before.rows - a.before.rows);
  const room = MAX_MIX_ITEMS - none.length;
  if (values.length <= room) return [...values, ...none];
  const kept = values.slice(0, room - 1);
  const rest = values.slice(room - 1);
  const sum = (pick: (i: MixItemVM) => Amounts): Amounts => rest.reduce(
    (t, i) => ({ rows: t.rows + pick(i).rows, chars: t.chars + pick(i).chars, tokens: t.tokens + pick(i).tokens }),
    { rows: 0, chars: 0, tokens: 0 });
  return [...kept, { label: `${rest.length} others`, kind: 'others', before: sum((i) => i.before), after: sum((i) => i.after) }, ...none];
}

export function mixViewModel(mix: Mix, opts: MixViewOptions): MixVM {
  const groups: MixGroupVM[] = mix.tags.map((t) => ({
    kind: 'tag',
    key: t.key,
    items: capped(t.values.map((v) => (v.value === null ? item(`(no ${t.key})`, 'none', v) : item(v.value, 'value', v)))),
  }));
  groups.push({ kind: 'folder', key: '', items: capped(mix.folders.map((f) => item(f.folder === '.' ? './ (top level)' : `${f.folder}/`, 'value', f))) });
  return {
    tokensExact: mix.tokens.exact,
    tokenSource: opts.tokenSource,
    estimatedRows: mix.tokens.estimatedRows,
    counting: opts.counting ?? null,
    sequenceLen: mix.sequenceLen,
    unreadRows: mix.unreadRows,
    totals: { before: amounts(mix.totals.before), after: amounts(mix.totals.after) },
    groups,
    longRows: {
      rows: mix.longRows.rows,
      expandedRows: mix.longRows.expandedRows,
      list: mix.longRows.list.slice(0, MAX_LONG_ROWS).map((r) => ({ origin: r.origin, tokens: r.tokens, copies: r.copies })),
    },
  };
}

/** null when there is no store to compare with (the section is not shown). */
export function sinceViewModel(s: SinceLastRun): SinceVM | null {
  if (s.kind === 'no-store') return null;
  const none = {
    firstRun: false, adapterVersion: null, lastRun: null, laterRuns: [], sections: null, seed: null, distribution: null, replayRows: null,
  };
  if (s.kind === 'unusable') return { status: 'unusable', reason: s.reason, manifest: s.manifestPath, ...none };
  return {
    status: 'compared',
    reason: null,
    manifest: s.manifestPath,
    firstRun: s.firstRun,
    adapterVersion: s.adapterVersion,
    lastRun: s.lastCompleted && { runId: s.lastCompleted.runId, seed: String(s.lastCompleted.seed), endedAt: s.lastCompleted.endedAt },
    laterRuns: s.laterRuns.map((r) => ({ runId: r.runId, status: r.status })),
    sections: { new: s.sections.new.length, unchanged: s.sections.unchanged.length, removed: s.sections.removed.length },
    seed: s.seed && { then: String(s.seed.then), now: String(s.seed.now), changed: s.seed.changed },
    distribution: s.distribution && {
      weightsThen: s.distribution.weightsThen,
      weightsNow: s.distribution.weightsNow,
      tags: s.distribution.tags.flatMap((k) => k.values.map((v) => ({ key: k.key, value: v.value, then: v.then, now: v.now, delta: v.delta }))),
    },
    replayRows: s.replayRows,
  };
}
