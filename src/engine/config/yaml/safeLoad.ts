// `yaml.safe_load(text)` as PyYAML 6 does it, built on the `yaml` package's
// lexer/parser (CST) and composer (document nodes). The `yaml` package reads
// YAML 1.2; PyYAML reads YAML 1.1 with its own limits. We let `yaml` do the
// parsing and add what PyYAML does differently:
//
// - its reader rejects non-printable characters anywhere in the stream and
//   treats \x85, U+2028 and U+2029 as line breaks;
// - tabs are only allowed inside quoted scalars, block scalar content and
//   comments ("found character '\t' that cannot start any token");
// - anchors and aliases use [0-9A-Za-z_-] only, a tag must be followed by a
//   space or a line break, anchors may not repeat within a document;
// - an implicit (simple) key must sit on one line, and its `:` may not be more
//   than 1024 characters after the key's start;
// - only one document; a `%YAML` directive must be 1.x and appear once;
// - typing follows PyYAML's resolvers and constructors (./resolve.ts,
//   ./construct.ts), including the non-YAML exceptions some values raise;
// - the composer recurses per nesting level and hits Python's recursion limit

import { Composer, type CST, type Document, type Node } from 'yaml';
import { Constructor, ConstructFailure, type DuplicateKey } from '../construct.js';
import { PyCrash } from '../pynum.js';
import type { PyValue, Span } from '../pyvalue.js';
import { YamlError } from '../resolve.js';
import { pyIsBlank } from '../../pytext.js';
import { directiveIssues, findTabIssues, inspectCst, PYYAML_MAX_DEPTH } from './cstChecks.js';
import type { YamlIssue } from './issues.js';
import { lexAndParse } from './lexer.js';
import { ALIAS_MARK, BOM_MARK, NodeBuilder } from './nodes.js';
import { describeChar, EXTRA_BREAKS, NON_PRINTABLE } from './reader.js';

export { PYYAML_MAX_DEPTH } from './cstChecks.js';
export type { YamlIssue } from './issues.js';

export type PyYamlResult =
  | { kind: 'ok'; value: PyValue; duplicates: DuplicateKey[]; rootSpan: Span }
  | { kind: 'yaml'; issues: YamlIssue[] }
  | { kind: 'crash'; exception: string; message: string; span: Span };


const PARSE_OPTIONS = {
  schema: 'failsafe' as const, // every scalar stays a string; PyYAML typing is ours
  uniqueKeys: false, // PyYAML: the last of repeated keys wins, silently
  keepSourceTokens: true,
  prettyErrors: false,
  strict: false,
  resolveKnownTags: false, // !!binary, !!omap, !!set, … are built by ./construct.ts
};

// yaml-package complaints that PyYAML does not share.
const IGNORED_YAML_CODES = new Set(['KEY_OVER_1024_CHARS', 'MULTILINE_IMPLICIT_KEY', 'DUPLICATE_KEY', 'TAG_RESOLVE_FAILED', 'BAD_ALIAS']);

