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

/** One RegExp matching when any of the patterns fully matches (faster than a loop). */
export function compileGlobSet(patterns: readonly string[]): RegExp | null {
  if (patterns.length === 0) return null;
  const key = '\u0000set\u0000' + patterns.join('\u0000');
  let re = cache.get(key);
  if (!re) {
    re = new RegExp(`^(?:${patterns.map((p) => pythonDot(globSource(p))).join('|')})$`, 'u');
    cache.set(key, re);
  }
  return re;
}
