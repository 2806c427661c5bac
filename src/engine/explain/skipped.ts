// Why a file did not become a row: the rule that decided it. For `excluded`
// files the resolution is traced step by step in dlm's order (semantics.md
// §3): include first, then the exclude flag set by the directive's excludes,
// the default excludes, each ancestor config's `exclude`, and each ancestor's
// `.dlm/ignore` rules (the only ones that can set it back). The other reasons
// come with the number that decided them, read from the file when asked.
import { ignorePath, loaded, trainingYamlPath, type AnchorState } from '../corpus/anchors.js';
import type { CorpusIndex, DirectiveIndex } from '../corpus/corpusIndex.js';
import { DEFAULT_EXCLUDES, pySuffix } from '../defaultExcludes.js';
import { compileGlob, compileGlobSet, type GlobMatcher, type GlobSet } from '../glob.js';
import { ignoreRuleMatches } from '../ignore.js';
import { ignoreMatcher } from '../ignoreMatcher.js';
import type { SkippedFile } from '../reportDetails.js';
import type { Range } from '../types.js';
import { ancestorsOf, linkTo, relTo, unblocked, type ExplainInput } from './context.js';
import type { ExcludeStep, SkipExplanation, SkipGroup, SkipRule, SourceLink } from './types.js';

/**
 * Lists longer than this are not scanned pattern by pattern for every file
 * (a config or ignore file of 100k lines times 10k files would hang): their
 * verdict comes from the compiled set, or the ignore matcher's deciding rule.
 */
const SCAN_LIMIT = 2000;

/** Matchers compiled once per explanation batch (a few dozen patterns, many files). */
class Globs {
  private cache = new Map<string, GlobMatcher>();
  private sets = new WeakMap<readonly string[], GlobSet | null>();
  test(pattern: string, path: string): boolean {
    let m = this.cache.get(pattern);
    if (!m) this.cache.set(pattern, (m = compileGlob(pattern)));
    return m.test(path);
  }
  /** The first pattern matching `path`; for a long list, `(one of N patterns)` when one does. */
  first(patterns: readonly string[], path: string): string | undefined {
    if (patterns.length <= SCAN_LIMIT) return patterns.find((p) => this.test(p, path));
    let set = this.sets.get(patterns);
    if (set === undefined) this.sets.set(patterns, (set = compileGlobSet(patterns)));
    return set?.test(path) ? `(one of ${patterns.length} patterns)` : undefined;
  }
}

export interface ResolutionTrace {
  included: boolean;
  include: { from: 'config' | 'directive'; anchor: AnchorState | null; patterns: string[]; matched: string | null };
  steps: ExcludeStep[];
  excluded: boolean;
}

/** The pattern's range in the config, else its key's (a pattern named as one of many). */
function patternRange(a: AnchorState, kind: 'include' | 'exclude', pattern: string): Range | undefined {
  const loc = a.yaml?.locations;
  return loc?.[kind].find((p) => p.pattern === pattern)?.range ?? loc?.topKeys.get(kind);
}

/** How dlm resolves one file of a directive (its path relative to the directive root), step by step. */
export function traceResolution(index: CorpusIndex, d: DirectiveIndex, rel: string, globs = new Globs()): ResolutionTrace {
  const ancestors = ancestorsOf(d.anchors, rel);
  let deepest: AnchorState | undefined;
  let includeFrom: AnchorState | undefined;
  for (const a of ancestors) {
    if (!loaded(a)) continue;
    deepest = a;
    if (a.yaml!.config!.include.length) includeFrom = a;
  }
  const patterns = includeFrom ? includeFrom.yaml!.config!.include : d.directive.include;
  const matched = globs.first(patterns, rel) ?? null;
  const steps: ExcludeStep[] = [];
  const directiveLink = documentLink(index);
  const dx = globs.first(d.directive.exclude, rel);
  if (dx !== undefined) steps.push({ kind: 'directive-exclude', pattern: dx, excludes: true, link: directiveLink });
  const defaultsOn = deepest ? deepest.yaml!.config!.excludeDefaults : true;
  const def = defaultsOn ? globs.first(DEFAULT_EXCLUDES, rel) : undefined;
  if (def !== undefined) steps.push({ kind: 'default-exclude', pattern: def, excludes: true, link: null });
  for (const a of ancestors) {
    if (!loaded(a)) continue;
    const p = globs.first(a.yaml!.config!.exclude, relTo(a, rel));
    if (p !== undefined) steps.push({ kind: 'config-exclude', pattern: p, excludes: true, link: linkTo(index, trainingYamlPath(a.abs), patternRange(a, 'exclude', p)) });
  }
  for (const a of ancestors) {
    if (!a.ignore) continue;
    const r = relTo(a, rel);
    // the last matching rule decides (found without trying every rule); the
    // earlier matching ones (a `!` it overrules) are listed when the file is short
    const deciding = ignoreMatcher(a.ignore).decide(r);
    if (!deciding) continue;
    const rules = a.ignore.rules.length <= SCAN_LIMIT ? a.ignore.rules.filter((x) => x === deciding || ignoreRuleMatches(x, r)) : [deciding];
    for (const rule of rules) {
      const line = { start: { line: rule.line, character: 0 }, end: { line: rule.line, character: rule.raw.length } };
      steps.push({ kind: 'ignore', pattern: rule.raw, excludes: !rule.negated, link: linkTo(index, ignorePath(a.abs), line) });
      if (rule === deciding) break;
    }
  }
  const last = steps[steps.length - 1];
  return {
    included: matched !== null,
    include: { from: includeFrom ? 'config' : 'directive', anchor: includeFrom ?? null, patterns, matched },
    steps,
    excluded: last ? last.excludes : false,
  };
}

