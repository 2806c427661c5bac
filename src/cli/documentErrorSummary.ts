// The human summary of a dry run that dlm train cannot get through: what
// stops it, in a plain sentence with the place (file:line), then what would
// stop it next once that is fixed. No corpus figures: there is no corpus yet.
import type { DryRunReport, EngineProblem, ReportDetails } from '../shared/reportModel.js';

const STAGE_WORDS: Record<EngineProblem['stage'], string> = {
  parse: 'while reading the document',
  sources: 'while expanding training.sources',
  rows: 'while turning sections into training rows',
};

/** How many of the problems after the first are listed. */
const MORE_SHOWN = 5;

function place(p: Pick<EngineProblem, 'location'>, relativePath: (abs: string) => string): string {
  return p.location ? `${relativePath(p.location.file)}:${p.location.range.start.line + 1}: ` : '';
}

/** Lines for a report with a documentError (none without one). */
export function documentErrorLines(report: DryRunReport, details: ReportDetails, relativePath: (abs: string) => string): string[] {
  const e = report.documentError;
  if (!e) return [];
  // the typed problem carries the place; the report's documentError is the first of them
  const first: Pick<EngineProblem, 'location'> = details.problems[0] ?? { location: null };
  const out = [`  ✖ dlm train would stop ${STAGE_WORDS[e.stage]} (${e.kind}): ${place(first, relativePath)}${e.message}`];
  // dlm reports only the first; the rest would show up one by one as each is fixed
  const more = details.problems.slice(1);
  if (more.length) out.push('', '  Once that is fixed, dlm train would stop on:');
  for (const p of more.slice(0, MORE_SHOWN)) out.push(`    ✖ (${p.kind}) ${place(p, relativePath)}${p.message}`);
  if (more.length > MORE_SHOWN) out.push(`    and ${more.length - MORE_SHOWN} more`);
  return out;
}
