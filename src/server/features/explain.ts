// dlm/explain as a plain function over a snapshot: checks that the report the
// asker shows is the snapshot's (seed, corpus, the row's origin and section
// id), then explains from it. No explanation is computed while building a
// snapshot; each is made here, when asked.
import { explainConfigs, explainRow, explainSkippedGroups } from '../../engine/explain/index';
import type { ExplainAnswer, ExplainTarget } from '../../shared/explain';
import type { Snapshot } from './snapshot';

export interface ExplainQuery {
  target: ExplainTarget;
  /** The seed of the report being explained (decimal), when the asker knows it. */
  seed?: string;
  /** The corpus of the report being explained, and the folder's current corpus. */
  corpusPath?: string;
  currentCorpusPath?: string;
  snapshot: Snapshot | null;
  /** Why there is no snapshot, if there is none. */
  unavailable?: string;
}

const STALE = 'The corpus changed since this report was made: run the dry run again to see why.';

export function explain(q: ExplainQuery): ExplainAnswer {
  const s = q.snapshot;
  if (!s) return { unavailable: q.unavailable ?? 'The corpus is still being indexed.' };
  const input = { index: s.index, report: s.report, details: s.details };
  const report = s.details.unblocked?.report ?? s.report;
  if (q.corpusPath !== undefined && q.currentCorpusPath !== undefined && q.corpusPath !== q.currentCorpusPath) return { unavailable: STALE };
  if (q.seed !== undefined && q.seed !== String(report.seed)) {
    return { unavailable: `This report was made at seed ${q.seed}; the editor's live corpus uses seed ${String(report.seed)}. Run the dry run at that seed from the editor to see why.` };
  }
  const t = q.target;
  if (typeof t !== 'object' || t === null) return { unavailable: 'Nothing to explain.' };
  switch (t.kind) {
    case 'row': {
      const row = Number.isSafeInteger(t.row) ? report.rows[t.row] : undefined;
      if (!row || row.origin !== t.origin || row.sectionId !== t.sectionId) return { unavailable: STALE };
      const e = explainRow(input, t.row);
      return e ? { row: e } : { unavailable: STALE };
    }
    case 'skipped':
      return { skipped: explainSkippedGroups(input) };
    case 'configs':
      return { configs: explainConfigs(input) };
    default:
      return { unavailable: 'Nothing to explain.' };
  }
}
