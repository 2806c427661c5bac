// dlm's glob dialect: matched against a whole POSIX path, with `**` crossing
// directories, `*` and `?` staying inside one component, and every other
// character literal (no character classes, unlike fnmatch or gitignore).

const cache = new Map<string, RegExp>();

/** Regex source for one pattern (no anchors). */
export function globSource(pattern: string): string {
  let out = '';
  const chars = Array.from(pattern); // by code point, so `?` matches one astral char
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') {
      if (chars[i + 1] === '*') {
        out += '[^]*'; // Python's `.*` with DOTALL-free semantics below
        i++;
        if (chars[i + 1] === '/') i++; // `**/` also matches zero directories
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&');
    }
  }
  return out;
}

// Python's `.` matches anything but "\n"; `[^]` would also match "\n".
// Patterns are compiled with `.` spelled as `[^\n]` to keep that edge exact.
function pythonDot(source: string): string {
  return source.replace(/\[\^\]\*/g, '[^\\n]*');
}

/** Compile a pattern to a full-match RegExp (cached). */
export function compileGlob(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pythonDot(globSource(pattern))})$`, 'u');
    cache.set(pattern, re);
  }
  return re;
}

export function globMatch(pattern: string, path: string): boolean {
  return compileGlob(pattern).test(path);
}

/** The literal text a pattern must start and end with (before the first / after the last wildcard). */
function literalEnds(pattern: string): { prefix: string; suffix: string; exact: boolean } {
  // tokenise as globSource does: `**` swallows a following `/`, so that `/` is not literal
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
 * regular expression (one big alternation backtracks badly).
 */
export class GlobSet {
  private readonly entries: Array<{ prefix: string; suffix: string; exact: boolean; pattern: string; re: RegExp }>;
  constructor(readonly patterns: readonly string[]) {
    this.entries = patterns.map((p) => ({ ...literalEnds(p), pattern: p, re: compileGlob(p) }));
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
      if (e.re.test(path)) return true;
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
    set = new GlobSet(patterns);
    setCache.set(key, set);
  }
  return set;
}