/** PyYAML-exact `safe_load` of the normalised text of a training.yaml. */
export function pyyamlSafeLoad(text: string): PyYamlResult {
  // dlm: `yaml.safe_load(text) if text.strip() else {}`
  if (pyIsBlank(text)) return { kind: 'ok', value: { kind: 'dict', entries: [] }, duplicates: [], rootSpan: [0, text.length] };

  const bad = NON_PRINTABLE.exec(text);
  if (bad) {
    const at = bad.index;
    return { kind: 'yaml', issues: [{ code: 'yaml-bad-character', message: `special character ${describeChar(bad[0])} is not allowed in a YAML file (PyYAML: "unacceptable character"); write it as an escape inside double quotes`, span: [at, at + bad[0].length] }] };
  }
  let src = text.replace(EXTRA_BREAKS, '\n');
  // PyYAML skips a BOM only at the very start; anywhere else it is an ordinary
  // character, which the `yaml` lexer would drop. Hide those from it.
  const bomMark = src.indexOf('\ufeff', 1) > 0 && !src.includes(BOM_MARK);
  if (bomMark) src = src[0] + src.slice(1).replace(/\ufeff/g, BOM_MARK);
  let tokens = lexAndParse(src);
  let facts = inspectCst(tokens, src, src.includes('\t'));
  const aliasKeys = facts.aliasKeys;
  const anchorKeys = facts.anchorKeys;
  if (aliasKeys.length || anchorKeys.length) {
    // `*name: v`: the `yaml` lexer takes `name:` as the alias name; PyYAML reads
    // alias `name` used as a key (`&name: v`: an anchored empty key). Hide the
    // `*` / `&` so `yaml` sees a plain key we recognise by its offset.
    const chars = src.split('');
    for (const at of [...aliasKeys, ...anchorKeys]) chars[at] = ALIAS_MARK;
    src = chars.join('');
    tokens = lexAndParse(src);
    facts = inspectCst(tokens, src, src.includes('\t'));
  }
  const early: YamlIssue[] = [...facts.issues, ...directiveIssues(tokens)];
  if (src.includes('\t')) early.push(...findTabIssues(src, facts.tabOk));

  if (facts.tooDeepAt >= 0) {
    // Syntax errors before the point of no return win; PyYAML reads in order.
    // PyYAML's scanner reads ahead to the end of a line (at most 1024 characters) to find
    // simple keys, so a syntax error there still comes before the recursion error.
    const lineEnd = src.indexOf('\n', facts.tooDeepAt);
    const horizon = Math.min(lineEnd < 0 ? src.length : lineEnd, facts.tooDeepAt + 1024);
    const before = early.filter((i) => i.span[0] < horizon);
    if (before.length) return { kind: 'yaml', issues: before.sort((a, b) => a.span[0] - b.span[0]) };
    // The `yaml` composer recurses as deep as the text nests: run it on the text
    // before the point of no return only (its complaints about the cut-off end aside).
    const cut = src.slice(0, facts.tooDeepAt);
    const cutTokens = lexAndParse(cut);
    let composed: Document.Parsed[] = [];
    try {
      composed = Array.from(new Composer(PARSE_OPTIONS).compose(cutTokens, true, cut.length));
    } catch {
      // nothing more to learn
    }
    const errs = (composed[0]?.errors ?? []).filter((e) => !IGNORED_YAML_CODES.has(e.code) && e.code !== 'RESOURCE_EXHAUSTION' && !/must end with|Missing closing|sufficiently indented|end of|at node end/i.test(e.message) && e.pos[1] < facts.tooDeepAt);
    if (errs.length) return { kind: 'yaml', issues: [{ code: 'yaml-syntax', message: errs[0]!.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, ''), span: [errs[0]!.pos[0], Math.max(errs[0]!.pos[1], errs[0]!.pos[0] + 1)] }] };
    const cstError = tokens.find((t): t is CST.ErrorToken => t.type === 'error' && t.offset < horizon);
    if (cstError) return { kind: 'yaml', issues: [{ code: 'yaml-syntax', message: cstError.message, span: [cstError.offset, cstError.offset + Math.max(1, cstError.source.length)] }] };
    return { kind: 'crash', exception: 'RecursionError', message: `nesting deeper than about ${PYYAML_MAX_DEPTH} levels makes PyYAML exceed Python's recursion limit (RecursionError)`, span: [facts.tooDeepAt, facts.tooDeepAt + 1] };
  }

  const docs: Document.Parsed[] = Array.from(new Composer(PARSE_OPTIONS).compose(tokens, true, src.length));
  const issues: YamlIssue[] = [...early];
  // Documents PyYAML sees: those with `---` or content (an empty one between two `...` is not one).
  const realDocs = tokens.filter((t): t is CST.Document => t.type === 'document' && (!!t.value || t.start.some((x) => x.type === 'doc-start')));
  if (realDocs.length > 1) {
    const second = realDocs[1]!;
    const at = second.offset;
    issues.push({ code: 'yaml-multiple-documents', message: 'a second YAML document (after `---`): dlm reads training.yaml with `yaml.safe_load`, which accepts exactly one document', span: [at, Math.min(src.length, at + 3)] });
  }
  const doc = docs[0];
  if (doc) {
    for (const e of doc.errors) {
      if (IGNORED_YAML_CODES.has(e.code)) continue;
      issues.push({ code: e.code === 'TAB_AS_INDENT' ? 'yaml-tab' : 'yaml-syntax', message: e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, ''), span: [e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)] });
    }
  }
  if (issues.length) return { kind: 'yaml', issues: dedupe(issues) };
  if (!doc || doc.contents === null || doc.contents === undefined) {
    // An empty document (or none) is `None`, which dlm takes as {}.
    return { kind: 'ok', value: null, duplicates: [], rootSpan: [0, 0] };
  }

  const builder = new NodeBuilder(new Set(aliasKeys), new Set(anchorKeys), facts.tags, facts.keyProps, bomMark);
  const root = builder.build(doc.contents as Node, 0);
  for (const [at] of facts.tags) {
    if (!builder.usedTags.has(at)) builder.issues.push({ code: 'yaml-syntax', message: 'PyYAML reads this tag differently from how it looks (check the `!` handles)', span: [at, at + 1] });
  }
  if (builder.issues.length) return { kind: 'yaml', issues: builder.issues };

  const ctor = new Constructor();
  try {
    const value = ctor.constructDocument(root);
    return { kind: 'ok', value, duplicates: ctor.duplicates, rootSpan: root.span };
  } catch (e) {
    if (e instanceof ConstructFailure) {
      const cause = e.cause;
      if (cause instanceof YamlError) return { kind: 'yaml', issues: [{ code: cause.code, message: cause.message, span: e.span }] };
      if (cause instanceof PyCrash) return { kind: 'crash', exception: cause.exception, message: cause.message, span: e.span };
      if (cause instanceof RangeError) return { kind: 'crash', exception: 'RecursionError', message: 'maximum recursion depth exceeded', span: e.span };
    }
    throw e;
  }
}

function dedupe(list: YamlIssue[]): YamlIssue[] {
  const seen = new Set<string>();
  const out: YamlIssue[] = [];
  for (const i of list.sort((a, b) => a.span[0] - b.span[0])) {
    const k = `${i.code}@${i.span[0]}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
  }
  return out;
}
