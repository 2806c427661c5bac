// Hover on a training.yaml: weights (the ancestor chain, the value dlm
// applies, copies, leaks), metadata, include/exclude patterns, top-level keys.
import { dirname } from 'node:path';
import type { Hover, Position } from 'vscode-languageserver-types';
import type { LoadResult } from '../../engine/config/index';
import { loaded, type AnchorState } from '../../engine/corpus/anchors';
import { codePointLength } from '../../engine/pytext';
import { formatCount, formatWeight } from '../../shared/view/format';
import { loadConfigText } from './configText';
import { code, dirLabel, examples, inRange, link, md, plural } from './markdown';
import { keyDoc } from './schema';
import { sinceHoverLine } from './hoverSince';
import type { Snapshot } from './snapshot';

export interface TrainingYamlHoverInput {
  /** Absolute path of the training.yaml. */
  path: string;
  text: string;
  /** Already clamped to the text. */
  position: Position;
  /** The folder's snapshot, or null while it is indexing (or the file is in no corpus). */
  snapshot: Snapshot | null;
  /** Why there is no snapshot, if there is none. */
  unavailable?: string;
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

function weightLine(a: AnchorState, key: string, value: string): number | undefined {
  const w = a.yaml?.locations?.weights.find((x) => x.tagKey === key);
  return w?.values.find((v) => v.tagValue === value)?.keyRange.start.line;
}

function problemText(r: LoadResult): string {
  const first = r.issues?.[0]?.message;
  return `**dlm ignores this file**${r.problem ? ` (${r.problem})` : ''}: none of its metadata or weights apply.${first ? ` First problem: ${first}` : ''}`;
}

export function hoverTrainingYaml(input: TrainingYamlHoverInput): Hover | null {
  const r = loadConfigText(input.text);
  const loc = r?.locations;
  if (!r || !loc) return null;
  const p = input.position;
  const anchorAbs = dirname(dirname(input.path));
  const s = input.snapshot;
  const self = s ? s.facts.anchorAt(anchorAbs) : undefined;
  const notes: string[] = [];
  if (!r.accepted) notes.push(`⚠ ${problemText(r)}`);
  if (!s) notes.push(`_${input.unavailable ?? 'The corpus is still being indexed.'}_`);
  else if (!self) notes.push('_This folder is not part of the corpus (no source directive reaches it): dlm train does not read this file._');

  for (const w of loc.weights) {
    if (inRange(p, w.keyRange)) return md([...tagKeyHover(s, w.tagKey, w.values.map((v) => [v.tagValue, v.weight] as [string, number])), ...notes], w.keyRange);
    for (const v of w.values) {
      if (inRange(p, v.keyRange) || inRange(p, v.valueRange)) {
        return md([...weightHover(input, s, self, r.accepted, w.tagKey, v.tagValue, v.weight, v.keyRange.start.line), ...notes], inRange(p, v.keyRange) ? v.keyRange : v.valueRange);
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
    const t = s.facts.tagStats(key, v);
    const applied = s.facts.report.mergedWeights.get(key)?.get(v);
    const differs = applied !== undefined && !Object.is(applied, f);
    return `- ${code(v)}: × ${formatWeight(f)} here${differs ? ` (dlm applies **${formatWeight(applied)}**)` : ''} — ${plural(t.rows, 'row')} → ${plural(t.copies, 'copy', 'copies')}`;
  });
  if (lines.length) out.push(lines.join('\n'));
  const known = s.facts.knownTags().get(key);
  if (known) {
    const unweighted = [...known].filter((v) => !values.some(([x]) => x === v));
    if (unweighted.length) out.push(`Other values of ${code(key)} set by \`metadata\` in the corpus: ${unweighted.slice(0, 8).map(code).join(', ')}${unweighted.length > 8 ? ' …' : ''}`);
  } else {
    out.push(`No \`metadata\` in the corpus sets ${code(key)}: these weights change nothing.`);
  }
  return out;
}

function weightHover(
  input: TrainingYamlHoverInput, s: Snapshot | null, self: AnchorState | undefined, accepted: boolean,
  key: string, value: string, factor: number, line: number,
): string[] {
  const tag = `${key}=${value}`;
  const anchorAbs = dirname(dirname(input.path));
  const out = [`**${code(tag)} × ${formatWeight(factor)}** — ${s ? link(input.path, s.facts.configLabel(anchorAbs), line) : code('.dlm/training.yaml')}`];
  if (!s) return out;
  const since = sinceHoverLine(s, key, value);
  if (since) out.push(since);
  const facts = s.facts;
  // nearest-ancestor chain: configs on the path to here that set (key, value), nearest first
  const chain: string[] = [];
  let nearest: number | undefined;
  for (const a of facts.ancestorAnchors(anchorAbs).reverse()) {
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
    chain.push(`- ${link(`${a.abs}/.dlm/training.yaml`, facts.configLabel(a.abs), l)} — ${formatWeight(f)}${isSelf ? ' _(this file)_' : ''}`);
  }
  if (chain.length) out.push(`Configs on the path to here that set ${code(tag)}, nearest first:\n${chain.join('\n')}`);

  const applied = facts.report.mergedWeights.get(key)?.get(value);
  const winner = facts.mergeWinner(key, value);
  const under = dirLabel(s, anchorAbs);
  out.push(`Under ${under}, reading the nearest config (as dlm's cookbook describes): **${nearest === undefined ? '1 (unset)' : formatWeight(nearest)}**  \n` +
    `What \`dlm train\` applies to every ${code(tag)} row of the corpus (last config in its merge order): **${applied === undefined ? '1 (unset)' : formatWeight(applied)}**`);
  if (applied !== undefined && nearest !== undefined && !Object.is(applied, nearest) && winner) {
    out.push(`⚠ They differ: ${link(`${winner.abs}/.dlm/training.yaml`, facts.configLabel(winner.abs), weightLine(winner, key, value))} sets ${formatWeight(applied)} and ${laterBecause(s, winner, self)}. dlm merges the weights of every config into one global map.`);
  } else if (winner && winner.abs !== anchorAbs && applied !== undefined) {
    out.push(`The entry dlm keeps comes from ${link(`${winner.abs}/.dlm/training.yaml`, facts.configLabel(winner.abs), weightLine(winner, key, value))} (same value).`);
  }

  const t = facts.tagStats(key, value);
  const seed = String(facts.report.seed);
  if (facts.report.trainError) {
    out.push(`${plural(t.rows, 'row')} carry ${code(tag)}. \`dlm train\` stops before training (${facts.report.trainError}), so no copies are made.`);
  } else {
    out.push(`${plural(t.rows, 'row')} carry ${code(tag)} → **${plural(t.copies, 'copy', 'copies')}** at seed ${seed} (${formatCount(t.valCopies)} to validation).`);
  }
  if (self && t.rows > 0) {
    const outside = facts.rowsOutside(anchorAbs, key, value);
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
  const facts = s.facts;
  const inside = facts.rowsInside(self.abs, key, value);
  const total = facts.tagStats(key, value).rows;
  out.push(`${plural(inside.length, 'row')} under ${dirLabel(s, self.abs)} carry it${inside.length ? `, e.g. ${examples(inside.map((r) => r.origin), inside.length)}` : ''}.` +
    (total > inside.length ? ` ${formatCount(total - inside.length)} more carry it elsewhere in the corpus.` : ''));
  const files = facts.filesUnder(self.abs).length;
  if (files > inside.length) out.push(`_Of the ${plural(files, 'file')} under this folder, the others are excluded, skipped, or tagged differently by a deeper config._`);
  const w = facts.report.mergedWeights.get(key)?.get(value);
  out.push(w === undefined ? `No weight is set for ${code(`${key}=${value}`)} (factor 1).` : `dlm applies × ${formatWeight(w)} to these rows.`);
  return out;
}

function patternHover(s: Snapshot | null, self: AnchorState | undefined, accepted: boolean, kind: 'include' | 'exclude', pattern: string): string[] {
  const against = kind === 'include' ? 'the path relative to the source root' : 'the path relative to this folder';
  const out = [`**${kind} ${code(pattern)}** — matched against ${against}`];
  if (!s || !self) return out;
  const matches = s.facts.patternMatches(self.abs, kind, pattern);
  const all = s.facts.filesUnder(self.abs).length;
  out.push(`Matches **${formatCount(matches.length)}** of the ${plural(all, 'file')} under ${dirLabel(s, self.abs)}${matches.length ? `, e.g. ${examples(matches, matches.length)}` : ''}.`);
  if (!accepted) out.push('_(It does not apply: dlm ignores this file.)_');
  return out;
}
