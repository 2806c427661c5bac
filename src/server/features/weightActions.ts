// Code actions for dlm's global merge of weights, read from the config's
// text and the snapshot (the diagnostics carry no edits for them: the edits
// depend on the text as the editor holds it):
//   weight-leaks       → scope the weight to this folder: a tag only this
//                        folder's metadata sets, weighted instead (by the
//                        ratio to the value that then wins, when another
//                        config sets the tag value too);
//   weight-overridden  → go to the winning config; remove the dead weight.
// Every edit is reloaded with the engine's loader and offered only when dlm
// reads back exactly the intended config.
import { dirname } from 'node:path';
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import { loaded, trainingYamlPath } from '../../engine/corpus/anchors';
import { displayBase, posixRelative } from '../../engine/corpus/directives';
import { setterValue, tagSetters } from '../../engine/diagnostics/tagSetters';
import type { ConfigLocations } from '../../engine/config/index';
import { composeWeight } from '../../engine/expand';
import type { TrainingConfig, WeightMap } from '../../engine/types';
import { loadConfigText } from './configText';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { Snapshot } from './snapshot';
import { pathToUri } from './uri';
import { yamlScalar } from './yamlScalar';
import { acceptedConfig, applyEdits, deleteLines, insertLine, linesOf, ownsLines, removeFlowEntry, sameConfig, startsLine } from './yamlEdits';

/** Server command: show a location (`{ uri, range }`) with `window/showDocument`. */
export const GO_TO_LOCATION_COMMAND = 'dlmWeights.goToLocation';

export interface WeightActionRequest {
  path: string;
  uri: string;
  text: string;
  diagnostics: readonly LspDiagnostic[];
  snapshot: Snapshot | null;
}

type WeightLoc = ConfigLocations['weights'][number];
type ValueLoc = WeightLoc['values'][number];

const sameRange = (a: Range | undefined, b: Range) =>
  !!a && a.start?.line === b.start.line && a.start.character === b.start.character && a.end?.line === b.end.line && a.end.character === b.end.character;

export function weightActions(req: WeightActionRequest): CodeAction[] {
  const load = loadConfigText(req.text);
  if (!load?.accepted || !load.config || !load.locations) return [];
  const out: CodeAction[] = [];
  for (const d of Array.isArray(req.diagnostics) ? req.diagnostics : []) {
    if (d?.source !== DIAGNOSTIC_SOURCE || (d.code !== 'weight-leaks' && d.code !== 'weight-overridden')) continue;
    for (const w of load.locations.weights) {
      for (const v of w.values) {
        if (d.code === 'weight-leaks' && sameRange(d.range, v.keyRange)) {
          const a = scopeAction(req, load.config, load.locations, w, v);
          if (a) out.push({ ...a, diagnostics: [d] });
        } else if (d.code === 'weight-overridden' && sameRange(d.range, v.valueRange)) {
          const go = goToWinner(req, w.tagKey, v.tagValue);
          if (go) out.push({ ...go, diagnostics: [d] });
          const edits = removeWeight(req.text, load.config, load.locations, w, v);
          if (edits) out.push({ title: `Remove the dead weight ${w.tagKey}=${v.tagValue}`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [req.uri]: edits } } });
        }
      }
    }
  }
  return out;
}

function copyConfig(c: TrainingConfig): TrainingConfig {
  return { ...c, metadata: new Map(c.metadata), weights: new Map([...c.weights].map(([k, vs]) => [k, new Map(vs)])) };
}

function goToWinner(req: WeightActionRequest, key: string, value: string): CodeAction | null {
  const win = req.snapshot?.facts.mergeWinner(key, value);
  const v = win?.yaml?.locations?.weights.find((x) => x.tagKey === key)?.values.find((x) => x.tagValue === value);
  if (!win || !v) return null;
  const label = req.snapshot!.facts.configLabel(win.abs);
  const target = { uri: pathToUri(trainingYamlPath(win.abs)), range: v.valueRange };
  return { title: `Go to the winning config (${label}:${v.valueRange.start.line + 1})`, kind: CodeActionKind.QuickFix, command: { title: 'Go to the winning config', command: GO_TO_LOCATION_COMMAND, arguments: [target] } };
}

/**
 * The edit that removes (key, value) from this config's weights, keeping the
 * rest of the text as it is; null when no candidate reloads as intended.
 */
