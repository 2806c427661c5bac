// `yaml.safe_load(text)` as PyYAML 6 does it, built on the `yaml` package's
// lexer/parser (CST) and composer. The `yaml` package reads YAML 1.2; PyYAML
// reads YAML 1.1 with its own limits. We let `yaml` do the parsing and add
// what PyYAML does differently, stage by stage:
//
//   reader.ts      non-printable characters are refused anywhere; \x85, U+2028
//                  and U+2029 are line breaks
//   lexer.ts       no indentation minimum inside [ ] / { } and quoted scalars
//   retokenize.ts  tokens split where PyYAML splits them (`&a:b`, `*a: v`, `[-]`)
//   cstChecks.ts   anchor, tag (tags.ts) and directive syntax; implicit keys
//                  on one line and at most 1024 characters; one document;
//                  nesting depth; tabs only inside quotes, block scalars and
//                  comments (tabs.ts)
//   nodes.ts       PyYAML's node graph: where properties belong (props.ts),
//                  the tag `!`, `?` and `:` inside [ ] / { }
//   ../construct.ts, ../resolve.ts  PyYAML's resolvers and SafeConstructor,
//                  including the non-YAML exceptions some values raise
//
// The composer recurses per nesting level and hits Python's recursion limit
// on very deep nesting (a RecursionError, which dlm does not catch).

import { Composer, type CST, type ErrorCode, type YAMLError } from 'yaml';
import { Constructor, ConstructFailure, type DuplicateKey, type PNode } from '../construct.js';
import { PyCrash } from '../pynum.js';
import type { PyValue, Span } from '../pyvalue.js';
import { YamlError } from '../resolve.js';
import { pyIsBlank } from '../../pytext.js';
import { directiveIssues, documentStart, PYYAML_MAX_DEPTH, type CstFacts } from './cstChecks.js';
import { firstTokenOnALaterLine, nextTokenFrom } from './marks.js';
import { inStreamOrder, lineAt, markOf, type YamlIssue } from './issues.js';
import { lexAndParse } from './lexer.js';
import { NodeBuilder } from './nodes.js';
import { simpleBlockRoot } from './simpleBlock.js';
import { describeChar, EXTRA_BREAKS, NON_PRINTABLE } from './reader.js';
import { retokenize } from './retokenize.js';
import { findTabIssues } from './tabs.js';

export { PYYAML_MAX_DEPTH } from './cstChecks.js';
export type { YamlIssue } from './issues.js';

/**
 * What `yaml.safe_load(text)` does with a text.
 *
 * - `ok`: the Python value (null for an empty document), repeated keys, and
 *   the span of the root node.
 * - `yaml`: PyYAML raises a YAMLError. `issues` lists the problems found,
 *   the one PyYAML raises first in front. `markLine` is the 0-based line (in
 *   `text`) of PyYAML's mark for that error — its problem mark, else its
 *   context mark — or null when PyYAML gives none (an unacceptable character
 *   is reported by position, without a mark). The line is exact for the
 *   problems this layer detects itself (reader, tabs, keys, anchors, tags,
 *   directives, documents, aliases, constructor errors) and the `yaml`
 *   package's position for other syntax errors, which PyYAML may place on a
 *   later line (an unclosed `[` is reported where the text ends).
 * - `crash`: PyYAML raises a non-YAML exception (`exception` is its Python
 *   class: ValueError, KeyError, RecursionError, …), which dlm does not catch.
 */
export type PyYamlResult =
  | { kind: 'ok'; value: PyValue; duplicates: DuplicateKey[]; rootSpan: Span }
  | { kind: 'yaml'; issues: YamlIssue[]; markLine: number | null }
  | { kind: 'crash'; exception: string; message: string; span: Span };

const PARSE_OPTIONS = {
  schema: 'failsafe' as const, // every scalar stays a string; PyYAML typing is ours
  uniqueKeys: false, // PyYAML: the last of repeated keys wins, silently
  prettyErrors: false,
  strict: false,
  resolveKnownTags: false, // !!binary, !!omap, !!set, … are built by ../construct.ts
};

// `yaml` complaints PyYAML does not share (typed: a code `yaml` renames fails the type check).
const IGNORED_YAML_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['KEY_OVER_1024_CHARS', 'MULTILINE_IMPLICIT_KEY', 'DUPLICATE_KEY', 'TAG_RESOLVE_FAILED', 'BAD_ALIAS']);

