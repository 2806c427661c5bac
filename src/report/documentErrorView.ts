// The report's documentError as the report UI shows it: the stage in a plain
// sentence, dlm's kind, our message, and the place to fix it (from the typed
// problem in the details, which carries its file and range), then what would
// stop dlm train next once that is fixed.
import type { DryRunReport, EngineProblem, ProblemStage } from '../shared/reportModel';
import type { DocumentErrorVM, DocumentProblemVM, ProblemPlaceVM } from '../shared/view/viewModelTypes';

/** A problem as the details give it: the engine's, or a reduced one (message only). */
export type ProblemInput = Pick<EngineProblem, 'message'> & Partial<Pick<EngineProblem, 'stage' | 'kind' | 'location'>>;

const STAGE_TITLE: Record<ProblemStage, string> = {
  parse: 'dlm train stops while reading the document',
  sources: 'dlm train stops while expanding training.sources',
  rows: 'dlm train stops while turning sections into training rows',
};

/** How many of the later problems are listed. */
const THEN_SHOWN = 20;

/** A file named for people: relative to the report's root when inside it. */
function labelOf(file: string, root: string | null): string {
  const head = root?.replace(/[\\/]+$/, '');
  return head && (file.startsWith(`${head}/`) || file.startsWith(`${head}\\`)) ? file.slice(head.length + 1).replace(/\\/g, '/') : file;
}

function placeOf(p: ProblemInput, root: string | null): ProblemPlaceVM | null {
  const loc = p.location;
  return loc ? { path: loc.file, label: labelOf(loc.file, root), line: loc.range.start.line + 1 } : null;
}

function problemOf(p: ProblemInput, root: string | null): DocumentProblemVM | null {
  return p.kind ? { kind: p.kind, message: p.message, place: placeOf(p, root) } : null;
}

export function buildDocumentError(report: DryRunReport, problems: readonly ProblemInput[] | undefined, root: string | null): DocumentErrorVM | null {
  const e = report.documentError;
  if (!e) return null;
  // the details list every problem in dlm's order; the report's documentError is the first
  const first = problems?.[0];
  const then = (problems ?? []).slice(1, 1 + THEN_SHOWN).map((p) => problemOf(p, root)).filter((p): p is DocumentProblemVM => p !== null);
  return {
    stage: e.stage, kind: e.kind, title: STAGE_TITLE[e.stage], message: e.message,
    place: first && first.kind === e.kind ? placeOf(first, root) : null,
    then,
  };
}
