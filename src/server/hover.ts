// Hover on training.yaml (weights, metadata, include/exclude, top-level keys)
// and on `.dlm/ignore` lines. Everything comes from the folder's current
// snapshot and the memoised aggregates in ./facts.
import { dirname } from 'node:path';
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver';
import { loaded, type AnchorState } from '../engine/corpus/anchors';
import { loadTrainingYamlText, type LoadResult } from '../engine/config/index';
import { ignoreLineRanges } from '../engine/diagnostics/index';
import { ruleNeverMatches } from '../engine/diagnostics/ignoreFile';
import { parseIgnore } from '../engine/ignore';
import { codePointLength, normalizeText } from '../engine/pytext';
import { formatCount, formatWeight } from '../shared/view/format';
import {
  ancestorAnchors, anchorAt, configLabel, filesUnderAnchor, ignoreRuleFiles, knownTags, patternMatches, rowsInside, rowsOutside, tagStats,
} from './facts';
import { keyDoc } from './schema';
import { pathToUri } from './uri';
import type { Snapshot } from './workspace';

const EXAMPLES = 3;

// ------------------------------------------------------------ shared helpers

const cache = new Map<string, LoadResult | null>();
/** Loader result for a text, memoised (hover and completion ask repeatedly for the same text); null if the loader throws. */
export function loadConfigText(text: string): LoadResult | null {
  let r = cache.get(text);
  if (r === undefined) {
    try {
      r = loadTrainingYamlText(text);
    } catch {
      r = null;
    }
    if (cache.size > 32) cache.delete(cache.keys().next().value as string);
    cache.set(text, r);
  }
  return r;
}

export function inRange(p: Position, r: Range): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

const code = (s: string): string => {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s}${ticks}`;
};
const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

function link(path: string, label: string, line?: number): string {
  const esc = label.replace(/[[\]]/g, '\\$&');
  return line === undefined ? `[${esc}](${pathToUri(path)})` : `[${esc}:${line + 1}](${pathToUri(path)}#L${line + 1})`;
}

function examples(paths: string[], total = paths.length): string {
  if (paths.length === 0) return '';
  const shown = paths.slice(0, EXAMPLES).map(code).join(', ');
  return total > EXAMPLES ? `${shown} … (${formatCount(total - EXAMPLES)} more)` : shown;
}

function dirLabel(s: Snapshot, anchorAbs: string): string {
  const label = configLabel(s, anchorAbs);
  const dir = label.slice(0, -'.dlm/training.yaml'.length);
  return dir === '' ? 'the corpus root' : code(dir);
}

function md(lines: string[], range?: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: lines.filter((l) => l !== '').join('\n\n') }, range };
}

/** Why `winner` comes after `self` in dlm's merge order. */
function laterBecause(s: Snapshot, winner: AnchorState, self: AnchorState | undefined): string {
  if (!self) return 'later in dlm\'s merge order';
  const lw = codePointLength(winner.abs);
  const ls = codePointLength(self.abs);
  if (lw > ls) return 'comes later in dlm\'s merge order (longer path)';
  if (lw === ls) return 'comes later in dlm\'s merge order (same path length, later in Python path order)';
  const all = s.index.allAnchors();
  return all.lastIndexOf(winner) > all.lastIndexOf(self) ? 'comes later in dlm\'s merge order (a later source directive)' : 'comes later in dlm\'s merge order';
}

/** The last loaded config in merge order that sets (key, value): the one dlm applies. */
function mergeWinner(s: Snapshot, key: string, value: string): AnchorState | undefined {
  let win: AnchorState | undefined;
  for (const a of s.index.allAnchors()) if (loaded(a) && a.yaml!.config!.weights.get(key)?.has(value)) win = a;
  return win;
}

function weightLine(a: AnchorState, key: string, value: string): number | undefined {
  const w = a.yaml?.locations?.weights.find((x) => x.tagKey === key);
  return w?.values.find((v) => v.tagValue === value)?.keyRange.start.line;
}

function problemText(r: LoadResult): string {
  const first = r.issues?.[0]?.message;
  return `**dlm ignores this file**${r.problem ? ` (${r.problem})` : ''}: none of its metadata or weights apply.${first ? ` First problem: ${first}` : ''}`;
}

// ------------------------------------------------------------ training.yaml

export interface HoverContext {
  /** Absolute path of the training.yaml. */
  path: string;
  text: string;
  position: Position;
  /** The folder's snapshot, or null while it is indexing (or the file is not in a corpus). */
  snapshot: Snapshot | null;
  /** Why there is no snapshot, if there is none. */
  unavailable?: string;
}

