// The `sinceLastRun` JSON section (docs/since-last-run.md). Seeds are decimal
// strings here: dlm seeds are arbitrary-precision, and a string survives any
// JSON reader. Tag values are string values inside arrays, never keys.
import type { SinceLastRun } from './sinceLastRun.js';

export function sinceLastRunJsonValue(s: SinceLastRun): unknown {
  if (s.kind !== 'compared') return { status: s.kind, reason: s.reason, manifest: s.manifestPath };
  const last = s.lastCompleted;
  return {
    status: s.kind,
    reason: null,
    manifest: s.manifestPath,
    firstRun: s.firstRun,
    adapterVersion: s.adapterVersion,
    lastCompletedRun: last && { runId: last.runId, seed: last.seed.toString(), adapterName: last.adapterName, endedAt: last.endedAt },
    laterRuns: s.laterRuns.map((r) => ({ runId: r.runId, status: r.status })),
    sections: {
      new: s.sections.new.length,
      unchanged: s.sections.unchanged.length,
      removed: s.sections.removed.length,
      newIds: s.sections.new,
      removedIds: s.sections.removed,
    },
    seed: s.seed && { then: s.seed.then.toString(), now: s.seed.now.toString(), changed: s.seed.changed },
    distribution: s.distribution && {
      weightsThen: s.distribution.weightsThen,
      weightsNow: s.distribution.weightsNow,
      tags: s.distribution.tags.map((k) => ({ key: k.key, values: k.values.map((v) => ({ value: v.value, then: v.then, now: v.now, delta: v.delta })) })),
    },
    replayRows: s.replayRows,
  };
}

/** 2-space indented; `indent` prefixes every line after the first (to nest it under a key). */
export function sinceLastRunJson(s: SinceLastRun, indent = ''): string {
  const text = JSON.stringify(sinceLastRunJsonValue(s), null, 2);
  return indent ? text.replace(/\n/g, `\n${indent}`) : text;
}
