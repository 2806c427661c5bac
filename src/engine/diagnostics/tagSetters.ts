// Who sets one tag value's weight, and whose rows the merged value reaches.
// dlm merges every config's weights into one map (semantics.md §5), so when
// several configs set the same (key, value) the last in merge order wins
// everywhere. The rows it reaches outside its own folder are its leak; when
// some of them lie under another config that set the tag value differently,
// that config's weight is dead *because of* the leak: one cause, reported
// once, on the winner (where scoping it fixes both). A config whose rows the
// winner does not reach is overridden alone (its weight is dead, nothing else).
import { dirname } from 'node:path';
import { loaded, trainingYamlPath, type AnchorState } from '../corpus/anchors.js';
import { displayBase, posixRelative } from '../corpus/directives.js';
import type { CorpusFacts } from './corpusFacts.js';
import type { RowRef } from './rowFacts.js';
import type { RelatedLocation } from './types.js';

export interface TagSetters {
  /** The loaded configs that set (key, value), in merge order, each once. */
  setters: AnchorState[];
  /** The one dlm applies: the last in merge order. */
  winner: AnchorState;
  /**
   * Rows tagged (key, value) outside the winner's folder, by the deepest
   * other setter whose folder holds them (null: under none of them).
   */
  outsideBy: ReadonlyMap<string | null, readonly RowRef[]>;
  /** The rows outside the winner's folder that get a value other than their own config's: outside, but not under a setter of the same value. */
  leak: RowRef[];
  /** The other setters whose folders hold leaked rows (their weight is dead because of the leak), in merge order. */
  leakedInto: AnchorState[];
}

/** The factor a config sets for (key, value). */
export function setterValue(a: AnchorState, key: string, value: string): number | undefined {
  return a.yaml!.config!.weights.get(key)?.get(value);
}


export function tagSetters(facts: CorpusFacts, key: string, value: string): TagSetters | null {
  const seen = new Map<string, AnchorState>();
  for (const a of facts.index.allAnchors()) {
    if (!loaded(a) || !a.yaml!.config!.weights.get(key)?.has(value)) continue;
    // an anchor listed by several directives keeps its last place in merge order
    seen.delete(a.abs);
    seen.set(a.abs, a);
  }
  const setters = [...seen.values()];
  const winner = setters.at(-1);
  if (!winner) return null;
  const others = setters.slice(0, -1).sort((x, y) => y.abs.length - x.abs.length); // deepest first
  const outsideBy = facts.outsidePartition(key, value, winner.abs, others.map((o) => o.abs));
  const applied = setterValue(winner, key, value);
  const leak: RowRef[] = [];
  const leakedInto: AnchorState[] = [];
  for (const [abs, rows] of outsideBy) {
    const setter = abs === null ? undefined : seen.get(abs)!;
    if (setter && Object.is(setterValue(setter, key, value), applied)) continue; // they get what their own config says
    for (const r of rows) leak.push(r); // (no spread: a million rows would overflow the call stack)
    if (setter) leakedInto.push(setter);
  }
  leak.sort((x, y) => x.index - y.index);
  leakedInto.sort((x, y) => setters.indexOf(x) - setters.indexOf(y));
  return { setters, winner, outsideBy, leak, leakedInto };
}

/** At most this many folders are named in related information. */
const MAX_FOLDERS = 10;

/**
 * The folders of `rows`, each as a related location: the metadata line of the
 * config that gives its rows the tag (or the config file), with a message
 * made by `say(folder, count)`.
 */
export function rowFolders(facts: CorpusFacts, rows: readonly RowRef[], key: string, say: (folder: string, rows: number) => string): RelatedLocation[] {
  const byAnchor = new Map<string, { abs: string | null; rows: number }>();
  for (const r of rows) {
    const anchor = r.abs === null ? null : facts.taggingAnchorOf(dirname(r.abs), key);
    const id = anchor ?? '';
    const hit = byAnchor.get(id);
    if (hit) hit.rows++;
    else byAnchor.set(id, { abs: anchor, rows: 1 });
  }
  const out: RelatedLocation[] = [];
  for (const { abs, rows: n } of byAnchor.values()) {
    // the anchor state of now (a weights edit reloads configs; their metadata lines may move)
    const anchor = abs === null ? undefined : facts.anchorAt(abs);
    if (!anchor || out.length >= MAX_FOLDERS) continue;
    const rel = posixRelative(displayBase(facts.index.plan), anchor.abs);
    const meta = anchor.yaml!.locations?.metadata.find((m) => m.key === key);
    out.push({
      path: trainingYamlPath(anchor.abs),
      range: meta?.keyRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: say(rel === '.' ? './' : `${rel}/`, n),
    });
  }
  return out;
}