export function hoverTrainingYaml(ctx: HoverContext): Hover | null {
  const r = loadConfigText(ctx.text);
  const loc = r?.locations;
  if (!r || !loc) return null;
  const p = ctx.position;
  const anchorAbs = dirname(dirname(ctx.path));
  const s = ctx.snapshot;
  const self = s ? anchorAt(s, anchorAbs) : undefined;
  const notes: string[] = [];
  if (!r.accepted) notes.push(`⚠ ${problemText(r)}`);
  if (!s) notes.push(`_${ctx.unavailable ?? 'The corpus is still being indexed.'}_`);
  else if (!self) notes.push('_This folder is not part of the corpus (no source directive reaches it): dlm train does not read this file._');

  for (const w of loc.weights) {
    if (inRange(p, w.keyRange)) return md([...tagKeyHover(s, w.tagKey, w.values.map((v) => [v.tagValue, v.weight] as [string, number])), ...notes], w.keyRange);
    for (const v of w.values) {
      if (inRange(p, v.keyRange) || inRange(p, v.valueRange)) {
        return md([...weightHover(ctx, s, self, r.accepted, w.tagKey, v.tagValue, v.weight, v.keyRange.start.line), ...notes], inRange(p, v.keyRange) ? v.keyRange : v.valueRange);
      }
    }
  }
  for (const m of loc.metadata) {
    if (inRange(p, m.keyRange) || inRange(p, m.valueRange)) {
      return md([...metadataHover(s, self, r.accepted, m.key, r.config?.metadata.get(m.key)), ...notes], inRange(p, m.keyRange) ? m.keyRange : m.valueRange);
    }
  }
  for (const kind of ['include', 'exclude'] as const) {
    for (const pat of loc[kind]) {
      if (inRange(p, pat.range)) return md([...patternHover(s, self, r.accepted, kind, pat.pattern), ...notes], pat.range);
    }
  }
  for (const [key, range] of loc.topKeys) {
    if (inRange(p, range)) {
      const doc = keyDoc(key);
      return md([`**${code(key)}**${doc?.title ? ` — ${doc.title}` : ''}`, doc?.documentation ?? `${code(key)} is not a key dlm knows: the whole file is rejected.`], range);
    }
  }
  return null;
}

function tagKeyHover(s: Snapshot | null, key: string, values: Array<[string, number]>): string[] {
  const out = [`**Tag key ${code(key)}**`];
  if (!s) return out;
  const lines = values.map(([v, f]) => {
    const t = tagStats(s, key, v);
    const applied = s.facts.report.mergedWeights.get(key)?.get(v);
    const differs = applied !== undefined && !Object.is(applied, f);
    return `- ${code(v)}: × ${formatWeight(f)} here${differs ? ` (dlm applies **${formatWeight(applied)}**)` : ''} — ${plural(t.rows, 'row')} → ${plural(t.copies, 'copy', 'copies')}`;
  });
  if (lines.length) out.push(lines.join('\n'));
  const known = knownTags(s).get(key);
  if (known) {
    const unweighted = [...known].filter((v) => !values.some(([x]) => x === v));
    if (unweighted.length) out.push(`Other values of ${code(key)} set by \`metadata\` in the corpus: ${unweighted.slice(0, 8).map(code).join(', ')}${unweighted.length > 8 ? ' …' : ''}`);
  } else {
    out.push(`No \`metadata\` in the corpus sets ${code(key)}: these weights change nothing.`);
  }
  return out;
}

