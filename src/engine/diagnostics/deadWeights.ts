// Dead weight entries: a config sets a tag value's weight, and a config later
// in dlm's merge order sets it to another value, so this entry does nothing
// anywhere (the merge is global). A hint the editor greys out, naming the
// winner in a few words ("overridden by src/:6"); the `weight-overridden`
// warning beside it, or the winner's `weight-leaks` when its value reaching
// this folder is the cause, explains the merge.
import { loaded, trainingYamlPath, type AnchorState } from '../corpus/anchors.js';
import type { CorpusIndex } from '../corpus/corpusIndex.js';
import { displayBase, posixRelative } from '../corpus/directives.js';
import type { DryRunReport } from '../types.js';
import type { Diagnostic } from './types.js';

export function deadWeightDiagnostics(index: CorpusIndex, report: DryRunReport): Array<[string, Diagnostic]> {
  const anchors = index.allAnchors();
  const winner = new Map<string, AnchorState>();
  for (const a of anchors) {
    if (!loaded(a)) continue;
    for (const [k, vals] of a.yaml!.config!.weights) for (const v of vals.keys()) winner.set(`${k}\u0000${v}`, a);
  }
  const out: Array<[string, Diagnostic]> = [];
  const seen = new Set<string>();
  for (const a of anchors) {
    if (seen.has(a.abs) || !loaded(a) || !a.yaml!.locations) continue;
    seen.add(a.abs);
    for (const w of a.yaml!.locations.weights) {
      for (const v of w.values) {
        const id = `${w.tagKey}\u0000${v.tagValue}`;
        const win = winner.get(id);
        const applied = report.mergedWeights.get(w.tagKey)?.get(v.tagValue);
        if (!win || win.abs === a.abs || Object.is(applied, v.weight)) continue;
        const rel = posixRelative(displayBase(index.plan), win.abs);
        const line = lastEntryLine(win, w.tagKey, v.tagValue);
        const where = `${rel === '.' ? 'root' : rel + '/'}${line === undefined ? '' : `:${line + 1}`}`;
        out.push([trainingYamlPath(a.abs), {
          severity: 'hint', code: 'weight-dead',
          range: { start: v.keyRange.start, end: v.valueRange.end },
          message: `overridden by ${where}: dlm applies × ${applied} to every ${w.tagKey}=${v.tagValue} row, this entry does nothing.`,
        }]);
      }
    }
  }
  return out;
}

function lastEntryLine(a: AnchorState, key: string, value: string): number | undefined {
  let line: number | undefined;
  for (const w of a.yaml?.locations?.weights ?? []) if (w.tagKey === key) for (const v of w.values) if (v.tagValue === value) line = v.keyRange.start.line;
  return line;
}
