// Hover on a `.dlm/ignore` line: what the rule is, and the files it matches.
import { dirname } from 'node:path';
import type { Hover, Position } from 'vscode-languageserver-types';
import { ruleNeverMatches } from '../../engine/diagnostics/ignoreFile';
import { MAX_IGNORE_BYTES } from '../../engine/ignore';
import { formatCount } from '../../shared/view/format';
import { parseIgnoreText } from './configText';
import { code, dirLabel, examples, inRange, md, plural } from './markdown';
import type { Snapshot } from './snapshot';

export interface IgnoreHoverInput {
  /** Absolute path of the ignore file. */
  path: string;
  text: string;
  /** Already clamped to the text. */
  position: Position;
  snapshot: Snapshot | null;
}

export function hoverIgnore(input: IgnoreHoverInput): Hover | null {
  const { path, text, position, snapshot } = input;
  const p = parseIgnoreText(text);
  if (p.kind === 'too-large') {
    return md([`This ignore file is over ${MAX_IGNORE_BYTES / 2 ** 20} MiB (${(p.bytes / 2 ** 20).toFixed(1)} MiB): dlm train applies every rule in it, but dlm-weights does not evaluate it.`]);
  }
  const { file: parsed, ranges } = p;
  const lineIdx = ranges.findIndex((r) => inRange(position, r));
  if (lineIdx === -1) return null;
  const range = ranges[lineIdx]!;
  const dropped = parsed.dropped.find((d) => d.line === lineIdx);
  if (dropped) return md([`dlm **drops** this line with a warning: it is empty once \`!\`, a leading \`/\` and a trailing \`/\` are removed.`], range);
  const rule = parsed.rules.find((r) => r.line === lineIdx);
  if (!rule) return null;
  const shape = [
    rule.negated ? 'negated (`!`: re-includes what an earlier rule excluded)' : 'excludes',
    rule.anchored ? 'anchored to this folder (`/`)' : 'matches at any depth',
    rule.dirOnly ? 'directory rule (trailing `/`)' : '',
  ].filter(Boolean).join(', ');
  const out = [`**${code(rule.raw.trim())}** — ${shape}`];
  const never = ruleNeverMatches(rule);
  if (never) out.push(`⚠ ${never}`);
  const anchorAbs = dirname(dirname(path));
  if (!snapshot) out.push('_The corpus is still being indexed._');
  else if (!snapshot.facts.anchorAt(anchorAbs)) out.push('_This folder is not part of the corpus._');
  else if (!never) {
    const files = snapshot.facts.ignoreRuleMatches(anchorAbs, rule);
    out.push(`Matches **${formatCount(files.length)}** of the ${plural(snapshot.facts.filesUnder(anchorAbs).length, 'file')} under ${dirLabel(snapshot, anchorAbs)}${files.length ? `, e.g. ${examples(files, files.length)}` : ''}.`);
  }
  return md(out, range);
}
