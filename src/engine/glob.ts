// dlm's glob dialect: matched against a whole POSIX path, with `**` crossing
// directories, `*` and `?` staying inside one component, and every other
// character literal (no character classes, unlike fnmatch or gitignore).
//
// dlm translates a glob to a Python regular expression: `**` → `.*` (and a
// `/` right after `**` is swallowed), `*` → `[^/]*`, `?` → `[^/]`. Python's
// `.` does not match "\n", so neither does `**` here. Short, simple patterns
// run as a JavaScript RegExp; long or star-heavy ones (which backtrack
// exponentially, or exceed the regex size limit) run on a linear-time
// automaton with identical results.

export interface GlobMatcher {
  test(path: string): boolean;
}

type Token = { k: 'lit'; c: string } | { k: 'star' } | { k: 'dstar' } | { k: 'q' };

/** Split a pattern into tokens by code point, the way dlm's translation reads it. */
function tokenize(pattern: string): Token[] {
  const chars = Array.from(pattern);
  const out: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') {
      if (chars[i + 1] === '*') {
        out.push({ k: 'dstar' });
        i++;
        if (chars[i + 1] === '/') i++; // `**/` also matches zero directories
      } else out.push({ k: 'star' });
    } else if (c === '?') out.push({ k: 'q' });
    else out.push({ k: 'lit', c });
  }
  return out;
}

/** Regex source for one pattern (no anchors). */
export function globSource(pattern: string): string {
  return tokensSource(tokenize(pattern));
}

/**
 * Thompson-style simulation: the set of token positions reachable after each
 * code point. O(path × pattern), no backtracking.
 */
class AutomatonMatcher implements GlobMatcher {
  private readonly cur: Uint8Array;
  private readonly next: Uint8Array;
  constructor(private readonly tokens: Token[]) {
    this.cur = new Uint8Array(tokens.length + 1);
    this.next = new Uint8Array(tokens.length + 1);
  }
  /** Add state i and every state reachable from it without input (stars match empty). */
  private add(set: Uint8Array, i: number): void {
    const t = this.tokens;
    while (i <= t.length && !set[i]) {
      set[i] = 1;
      const tok = t[i];
      if (!tok || (tok.k !== 'star' && tok.k !== 'dstar')) return;
      i++;
    }
  }
  test(path: string): boolean {
    const t = this.tokens;
    let cur = this.cur;
    let next = this.next;
    cur.fill(0);
    this.add(cur, 0);
    for (const c of path) {
      next.fill(0);
      let any = false;
      for (let i = 0; i < t.length; i++) {
        if (!cur[i]) continue;
        const tok = t[i]!;
        if (tok.k === 'lit' ? tok.c === c : tok.k === 'q' ? c !== '/' : false) { this.add(next, i + 1); any = true; }
        else if (tok.k === 'star' ? c !== '/' : tok.k === 'dstar' ? c !== '\n' : false) { this.add(next, i); any = true; }
      }
      if (!any) return false;
      [cur, next] = [next, cur];
    }
    return cur[t.length] === 1;
  }
}

class ExactMatcher implements GlobMatcher {
  constructor(private readonly literal: string) {}
  test(path: string): boolean {
    return path === this.literal;
  }
}

/** Up to this many wildcards and this length, V8's regex engine is safe and fastest. */
const REGEX_MAX_WILDCARDS = 3;
const REGEX_MAX_LENGTH = 2000;

const cache = new Map<string, GlobMatcher>();

/** A full-match matcher for one pattern (cached). */
export function compileGlob(pattern: string): GlobMatcher {
  let m = cache.get(pattern);
  if (m) return m;
  const tokens = tokenize(pattern);
  const wildcards = tokens.filter((t) => t.k !== 'lit').length;
  if (wildcards === 0) m = new ExactMatcher(pattern);
  else if (wildcards <= REGEX_MAX_WILDCARDS && pattern.length <= REGEX_MAX_LENGTH) m = new RegExp(`^(?:${globSource(pattern)})$`, 'u');
  else m = new AutomatonMatcher(tokens);
  if (cache.size > 10_000) cache.clear(); // patterns come from user files: keep the cache bounded
  cache.set(pattern, m);
  return m;
}

export function globMatch(pattern: string, path: string): boolean {
  return compileGlob(pattern).test(path);
}

