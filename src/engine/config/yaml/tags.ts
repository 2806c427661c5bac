// PyYAML's tag and directive scanners, where they read differently from the `yaml` package.

const URI_CHAR = /[0-9A-Za-z\-;/?:@&=+$,_.!~*'()[\]%]/;

export interface ScanProblem {
  code: string;
  message: string;
  /** Offset of PyYAML's problem mark. */
  at: number;
}

/**
 * PyYAML's tag scanner, run at a `!`: returns why PyYAML rejects the tag, or
 * null when it reads the same characters as the `yaml` package's tag token.
 */
export function pyTagProblem(src: string, at: number, tokenLength: number): ScanProblem | null {
  let i = at + 1;
  const isBreak = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\n';
  const uri = (): boolean => {
    const start = i;
    while (i < src.length && URI_CHAR.test(src[i]!)) {
      if (src[i] === '%' && !/^%[0-9A-Fa-f]{2}/.test(src.slice(i, i + 3))) return false;
      i++;
    }
    return i > start;
  };
  const problem = (message: string): ScanProblem => ({ code: 'yaml-syntax', message, at: i });
  if (src[i] === '<') {
    i++;
    if (!uri() || src[i] !== '>') return problem('a verbatim tag `!<…>` must hold a URI and end with `>` (PyYAML: "expected URI" / "expected \'>\'")');
    i++;
  } else if (isBreak(src[i]) || src[i] === '\t') {
    // the non-specific tag `!`
  } else {
    let j = i;
    let handle = false;
    while (j < src.length && src[j] !== ' ' && src[j] !== '\n') { if (src[j] === '!') { handle = true; break; } j++; }
    if (handle) {
      while (i < src.length && /[0-9A-Za-z_-]/.test(src[i]!)) i++;
      if (src[i] !== '!') return problem('a tag handle may only use letters, digits, `-` and `_` between its `!`s (PyYAML: "expected \'!\'")');
      i++;
    }
    if (!uri()) return problem('a tag needs a name after its handle (PyYAML: "expected URI")');
  }
  if (!isBreak(src[i])) return problem(`a tag must be followed by a space or a line break (PyYAML: "expected ' ', but found ${JSON.stringify(src[i])}")`);
  if (i - at !== tokenLength) return problem('this tag is read differently by PyYAML (its characters run into the next token)');
  return null;
}

/** PyYAML's directive scanner, run on a directive line at `at`: a name of [0-9A-Za-z_-], then for %YAML a version 1.x. */
export function pyDirectiveProblem(line: string, at: number): ScanProblem | null {
  const name = /^%([0-9A-Za-z_-]*)/.exec(line)![1]!;
  const rest = line.slice(1 + name.length);
  const syntax = (message: string): ScanProblem => ({ code: 'yaml-syntax', message, at });
  if (!name || (rest !== '' && rest[0] !== ' ')) return syntax('a directive name may only use letters, digits, `-` and `_` (PyYAML: "expected alphabetic or numeric character")');
  if (name === 'YAML') {
    const v = /^ +([0-9]+)\.([0-9]+)(?= |$)/.exec(rest);
    if (!v) return syntax('a %YAML directive needs a version like `1.1` (PyYAML: "expected a digit or \'.\'")');
    if (v[1] !== '1') return { code: 'yaml-version', message: `found incompatible YAML document (version 1.* is required, this says ${v[1]}.${v[2]})`, at };
    const tail = rest.slice(v[0].length);
    if (!/^ *(?:#.*)?$/.test(tail)) return syntax('unexpected text after the %YAML version (PyYAML: "expected a comment or a line break")');
  }
  return null;
}

export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    return s;
  }
}

/** The tag PyYAML builds from a tag token (`!!int`, `!x`, `!e!y`, `!<…>`); null for an undeclared handle. */
export function pyResolveTag(source: string, handles: ReadonlyMap<string, string>): string | null {
  if (source.startsWith('!<')) return percentDecode(source.slice(2, -1));
  if (source === '!') return '!';
  const m = /^(!(?:[0-9A-Za-z_-]*!)?)(.*)$/.exec(source)!;
  let handle = m[1]!;
  let suffix = m[2]!;
  if (!source.slice(1).includes('!')) { handle = '!'; suffix = source.slice(1); }
  const prefix = handles.get(handle) ?? (handle === '!' ? '!' : handle === '!!' ? 'tag:yaml.org,2002:' : null);
  return prefix === null ? null : prefix + percentDecode(suffix);
}
