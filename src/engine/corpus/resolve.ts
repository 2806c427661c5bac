// Per-file resolution for one directive (semantics.md §3): include, the
// exclude flag (directive, defaults, config excludes, ignore rules) and tags.
import { compileGlobSet, type GlobSet } from '../glob.js';
import { DEFAULT_EXCLUDES } from '../defaultExcludes.js';
import { ignoreMatcher } from '../ignoreMatcher.js';
import type { TagMap } from '../types.js';
import { loaded, type AnchorState } from './anchors.js';

export interface Resolution {
  kept: boolean;
  tags: TagMap;
  /** Anchors containing the file, shallow to deep. */
  ancestors: AnchorState[];
}

const DEFAULTS = compileGlobSet(DEFAULT_EXCLUDES)!;
const EMPTY_TAGS: TagMap = new Map();

export class Resolver {
  private byDir = new Map<string, AnchorState>();
  private chainCache = new Map<string, { ancestors: AnchorState[]; tags: TagMap }>();
  private readonly include: GlobSet | null;
  private readonly exclude: GlobSet | null;

  constructor(anchors: readonly AnchorState[], include: readonly string[], exclude: readonly string[]) {
    for (const a of anchors) this.byDir.set(a.rel, a);
    this.include = compileGlobSet(include);
    this.exclude = compileGlobSet(exclude);
  }

  /** Anchors containing `rel` (a file path relative to the directive root) and their merged tags, cached per directory. */
  private chain(rel: string): { ancestors: AnchorState[]; tags: TagMap } {
    const slash = rel.lastIndexOf('/');
    const dir = slash === -1 ? '' : rel.slice(0, slash);
    let c = this.chainCache.get(dir);
    if (c) return c;
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
    for (const a of ancestors) {
      if (!loaded(a)) continue;
      const md = a.yaml!.config!.metadata;
      if (md.size === 0) continue;
      if (tags === EMPTY_TAGS) tags = new Map();
      for (const [k, v] of md) tags.set(k, v); // a deeper value wins; the key keeps its first position
    }
    c = { ancestors, tags };
    this.chainCache.set(dir, c);
    return c;
  }

  resolve(rel: string): Resolution {
    const { ancestors, tags } = this.chain(rel);
    let deepestLoaded: AnchorState | undefined;
    let includeFrom: AnchorState | undefined;
    for (const a of ancestors) {
      if (!loaded(a)) continue;
      deepestLoaded = a;
      if (a.yaml!.config!.include.length) includeFrom = a;
    }
    const included = includeFrom ? compileGlobSet(includeFrom.yaml!.config!.include)!.test(rel) : (this.include?.test(rel) ?? false);
    let excluded = this.exclude?.test(rel) ?? false;
    const defaultsOn = deepestLoaded ? deepestLoaded.yaml!.config!.excludeDefaults : true;
    if (defaultsOn && DEFAULTS.test(rel)) excluded = true;
    for (const a of ancestors) {
      if (!loaded(a)) continue;
      const ex = a.yaml!.config!.exclude;
      if (ex.length && compileGlobSet(ex)!.test(relTo(a, rel))) excluded = true;
    }
    for (const a of ancestors) {
      if (!a.ignore) continue;
      // the last matching rule of each ignore file decides; deeper files decide later
      const rule = ignoreMatcher(a.ignore).decide(relTo(a, rel));
      if (rule) excluded = !rule.negated;
    }
    return { kept: included && !excluded, tags, ancestors };
  }
}

function relTo(a: AnchorState, rel: string): string {
  return a.rel === '' ? rel : rel.slice(a.rel.length + 1);
}
