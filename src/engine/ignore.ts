// `.dlm/ignore`: a gitignore look-alike with its own, narrower semantics
// (semantics.md §3). Parsing keeps the line of every rule and every dropped
// line so the editor can point at them.
import { compileGlob } from './glob.js';
import { pyIsBlank, pyLstrip, pyRstrip, pySplitLines } from './pytext.js';

/**
 * dlm reads an ignore file of any size; dlm-weights evaluates one up to this
 * size (about 64k rules) and reports a bigger one as not evaluated, rather
 * than stalling an editor on it.
 */
export const MAX_IGNORE_BYTES = 1 << 20;

export interface IgnoreRule {
  pattern: string;
  negated: boolean;
  anchored: boolean;
  dirOnly: boolean;
  /** 0-based line in the file, counting every Python line break. */
  line: number;
  raw: string;
}

export interface DroppedIgnoreLine {
  line: number;
  raw: string;
}

export interface IgnoreFile {
  rules: IgnoreRule[];
  dropped: DroppedIgnoreLine[];
}

export function parseIgnore(text: string): IgnoreFile {
  const rules: IgnoreRule[] = [];
  const dropped: DroppedIgnoreLine[] = [];
  const lines = pySplitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    let s = pyRstrip(raw);
    if (pyIsBlank(s) || pyLstrip(s).startsWith('#')) continue;
    const negated = s.startsWith('!');
    if (negated) s = s.slice(1);
    if (s === '') { dropped.push({ line: i, raw }); continue; }
    const anchored = s.startsWith('/');
    if (anchored) s = s.slice(1);
    if (s === '') { dropped.push({ line: i, raw }); continue; }
    const dirOnly = s.endsWith('/');
    if (dirOnly) s = s.slice(0, -1);
    if (s === '') { dropped.push({ line: i, raw }); continue; }
    rules.push({ pattern: s, negated, anchored, dirOnly, line: i, raw });
  }
  return { rules, dropped };
}

/** Does `rule` match `rel`, a file path relative to the rule's anchor? */
export function ignoreRuleMatches(rule: IgnoreRule, rel: string): boolean {
  const re = compileGlob(rule.pattern);
  if (rule.dirOnly) {
    // never the file's own path; unanchored: any parent directory's name
    if (rule.anchored) return false;
    const parts = rel.split('/');
    for (let i = 0; i < parts.length - 1; i++) if (re.test(parts[i]!)) return true;
    return false;
  }
  if (rule.anchored) return re.test(rel);
  // unanchored: any suffix starting at a component boundary
  if (re.test(rel)) return true;
  for (let i = rel.indexOf('/'); i !== -1; i = rel.indexOf('/', i + 1)) {
    if (re.test(rel.slice(i + 1))) return true;
  }
  return false;
}