/** The literal text a pattern must start and end with (before the first / after the last wildcard). */
export function literalEnds(pattern: string): { prefix: string; suffix: string; exact: boolean } {
  // tokenise as dlm does: `**` swallows a following `/`, so that `/` is not literal
  let first = -1;
  let afterLast = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c !== '*' && c !== '?') continue;
    if (first === -1) first = i;
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') i++;
    }
    afterLast = i + 1;
  }
  if (first === -1) return { prefix: pattern, suffix: '', exact: true };
  return { prefix: pattern.slice(0, first), suffix: pattern.slice(afterLast), exact: false };
}

/**
 * A set of patterns matched as "any of them fully matches". Each pattern's
 * literal prefix and suffix are checked first, so most paths never reach a
 * matcher (one big alternation backtracks badly).
 */
export class GlobSet {
  private readonly entries: Array<{ prefix: string; suffix: string; exact: boolean; pattern: string; m: GlobMatcher }>;
  constructor(readonly patterns: readonly string[]) {
    this.entries = patterns.map((p) => ({ ...literalEnds(p), pattern: p, m: compileGlob(p) }));
  }
  get size(): number {
    return this.entries.length;
  }
  test(path: string): boolean {
    for (const e of this.entries) {
      if (e.exact) {
        if (path === e.pattern) return true;
        continue;
      }
      if (path.length < e.prefix.length + e.suffix.length) continue;
      if (!path.startsWith(e.prefix) || !path.endsWith(e.suffix)) continue;
      if (e.m.test(path)) return true;
    }
    return false;
  }
}

const setCache = new Map<string, GlobSet>();
/** Sets by the identity of their pattern array (a config's list): no key string per lookup. */
const setByArray = new WeakMap<readonly string[], GlobSet>();

/** A cached GlobSet for these patterns, or null when there are none. */
export function compileGlobSet(patterns: readonly string[]): GlobSet | null {
  if (patterns.length === 0) return null;
  let set = setByArray.get(patterns);
  if (set) return set;
  const key = patterns.join('\u0000');
  set = setCache.get(key);
  if (!set) {
    if (setCache.size > 1_000) setCache.clear();
    set = new GlobSet(patterns);
    setCache.set(key, set);
  }
  setByArray.set(patterns, set);
  return set;
}

// ---------------------------------------------------------------- per-folder specialisation
//
// Every file of one folder shares the path up to its name. A set's patterns
// are run over that prefix once per folder (the automaton's state set after
// it), so for each file only the rest of each pattern that can still match is
// tested against the bare name: patterns that cannot match anything in the
// folder cost nothing, `**/*` costs nothing, and `**/*.pem` is one endsWith.

/** Tests a file name (no `/`) as the last component after a fixed folder prefix. */
export interface NameMatcher {
  /** No name can match. */
  readonly never: boolean;
  /** Every name matches. */
  readonly always: boolean;
  test(name: string): boolean;
}

/** Automaton state sets as bit masks: patterns of up to this many tokens. */
const MASK_TOKENS = 30;

function closeMask(tokens: readonly Token[], mask: number): number {
  for (let i = 0; i < tokens.length; i++) {
    if (mask & (1 << i) && (tokens[i]!.k === 'star' || tokens[i]!.k === 'dstar')) mask |= 1 << (i + 1);
  }
  return mask;
}

function stepMask(tokens: readonly Token[], mask: number, text: string): number {
  for (const c of text) {
    if (mask === 0) return 0;
    let next = 0;
    for (let i = 0; i < tokens.length; i++) {
      if (!(mask & (1 << i))) continue;
      const t = tokens[i]!;
      if (t.k === 'lit' ? t.c === c : t.k === 'q' ? c !== '/' : false) next |= 1 << (i + 1);
      else if (t.k === 'star' ? c !== '/' : t.k === 'dstar' ? c !== '\n' : false) next |= 1 << i;
    }
    mask = closeMask(tokens, next);
  }
  return mask;
}

