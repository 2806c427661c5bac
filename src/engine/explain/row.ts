// Why a row gets its copies: the product of its weight factors in dlm's order
// (each from the config entry the global merge keeps), trunc(w) copies plus
// the fractional copy the BLAKE2b roll keeps or not, and where each copy goes
// (train or validation, by the split hash). Computed for one row when asked.
import { loaded, trainingYamlPath } from '../corpus/anchors.js';
import { keepRoll, keepRollBits, keepsFraction, splitBucket, splitThreshold } from '../hashing.js';
import { ancestorsOf, linkTo, mergeOrder, mergeWinner, shortNumber, unblocked, weightLink, type ExplainInput } from './context.js';
import { rowLabel } from './labels.js';
import type { CopyFate, RowExplanation, TagSource, WeightFactor } from './types.js';

/** The explanation of report row `i`, or null when the report has no such row (or no seed). */
export function explainRow(input: ExplainInput, i: number): RowExplanation | null {
  const { index, report, details } = unblocked(input);
  const rows = report.rows;
  const row = Number.isInteger(i) && i >= 0 ? rows[i] : undefined;
  if (!row || report.seed === null) return null;
  const seed = report.seed;
  const merged = report.mergedWeights;

  const factors: WeightFactor[] = [];
  let weight = 1.0;
  for (const [key, value] of row.tags) {
    const f = merged.get(key)?.get(value);
    if (f === undefined) continue; // × 1: left out
    weight *= f; // IEEE doubles, in tag order, as dlm multiplies
    const win = mergeWinner(index, key, value);
    const overridden: WeightFactor['overridden'] = [];
    for (const a of mergeOrder(index)) {
      if (a === win || !loaded(a)) continue;
      const own = a.yaml!.config!.weights.get(key)?.get(value);
      if (own !== undefined && !Object.is(own, f)) overridden.push({ ...weightLink(index, a, key, value), factorText: shortNumber(own) });
    }
    factors.push({ key, value, factor: Number.isFinite(f) ? f : null, factorText: shortNumber(f), setBy: win ? weightLink(index, win, key, value) : null, overridden });
  }

  const weighted = merged.size > 0;
  const trainError = report.trainError;
  const threshold = splitThreshold(report.valFraction);
  const w = weighted ? weight : 1;
  const dropped = weighted && w <= 0;
  const whole = !dropped && Number.isFinite(w) ? Math.trunc(w) : 0;
  const fraction = !dropped && Number.isFinite(w) ? w - whole : 0;
  const rolls = weighted && fraction > 0;
  const roll = rolls ? keepRoll(seed, row.sectionId) : null;
  const extra = roll !== null && keepsFraction(roll, fraction);
  const copies = trainError ? 0 : dropped ? 0 : whole + (extra ? 1 : 0);

  // sub_index: the copies of the same section id that came before this row
  let sub = 0;
  if (!trainError) for (let j = 0; j < i; j++) if (rows[j]!.sectionId === row.sectionId) sub += rows[j]!.copies;
  const copyFates: CopyFate[] = [];
  for (let c = 0; c < copies; c++) {
    const bucket = splitBucket(seed, row.sectionId, sub + c);
    copyFates.push({ subIndex: sub + c, bucket: bucket.toString(), validation: bucket < threshold });
  }
  const valCopies = copyFates.filter((c) => c.validation).length;

  const out: RowExplanation = {
    kind: 'row', row: i, label: rowLabel(rows.map((r) => r.origin), i, details.rowSources, index.plan),
    origin: row.origin, sectionId: row.sectionId, seed: seed.toString(),
    tags: tagSources(input, i), factors, weighted,
    weight: Number.isFinite(w) ? w : null, weightText: shortNumber(w),
    whole, fraction, roll, rollBits: rolls ? keepRollBits(seed, row.sectionId).toString() : null, extra, dropped,
    copies, valCopies, copyFates, threshold: threshold.toString(), trainError, formula: '',
  };
  out.formula = rowFormula(out);
  return out;
}

/** The one-line formula: `lang=python × 1.5 · kind=test × 0.5 = 0.75 → 0 copies + 1 (roll 0.31 < 0.75) → 1 train`. */
export function rowFormula(e: RowExplanation): string {
  if (!e.weighted) return `no config sets a weight: dlm does not expand (1 copy) → ${splitText(e)}`;
  const product = e.factors.length ? `${e.factors.map((f) => `${f.key}=${f.value} × ${f.factorText}`).join(' · ')} = ${e.weightText}` : 'no weight applies to its tags: × 1';
  if (e.trainError) return `${product} → dlm train stops (${e.trainError}): no copies`;
  if (e.dropped) return `${product} → dropped (weight ≤ 0)`;
  let copies = `${e.whole} ${e.whole === 1 ? 'copy' : 'copies'}`;
  if (e.roll !== null) {
    const roll = shortNumber(e.roll, e.fraction);
    const fraction = shortNumber(e.fraction, e.roll);
    copies += e.extra ? ` + 1 (roll ${roll} < ${fraction})` : ` + 0 (roll ${roll} ≥ ${fraction})`;
  }
  return `${product} → ${copies} → ${splitText(e)}`;
}

function splitText(e: RowExplanation): string {
  const train = e.copies - e.valCopies;
  if (e.copies === 0) return 'nothing to split';
  if (e.valCopies === 0) return `${train} train`;
  if (train === 0) return `${e.valCopies} validation`;
  return `${train} train, ${e.valCopies} validation`;
}

/** Where each of the row's tags comes from: the deepest loaded config on its path whose metadata sets the key. */
function tagSources(input: ExplainInput, i: number): TagSource[] {
  const { index, report, details } = unblocked(input);
  const row = report.rows[i]!;
  const src = details.rowSources[i];
  const d = src && src.directive >= 0 ? index.directives[src.directive] : undefined;
  const prefix = d ? (d.originPrefix === '.' ? '' : d.originPrefix + '/') : '';
  const rel = d && row.origin.startsWith(prefix) ? row.origin.slice(prefix.length) : null;
  const ancestors = d && rel !== null ? ancestorsOf(d.anchors, rel) : [];
  return [...row.tags].map(([key, value]) => {
    let from = undefined as (typeof ancestors)[number] | undefined;
    for (const a of ancestors) if (loaded(a) && a.yaml!.config!.metadata.has(key)) from = a;
    const range = from?.yaml?.locations?.metadata.filter((m) => m.key === key).pop()?.keyRange;
    return { key, value, setBy: from ? linkTo(index, trainingYamlPath(from.abs), range) : null };
  });
}
