// One state of a folder's corpus, as the language features see it: the index,
// the report made from it, and the cross-file facts of that report. Every
// cache the features use lives in the snapshot's facts and goes when the
// snapshot goes; what still holds for the next snapshot (the same index, the
// same listing or resolution) is handed on when it is made, explicitly.
import type { CorpusIndex } from '../../engine/corpus/corpusIndex';
import { CorpusFacts } from '../../engine/diagnostics/index';
import type { DryRunReport, ReportDetails } from '../../shared/reportModel';

export class Snapshot {
  /** What hover, completion and the cross-file checks read: the report as if dlm got past its documentError. */
  readonly facts: CorpusFacts;

  constructor(
    readonly index: CorpusIndex,
    /** The contract report (placeholders only, when it carries a documentError). */
    readonly report: DryRunReport,
    readonly details: ReportDetails,
    /** Increases with every recompute of the folder. */
    readonly generation = 0,
    /** The snapshot this one replaces: its facts that still hold are reused. */
    previous: Snapshot | null = null,
  ) {
    this.facts = CorpusFacts.next(previous?.facts ?? null, index, report, details);
  }
}