/** The rest of a pattern from one automaton state, tested on a bare name. */
class RestMatcher {
  readonly never: boolean;
  readonly always: boolean;
  private readonly prefix: string;
  private readonly suffix: string;
  private readonly inner: string;
  private readonly exact: boolean;
  private readonly m: GlobMatcher | null;
  /** The last UTF-16 unit any matching name must end with, or -1. */
  readonly lastUnit: number;
  constructor(rest: readonly Token[]) {
    const wild = rest.filter((t) => t.k !== 'lit');
    // a name has no `/`: a literal `/` left in the pattern cannot match; an empty name does not exist
    this.never = rest.length === 0 || rest.some((t) => t.k === 'lit' && t.c === '/');
    // `*` matches any name; `**` any name without a newline
    this.always = !this.never && wild.length === rest.length && rest.some((t) => t.k === 'star');
    const lits = (ts: readonly Token[]) => ts.map((t) => (t.k === 'lit' ? t.c : '')).join('');
    const first = rest.findIndex((t) => t.k !== 'lit');
    let last = -1;
    for (let i = rest.length - 1; i >= 0; i--) if (rest[i]!.k !== 'lit') { last = i; break; }
    this.exact = first === -1;
    this.prefix = this.exact ? lits(rest) : lits(rest.slice(0, first));
    this.suffix = this.exact ? '' : lits(rest.slice(last + 1));
    // the longest literal run inside: a name without it cannot match
    let inner = '';
    let run = '';
    for (const t of rest.slice(first + 1, last)) {
      if (t.k === 'lit') { run += t.c; if (run.length > inner.length) inner = run; } else run = '';
    }
    this.inner = inner;
    const end = this.exact ? this.prefix : this.suffix;
    this.lastUnit = end === '' ? -1 : end.charCodeAt(end.length - 1);
    this.m = this.never || this.always || this.exact ? null : matcherOfTokens(rest);
  }
  test(name: string): boolean {
    if (this.never) return false;
    if (this.always) return true;
    if (this.exact) return name === this.prefix;
    if (name.length < this.prefix.length + this.suffix.length || !name.startsWith(this.prefix) || !name.endsWith(this.suffix)) return false;
    if (this.inner !== '' && !name.includes(this.inner)) return false;
    return this.m!.test(name);
  }
}

function tokensSource(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.k === 'dstar' ? '[^\\n]*' : t.k === 'star' ? '[^/]*' : t.k === 'q' ? '[^/]' : t.c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
}

function matcherOfTokens(tokens: readonly Token[]): GlobMatcher {
  const wildcards = tokens.filter((t) => t.k !== 'lit').length;
  const src = tokensSource(tokens);
  return wildcards <= REGEX_MAX_WILDCARDS && src.length <= REGEX_MAX_LENGTH ? new RegExp(`^(?:${src})$`, 'u') : new AutomatonMatcher([...tokens]);
}

class NameMatcherOf implements NameMatcher {
  readonly never: boolean;
  readonly always: boolean;
  /** Rests by the last unit of their literal suffix; `anyEnd`: those without one. */
  private readonly byLast = new Map<number, RestMatcher[]>();
  private readonly anyEnd: RestMatcher[] = [];
  constructor(rests: readonly RestMatcher[], private readonly full: readonly GlobMatcher[], private readonly prefix: string) {
    this.always = rests.some((r) => r.always);
    this.never = !this.always && rests.length === 0 && full.length === 0;
    for (const r of rests) {
      const end = r.lastUnit;
      if (end === -1) { this.anyEnd.push(r); continue; }
      const list = this.byLast.get(end);
      if (list) list.push(r); else this.byLast.set(end, [r]);
    }
  }
  test(name: string): boolean {
    if (this.always) return true;
    for (const r of this.anyEnd) if (r.test(name)) return true;
    const ending = this.byLast.get(name.charCodeAt(name.length - 1));
    if (ending) for (const r of ending) if (r.test(name)) return true;
    if (this.full.length) {
      const path = this.prefix + name;
      for (const m of this.full) if (m.test(path)) return true;
    }
    return false;
  }
}

interface Compiled {
  tokens: Token[] | null;
  initial: number;
  /** Rest matchers by start state. */
  rests: Map<number, RestMatcher>;
  full: GlobMatcher;
}

/**
 * Per-folder matchers of one GlobSet (see above). A folder's automaton
 * states (one mask per pattern: a "vector", numbered, shared by every
 * folder in the same states) come from its parent folder's by one step over
 * the folder's name, so a walk pays one small map lookup per folder.
 */
