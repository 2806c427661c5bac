// The cross-file facts of one report: rows per tag, the files under each
// anchor, which patterns match what. The cross-file checks and the editor's
// hover and completion read them from the same object, which computes each
// fact on first use and holds it for as long as it is held itself (the
// language server keeps one per snapshot; the CLI one per check). Facts that
// depend on the listing or on resolution only are handed on to the facts of
// the next report of the same index (`next`), explicitly, while they still hold.
import { dirname } from 'node:path';
import { loaded, type AnchorState } from '../corpus/anchors.js';
import type { CorpusIndex } from '../corpus/corpusIndex.js';
import { displayBase, posixRelative } from '../corpus/directives.js';
import { rowColumnsOf } from '../corpus/rowSet.js';
import { ignoreRuleMatches, type IgnoreRule } from '../ignore.js';
import type { ReportDetails } from '../reportDetails.js';
import type { DryRunReport } from '../types.js';
import { filesByAnchor, patternMatch, type AnchorFile } from './anchorFiles.js';
import { knownTags } from './knownTags.js';
import { rowFacts, type RowFacts, type RowRef } from './rowFacts.js';
import type { Diagnostic } from './types.js';

export interface TagStats {
  rows: number;
  copies: number;
  valCopies: number;
  refs: RowRef[];
}

/** An anchor's own checks (patterns, ignore rules): they depend on its config and the listing only. */
export type AnchorChecks = ReadonlyArray<readonly [string, Diagnostic]>;

interface ResolutionMemo {
  rows: RowFacts | null;
  partitions: Map<string, ReadonlyMap<string | null, readonly RowRef[]>>;
  taggingAnchorOfDir: Map<string, string | null>;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);

/** Rows by the first (deepest) of `setters` whose folder holds them; null: under none. */
function partitionBySetter(rows: readonly RowRef[], setters: readonly string[]): Map<string | null, RowRef[]> {
  const out = new Map<string | null, RowRef[]>();
  // one setter (the common case): every row is under no other setter
  if (setters.length === 0) {
    if (rows.length > 0) out.set(null, [...rows]);
    return out;
  }
  // rows share folders: the deepest setter holding a file is the one holding its folder
  // (a file path is never a setter's folder path), worked out once per folder
  const nearestOfDir = new Map<string, string | null>();
  for (const r of rows) {
    let k: string | null = null;
    if (r.abs !== null) {
      const dir = dirname(r.abs);
      const hit = nearestOfDir.get(dir);
      if (hit !== undefined) k = hit;
      else nearestOfDir.set(dir, (k = setters.find((s) => under(dir, s)) ?? null));
    }
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(r);
  }
  return out;
}

const NO_FILES: readonly AnchorFile[] = [];
const tagId = (k: string, v: string) => `${k}\u0000${v}`;

export class CorpusFacts {
  /** The report as dlm would make it past its documentError (the report itself when it has none). */
  readonly report: DryRunReport;
  readonly details: ReportDetails;
  private listing: { files: unknown[]; byAnchor: Map<string, AnchorFile[]> | null };
  /** What depends on resolution only (same details object): handed on across weights edits. */
  private byResolution: ResolutionMemo = { rows: null, partitions: new Map(), taggingAnchorOfDir: new Map() };
  private known: Map<string, Set<string>> | null = null;
  private readonly tags = new Map<string, TagStats>();
  private readonly matches = new Map<string, readonly string[]>();
  /** Pattern and ignore checks per anchor state object (a reloaded anchor is a new object). */
  readonly anchorChecks: Map<AnchorState, AnchorChecks>;

  constructor(readonly index: CorpusIndex, report: DryRunReport, details: ReportDetails) {
    // placeholders (a documentError): judge and describe what dlm would do past it
    if (details.unblocked) ({ report, details } = details.unblocked);
    this.report = report;
    this.details = details;
    this.listing = { files: index.directives.map((d) => d.files), byAnchor: null };
    this.anchorChecks = new Map();
  }

