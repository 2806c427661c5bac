// Per-file resolution for one directive (semantics.md §3): include, the
// exclude flag (directive, defaults, config excludes, ignore rules) and tags.
//
// Everything but the file's name depends only on its folder: which anchors
// contain it, its tags, which include applies, whether the defaults are on,
// and what is left of each pattern once the folder's path is matched. That
// is worked out once per folder (a FolderPlan); a file then costs a few name
// tests. Anchors may be added while a tree is walked: a folder's anchors are
// all known by the time its first file is listed.
import { compileGlobSet, folderGlobsOf, type NameMatcher } from '../glob.js';
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
  /** Static excludes that can match something here (directive, defaults, configs). */
  excludes: NameMatcher[];
  /** Ignore files above, deepest first, with this folder's path relative to each. */
  ignores: Array<{ matcher: IgnoreMatcher; prefix: string }>;
}

const DEFAULTS = compileGlobSet(DEFAULT_EXCLUDES)!;
const EMPTY_TAGS: TagMap = new Map();

export class Resolver {
  private readonly byDir = new Map<string, AnchorState>();
  private readonly plans = new Map<string, FolderPlan>();
  /** Distinct tag maps (by content), so rows of folders with equal tags share one. */
  readonly tagMaps: TagMap[] = [EMPTY_TAGS];
  private readonly tagIds = new Map<string, number>([['', 0]]);

  constructor(anchors: readonly AnchorState[], private readonly include: readonly string[], private readonly exclude: readonly string[]) {
    for (const a of anchors) this.byDir.set(a.rel, a);
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

  /** The plan of the folder `dir` ('' = the directive root), made once. */
  plan(dir: string): FolderPlan {
    let p = this.plans.get(dir);
    if (p) return p;
    const ancestors: AnchorState[] = [];
    const root = this.byDir.get('');
    if (root) ancestors.push(root);
    for (let i = dir.indexOf('/'); ; i = dir.indexOf('/', i + 1)) {
      const prefix = i === -1 ? dir : dir.slice(0, i);
      if (prefix !== '') {
        const a = this.byDir.get(prefix);
        if (a) ancestors.push(a);
      }
      if (i === -1) break;
    }
    let tags = EMPTY_TAGS;
    let deepestLoaded: AnchorState | undefined;
    let includeFrom: AnchorState | undefined;
    for (const a of ancestors) {
      if (!loaded(a)) continue;
      const c = a.yaml!.config!;
      deepestLoaded = a;
      if (c.include.length) includeFrom = a;
      if (c.metadata.size === 0) continue;
      if (tags === EMPTY_TAGS) tags = new Map();
      for (const [k, v] of c.metadata) tags.set(k, v); // a deeper value wins; the key keeps its first position
    }
    const tagsId = this.tagsIdOf(tags);
    tags = this.tagMaps[tagsId]!;
    const here = dir === '' ? '' : `${dir}/`;
    const inAnchor = (a: AnchorState) => (a.rel === '' ? here : here.slice(a.rel.length + 1));
    const matcher = (patterns: readonly string[], prefix: string): NameMatcher | null => {
      const set = compileGlobSet(patterns);
      return set ? folderGlobsOf(set).forPrefix(prefix) : null;
    };
    let include = matcher(includeFrom ? includeFrom.yaml!.config!.include : this.include, here);
    if (include?.never) include = null;
    const excludes: NameMatcher[] = [];
    const addExclude = (m: NameMatcher | null) => { if (m && !m.never) excludes.push(m); };
    addExclude(matcher(this.exclude, here));
    if (deepestLoaded ? deepestLoaded.yaml!.config!.excludeDefaults : true) addExclude(folderGlobsOf(DEFAULTS).forPrefix(here));
    for (const a of ancestors) if (loaded(a)) addExclude(matcher(a.yaml!.config!.exclude, inAnchor(a)));
    const ignores: FolderPlan['ignores'] = [];
    for (let k = ancestors.length - 1; k >= 0; k--) {
      const a = ancestors[k]!;
      if (a.ignore && a.ignore.rules.length) ignores.push({ matcher: ignoreMatcher(a.ignore), prefix: inAnchor(a) });
    }
    p = { ancestors, tags, tagsId, include, excludes, ignores };
    this.plans.set(dir, p);
    return p;
  }

  /** Is the file `name` of a folder with plan `p` kept? */
  keeps(p: FolderPlan, name: string): boolean {
    if (p.include === null || !p.include.test(name)) return false;
    // the last matching rule of each ignore file decides; deeper files decide later (so first here)
    for (const ig of p.ignores) {
      const rule = ig.matcher.decide(ig.prefix + name);
      if (rule) return rule.negated;
    }
    for (const ex of p.excludes) if (ex.test(name)) return false;
    return true;
  }

  resolve(rel: string): Resolution {
    const slash = rel.lastIndexOf('/');
    const p = this.plan(slash === -1 ? '' : rel.slice(0, slash));
    return { kept: this.keeps(p, rel.slice(slash + 1)), tags: p.tags, ancestors: p.ancestors };
  }
}
