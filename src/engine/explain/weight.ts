// One weight entry of a config, in one line: the value dlm really applies
// corpus-wide (the global merge's winner, which may be another config), and
// what it does to the rows carrying the tag: rows → copies, with the whole
// copies and the fractional copies the rolls kept. For hover and CodeLens.
import { loaded, type AnchorState } from '../corpus/anchors.js';
import { displayBase, posixRelative } from '../corpus/directives.js';
import { linkTo, mergeWinner, shortNumber, unblocked, weightRange, type ExplainInput } from './context.js';
import { trainingYamlPath } from '../corpus/anchors.js';
import type { SourceLink } from './types.js';

export interface WeightSummary {
  key: string;
  value: string;
  /** What dlm applies to every row carrying key=value (undefined: no loaded config sets it). */
  applied: number | undefined;
  /** The config entry dlm keeps. */
  setBy: SourceLink | null;
  /** Short name of the winning folder: `src/:6`, `root:3`. */
  setByShort: string | null;
  /** This entry is overridden later in the merge by another value: it does nothing. */
  dead: boolean;
  /** This config is ignored by dlm: none of its weights apply. */
  ignored: boolean;
  rows: number;
  copies: number;
  valCopies: number;
  /** Copies from trunc(w) of each row, and fractional copies kept of those rolled for. */
  wholeCopies: number;
  fractionsKept: number;
  fractionsRolled: number;
  /** Rows whose weight also has another tag's factor in it. */
  otherFactors: number;
  /** `applies × 1.5 corpus-wide · 5 rows → 5 copies` (or why it is dead): short enough for a CodeLens. */
  line: string;
  /** `5 rows → 7 copies (5 × 1 + 2 of 5 fractions kept by their rolls at seed 42)`. */
  rowsLine: string;
}

/** `src/:6` for the weight entry of the config at `a`. */
function shortLabel(base: string, a: AnchorState, line: number | undefined): string {
  const rel = posixRelative(base, a.abs);
  return `${rel === '.' ? 'root' : rel + '/'}${line === undefined ? '' : `:${line + 1}`}`;
}

/**
 * `rowIndexes`: the report rows carrying key=value when the caller knows them
 * (a language server's facts index rows by tag); else the rows are scanned.
 */
export function weightSummary(input: ExplainInput, anchorAbs: string, key: string, value: string, rowIndexes?: Iterable<number>): WeightSummary {
  const { index, report } = unblocked(input);
  const applied = report.mergedWeights.get(key)?.get(value);
  const win = mergeWinner(index, key, value);
  const self = index.allAnchors().find((a) => a.abs === anchorAbs);
  const ignored = !!self && !loaded(self);
  const own = self && loaded(self) ? self.yaml!.config!.weights.get(key)?.get(value) : undefined;
  const dead = !!win && win.abs !== anchorAbs && own !== undefined && !Object.is(own, applied);
  const winLine = win ? weightRange(win, key, value) : undefined;

  let rows = 0, copies = 0, valCopies = 0, wholeCopies = 0, fractionsKept = 0, fractionsRolled = 0, otherFactors = 0;
  const merged = report.mergedWeights;
  const weighted = merged.size > 0;
  const all = report.rows;
  const candidates: Iterable<number> = rowIndexes ?? all.keys();
  for (const i of candidates) {
    const r = all[i]!;
    if (r.tags.get(key) !== value) continue;
    rows++;
    copies += r.copies;
    valCopies += r.valCopies;
    let others = false;
    for (const [k, v] of r.tags) if (k !== key && merged.get(k)?.has(v)) others = true;
    if (others) otherFactors++;
    const w = weighted ? r.weight : 1;
    if (!(w > 0) || !Number.isFinite(w) || report.trainError) continue;
    const whole = Math.trunc(w);
    wholeCopies += whole;
    if (w - whole > 0) {
      fractionsRolled++;
      if (r.copies > whole) fractionsKept++;
    }
  }
  const seed = report.seed === null ? '' : ` at seed ${report.seed}`;
  const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  let rowsLine: string;
  let rowsShort: string;
  if (rows === 0) rowsLine = rowsShort = `no row carries ${key}=${value}`;
  else if (report.trainError) rowsLine = rowsShort = `${plural(rows, 'row', 'rows')} → no copies (dlm train stops: ${report.trainError})`;
  else {
    rowsLine = rowsShort = `${plural(rows, 'row', 'rows')} → ${plural(copies, 'copy', 'copies')}`;
    const parts: string[] = [];
    if (fractionsRolled > 0) parts.push(`${wholeCopies} whole + ${fractionsKept} of ${fractionsRolled} fractional kept by their rolls${seed}`);
    if (otherFactors > 0) parts.push(`${otherFactors === rows ? 'all' : otherFactors} also weighted by other tags`);
    if (parts.length) rowsLine += ` (${parts.join('; ')})`;
  }
  const appliedText = applied === undefined ? '× 1 (unset)' : `× ${shortNumber(applied)}`;
  const setByShort = win ? shortLabel(displayBase(index.plan), win, winLine?.start.line) : null;
  let line: string;
  if (ignored) line = `not applied: dlm ignores this file · ${key}=${value} ${applied === undefined ? 'stays × 1' : `gets ${appliedText} from ${setByShort}`}`;
  else if (dead) line = `dead: overridden by ${setByShort} (${appliedText} applies corpus-wide) · ${rowsShort}`;
  else line = `applies ${appliedText} corpus-wide · ${rowsShort}`;
  return {
    key, value, applied, setBy: win ? linkTo(index, trainingYamlPath(win.abs), winLine) : null, setByShort,
    dead, ignored, rows, copies, valCopies, wholeCopies, fractionsKept, fractionsRolled, otherFactors, line, rowsLine,
  };
}
