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
  return tokenize(pattern)
    .map((t) => (t.k === 'dstar' ? '[^\\n]*' : t.k === 'star' ? '[^/]*' : t.k === 'q' ? '[^/]' : t.c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
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

/** A cached GlobSet for these patterns, or null when there are none. */
export function compileGlobSet(patterns: readonly string[]): GlobSet | null {
  if (patterns.length === 0) return null;
  const key = patterns.join('\u0000');
  let set = setCache.get(key);
  if (!set) {
    if (setCache.size > 1_000) setCache.clear();
    set = new GlobSet(patterns);
    setCache.set(key, set);
  }
  return set;
}

/** The automaton matcher for any pattern (tests compare it with the RegExp form). */
export function compileAutomaton(pattern: string): GlobMatcher {
  return new AutomatonMatcher(tokenize(pattern));
}