/** The composer's errors PyYAML shares, as issues. */
function composerIssues(tokensText: string, tokens: CST.Token[], facts: CstFacts, ignore = IGNORED_YAML_CODES): YamlIssue[] {
  const out: YamlIssue[] = [];
  const errors: YAMLError[] = [];
  for (const doc of new Composer(PARSE_OPTIONS).compose(tokens, true, tokensText.length)) errors.push(...doc.errors);
  for (const e of errors) {
    if (ignore.has(e.code)) continue;
    // PyYAML starts a comment at any `#` where a token may start, even right after `[`, `{` or `,`.
    if (e.code === 'MISSING_CHAR' && facts.gluedComments.get(e.pos[0]) === e.pos[1]) continue;
    // a mapping's props and its first key's, which `yaml` takes for one node's
    if ((e.code === 'MULTIPLE_TAGS' || e.code === 'MULTIPLE_ANCHORS') && facts.firstKeyProps.has(e.pos[0])) continue;
    // a key with no `:`: reported by the CST checks, with PyYAML's mark
    if (e.code === 'MISSING_CHAR' && facts.valuelessKeys.has(e.pos[0])) continue;
    const issue: YamlIssue = { code: e.code === 'TAB_AS_INDENT' ? 'yaml-tab' : 'yaml-syntax', message: e.message, span: [e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)] };
    // `k: a: b`: PyYAML stops at the second `:` ("mapping values are not allowed here")
    if (e.code === 'BLOCK_AS_IMPLICIT_KEY' && facts.firstColon.has(e.pos[0])) issue.mark = facts.firstColon.get(e.pos[0])!;
    // a mis-indented entry: PyYAML names the token that starts it, `yaml` may point at the blank lines before
    if (e.code === 'BAD_INDENT') issue.mark = nextTokenFrom(tokensText, e.pos[0]);
    const at = markOf(issue) ?? -1;
    if (facts.staleKeys.some(([from, to]) => at >= from && at < to)) continue;
    out.push(issue);
  }
  return out;
}

function rejected(text: string, issues: YamlIssue[]): PyYamlResult {
  const ordered = inStreamOrder(issues);
  const mark = markOf(ordered[0]!);
  return { kind: 'yaml', issues: ordered, markLine: mark === null ? null : lineAt(text, mark) };
}

/** PyYAML-exact `safe_load` of a text (a training.yaml after decoding, or a `.dlm` frontmatter). */
export function pyyamlSafeLoad(text: string): PyYamlResult {
  // dlm: `yaml.safe_load(text) if text.strip() else {}`
  if (pyIsBlank(text)) return { kind: 'ok', value: { kind: 'dict', entries: [] }, duplicates: [], rootSpan: [0, text.length] };
  const simple = simpleBlockRoot(text);
  return simple ? constructed(text, simple) : generalSafeLoad(text);
}

/** pyyamlSafeLoad of a text whose simple-shape root (./simpleBlock.ts) the caller already has. */
export function simpleSafeLoad(text: string, root: PNode): PyYamlResult {
  return constructed(text, root);
}