function weightHover(
  ctx: HoverContext, s: Snapshot | null, self: AnchorState | undefined, accepted: boolean,
  key: string, value: string, factor: number, line: number,
): string[] {
  const tag = `${key}=${value}`;
  const out = [`**${code(tag)} × ${formatWeight(factor)}** — ${s ? link(ctx.path, configLabel(s, dirname(dirname(ctx.path))), line) : code('.dlm/training.yaml')}`];
  if (!s) return out;
  const anchorAbs = dirname(dirname(ctx.path));
  // nearest-ancestor chain: configs on the path to here that set (key, value), nearest first
  const chain: string[] = [];
  let nearest: number | undefined;
  for (const a of ancestorAnchors(s, anchorAbs).reverse()) {
    const isSelf = a.abs === anchorAbs;
    let f: number | undefined;
    let l: number | undefined;
    if (isSelf) {
      if (!accepted) continue;
      f = factor;
      l = line;
    } else {
      if (!loaded(a)) continue;
      f = a.yaml!.config!.weights.get(key)?.get(value);
      l = weightLine(a, key, value);
    }
    if (f === undefined) continue;
    if (nearest === undefined) nearest = f;
    chain.push(`- ${link(`${a.abs}/.dlm/training.yaml`, configLabel(s, a.abs), l)} — ${formatWeight(f)}${isSelf ? ' _(this file)_' : ''}`);
  }
  if (chain.length) out.push(`Configs on the path to here that set ${code(tag)}, nearest first:\n${chain.join('\n')}`);

  const applied = s.facts.report.mergedWeights.get(key)?.get(value);
  const winner = mergeWinner(s, key, value);
  const under = dirLabel(s, anchorAbs);
  out.push(`Under ${under}, reading the nearest config (as dlm's cookbook describes): **${nearest === undefined ? '1 (unset)' : formatWeight(nearest)}**  \n` +
    `What \`dlm train\` applies to every ${code(tag)} row of the corpus (last config in its merge order): **${applied === undefined ? '1 (unset)' : formatWeight(applied)}**`);
  if (applied !== undefined && nearest !== undefined && !Object.is(applied, nearest) && winner) {
    out.push(`⚠ They differ: ${link(`${winner.abs}/.dlm/training.yaml`, configLabel(s, winner.abs), weightLine(winner, key, value))} sets ${formatWeight(applied)} and ${laterBecause(s, winner, self)}. dlm merges the weights of every config into one global map.`);
  } else if (winner && winner.abs !== anchorAbs && applied !== undefined) {
    out.push(`The entry dlm keeps comes from ${link(`${winner.abs}/.dlm/training.yaml`, configLabel(s, winner.abs), weightLine(winner, key, value))} (same value).`);
  }

  const t = tagStats(s, key, value);
  const seed = String(s.facts.report.seed);
  if (s.facts.report.trainError) {
    out.push(`${plural(t.rows, 'row')} carry ${code(tag)}. \`dlm train\` stops before training (${s.facts.report.trainError}), so no copies are made.`);
  } else {
    out.push(`${plural(t.rows, 'row')} carry ${code(tag)} → **${plural(t.copies, 'copy', 'copies')}** at seed ${seed} (${formatCount(t.valCopies)} to validation).`);
  }
  if (self && t.rows > 0) {
    const outside = rowsOutside(s, anchorAbs, key, value);
    if (outside.length > 0 && anchorAbs !== s.index.plan.base) {
      const applies = applied !== undefined ? formatWeight(applied) : formatWeight(factor);
      out.push(`⚠ **Leak:** ${plural(outside.length, 'row')} of them lie outside ${under} and get × ${applies} too, e.g. ${examples(outside.map((r) => r.origin), outside.length)}.`);
    } else {
      out.push(`All of them lie under ${under}.`);
    }
  } else if (t.rows === 0) {
    out.push(`No row of the corpus carries ${code(tag)}: this weight changes nothing today.`);
  }
  return out;
}

function metadataHover(s: Snapshot | null, self: AnchorState | undefined, accepted: boolean, key: string, value: string | undefined): string[] {
  const out = [`**Tag ${code(value === undefined ? key : `${key}=${value}`)}** for files under this folder`];
  if (!s || !self || value === undefined || !accepted) return out;
  const inside = rowsInside(s, self.abs, key, value);
  const total = tagStats(s, key, value).rows;
  out.push(`${plural(inside.length, 'row')} under ${dirLabel(s, self.abs)} carry it${inside.length ? `, e.g. ${examples(inside.map((r) => r.origin), inside.length)}` : ''}.` +
    (total > inside.length ? ` ${formatCount(total - inside.length)} more carry it elsewhere in the corpus.` : ''));
  const files = filesUnderAnchor(s, self.abs).length;
  if (files > inside.length) out.push(`_Of the ${plural(files, 'file')} under this folder, the others are excluded, skipped, or tagged differently by a deeper config._`);
  const w = s.facts.report.mergedWeights.get(key)?.get(value);
  out.push(w === undefined ? `No weight is set for ${code(`${key}=${value}`)} (factor 1).` : `dlm applies × ${formatWeight(w)} to these rows.`);
  return out;
}

function patternHover(s: Snapshot | null, self: AnchorState | undefined, accepted: boolean, kind: 'include' | 'exclude', pattern: string): string[] {
  const against = kind === 'include' ? 'the path relative to the source root' : 'the path relative to this folder';
  const out = [`**${kind} ${code(pattern)}** — matched against ${against}`];
  if (!s || !self) return out;
  const matches = patternMatches(s, self.abs, kind, pattern);
  const all = filesUnderAnchor(s, self.abs).length;
  out.push(`Matches **${formatCount(matches.length)}** of the ${plural(all, 'file')} under ${dirLabel(s, self.abs)}${matches.length ? `, e.g. ${examples(matches.map((f) => (kind === 'include' ? f.rootRel : f.anchorRel)), matches.length)}` : ''}.`);
  if (!accepted) out.push('_(It does not apply: dlm ignores this file.)_');
  return out;
}

// ------------------------------------------------------------ .dlm/ignore

export function hoverIgnore(path: string, text: string, position: Position, snapshot: Snapshot | null): Hover | null {
  const parsed = parseIgnore(normalizeText(text));
  const ranges = ignoreLineRanges(text);
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
  else if (!anchorAt(snapshot, anchorAbs)) out.push('_This folder is not part of the corpus._');
  else if (!never) {
    const files = ignoreRuleFiles(snapshot, anchorAbs, rule);
    out.push(`Matches **${formatCount(files.length)}** of the ${plural(filesUnderAnchor(snapshot, anchorAbs).length, 'file')} under ${dirLabel(snapshot, anchorAbs)}${files.length ? `, e.g. ${examples(files.map((f) => f.anchorRel), files.length)}` : ''}.`);
  }
  return md(out, range);
}
