// Per-file resolution for one directive (semantics.md §3): include, the
// exclude flag (directive, defaults, config excludes, ignore rules) and tags.
//
// Everything but the file's name depends only on its folder: which anchors
// contain it, its tags, which include applies, whether the defaults are on,
// and what is left of each pattern once the folder's path is matched. That
// is worked out once per folder (a FolderPlan); a file then costs a few name
// tests. Anchors may be added while a tree is walked: a folder's anchors are
// all known by the time its first file is listed.
import { compileGlobSet, folderGlobsOf, type FolderGlobs, type GlobSet, type NameMatcher } from '../glob.js';
import { DEFAULT_EXCLUDES } from '../defaultExcludes.js';
import { ignoreMatcher, type IgnoreMatcher } from '../ignoreMatcher.js';
import type { TagMap } from '../types.js';
import { loaded, type AnchorState } from './anchors.js';

export interface Resolution {
  kept: boolean;
  tags: TagMap;
  /** Anchors containing the file, shallow to deep. */
  ancestors: AnchorState[];
}

/** What decides the files of one folder. */
export interface FolderPlan {
  /** Anchors containing the folder, shallow to deep. */
  ancestors: AnchorState[];
  tags: TagMap;
  /** Number of `tags` among the resolver's distinct tag maps. */
  tagsId: number;
  /** null: nothing in this folder is included. */
  include: NameMatcher | null;
  /** Static excludes that can match something here (directive, defaults, configs); null: none. */
  excludes: NameMatcher[] | null;
  /** Ignore files above, deepest first, with this folder's path relative to each. */
  ignores: Array<{ matcher: IgnoreMatcher; prefix: string }> | null;
  /** What it inherits from its anchors. */
  chain: Chain;
  /** Automaton states of each glob set used here (base: the folder its paths are relative to), for the subfolders' plans. */
  vectors: Array<{ globs: FolderGlobs; base: string; id: number }>;
}

/**
 * A folder plan. One class, its fields set in one order by one constructor:
 * every plan has the same hidden class, so the per-file code that reads
 * them (keeps) stays optimised through a walk.
 */
class Plan implements FolderPlan {
  readonly ancestors: AnchorState[];
  readonly tags: TagMap;
  readonly tagsId: number;
  constructor(
    readonly chain: Chain,
    readonly include: NameMatcher | null,
    readonly excludes: NameMatcher[] | null,
    readonly ignores: FolderPlan['ignores'],
    readonly vectors: FolderPlan['vectors'],
  ) {
    this.ancestors = chain.ancestors;
    this.tags = chain.tags;
    this.tagsId = chain.tagsId;
  }
}

const DEFAULTS = compileGlobSet(DEFAULT_EXCLUDES)!;

/**
 * A list that per-file or per-folder code loops over is null when empty: an
 * empty array has another hidden class than a filled one, and code optimised
 * on one deoptimises when the other shows up mid-walk.
 */
function nonEmpty<T>(list: T[]): T[] | null {
  return list.length ? list : null;
}
const EMPTY_TAGS: TagMap = new Map();

/** `tags` with `more` set over it: a deeper value wins, a key keeps its first position. */
function withTags(tags: TagMap, more: TagMap): TagMap {
  const out = new Map(tags);
  more.forEach((v, k) => out.set(k, v));
  return out;
}

/** What a folder inherits from the anchors above it (shared by every folder under the same deepest anchor). */
interface Chain {
  ancestors: AnchorState[];
  tags: TagMap;
  tagsId: number;
  include: GlobSet | null;
  defaultsOn: boolean;
  /** Loaded anchors with excludes, and every anchor with ignore rules (deepest first); null: none. */
  excludes: Array<{ anchor: AnchorState; set: GlobSet }> | null;
  ignores: Array<{ anchor: AnchorState; matcher: IgnoreMatcher }> | null;
}

export class Resolver {
  private readonly byDir = new Map<string, AnchorState>();
  private readonly plans = new Map<string, FolderPlan>();
  private readonly chains = new Map<AnchorState | null, Chain>();
  /** Distinct tag maps (by content), so rows of folders with equal tags share one. */
  readonly tagMaps: TagMap[] = [EMPTY_TAGS];
  private readonly tagIds = new Map<string, number>([['', 0]]);
  private readonly include: GlobSet | null;
  private readonly exclude: GlobSet | null;

  constructor(anchors: readonly AnchorState[], include: readonly string[], exclude: readonly string[]) {
    for (const a of anchors) this.byDir.set(a.rel, a);
    this.include = compileGlobSet(include);
    this.exclude = compileGlobSet(exclude);
  }

  /** An anchor found while walking (before any file below it is resolved). */
  addAnchor(a: AnchorState): void {
    this.byDir.set(a.rel, a);
  }

  private tagsIdOf(tags: TagMap): number {
    const key = JSON.stringify([...tags]);
    let id = this.tagIds.get(key);
    if (id === undefined) {
      id = this.tagMaps.length;
      this.tagMaps.push(tags);
      this.tagIds.set(key, id);
    }
    return id;
  }