/** The `.dlm` document whose `training.sources` holds the directive (document mode), else null. */
function documentLink(index: CorpusIndex): SourceLink | null {
  const abs = index.plan.documentAbs;
  return abs ? linkTo(index, abs) : null;
}

/** The directive a skipped file belongs to, and its path relative to the directive root. */
function locate(index: CorpusIndex, f: SkippedFile): { d: DirectiveIndex; rel: string } | null {
  for (const d of index.directives) {
    if (d.directive.path !== f.source) continue;
    if (d.originPrefix === '.') return { d, rel: f.path };
    if (f.path.startsWith(d.originPrefix + '/')) return { d, rel: f.path.slice(d.originPrefix.length + 1) };
  }
  return null;
}

const STEP_WORDS: Record<ExcludeStep['kind'], string> = {
  'directive-exclude': 'the source\'s `exclude`',
  'default-exclude': 'dlm\'s default excludes',
  'config-exclude': '`exclude`',
  ignore: 'the ignore rule',
};

function ruleText(rule: SkipRule, index: CorpusIndex): { text: string; key: string; link: SourceLink | null } {
  switch (rule.kind) {
    case 'not-included': {
      const where = rule.from === 'config' ? `the \`include\` of ${rule.link?.label ?? 'a config'}` : `the source's \`include\``;
      return { text: `not matched by ${where} (${rule.patterns.map((p) => `\`${p}\``).join(', ')})`, key: `include\0${rule.from}\0${rule.link?.path ?? ''}`, link: rule.link };
    }
    case 'excluded': {
      const s = rule.by;
      const where = s.link ? ` (${s.link.label})` : '';
      const negations = rule.steps.filter((x) => !x.excludes).length;
      const tail = negations ? `; ${negations} \`!\` ${negations === 1 ? 'rule re-included it before' : 'rules re-included it before'}` : '';
      return { text: `excluded by ${STEP_WORDS[s.kind]} \`${s.pattern}\`${where}${tail}`, key: `${s.kind}\0${s.pattern}\0${s.link?.label ?? ''}`, link: s.link };
    }
    case 'overSize':
      return { text: `larger than \`max_bytes_per_file\` (${rule.size ?? '?'} bytes > ${rule.limit})`, key: `overSize\0${rule.limit}`, link: rule.link };
    case 'media':
      return { text: `a media file (\`${rule.suffix}\`): dlm train passes no blob store, so it never becomes a row`, key: `media\0${rule.suffix}`, link: null };
    case 'binary':
      return { text: `binary: a NUL byte in the first 1024 bytes${rule.nulOffset !== null ? ` (at byte ${rule.nulOffset})` : ''}`, key: 'binary', link: null };
    case 'encoding':
      return { text: `not valid UTF-8${rule.byteOffset !== null ? ` (first bad byte at ${rule.byteOffset})` : ''}`, key: 'encoding', link: null };
    case 'maxFiles':
      return { text: `past \`max_files: ${rule.limit}\`: the source stopped after ${rule.limit} files`, key: `maxFiles\0${rule.limit}`, link: rule.link };
  }
  void index;
}