export function removeWeight(text: string, config: TrainingConfig, loc: ConfigLocations, w: WeightLoc, v: ValueLoc): TextEdit[] | null {
  const expected = copyConfig(config);
  expected.weights.get(w.tagKey)?.delete(v.tagValue);
  const { lines } = linesOf(text);
  const candidates: TextEdit[][] = [];
  // the entry alone; then its tag key with it (its only value); then `weights` with both (its only entry)
  candidates.push([ownsLines(lines, v.keyRange.start, v.valueRange.end) ? deleteLines(lines, v.keyRange.start.line, v.valueRange.end.line) : removeFlowEntry(text, { start: v.keyRange.start, end: v.valueRange.end })]);
  if (ownsLines(lines, w.keyRange.start, v.valueRange.end)) candidates.push([deleteLines(lines, w.keyRange.start.line, v.valueRange.end.line)]);
  const top = loc.topKeys.get('weights');
  if (top && ownsLines(lines, top.start, v.valueRange.end)) candidates.push([deleteLines(lines, top.start.line, v.valueRange.end.line)]);
  for (const edits of candidates) {
    const after = acceptedConfig(applyEdits(text, edits));
    if (after && sameConfig(after, expected)) return edits;
  }
  return null;
}

/** A tag key no config of the corpus uses (in metadata or weights), nor this text. */
function unusedKey(s: Snapshot, loc: ConfigLocations): string {
  const used = new Set<string>(s.facts.knownTags().keys());
  for (const a of s.index.allAnchors()) if (loaded(a)) for (const k of a.yaml!.config!.weights.keys()) used.add(k);
  for (const m of loc.metadata) used.add(m.key);
  for (const w of loc.weights) used.add(w.tagKey);
  let key = 'scope';
  for (let i = 2; used.has(key); i++) key = `scope_${i}`;
  return key;
}

/** A factor as YAML writes a float PyYAML reads back as the same double (shortest round trip, always with a dot). */
function floatText(x: number): string {
  const t = String(x);
  if (/^-?\d+$/.test(t)) return `${t}.0`;
  return /e/.test(t) && !t.includes('.') ? t.replace('e', '.0e') : t;
}

/**
 * Do the rows under the folder keep their weight, bit for bit, once the
 * scope tag (placed where dlm places a new key of this folder's metadata:
 * after the keys of this folder and the configs above it) carries `factor`
 * and (tagKey, tagValue) carries `next` (the value then left to win)?
 * Weights are composed by the engine's own function.
 */
function insideRowsKeep(s: Snapshot, anchorAbs: string, tagKey: string, tagValue: string, key: string, folder: string, factor: number, next: number | undefined): boolean {
  const merged = s.facts.report.mergedWeights;
  const after: WeightMap = new Map([...merged].map(([k, vs]) => [k, new Map(vs)]));
  if (next === undefined) after.get(tagKey)?.delete(tagValue);
  else after.get(tagKey)!.set(tagValue, next);
  after.set(key, new Map([[folder, factor]]));
  const above = new Set<string>();
  for (const a of s.facts.ancestorAnchors(anchorAbs)) if (loaded(a)) for (const k of a.yaml!.config!.metadata.keys()) above.add(k);
  for (const ref of s.facts.rowsInside(anchorAbs, tagKey, tagValue)) {
    const row = s.facts.report.rows[ref.index]!;
    const tags = [...row.tags];
    // the model must reproduce today's weight, and the keys from above must come first, as dlm orders them
    if (!Object.is(composeWeight(row.tags, merged), row.weight) || !tags.slice(0, above.size).every(([k]) => above.has(k))) return false;
    const scoped = new Map([...tags.slice(0, above.size), [key, folder], ...tags.slice(above.size)]);
    if (!Object.is(composeWeight(scoped, after), row.weight)) return false;
  }
  return true;
}

