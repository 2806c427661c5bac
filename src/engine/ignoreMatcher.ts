// Evaluating a whole `.dlm/ignore` against many paths without trying every
// rule on every path. A rule can only match a path that ends with the
// rule's literal tail (the text after its last wildcard; the whole pattern
// when it has none), since dlm's globs match whole strings and an unanchored
// rule matches a suffix of the path. Rules are bucketed by the last few
// characters of that tail, so a path only meets the rules whose tail it can
// end with, plus the rules that end in a wildcard. A file of 64k literal
// names or suffixes then costs a few map lookups per path, not 64k tests.
import { compileGlob, literalEnds, type GlobMatcher } from './glob.js';
import type { IgnoreFile, IgnoreRule } from './ignore.js';

/** Bucket keys are the last (up to) this many UTF-16 units of a tail. */
const KEY_UNITS = 12;

/** Rules indexed by literal tail; each bucket lists rule indexes in file order. */
class TailIndex {
  private readonly buckets = new Map<string, number[]>();
  private readonly keyLengths: number[];
  /** Rules whose pattern ends in a wildcard: candidates for every string. */
  private readonly always: number[] = [];

  constructor(rules: readonly IgnoreRule[], indexes: readonly number[]) {
    const lengths = new Set<number>();
    for (const i of indexes) {
      const { suffix, exact } = literalEnds(rules[i]!.pattern);
      const tail = exact ? rules[i]!.pattern : suffix;
      if (tail === '') { this.always.push(i); continue; }
      const key = tail.length > KEY_UNITS ? tail.slice(-KEY_UNITS) : tail;
      lengths.add(key.length);
      const b = this.buckets.get(key);
      if (b) b.push(i); else this.buckets.set(key, [i]);
    }
    this.keyLengths = [...lengths].sort((a, b) => a - b);
  }

  /** Rule indexes that may match a string ending like `s` (unordered, no duplicates). */
  candidates(s: string, count: (n: number) => void): number[] {
    const out = this.always.length ? [...this.always] : [];
    for (const k of this.keyLengths) {
      if (k > s.length) break;
      count(1);
      const b = this.buckets.get(k === s.length ? s : s.slice(s.length - k));
      if (b) for (const i of b) out.push(i);
    }
    return out;
  }
}

export class IgnoreMatcher {
  /** Candidate rules verified and buckets probed so far: a measure of work for tests. */
  work = 0;
  private readonly fileIndex: TailIndex;
  private readonly dirIndex: TailIndex;
  private readonly hasDirRules: boolean;
  private readonly matchers: Array<GlobMatcher | undefined>;
  private readonly dirDecisions = new Map<string, number>();

  constructor(readonly file: IgnoreFile) {
    const rules = file.rules;
    const fileRules: number[] = [];
    const dirRules: number[] = [];
    rules.forEach((r, i) => {
      if (!r.dirOnly) fileRules.push(i);
      else if (!r.anchored) dirRules.push(i); // an anchored directory rule never matches
    });
    this.fileIndex = new TailIndex(rules, fileRules);
    this.dirIndex = new TailIndex(rules, dirRules);
    this.hasDirRules = dirRules.length > 0;
    this.matchers = new Array(rules.length);
  }

  private count = (n: number) => { this.work += n; };

  private glob(i: number): GlobMatcher {
    return (this.matchers[i] ??= compileGlob(this.file.rules[i]!.pattern));
  }

  /** A non-directory rule against a path relative to the anchor (see ignoreRuleMatches). */
  private fileRuleMatches(i: number, rel: string): boolean {
    this.work++;
    const re = this.glob(i);
    if (re.test(rel)) return true;
    if (this.file.rules[i]!.anchored) return false;
    for (let j = rel.indexOf('/'); j !== -1; j = rel.indexOf('/', j + 1)) if (re.test(rel.slice(j + 1))) return true;
    return false;
  }

  /** Index of the last directory rule matching some component of `dir` ('' = the anchor itself), or -1. */
  private dirDecision(dir: string): number {
    if (!this.hasDirRules || dir === '') return -1;
    let best = this.dirDecisions.get(dir);
    if (best !== undefined) return best;
    const slash = dir.lastIndexOf('/');
    // the parent's answer covers every component but the last
    best = slash === -1 ? -1 : this.dirDecision(dir.slice(0, slash));
    const name = dir.slice(slash + 1);
    for (const i of this.dirIndex.candidates(name, this.count)) {
      if (i <= best) continue;
      this.work++;
      if (this.glob(i).test(name)) best = i;
    }
    this.dirDecisions.set(dir, best);
    return best;
  }

  /** The rule that decides `rel` (the last rule in the file matching it), or null when none does. */
  decide(rel: string): IgnoreRule | null {
    const slash = rel.lastIndexOf('/');
    let best = this.dirDecision(slash === -1 ? '' : rel.slice(0, slash));
    const cands = this.fileIndex.candidates(rel, this.count);
    if (cands.length > 1) cands.sort((a, b) => b - a);
    for (const i of cands) {
      if (i <= best) break;
      if (this.fileRuleMatches(i, rel)) { best = i; break; }
    }
    return best === -1 ? null : this.file.rules[best]!;
  }

  /** Calls `fn` with the index of every rule matching `rel` (for "matches nothing" checks). */
  forEachMatch(rel: string, fn: (ruleIndex: number) => void): void {
    for (const i of this.fileIndex.candidates(rel, this.count)) if (this.fileRuleMatches(i, rel)) fn(i);
    if (!this.hasDirRules) return;
    const parts = rel.split('/');
    for (let p = 0; p < parts.length - 1; p++) {
      for (const i of this.dirIndex.candidates(parts[p]!, this.count)) {
        this.work++;
        if (this.glob(i).test(parts[p]!)) fn(i);
      }
    }
  }

  /** Indexes of the non-directory rules that fully match `name` (a single path component). */
  fileRulesMatchingName(name: string): number[] {
    const out: number[] = [];
    for (const i of this.fileIndex.candidates(name, this.count)) {
      this.work++;
      if (this.glob(i).test(name)) out.push(i);
    }
    return out;
  }
}

const matchers = new WeakMap<IgnoreFile, IgnoreMatcher>();

/** The matcher of a parsed ignore file (built once per file object). */
export function ignoreMatcher(file: IgnoreFile): IgnoreMatcher {
  let m = matchers.get(file);
  if (!m) matchers.set(file, (m = new IgnoreMatcher(file)));
  return m;
}