  /**
   * The facts of a newer report, keeping from `prev` what still holds: the
   * files under each anchor while the index's listings are the same, row
   * facts while resolution is (same details object), anchor checks of anchor
   * states that were not reloaded.
   */
  static next(prev: CorpusFacts | null, index: CorpusIndex, report: DryRunReport, details: ReportDetails): CorpusFacts {
    const facts = new CorpusFacts(index, report, details);
    if (!prev || prev.index !== index) return facts;
    const same = prev.listing.files.length === facts.listing.files.length && prev.listing.files.every((f, i) => f === facts.listing.files[i]);
    if (!same) return facts;
    facts.listing = prev.listing;
    if (prev.details === facts.details) facts.byResolution = prev.byResolution;
    const current = new Set(index.allAnchors());
    for (const [a, checks] of prev.anchorChecks) if (current.has(a)) facts.anchorChecks.set(a, checks);
    return facts;
  }

  /** Every listed file under an anchor (kept or not), in walk order. */
  filesUnder(anchorAbs: string): readonly AnchorFile[] {
    this.listing.byAnchor ??= filesByAnchor(this.index);
    return this.listing.byAnchor.get(anchorAbs) ?? NO_FILES;
  }

  /**
   * Paths of the files under the anchor that an include (root-relative) or
   * exclude (anchor-relative) pattern matches, as matched.
   */
  patternMatches(anchorAbs: string, kind: 'include' | 'exclude', pattern: string): readonly string[] {
    const id = `${anchorAbs}\u0000${kind}\u0000${pattern}`;
    let out = this.matches.get(id);
    if (!out) {
      const list: string[] = [];
      for (const f of this.filesUnder(anchorAbs)) {
        const m = patternMatch(f, kind, pattern);
        if (m !== null) list.push(m);
      }
      this.matches.set(id, (out = list));
    }
    return out;
  }

  /** Does the pattern match any file under the anchor? (As patternMatches, stopping at the first.) */
  patternMatchesAny(anchorAbs: string, kind: 'include' | 'exclude', pattern: string): boolean {
    const known = this.matches.get(`${anchorAbs}\u0000${kind}\u0000${pattern}`);
    if (known) return known.length > 0;
    return this.filesUnder(anchorAbs).some((f) => patternMatch(f, kind, pattern) !== null);
  }

  /** Anchor-relative paths of the files under the anchor that one ignore rule matches. */
  ignoreRuleMatches(anchorAbs: string, rule: IgnoreRule): readonly string[] {
    const id = `${anchorAbs}\u0000ignore\u0000${rule.negated}\u0000${rule.anchored}\u0000${rule.dirOnly}\u0000${rule.pattern}`;
    let out = this.matches.get(id);
    if (!out) this.matches.set(id, (out = this.filesUnder(anchorAbs).filter((f) => ignoreRuleMatches(rule, f.anchorRel)).map((f) => f.anchorRel)));
    return out;
  }

  /** Rows per tag and per anchor subtree. */
  rows(): RowFacts {
    return (this.byResolution.rows ??= rowFacts(this.index, this.report, this.details));
  }

  /**
   * The rows tagged (key, value) outside the winner's folder, by the deepest
   * other setter whose folder holds them (null: under none), for setters
   * given by folder. It depends on resolution and on which configs set the
   * value, not on the values they set: a weights edit reuses it.
   */
  outsidePartition(key: string, value: string, winnerAbs: string, othersDeepestFirst: readonly string[]): ReadonlyMap<string | null, readonly RowRef[]> {
    const id = [key, value, winnerAbs, ...othersDeepestFirst].join('\u0000');
    let out = this.byResolution.partitions.get(id);
    if (!out) this.byResolution.partitions.set(id, (out = partitionBySetter(this.rowsOutside(winnerAbs, key, value), othersDeepestFirst)));
    return out;
  }