export class FolderGlobs {
  private readonly compiled: Compiled[];
  private readonly hasFull: boolean;
  private readonly vectors: Int32Array[] = [];
  private readonly vectorIds = new Map<string, number>();
  /** Vector number → folder name → vector number of the child folder. */
  private readonly steps: Array<Map<string, number>> = [];
  private readonly matchers: NameMatcher[] = [];
  /** A child's vector is worked out here and copied only when it differs from its parent's (rarely). */
  private readonly scratch: Int32Array;

  constructor(patterns: readonly string[]) {
    this.compiled = patterns.map((p) => {
      const tokens = tokenize(p);
      const masked = tokens.length <= MASK_TOKENS;
      return { tokens: masked ? tokens : null, initial: masked ? closeMask(tokens, 1) : 0, rests: new Map(), full: compileGlob(p) };
    });
    this.hasFull = this.compiled.some((c) => !c.tokens);
    this.scratch = new Int32Array(this.compiled.length);
    this.intern(Int32Array.from(this.compiled, (c) => c.initial));
  }

  private intern(v: Int32Array): number {
    const key = v.join(',');
    let id = this.vectorIds.get(key);
    if (id === undefined) {
      id = this.vectors.length;
      this.vectors.push(v);
      this.vectorIds.set(key, id);
      this.steps.push(new Map());
    }
    return id;
  }

  /** The vector of a path that has no folders (the set's base). */
  readonly root = 0;

  /** The vector of the folder `name` inside a folder whose vector is `from`. */
  child(from: number, name: string): number {
    const cached = this.steps[from]!.get(name);
    if (cached !== undefined) return cached;
    const base = this.vectors[from]!;
    const v = this.scratch.fill(0);
    let same = true;
    const text = `${name}/`;
    for (let p = 0; p < v.length; p++) {
      const t = this.compiled[p]!.tokens;
      if (t && base[p] !== 0) v[p] = stepMask(t, base[p]!, text);
      if (v[p] !== base[p]) same = false;
    }
    // most folder names leave every pattern where it was (`**/…` stays `**/…`)
    const id = same ? from : this.intern(v.slice());
    const m = this.steps[from]!;
    if (m.size > 4096) m.clear(); // names come from the disk: keep it bounded
    m.set(name, id);
    return id;
  }

  /** The vector after a folder prefix ('' or 'a/b/'), stepping from the base. */
  vectorAt(prefix: string): number {
    let id = this.root;
    for (let i = 0, j = prefix.indexOf('/'); j !== -1; i = j + 1, j = prefix.indexOf('/', i)) id = this.child(id, prefix.slice(i, j));
    return id;
  }

  /** The matcher for names in a folder with vector `id`; `prefix`: that folder's path from the base ('' or 'a/b/'), needed only by very long patterns. */
  matcher(id: number, prefix: () => string): NameMatcher {
    // whole-path patterns (too long for a mask) need the prefix itself: no sharing then
    if (!this.hasFull && this.matchers[id]) return this.matchers[id]!;
    const masks = this.vectors[id]!;
    const rests: RestMatcher[] = [];
    const full: GlobMatcher[] = [];
    for (let p = 0; p < this.compiled.length; p++) {
      const c = this.compiled[p]!;
      if (!c.tokens) { full.push(c.full); continue; }
      for (let s = 0, mask = masks[p]!; mask !== 0; s++, mask >>>= 1) {
        if (!(mask & 1)) continue;
        let r = c.rests.get(s);
        if (!r) c.rests.set(s, (r = new RestMatcher(c.tokens.slice(s))));
        if (!r.never) rests.push(r);
      }
    }
    const out = new NameMatcherOf(rests, full, this.hasFull ? prefix() : '');
    if (!this.hasFull) this.matchers[id] = out;
    return out;
  }

  /** The matcher for names directly in the folder `prefix` ('' for the base, else 'a/b/'). */
  forPrefix(prefix: string): NameMatcher {
    return this.matcher(this.vectorAt(prefix), () => prefix);
  }
}

const folderGlobs = new WeakMap<GlobSet, FolderGlobs>();

/** Per-folder matchers for a set's patterns (kept with the set). */
export function folderGlobsOf(set: GlobSet): FolderGlobs {
  let f = folderGlobs.get(set);
  if (!f) folderGlobs.set(set, (f = new FolderGlobs(set.patterns)));
  return f;
}

/** The automaton matcher for any pattern (tests compare it with the RegExp form). */
export function compileAutomaton(pattern: string): GlobMatcher {
  return new AutomatonMatcher(tokenize(pattern));
}
