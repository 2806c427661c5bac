// "Since the last training run" as lines of the CLI's human summary.
import type { SinceLastRun } from './sinceLastRun.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function sinceLastRunLines(s: SinceLastRun): string[] {
  if (s.kind === 'no-store') {
    const why = s.reason === 'no-dlm-id' ? 'the document has no dlm_id'
      : s.reason === 'bad-dlm-id' ? 'the document\'s dlm_id is not a valid id'
        : `no readable store manifest at ${s.manifestPath} (the next run trains from scratch)`;
    return [`Since the last training run: nothing to compare, ${why}.`];
  }
  if (s.kind === 'unusable') return [`Since the last training run: the store manifest ${s.manifestPath} cannot be used (${s.reason}).`];
  const out = [`Since the last training run (${s.manifestPath}):`];
  if (s.firstRun) out.push('  the store has never trained: the next run is the first');
  else if (!s.lastCompleted) out.push('  no run has completed yet');
  else out.push(`  last completed run: #${s.lastCompleted.runId}${s.lastCompleted.adapterName ? ` (adapter ${s.lastCompleted.adapterName})` : ''}${s.lastCompleted.endedAt ? `, ended ${s.lastCompleted.endedAt}` : ''}`);
  if (s.laterRuns.length) out.push(`  did not complete since: ${s.laterRuns.map((r) => `#${r.runId} ${r.status}`).join(', ')}`);
  out.push(`  sections: ${s.sections.new.length} new, ${s.sections.unchanged.length} unchanged, ${s.sections.removed.length} removed`);
  if (s.seed) out.push(`  seed: ${s.seed.changed ? `${s.seed.then} → ${s.seed.now} (changed: every keep roll and split is redrawn)` : `${s.seed.now} (unchanged)`}`);
  const d = s.distribution;
  if (d) {
    if (d.weightsThen !== d.weightsNow) out.push(`  weights: ${d.weightsThen ? 'active' : 'not active'} in that run, ${d.weightsNow ? 'active' : 'not active'} now`);
    for (const k of d.tags) {
      for (const v of k.values) {
        const change = v.delta === null ? 'not counted then' : v.delta === 0 ? 'same' : signed(v.delta);
        out.push(`  ${k.key}=${v.value}: ${v.then ?? '–'} → ${plural(v.now, 'row')} (${change})`);
      }
    }
  }
  if (s.replayRows !== null) out.push(`  replay: about ${plural(s.replayRows, 'row')} from earlier runs join the corpus (estimate: k = max(32, 2 × new sections))`);
  return out;
}
