// CodeLens on every weight line of a training.yaml: what dlm really applies
// corpus-wide and what it does to the rows carrying the tag
// ("applies × 1.5 corpus-wide · 5 rows → 5 copies"), or that the entry is
// dead ("dead: overridden by src/:6 …").
//
// CodeLens rather than inlay hints: the answer is a sentence, and a lens sits
// on its own line above the entry without pushing the YAML sideways; it is
// also what older LSP clients show (Neovim before 0.10 has no inlay hints).
// The lens carries no command (an empty one): it is read, not clicked.
import type { CodeLens } from 'vscode-languageserver-types';
import { weightSummary } from '../../engine/explain/index';
import { dirname } from 'node:path';
import { configKind } from './configFiles';
import { loadConfigText } from './configText';
import type { Snapshot } from './snapshot';

export interface CodeLensRequest {
  /** Absolute path of the document. */
  path: string;
  text: string;
  snapshot: Snapshot | null;
}

/** Most lenses per file (a config with thousands of weight entries gets the first ones). */
export const MAX_LENSES = 500;

export function codeLenses(req: CodeLensRequest): CodeLens[] {
  if (configKind(req.path) !== 'training.yaml' || !req.snapshot) return [];
  const r = loadConfigText(req.text);
  const loc = r?.locations;
  if (!r || !loc) return [];
  const s = req.snapshot;
  const anchorAbs = dirname(dirname(req.path));
  // a file the corpus does not reach says nothing about rows
  if (!s.facts.anchorAt(anchorAbs)) return [];
  const input = { index: s.index, report: s.report, details: s.details };
  const out: CodeLens[] = [];
  for (const w of loc.weights) {
    for (const v of w.values) {
      if (out.length >= MAX_LENSES) return out;
      const refs = s.facts.tagStats(w.tagKey, v.tagValue).refs.map((x) => x.index);
      const summary = weightSummary(input, anchorAbs, w.tagKey, v.tagValue, refs);
      const title = r.accepted ? summary.line : `not applied: dlm ignores this file${summary.applied === undefined ? '' : ` · ${w.tagKey}=${v.tagValue} gets × ${summary.applied} from ${summary.setByShort}`}`;
      out.push({ range: v.keyRange, command: { title, command: '' } });
    }
  }
  return out;
}