  /**
   * The folder of the config that gives the files of `dir` their `key` tag:
   * the deepest loaded ancestor config whose metadata sets the key (null: none).
   * Metadata is part of resolution, so this is handed on across weights edits.
   */
  taggingAnchorOf(dir: string, key: string): string | null {
    const id = `${key}\u0000${dir}`;
    let out = this.byResolution.taggingAnchorOfDir.get(id);
    if (out === undefined) {
      const tagging = this.ancestorAnchors(dir).filter((a) => loaded(a) && a.yaml!.config!.metadata.has(key));
      this.byResolution.taggingAnchorOfDir.set(id, (out = tagging.at(-1)?.abs ?? null));
    }
    return out;
  }

  /** Rows carrying (key, value), their copies and validation copies at the report's seed. */
  tagStats(key: string, value: string): TagStats {
    const id = tagId(key, value);
    let t = this.tags.get(id);
    if (!t) {
      const refs = this.rows().rowsByTag.get(id) ?? [];
      let copies = 0;
      let valCopies = 0;
      // from the report's columns when it has them: a hover or lens makes no row objects
      const cols = rowColumnsOf(this.report);
      if (cols) for (const r of refs) { copies += cols.copies(r.index); valCopies += cols.valCopies(r.index); }
      else for (const r of refs) { const row = this.report.rows[r.index]!; copies += row.copies; valCopies += row.valCopies; }
      this.tags.set(id, (t = { rows: refs.length, copies, valCopies, refs }));
    }
    return t;
  }

  /** Rows carrying (key, value) whose file lies outside the anchor's subtree. */
  rowsOutside(anchorAbs: string, key: string, value: string): RowRef[] {
    return this.rows().outside(anchorAbs, key, value);
  }

  /** Rows carrying (key, value) whose file lies inside the anchor's subtree. */
  rowsInside(anchorAbs: string, key: string, value: string): RowRef[] {
    const prefix = anchorAbs.endsWith('/') ? anchorAbs : anchorAbs + '/';
    return this.tagStats(key, value).refs.filter((r) => r.abs !== null && (r.abs === anchorAbs || r.abs.startsWith(prefix)));
  }

  /** Every tag key → values that some loaded config's metadata sets. */
  knownTags(): Map<string, Set<string>> {
    return (this.known ??= knownTags(this.index));
  }

  /** Each anchor folder's state, from the first directive that lists it (made on first use). */
  private anchorsByAbs: Map<string, AnchorState> | null = null;

  /** The anchor at this directory (in the first directive that has it). */
  anchorAt(anchorAbs: string): AnchorState | undefined {
    if (!this.anchorsByAbs) {
      this.anchorsByAbs = new Map();
      for (const d of this.index.directives) for (const a of d.anchors) if (!this.anchorsByAbs.has(a.abs)) this.anchorsByAbs.set(a.abs, a);
    }
    return this.anchorsByAbs.get(anchorAbs);
  }

  /** Anchors whose directory contains `anchorAbs` (itself included), shallow to deep. */
  ancestorAnchors(anchorAbs: string): AnchorState[] {
    // up the path, one lookup per folder (not every anchor per folder)
    const out: AnchorState[] = [];
    for (let dir = anchorAbs; ; dir = dirname(dir)) {
      const a = this.anchorAt(dir);
      if (a) out.push(a);
      if (dirname(dir) === dir) break;
    }
    return out.reverse();
  }

  /** The last loaded config in merge order that sets (key, value): the one dlm applies. */
  mergeWinner(key: string, value: string): AnchorState | undefined {
    let win: AnchorState | undefined;
    for (const a of this.index.allAnchors()) if (loaded(a) && a.yaml!.config!.weights.get(key)?.has(value)) win = a;
    return win;
  }

  /** Label of an anchor's config file, from the folder dlm trains (see displayBase). */
  configLabel(anchorAbs: string, file = 'training.yaml'): string {
    const rel = posixRelative(displayBase(this.index.plan), anchorAbs);
    return rel === '.' ? `.dlm/${file}` : `${rel}/.dlm/${file}`;
  }
}