/** The explanation of one skipped file of the report (null: not a skipped file of it). */
export function explainSkipped(input: ExplainInput, file: SkippedFile, globs = new Globs()): SkipExplanation | null {
  const { index } = unblocked(input);
  const at = locate(index, file);
  if (!at) return null;
  const { d, rel } = at;
  const abs = d.directive.isFile ? d.directive.abs : `${d.directive.abs}/${rel}`;
  let rule: SkipRule;
  switch (file.reason) {
    case 'excluded': {
      const t = traceResolution(index, d, rel, globs);
      if (!t.included) {
        const link = t.include.anchor ? linkTo(index, trainingYamlPath(t.include.anchor.abs), t.include.anchor.yaml?.locations?.topKeys.get('include')) : documentLink(index);
        rule = { kind: 'not-included', from: t.include.from, patterns: t.include.patterns, link };
      } else {
        const by = [...t.steps].reverse().find((s) => s.excludes);
        if (!by) return null; // kept by the rules: not the skip the report names
        rule = { kind: 'excluded', by, steps: t.steps };
      }
      break;
    }
    case 'overSize':
      rule = { kind: 'overSize', size: index.fs.stat(abs)?.size ?? null, limit: d.directive.maxBytesPerFile ?? 0, link: documentLink(index) };
      break;
    case 'image': case 'audio':
      rule = { kind: 'media', suffix: pySuffix(rel.slice(rel.lastIndexOf('/') + 1)) };
      break;
    case 'binary':
      rule = { kind: 'binary', nulOffset: nulOffset(index, abs) };
      break;
    case 'encoding':
      rule = { kind: 'encoding', byteOffset: badUtf8Offset(index, abs) };
      break;
    case 'maxFiles':
      rule = { kind: 'maxFiles', limit: d.directive.maxFiles ?? 0, link: documentLink(index) };
      break;
  }
  const { text, key, link } = ruleText(rule, index);
  return { kind: 'skipped', path: file.path, source: file.source, reason: file.reason, rule, text, groupKey: `${file.reason}\0${key}`, link };
}

/**
 * Every skipped file of the report explained and grouped by reason and rule,
 * in the report's order of first appearance. Files whose rule cannot be named
 * (binary / encoding offsets are read from disk: only for the first `readLimit`).
 */
export function explainSkippedGroups(input: ExplainInput, readLimit = 50): SkipGroup[] {
  const { details } = unblocked(input);
  const globs = new Globs();
  const groups = new Map<string, SkipGroup>();
  let reads = 0;
  for (const f of details.skippedFiles) {
    // offsets need a read of the file: the first few only; the rest group without them
    const reads1 = f.reason === 'binary' || f.reason === 'encoding' || f.reason === 'overSize';
    const e = reads1 && reads++ >= readLimit ? unread(f) : explainSkipped(input, f, globs) ?? unread(f);
    const key = reads1 ? f.reason : e.groupKey;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { reason: f.reason, text: reads1 ? genericText(f.reason) : e.text, link: e.link, files: [] }));
    g.files.push(f.path);
  }
  return [...groups.values()];
}

function genericText(reason: SkippedFile['reason']): string {
  switch (reason) {
    case 'binary': return 'binary: a NUL byte in the first 1024 bytes';
    case 'encoding': return 'not valid UTF-8';
    case 'overSize': return 'larger than `max_bytes_per_file`';
    default: return reason;
  }
}

function unread(f: SkippedFile): SkipExplanation {
  return { kind: 'skipped', path: f.path, source: f.source, reason: f.reason, rule: { kind: 'binary', nulOffset: null }, text: genericText(f.reason), groupKey: f.reason, link: null };
}

/** Where the first NUL byte of the first 1024 is (dlm's binary test), or null. */
function nulOffset(index: CorpusIndex, abs: string): number | null {
  const r = index.fs.read(abs, { maxBytes: 64 << 20 });
  if (r.kind !== 'ok') return null;
  const i = r.bytes.subarray(0, 1024).indexOf(0);
  return i === -1 ? null : i;
}

/** Byte offset where the first invalid UTF-8 sequence starts (as Python's strict decoder reports it), or null. */
function badUtf8Offset(index: CorpusIndex, abs: string): number | null {
  const r = index.fs.read(abs, { maxBytes: 64 << 20 });
  if (r.kind !== 'ok') return null;
  const bytes = r.bytes;
  const decodes = (n: number, stream: boolean) => {
    try { new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream }); return true; } catch { return false; }
  };
  if (decodes(bytes.length, false)) return null;
  // the smallest prefix that fails while streaming (failing is monotone in the prefix length);
  // none: only a sequence cut short at the end
  let lo = 0;
  let hi = bytes.length;
  if (decodes(bytes.length, true)) lo = hi = bytes.length + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (decodes(mid, true)) lo = mid + 1; else hi = mid;
  }
  // the bad sequence starts at the last character boundary before the byte that failed
  for (let s = Math.min(lo - 1, bytes.length); s >= Math.max(0, lo - 4); s--) if (decodes(s, false)) return s;
  return Math.max(0, lo - 1);
}