/** pyyamlSafeLoad without the simple-shape reader (./simpleBlock.ts): any non-blank text. Exported for the test that compares the two. */
export function generalSafeLoad(text: string): PyYamlResult {
  const bad = NON_PRINTABLE.exec(text);
  if (bad) {
    const at = bad.index;
    return rejected(text, [{ code: 'yaml-bad-character', message: `special character ${describeChar(bad[0])} is not allowed in a YAML file (PyYAML: "unacceptable character"); write it as an escape inside double quotes`, span: [at, at + bad[0].length], mark: null }]);
  }
  const { src, tokens, facts, marks } = retokenize(text.replace(EXTRA_BREAKS, '\n'));
  const early: YamlIssue[] = [...facts.issues, ...directiveIssues(tokens)];
  if (src.includes('\t')) early.push(...findTabIssues(src, facts.tabOk));

  if (facts.tooDeepAt >= 0) return tooDeep(text, src, tokens, facts, early);

  // PyYAML composes the first document, then stops at the start of a second one.
  const second = facts.documentStarts.length > 1 ? facts.documentStarts[1]! : -1;
  const issues: YamlIssue[] = [...early];
  if (second >= 0) {
    issues.push({ code: 'yaml-multiple-documents', message: 'a second YAML document (after `---`): dlm reads training.yaml with `yaml.safe_load`, which accepts exactly one document', span: [second, Math.min(src.length, second + 3)] });
    const firstOnly = src.slice(0, second);
    issues.push(...composerIssues(firstOnly, lexAndParse(firstOnly), facts));
  } else {
    issues.push(...composerIssues(src, tokens, facts));
  }

  const doc = tokens.find((t): t is CST.Document => t.type === 'document' && documentStart(t) >= 0);
  const builder = new NodeBuilder(facts.tags, marks);
  if (issues.length) {
    // Only what PyYAML meets before the first of these counts; the composer's own
    // errors (an undefined alias, a repeated anchor) may come first.
    const firstMark = issues.reduce((m, i) => Math.min(m, markOf(i) ?? -1), Infinity);
    const seen = second >= 0 ? issues.filter((i) => (markOf(i) ?? -1) <= second) : issues;
    try {
      if (doc) builder.document(doc);
    } catch {
      // a CST `yaml` could not make sense of: its errors are reported already
    }
    // The composer sees a node only once the scanner has read far enough to know whether it is a
    // key (to a later line), so errors found there come first.
    const composerFirst = builder.issues.filter((i) => { const m = markOf(i) ?? -1; return m < firstMark && firstTokenOnALaterLine(src, m) < firstMark; });
    return rejected(text, [...seen, ...composerFirst]);
  }
  const root = doc ? builder.document(doc) : null;
  if (builder.issues.length) return rejected(text, builder.issues);
  // An empty document (or none) is `None`, which dlm takes as {}.
  if (!root) return { kind: 'ok', value: null, duplicates: [], rootSpan: [0, 0] };
  return constructed(text, root);
}

/** PyYAML's SafeConstructor over a document's root node. */
function constructed(text: string, root: PNode): PyYamlResult {
  const ctor = new Constructor();
  try {
    const value = ctor.constructDocument(root);
    return { kind: 'ok', value, duplicates: ctor.duplicates, rootSpan: root.span };
  } catch (e) {
    if (e instanceof ConstructFailure) {
      const cause = e.cause;
      if (cause instanceof YamlError) return rejected(text, [{ code: cause.code, message: cause.message, span: e.span, mark: e.mark }]);
      if (cause instanceof PyCrash) return { kind: 'crash', exception: cause.exception, message: cause.message, span: e.span };
      if (cause instanceof RangeError) return { kind: 'crash', exception: 'RecursionError', message: 'maximum recursion depth exceeded', span: e.span };
    }
    throw e;
  }
}

/**
 * Nesting past PYYAML_MAX_DEPTH in the first document: PyYAML's composer
 * raises RecursionError there, unless a syntax error comes first.
 */
function tooDeep(text: string, src: string, tokens: CST.Token[], facts: CstFacts, early: YamlIssue[]): PyYamlResult {
  const deepAt = facts.tooDeepAt;
  // PyYAML's scanner reads ahead to the end of a line (at most 1024 characters) to find
  // simple keys, so a syntax error there still comes before the recursion error.
  const lineEnd = src.indexOf('\n', deepAt);
  const horizon = Math.min(lineEnd < 0 ? src.length : lineEnd, deepAt + 1024);
  const before = early.filter((i) => i.span[0] < horizon);
  if (before.length) return rejected(text, before);
  // The `yaml` composer recurses as deep as the text nests: run it on the text
  // before the point of no return only, and ignore what it says about the cut
  // (an unclosed collection or quote ends where the cut text ends).
  const cut = src.slice(0, deepAt);
  let errs: YamlIssue[] = [];
  try {
    const ignore = new Set<ErrorCode>([...IGNORED_YAML_CODES, 'RESOURCE_EXHAUSTION']);
    errs = composerIssues(cut, lexAndParse(cut), facts, ignore).filter((i) => i.span[1] < deepAt);
  } catch {
    // nothing more to learn
  }
  if (errs.length) return rejected(text, errs);
  const cstError = tokens.find((t): t is CST.ErrorToken => t.type === 'error' && t.offset < horizon);
  if (cstError) return rejected(text, [{ code: 'yaml-syntax', message: cstError.message, span: [cstError.offset, cstError.offset + Math.max(1, cstError.source.length)] }]);
  return { kind: 'crash', exception: 'RecursionError', message: `nesting deeper than about ${PYYAML_MAX_DEPTH} levels makes PyYAML exceed Python's recursion limit (RecursionError)`, span: [deepAt, deepAt + 1] };
}