  /**
   * The chain ending at `deepest` (null: no anchor above), extending its parent chain by one
   * anchor: what the parent inherits, then what `deepest` adds. Built from the parent, not by
   * going over every ancestor again, and kept small: with hundreds of anchors V8 optimises it.
   */
  private chain(deepest: AnchorState | null, parent: Chain | null): Chain {
    let c = this.chains.get(deepest);
    if (c) return c;
    c = deepest ? this.extend(parent ?? this.chain(null, null), deepest) : this.rootChain();
    this.chains.set(deepest, c);
    return c;
  }

  /** No anchor above: the directive's own include, dlm's defaults on. */
  private rootChain(): Chain {
    const tagsId = this.tagsIdOf(EMPTY_TAGS);
    return { ancestors: [], tags: this.tagMaps[tagsId]!, tagsId, include: this.include, defaultsOn: true, excludes: null, ignores: null };
  }

  private extend(parent: Chain, a: AnchorState): Chain {
    const ancestors = parent.ancestors.concat(a);
    let { tags, tagsId, include, defaultsOn, excludes } = parent;
    if (loaded(a)) {
      const cfg = a.yaml!.config!;
      if (cfg.include.length) include = compileGlobSet(cfg.include);
      defaultsOn = cfg.excludeDefaults;
      if (cfg.metadata.size) {
        tags = withTags(tags, cfg.metadata);
        tagsId = this.tagsIdOf(tags);
        tags = this.tagMaps[tagsId]!;
      }
      const set = compileGlobSet(cfg.exclude);
      if (set) excludes = (excludes ?? []).concat({ anchor: a, set });
    }
    let ignores = parent.ignores;
    if (a.ignore && a.ignore.rules.length) ignores = [{ anchor: a, matcher: ignoreMatcher(a.ignore) }].concat(ignores ?? []); // deepest first
    return { ancestors, tags, tagsId, include, defaultsOn, excludes, ignores };
  }

  private chainOf(dir: string, parent: FolderPlan | null): Chain {
    if (!parent) {
      const root = this.byDir.get('') ?? null;
      return root ? this.chain(root, this.chain(null, null)) : this.chain(null, null);
    }
    const own = this.byDir.get(dir);
    return own ? this.chain(own, parent.chain) : parent.chain;
  }

  /** The plan of the folder `dir` ('' = the directive root), made once (its parent's first). */
  plan(dir: string): FolderPlan {
    let p = this.plans.get(dir);
    if (p) return p;
    const slash = dir.lastIndexOf('/');
    const parent = dir === '' ? null : this.plan(slash === -1 ? '' : dir.slice(0, slash));
    const name = dir.slice(slash + 1);
    const c = this.chainOf(dir, parent);
    const here = dir === '' ? '' : `${dir}/`;
    const inAnchor = (a: AnchorState) => (a.rel === '' ? here : here.slice(a.rel.length + 1));
    const vectors: FolderPlan['vectors'] = [];
    // the automaton states of `set` at this folder: the parent's, one step further (see FolderGlobs)
    const matcher = (set: GlobSet, base: string, prefix: string): NameMatcher => {
      const globs = folderGlobsOf(set);
      const from = parent?.vectors.find((v) => v.globs === globs && v.base === base);
      const id = from ? globs.child(from.id, name) : globs.vectorAt(prefix);
      vectors.push({ globs, base, id });
      return globs.matcher(id, () => prefix);
    };
    let include = c.include ? matcher(c.include, '', here) : null;
    if (include?.never) include = null;
    const excludes: NameMatcher[] = [];
    const addExclude = (m: NameMatcher) => { if (!m.never) excludes.push(m); };
    if (this.exclude) addExclude(matcher(this.exclude, '', here));
    if (c.defaultsOn) addExclude(matcher(DEFAULTS, '', here));
    if (c.excludes) for (const e of c.excludes) addExclude(matcher(e.set, e.anchor.rel, inAnchor(e.anchor)));
    const ignores: NonNullable<FolderPlan['ignores']> = [];
    if (c.ignores) for (const i of c.ignores) ignores.push({ matcher: i.matcher, prefix: inAnchor(i.anchor) });
    p = new Plan(c, include, nonEmpty(excludes), nonEmpty(ignores), vectors);
    this.plans.set(dir, p);
    return p;
  }

  /** Is the file `name` of a folder with plan `p` kept? */
  keeps(p: FolderPlan, name: string): boolean {
    if (p.include === null || !p.include.test(name)) return false;
    // the last matching rule of each ignore file decides; deeper files decide later (so first here)
    if (p.ignores) for (const ig of p.ignores) {
      const rule = ig.matcher.decide(ig.prefix + name);
      if (rule) return rule.negated;
    }
    if (p.excludes) for (const ex of p.excludes) if (ex.test(name)) return false;
    return true;
  }

  resolve(rel: string): Resolution {
    const slash = rel.lastIndexOf('/');
    const p = this.plan(slash === -1 ? '' : rel.slice(0, slash));
    return { kept: this.keeps(p, rel.slice(slash + 1)), tags: p.tags, ancestors: p.ancestors };
  }
}
