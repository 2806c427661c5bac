// Aggregates over one snapshot that hover and completion read, computed once
// per report (or once per question and memoised), so a hover on a 50k-file
// corpus answers in a few milliseconds.
import type { AnchorState } from '../engine/corpus/anchors';
import { posixRelative } from '../engine/corpus/directives';
import { knownTags as knownTagsOf, rowFacts, type RowRef } from '../engine/diagnostics/index';
import { compileGlob } from '../engine/glob';
import { ignoreRuleMatches, type IgnoreRule } from '../engine/ignore';
import { isUnder, type Snapshot } from './workspace';

export interface TagStats {
  rows: number;
  copies: number;
  valCopies: number;
  refs: RowRef[];
}

export interface AnchorFile {
  /** Relative to the directive root (what include patterns see). */
  rootRel: string;
  /** Relative to the anchor (what exclude patterns and ignore rules see). */
  anchorRel: string;
  abs: string;
}

interface Memo {
  tags: Map<string, TagStats>;
  outside: Map<string, RowRef[]>;
  files: Map<string, AnchorFile[]>;
  patterns: Map<string, AnchorFile[]>;
  known: Map<string, Set<string>> | null;
}

const memos = new WeakMap<object, Memo>();

function memo(s: Snapshot): Memo {
  let m = memos.get(s.facts.report);
  if (!m) memos.set(s.facts.report, (m = { tags: new Map(), outside: new Map(), files: new Map(), patterns: new Map(), known: null }));
  return m;
}

const tagId = (k: string, v: string) => `${k}\u0000${v}`;

/** Rows carrying (key, value), their copies and validation copies at the snapshot's seed. */
export function tagStats(s: Snapshot, key: string, value: string): TagStats {
  const m = memo(s);
  const id = tagId(key, value);
  let t = m.tags.get(id);
  if (!t) {
    const refs = rowFacts(s.index, s.facts.report, s.facts.details).rowsByTag.get(id) ?? [];
    let copies = 0;
    let valCopies = 0;
    for (const r of refs) { const row = s.facts.report.rows[r.index]!; copies += row.copies; valCopies += row.valCopies; }
    t = { rows: refs.length, copies, valCopies, refs };
    m.tags.set(id, t);
  }
  return t;
}

/** Rows carrying (key, value) whose file lies outside the anchor's subtree. */
export function rowsOutside(s: Snapshot, anchorAbs: string, key: string, value: string): RowRef[] {
  const m = memo(s);
  const id = `${anchorAbs}\u0000${tagId(key, value)}`;
  let list = m.outside.get(id);
  if (!list) {
    list = rowFacts(s.index, s.facts.report, s.facts.details).outside(anchorAbs, key, value);
    m.outside.set(id, list);
  }
  return list;
}

/** Rows carrying (key, value) whose file lies inside the anchor's subtree. */
export function rowsInside(s: Snapshot, anchorAbs: string, key: string, value: string): RowRef[] {
  return tagStats(s, key, value).refs.filter((r) => r.abs !== null && isUnder(r.abs, anchorAbs));
}

/** Every listed file under an anchor (kept or not), in walk order. */
export function filesUnderAnchor(s: Snapshot, anchorAbs: string): AnchorFile[] {
  const m = memo(s);
  let out = m.files.get(anchorAbs);
  if (!out) {
    out = [];
    const seen = new Set<string>();
    for (const d of s.index.directives) {
      const a = d.anchors.find((x) => x.abs === anchorAbs);
      if (!a) continue;
      const prefix = a.rel === '' ? '' : `${a.rel}/`;
      for (const f of d.files) {
        if (!f.rel.startsWith(prefix) || seen.has(f.abs)) continue;
        seen.add(f.abs);
        out.push({ rootRel: f.rel, anchorRel: f.rel.slice(prefix.length), abs: f.abs });
      }
    }
    m.files.set(anchorAbs, out);
  }
  return out;
}

/** Files under the anchor that an include (root-relative) or exclude (anchor-relative) pattern matches. */
export function patternMatches(s: Snapshot, anchorAbs: string, kind: 'include' | 'exclude', pattern: string): AnchorFile[] {
  const m = memo(s);
  const id = `${anchorAbs}\u0000${kind}\u0000${pattern}`;
  let out = m.patterns.get(id);
  if (!out) {
    const re = compileGlob(pattern);
    out = filesUnderAnchor(s, anchorAbs).filter((f) => re.test(kind === 'include' ? f.rootRel : f.anchorRel));
    m.patterns.set(id, out);
  }
  return out;
}

/** Files under the anchor that one ignore rule matches. */
export function ignoreRuleFiles(s: Snapshot, anchorAbs: string, rule: IgnoreRule): AnchorFile[] {
  const m = memo(s);
  const id = `${anchorAbs}\u0000ignore\u0000${rule.negated}\u0000${rule.anchored}\u0000${rule.dirOnly}\u0000${rule.pattern}`;
  let out = m.patterns.get(id);
  if (!out) {
    out = filesUnderAnchor(s, anchorAbs).filter((f) => ignoreRuleMatches(rule, f.anchorRel));
    m.patterns.set(id, out);
  }
  return out;
}

/** Every tag key → values that some loaded config's metadata sets. */
export function knownTags(s: Snapshot): Map<string, Set<string>> {
  const m = memo(s);
  return (m.known ??= knownTagsOf(s.index));
}

/** The anchor in the index at this directory (first directive that has it). */
export function anchorAt(s: Snapshot, anchorAbs: string): AnchorState | undefined {
  for (const d of s.index.directives) {
    const a = d.anchors.find((x) => x.abs === anchorAbs);
    if (a) return a;
  }
  return undefined;
}

/** Anchors whose directory contains `anchorAbs` (itself included), shallow to deep. */
export function ancestorAnchors(s: Snapshot, anchorAbs: string): AnchorState[] {
  const seen = new Set<string>();
  const out: AnchorState[] = [];
  for (const d of s.index.directives) {
    for (const a of d.anchors) {
      if (seen.has(a.abs)) continue;
      if (isUnder(anchorAbs, a.abs)) { seen.add(a.abs); out.push(a); }
    }
  }
  return out.sort((a, b) => a.abs.length - b.abs.length);
}

/** Label of an anchor's training.yaml relative to the report base. */
export function configLabel(s: Snapshot, anchorAbs: string, file = 'training.yaml'): string {
  const rel = posixRelative(s.index.plan.base, anchorAbs);
  return rel === '.' ? `.dlm/${file}` : `${rel}/.dlm/${file}`;
}
