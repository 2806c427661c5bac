// What explanations read: the report (rows, merged weights, seed), its details
// (row sources, skipped files) and a few public accessors of the corpus index
// (the plan, each directive's anchors in merge order, the file system). Nothing
// here walks per-file state of the index: one row or file is explained when asked.
import { loaded, trainingYamlPath, type AnchorState } from '../corpus/anchors.js';
import type { CorpusIndex } from '../corpus/corpusIndex.js';
import { displayBase, posixRelative } from '../corpus/directives.js';
import type { ReportDetails } from '../reportDetails.js';
import type { DryRunReport, Range } from '../types.js';
import type { SourceLink } from './types.js';

export interface ExplainInput {
  index: CorpusIndex;
  report: DryRunReport;
  details: ReportDetails;
}

/** The report as dlm would make it past a documentError (explanations describe what dlm would do). */
export function unblocked(input: ExplainInput): ExplainInput {
  return input.details.unblocked ? { index: input.index, ...input.details.unblocked } : input;
}

/** `src/.dlm/training.yaml`, from the folder dlm trains (a document in `.dlm/` trains its parent: see displayBase). */
export function fileLabel(index: CorpusIndex, abs: string): string {
  return posixRelative(displayBase(index.plan), abs);
}

export function linkTo(index: CorpusIndex, abs: string, range?: Range): SourceLink {
  const label = fileLabel(index, abs);
  return range ? { path: abs, label: `${label}:${range.start.line + 1}`, range } : { path: abs, label };
}

/** The range of a weight entry (its tag value key) in a loaded config; the last one when a key repeats (PyYAML keeps the last). */
export function weightRange(a: AnchorState, key: string, value: string): Range | undefined {
  let found: Range | undefined;
  for (const w of a.yaml?.locations?.weights ?? []) {
    if (w.tagKey !== key) continue;
    for (const v of w.values) if (v.tagValue === value) found = v.keyRange;
  }
  return found;
}

export function weightLink(index: CorpusIndex, a: AnchorState, key: string, value: string): SourceLink {
  return linkTo(index, trainingYamlPath(a.abs), weightRange(a, key, value));
}

/** Anchors of every directive in dlm's merge order (an anchor two directives reach appears twice, as dlm merges it twice). */
export function mergeOrder(index: CorpusIndex): AnchorState[] {
  return index.allAnchors();
}

/** The last loaded config in merge order that sets (key, value): the entry dlm applies. */
export function mergeWinner(index: CorpusIndex, key: string, value: string): AnchorState | undefined {
  let win: AnchorState | undefined;
  for (const a of mergeOrder(index)) if (loaded(a) && a.yaml!.config!.weights.get(key)?.has(value)) win = a;
  return win;
}

/** Anchors of a directive containing `rel` (a path relative to the directive root), shallow to deep. */
export function ancestorsOf(anchors: readonly AnchorState[], rel: string): AnchorState[] {
  return anchors
    .filter((a) => a.rel === '' || rel.startsWith(a.rel + '/'))
    .sort((a, b) => depth(a.rel) - depth(b.rel));
}

function depth(rel: string): number {
  return rel === '' ? 0 : rel.split('/').length;
}

/** `rel` (directive-relative) relative to an anchor below the directive root. */
export function relTo(a: AnchorState, rel: string): string {
  return a.rel === '' ? rel : rel.slice(a.rel.length + 1);
}

/**
 * Numbers for the eye: 4 significant digits, more when needed to tell two
 * compared numbers apart (a roll of 0.74996 against a fraction of 0.75 must
 * not read "0.75 < 0.75").
 */
export function shortNumber(n: number, against?: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '−∞';
  for (let digits = 4; digits <= 17; digits++) {
    const a = Number(n.toPrecision(digits));
    if (against === undefined || !Number.isFinite(against)) return String(a);
    if (String(a) !== String(Number(against.toPrecision(digits)))) return String(a);
  }
  return String(n);
}
