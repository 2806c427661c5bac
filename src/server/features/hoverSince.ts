// The hover line "since last training" for a weights entry: the tag value's
// rows in the last completed run and now, from the document's dlm store
// (docs/since-last-run.md). The store is read once per snapshot, through the
// snapshot index's file system.
import { sectionIdsOf } from '../../engine/corpus/rowSet';
import { documentFacts, fsTextReader, sinceLastRun, tagThenAndNow, type SinceLastRun } from '../../engine/store/index';
import { formatCount, formatDelta } from '../../shared/view/format';
import type { Snapshot } from './snapshot';

const bySnapshot = new WeakMap<Snapshot, SinceLastRun | null>();

function sinceOf(s: Snapshot): SinceLastRun | null {
  if (bySnapshot.has(s)) return bySnapshot.get(s)!;
  const r = s.report;
  let since: SinceLastRun | null = null;
  if (r.mode === 'document' && r.seed !== null && r.documentError === null) {
    since = sinceLastRun(documentFacts(s.index.plan.document?.frontmatter ?? null).dlmId, {
      sectionIds: sectionIdsOf(r), distribution: r.distribution, seed: r.seed, weightsActive: r.mergedWeights.size > 0,
    }, { reader: fsTextReader(s.index.fs) });
  }
  bySnapshot.set(s, since);
  return since;
}

/** "Since last training (run 3): 12 rows then, 15 now (+3)", or null without a completed run to compare with. */
export function sinceHoverLine(s: Snapshot, key: string, value: string): string | null {
  const since = sinceOf(s);
  if (!since || since.kind !== 'compared' || !since.lastCompleted) return null;
  const t = tagThenAndNow(since, key, value);
  if (!t) return null;
  const rows = (n: number) => `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`;
  const then = t.then === null ? 'not in that run\'s distribution' : `${rows(t.then)} then`;
  const delta = t.then === null ? '' : ` (${formatDelta(t.now - t.then)})`;
  return `Since last training (run ${since.lastCompleted.runId}): ${then}, ${rows(t.now)} now${delta}, before expansion.`;
}