function scopeAction(req: WeightActionRequest, config: TrainingConfig, loc: ConfigLocations, w: WeightLoc, v: ValueLoc): CodeAction | null {
  const s = req.snapshot;
  if (!s) return null;
  const anchorAbs = dirname(dirname(req.path));
  const setters = tagSetters(s.facts, w.tagKey, v.tagValue);
  if (!setters || setters.winner.abs !== anchorAbs) return null;
  // every row under this folder carries the tag value: the new tag reaches exactly them
  const under = s.facts.rows().rowsUnder.get(anchorAbs) ?? 0;
  if (under === 0 || s.facts.rowsInside(anchorAbs, w.tagKey, v.tagValue).length !== under) return null;
  const folder = posixRelative(displayBase(s.index.plan), anchorAbs);
  if (folder === '.' || folder.startsWith('..')) return null;
  // once this weight is gone, the config before it in merge order (if any) wins: its value reaches this folder's rows too,
  // so the scope tag carries the ratio that keeps them where they are
  const previous = setters.setters.filter((x) => x.abs !== anchorAbs).at(-1);
  const next = previous ? setterValue(previous, w.tagKey, v.tagValue) : undefined;
  const factor = next === undefined ? v.weight : v.weight / next;
  if (!Number.isFinite(factor) || factor < 0) return null;
  const key = unusedKey(s, loc);
  if (!insideRowsKeep(s, anchorAbs, w.tagKey, v.tagValue, key, folder, factor, next)) return null;
  const edits = scopeEdits(req.text, loc, w, v, key, folder, next === undefined ? null : floatText(factor));
  if (!edits) return null;
  const expected = copyConfig(config);
  expected.metadata.set(key, folder);
  expected.weights.get(w.tagKey)!.delete(v.tagValue);
  expected.weights.set(key, new Map([[folder, factor]]));
  const after = acceptedConfig(applyEdits(req.text, edits));
  if (!after || !sameConfig(after, expected) || [...after.metadata.keys()].join('\u0000') !== [...expected.metadata.keys()].join('\u0000')) return null;
  const how = next === undefined ? '' : `, weighted ${floatText(factor)} on top of ${previous ? s.facts.configLabel(previous.abs) : ''}'s ${next}`;
  return {
    title: `Scope this weight to ${folder}/ (tag its rows ${key}: ${folder}${how})`,
    kind: CodeActionKind.QuickFix,
    isPreferred: true,
    edit: { changes: { [req.uri]: edits } },
  };
}

/** `key: folder` added to this config's metadata, and the weight moved from (tagKey, tagValue) to (key, folder). */
function scopeEdits(text: string, loc: ConfigLocations, w: WeightLoc, v: ValueLoc, key: string, folder: string, factorText: string | null): TextEdit[] | null {
  const { lines, eol } = linesOf(text);
  const k = yamlScalar(key);
  const f = yamlScalar(folder);
  const indentAt = (r: Range) => (lines[r.start.line] ?? '').slice(0, r.start.character);
  const edits: TextEdit[] = [];
  // metadata
  const meta = loc.topKeys.get('metadata');
  const first = loc.metadata[0];
  const last = loc.metadata.at(-1);
  if (!meta) {
    const at = loc.topKeys.get('weights')!;
    const indent = startsLine(lines, w.keyRange.start) && w.keyRange.start.line > at.start.line ? indentAt(w.keyRange) : '  ';
    edits.push(insertLine(lines, eol, at.start.line, `metadata:${eol}${indent}${k}: ${f}`));
  } else if (first && last && first.keyRange.start.line > meta.start.line && startsLine(lines, first.keyRange.start)) {
    edits.push(insertLine(lines, eol, last.valueRange.end.line + 1, `${indentAt(first.keyRange)}${k}: ${f}`));
  } else {
    // flow style: before the closing brace
    const from = last ? last.valueRange.end : meta.end;
    const ls = lines.slice(0, from.line).reduce((n, l) => n + l.length + 1, 0) + from.character;
    const close = text.indexOf('}', ls);
    if (close === -1) return null;
    const pos = positionOf(text, close);
    edits.push({ range: { start: pos, end: pos }, newText: last ? `, ${k}: ${f}` : `${k}: ${f}` });
  }
  // weights
  const weightText = factorText ?? text.split(/\r?\n/)[v.valueRange.start.line]!.slice(v.valueRange.start.character, v.valueRange.start.line === v.valueRange.end.line ? v.valueRange.end.character : undefined);
  if (w.values.length === 1) {
    edits.push({ range: w.keyRange, newText: k }, { range: v.keyRange, newText: f });
    if (factorText !== null) edits.push({ range: v.valueRange, newText: factorText });
  } else {
    const removed = ownsLines(lines, v.keyRange.start, v.valueRange.end) ? deleteLines(lines, v.keyRange.start.line, v.valueRange.end.line) : removeFlowEntry(text, { start: v.keyRange.start, end: v.valueRange.end });
    const entry = `${k}: {${f}: ${weightText}}`;
    const added = startsLine(lines, w.keyRange.start)
      ? insertLine(lines, eol, w.keyRange.start.line, `${indentAt(w.keyRange)}${entry}`)
      : { range: { start: w.keyRange.start, end: w.keyRange.start }, newText: `${entry}, ` };
    edits.push(added, removed);
  }
  return edits;
}

function positionOf(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
