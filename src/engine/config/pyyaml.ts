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
//   on very deep nesting (a RecursionError, which dlm does not catch).

import { Composer, isAlias, isMap, isScalar, isSeq, Lexer, Parser, type CST, type Document, type Node } from 'yaml';
import { Constructor, ConstructFailure, type DuplicateKey, type PNode } from './construct.js';
import { PyCrash } from './pynum.js';
import type { PyValue, Span } from './pyvalue.js';
import { resolveImplicit, TAG, YamlError } from './resolve.js';
import { pyIsBlank } from '../pytext.js';

/**
 * Nesting depth (collections inside collections, the top one counting 1) at
 * which PyYAML's recursive composer raises RecursionError inside `dlm train`.
 * With Python's default limit of 1000 frames, a bare `safe_load` fails at 495
 * levels; dlm's own call stack uses a few dozen frames more. The exact number
 * depends on how dlm is started, so this is an estimate.
 */
export const PYYAML_MAX_DEPTH = 480;

export interface YamlIssue {
  code: string;
  message: string;
  span: Span;
}

export type PyYamlResult =
  | { kind: 'ok'; value: PyValue; duplicates: DuplicateKey[]; rootSpan: Span }
  | { kind: 'yaml'; issues: YamlIssue[] }
  | { kind: 'crash'; exception: string; message: string; span: Span };

// PyYAML's Reader accepts only these characters (no C0 controls but tab and
// line breaks, no DEL or C1 controls but NEL, no surrogates, no U+FFFE/FFFF).
const NON_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const EXTRA_BREAKS = /[\x85\u2028\u2029]/g;
const ANCHOR_NAME = /^[0-9A-Za-z_-]+/;
const AFTER_ANCHOR = ' \t\n?:,]}%@`';

const PARSE_OPTIONS = {
  schema: 'failsafe' as const, // every scalar stays a string; PyYAML typing is ours
  uniqueKeys: false, // PyYAML: the last of repeated keys wins, silently
  keepSourceTokens: true,
  prettyErrors: false,
  strict: false,
  resolveKnownTags: false, // !!binary, !!omap, !!set, … are built by ./construct.ts
};

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

// ---- lexing: PyYAML ignores indentation inside [ ] / { } and quoted scalars ----

// The `yaml` lexer (YAML 1.2) ends a flow collection or a quoted scalar at a
// line that is not indented more than the surrounding block; PyYAML does not
// look at indentation there at all (only `---` / `...` at column 0 still end
// a document). This lexer runs those two states with no indentation minimum.
// It reaches into the lexer's generator methods, which the package keeps
// private; yaml-cases.json and the unit tests pin the behaviour.
type LexerInternals = { indentNext: number; flowLevel: number; parseQuotedScalar(): Generator<string, string> };
type PatchedLexer = LexerInternals & { pyFlowLevel: number; pySavedIndent: number };
class PyYamlLexer extends Lexer {}
{
  const proto = PyYamlLexer.prototype as unknown as PatchedLexer;
  const base = Lexer.prototype as unknown as LexerInternals;
  // Entering [ ] / { } drops the indentation minimum; leaving restores it
  // (nothing changes it while inside: the lexer only moves it in block context).
  Object.defineProperty(proto, 'flowLevel', {
    get(this: PatchedLexer) { return this.pyFlowLevel ?? 0; },
    set(this: PatchedLexer, v: number) {
      const was = this.pyFlowLevel ?? 0;
      if (was === 0 && v > 0) { this.pySavedIndent = this.indentNext; this.indentNext = 0; }
      else if (was > 0 && v === 0) this.indentNext = this.pySavedIndent ?? 0;
      this.pyFlowLevel = v;
    },
  });
  function* unindentedQuoted(this: LexerInternals): Generator<string, string> {
    const saved = this.indentNext;
    this.indentNext = 0;
    try {
      return yield* base.parseQuotedScalar.call(this);
    } finally {
      this.indentNext = saved;
    }
  }
  proto.parseQuotedScalar = function (this: PatchedLexer) {
    return (this.pyFlowLevel ?? 0) > 0 ? base.parseQuotedScalar.call(this) : unindentedQuoted.call(this);
  };
}

function lexAndParse(src: string): CST.Token[] {
  const parser = new Parser();
  const out: CST.Token[] = [];
  for (const lexeme of new PyYamlLexer().lex(src)) for (const t of parser.next(lexeme)) out.push(t);
  for (const t of parser.end()) out.push(t);
  return out;
}

// ---- CST inspection ----

const URI_CHAR = /[0-9A-Za-z\-;/?:@&=+$,_.!~*'()[\]%]/;

/**
 * PyYAML's tag scanner, run at a `!`: returns why PyYAML rejects the tag, or
 * null when it reads the same characters as the `yaml` package's tag token.
 */
function pyTagProblem(src: string, at: number, tokenLength: number): string | null {
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
  if (src[i] === '<') {
    i++;
    if (!uri() || src[i] !== '>') return 'a verbatim tag `!<…>` must hold a URI and end with `>` (PyYAML: "expected URI" / "expected \'>\'")';
    i++;
  } else if (isBreak(src[i]) || src[i] === '\t') {
    // the non-specific tag `!`
  } else {
    let j = i;
    let handle = false;
    while (j < src.length && src[j] !== ' ' && src[j] !== '\n') { if (src[j] === '!') { handle = true; break; } j++; }
    if (handle) {
      while (i < src.length && /[0-9A-Za-z_-]/.test(src[i]!)) i++;
      if (src[i] !== '!') return 'a tag handle may only use letters, digits, `-` and `_` between its `!`s (PyYAML: "expected \'!\'")';
      i++;
    }
    if (!uri()) return 'a tag needs a name after its handle (PyYAML: "expected URI")';
  }
  if (!isBreak(src[i])) return `a tag must be followed by a space or a line break (PyYAML: "expected ' ', but found ${JSON.stringify(src[i])}")`;
  if (i - at !== tokenLength) return 'this tag is read differently by PyYAML (its characters run into the next token)';
  return null;
}

/** PyYAML's directive scanner: a name of [0-9A-Za-z_-], then for %YAML a version 1.x. */
function pyDirectiveProblem(line: string): string | null {
  const name = /^%([0-9A-Za-z_-]*)/.exec(line)![1]!;
  const rest = line.slice(1 + name.length);
  if (!name || (rest !== '' && rest[0] !== ' ')) return 'a directive name may only use letters, digits, `-` and `_` (PyYAML: "expected alphabetic or numeric character")';
  if (name === 'YAML') {
    const v = /^ +([0-9]+)\.([0-9]+)(?= |$)/.exec(rest);
    if (!v) return 'a %YAML directive needs a version like `1.1` (PyYAML: "expected a digit or \'.\'")';
    if (v[1] !== '1') return `found incompatible YAML document (version 1.* is required, this says ${v[1]}.${v[2]})`;
    const tail = rest.slice(v[0].length);
    if (!/^ *(?:#.*)?$/.test(tail)) return 'unexpected text after the %YAML version (PyYAML: "expected a comment or a line break")';
  }
  return null;
}

interface CstFacts {
  issues: YamlIssue[];
  /** Offset where nesting first went past PYYAML_MAX_DEPTH, or -1. */
  tooDeepAt: number;
  /** [start, end) spans inside which a tab is fine. */
  tabOk: Array<[number, number]>;
  /** Offsets of `*name:` aliases the `yaml` lexer reads as one name (PyYAML: alias, then `:`). */
  aliasKeys: number[];
  /** Offsets of `&name:` anchors the `yaml` lexer reads as one name (PyYAML: an anchored empty key, then `:`). */
  anchorKeys: number[];
  /** Tag tokens: offset -> the tag PyYAML resolves (null: undefined handle). */
  tags: Map<number, string | null>;
  /** Block maps whose first key is empty but carries an anchor/tag on its line (PyYAML: they belong to that key). */
  keyProps: Set<number>;
}

type Item = { start: CST.SourceToken[]; key?: CST.Token | null; sep?: CST.SourceToken[]; value?: CST.Token; explicitKey?: true };

function inspectCst(tokens: CST.Token[], src: string, wantTabs: boolean): CstFacts {
  const issues: YamlIssue[] = [];
  const tabOk: Array<[number, number]> = [];
  const aliasKeys: number[] = [];
  const anchorKeys: number[] = [];
  const tags = new Map<number, string | null>();
  const keyProps = new Set<number>();
  let handles = new Map<string, string>();
  let afterDoc = false;
  let tooDeepAt = -1;
  const stackTok: CST.Token[] = [];
  const stackDepth: number[] = [];
  const stackFlow: boolean[] = [];
  const push = (t: CST.Token, depth: number, flow: boolean): void => { stackTok.push(t); stackDepth.push(depth); stackFlow.push(flow); };
  // PyYAML: a `...` before any document content is "expected the node content".
  // (after a document, further `...` lines are skipped: the `yaml` parser shows them as empty documents)
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'doc-end' || (t.type === 'document' && (t.value || t.start.some((x) => x.type === 'doc-start')))) break;
    if (t.type === 'document') {
      const next = tokens.slice(i + 1).find((x) => x.type !== 'newline' && x.type !== 'space' && x.type !== 'comment');
      if (next && next.type === 'doc-end') {
        issues.push({ code: 'yaml-syntax', message: 'a document end marker (`...`) with no document before it (PyYAML: "expected the node content, but found \'<document end>\'")', span: [next.offset, next.offset + 3] });
      }
    }
  }
  for (let i = tokens.length - 1; i >= 0; i--) push(tokens[i]!, 0, false);
  let inFlow = false;
  const pushAll = (list: readonly (CST.Token | null | undefined)[] | undefined, depth: number, flow = inFlow): void => {
    if (!list) return;
    for (let i = list.length - 1; i >= 0; i--) {
      const t = list[i];
      if (t) push(t, depth, flow);
    }
  };
  let firstOf: number | null = null; // offset of the block map whose first item is being checked
  const checkImplicitKey = (item: Item, flow: boolean): void => {
    if (!item.sep) return;
    if (item.explicitKey || item.start.some((t) => t.type === 'explicit-key-ind')) return;
    const colon = item.sep.find((t) => t.type === 'map-value-ind');
    if (!colon) return;
    if (!item.key) {
      // `: value` with no key at all (an anchor or a tag alone is an empty key, which PyYAML accepts)
      const lineStart = src.lastIndexOf('\n', colon.offset - 1) + 1;
      const sameLineProps = !flow && /^ *(?:(?:&\S+|!\S*) +)+$/.test(src.slice(lineStart, colon.offset));
      if (sameLineProps && firstOf !== null) keyProps.add(firstOf);
      if (!sameLineProps && !item.start.some((t) => t.type === 'anchor' || t.type === 'tag')) {
        issues.push({ code: 'yaml-syntax', message: flow
          ? 'a `:` with no key before it inside { } or [ ] (PyYAML: "expected the node content, but found \':\'")'
          : 'a `:` with no key before it (PyYAML: "expected <block end>, but found \':\'")', span: [colon.offset, colon.offset + 1] });
      }
      return;
    }
    let keyStart = item.key.offset;
    for (const t of item.start) if ((t.type === 'anchor' || t.type === 'tag') && t.offset < keyStart) keyStart = t.offset;
    const between = src.slice(keyStart, colon.offset);
    if (between.includes('\n')) {
      issues.push({ code: 'yaml-multiline-key', message: `a mapping key${flow ? ' inside { } or [ ]' : ''} must end on the line where it starts: the \`:\` after it is on a later line ("could not find expected ':'")`, span: [keyStart, colon.offset + 1] });
    } else if (codePoints(between) > 1024) {
      issues.push({ code: 'yaml-long-key', message: 'a mapping key longer than 1024 characters must be written as an explicit key (`? key`); PyYAML stops looking for its `:` after 1024 characters', span: [keyStart, colon.offset + 1] });
    }
  };

  while (stackTok.length) {
    const tok = stackTok.pop()!;
    const depth = stackDepth.pop()!;
    const flow = stackFlow.pop()!;
    inFlow = flow;
    switch (tok.type) {
      case 'document':
        afterDoc = true;
        pushAll(tok.start, depth);
        if (tok.value) push(tok.value, depth, false);
        pushAll(tok.end, depth);
        break;
      case 'doc-end':
        pushAll(tok.end, depth);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        const d = depth + 1;
        if (d > PYYAML_MAX_DEPTH && tooDeepAt < 0) tooDeepAt = tok.offset;
        if (tok.type === 'flow-collection') inFlow = true;
        const items = tok.items as Item[];
        for (let k = 0; k < items.length; k++) {
          firstOf = tok.type === 'block-map' && k === 0 ? tok.offset : null;
          if (tok.type !== 'block-seq') checkImplicitKey(items[k]!, tok.type === 'flow-collection');
        }
        // children, pushed in reverse so they come off the stack in text order
        if (tok.type === 'flow-collection') pushAll(tok.end, d);
        for (let k = items.length - 1; k >= 0; k--) {
          const it = items[k]!;
          if (it.value) push(it.value, d, inFlow);
          pushAll(it.sep, d);
          if (it.key) push(it.key, d, inFlow);
          pushAll(it.start, d);
        }
        if (tok.type === 'flow-collection') push(tok.start, d, true);
        break;
      }
      case 'comment':
        tabOk.push([tok.offset, tok.offset + tok.source.length]);
        break;
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        tabOk.push([tok.offset, tok.offset + tok.source.length]);
        pushAll(tok.end, depth);
        break;
      case 'scalar':
        if (tok.source.length && '@`%'.includes(tok.source[0]!)) {
          issues.push({ code: 'yaml-syntax', message: `an unquoted value cannot start with \`${tok.source[0]}\` (PyYAML: "found character ${JSON.stringify(tok.source[0])} that cannot start any token"); quote it`, span: [tok.offset, tok.offset + 1] });
        }
        pushAll(tok.end, depth);
        break;
      case 'alias':
      case 'anchor': {
        const name = tok.source.slice(1);
        const m = ANCHOR_NAME.exec(name);
        const nameEnd = tok.offset + 1 + (m ? m[0].length : 0);
        const next = src[nameEnd];
        const what = tok.type === 'alias' ? 'an alias' : 'an anchor';
        const tokenEnd = tok.offset + tok.source.length;
        let ok = !!m && (next === undefined || AFTER_ANCHOR.includes(next));
        if (ok && nameEnd < tokenEnd) {
          // `yaml` took more characters into the name than PyYAML does.
          const after = src[nameEnd + 1];
          const isKey = next === ':' && (after === undefined || after === ' ' || after === '\n' || (flow && ',[]{}'.includes(after)));
          if (isKey && nameEnd + 1 === tokenEnd) (tok.type === 'alias' ? aliasKeys : anchorKeys).push(tok.offset);
          else ok = false;
        }
        if (!ok) {
          issues.push({ code: 'yaml-bad-anchor', message: `${what} name may only use letters, digits, \`-\` and \`_\` (PyYAML: "expected alphabetic or numeric character")`, span: [tok.offset, tokenEnd] });
        }
        if (tok.type === 'alias') pushAll((tok as CST.FlowScalar).end, depth);
        break;
      }
      case 'tag': {
        const problem = pyTagProblem(src, tok.offset, tok.source.length);
        if (problem) issues.push({ code: 'yaml-syntax', message: `${problem}`, span: [tok.offset, tok.offset + tok.source.length] });
        else tags.set(tok.offset, pyResolveTag(tok.source, handles));
        break;
      }
      case 'block-scalar': {
        pushAll(tok.props, depth);
        const props = tok.props as CST.SourceToken[];
        if (depth === 0) {
          const last = props[props.length - 1];
          const bodyStart = last ? last.offset + last.source.length : tok.offset;
          const m = /(?:^|\n)[^ \n]/.exec(tok.source);
          if (m) {
            const at = bodyStart + m.index + (m[0].length - 1);
            issues.push({ code: 'yaml-syntax', message: 'a top-level block scalar needs indented content; PyYAML ends it before this unindented line ("expected \'<document start>\'")', span: [at, at + 1] });
          }
        }
        if (wantTabs) {
          const header = props.find((p) => p.type === 'block-scalar-header');
          const last = props[props.length - 1];
          const bodyStart = last ? last.offset + last.source.length : tok.offset;
          const explicit = header ? /[1-9]/.exec(header.source) : null;
          const minIndent = Math.max(1, tok.indent + 1);
          let indent: number;
          if (explicit) indent = minIndent + Number(explicit[0]) - 1;
          else {
            // PyYAML: the deepest run of leading spaces before the first content character.
            let max = 0;
            let col = 0;
            for (let i = 0; i < tok.source.length; i++) {
              const c = tok.source[i];
              if (c === ' ') { col++; if (col > max) max = col; } else if (c === '\n') col = 0; else break;
            }
            indent = Math.max(minIndent, max);
          }
          let lineStart = bodyStart;
          const end = bodyStart + tok.source.length;
          while (lineStart < end) {
            let lineEnd = src.indexOf('\n', lineStart);
            if (lineEnd < 0 || lineEnd > end) lineEnd = end;
            let spaces = 0;
            while (lineStart + spaces < lineEnd && src[lineStart + spaces] === ' ') spaces++;
            if (spaces >= indent) tabOk.push([lineStart + indent, lineEnd]);
            lineStart = lineEnd + 1;
          }
        }
        break;
      }
      case 'directive': {
        const span: Span = [tok.offset, tok.offset + tok.source.length];
        if (afterDoc) { handles = new Map(); afterDoc = false; }
        const td = /^%TAG +(!(?:[0-9A-Za-z_-]*!)?) +(\S+)/.exec(tok.source);
        if (td) handles.set(td[1]!, td[2]!);
        const problem = pyDirectiveProblem(tok.source);
        if (problem) issues.push({ code: problem.startsWith('found incompatible') ? 'yaml-version' : 'yaml-syntax', message: problem, span });
        const c = tok.source.indexOf(' #');
        if (c >= 0) tabOk.push([tok.offset + c + 1, tok.offset + tok.source.length]);
        break;
      }
      case 'error':
        // the composer reports these too, with better messages
        break;
      default:
        break;
    }
  }
  return { issues, tooDeepAt, tabOk, aliasKeys, anchorKeys, tags, keyProps };
}

function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    return s;
  }
}

/** The tag PyYAML builds from a tag token (`!!int`, `!x`, `!e!y`, `!<…>`); null for an undeclared handle. */
function pyResolveTag(source: string, handles: ReadonlyMap<string, string>): string | null {
  if (source.startsWith('!<')) return percentDecode(source.slice(2, -1));
  if (source === '!') return '!';
  const m = /^(!(?:[0-9A-Za-z_-]*!)?)(.*)$/.exec(source)!;
  let handle = m[1]!;
  let suffix = m[2]!;
  if (!source.slice(1).includes('!')) { handle = '!'; suffix = source.slice(1); }
  const prefix = handles.get(handle) ?? (handle === '!' ? '!' : handle === '!!' ? 'tag:yaml.org,2002:' : null);
  return prefix === null ? null : prefix + percentDecode(suffix);
}

function findTabIssues(src: string, tabOk: Array<[number, number]>): YamlIssue[] {
  const out: YamlIssue[] = [];
  tabOk.sort((a, b) => a[0] - b[0]);
  let j = 0;
  for (let i = src.indexOf('\t'); i >= 0; i = src.indexOf('\t', i + 1)) {
    while (j < tabOk.length && tabOk[j]![1] <= i) j++;
    let ok = false;
    for (let k = j; k < tabOk.length && tabOk[k]![0] <= i; k++) if (i < tabOk[k]![1]) { ok = true; break; }
    if (!ok) {
      out.push({ code: 'yaml-tab', message: 'a tab character outside quotes, comments and block scalars: PyYAML reads it as "found character \'\\t\' that cannot start any token" (indent and separate with spaces)', span: [i, i + 1] });
      if (out.length >= 50) break;
    }
  }
  return out;
}

/** Directives of one document: `%YAML` at most once, each `%TAG` handle at most once. */
function directiveIssues(tokens: CST.Token[]): YamlIssue[] {
  const out: YamlIssue[] = [];
  let seenYaml = false;
  const handles = new Set<string>();
  for (const t of tokens) {
    if (t.type === 'directive') {
      if (/^%YAML\b/.test(t.source)) {
        if (seenYaml) out.push({ code: 'yaml-syntax', message: 'found duplicate YAML directive', span: [t.offset, t.offset + t.source.length] });
        seenYaml = true;
      } else {
        const m = /^%TAG[ \t]+(\S+)/.exec(t.source);
        if (m) {
          if (handles.has(m[1]!)) out.push({ code: 'yaml-syntax', message: `found duplicate tag handle ${m[1]}`, span: [t.offset, t.offset + t.source.length] });
          handles.add(m[1]!);
        }
      }
    } else if (t.type === 'document') {
      seenYaml = false;
      handles.clear();
    }
  }
  return out;
}

// yaml-package complaints that PyYAML does not share.
const IGNORED_YAML_CODES = new Set(['KEY_OVER_1024_CHARS', 'MULTILINE_IMPLICIT_KEY', 'DUPLICATE_KEY', 'TAG_RESOLVE_FAILED', 'BAD_ALIAS']);

// ---- from `yaml` document nodes to PyYAML nodes ----

type Role = 'key' | 'item' | 'value';
const ALIAS_MARK = '\ue000';
const BOM_MARK = '\ue001';

class NodeBuilder {
  readonly anchors = new Map<string, PNode>();
  readonly issues: YamlIssue[] = [];

  /** `aliasKeys`: offsets where `*name:` was rewritten to a plain `\ue000name` for the `yaml` lexer. */
  private readonly tagOffsets: number[];
  readonly usedTags = new Set<number>();

  constructor(
    private readonly aliasKeys: ReadonlySet<number>,
    private readonly anchorKeys: ReadonlySet<number>,
    private readonly tags: ReadonlyMap<number, string | null>,
    private readonly keyProps: ReadonlySet<number>,
    /** Set when U+FEFF characters were hidden from the `yaml` lexer as U+E001. */
    private readonly bomMark: boolean,
  ) {
    this.tagOffsets = [...tags.keys()].sort((a, b) => a - b);
  }

  /** The PyYAML tag of a node `yaml` saw a tag on: the last tag token before the node's start. */
  private pyTag(n: Node, start: number, span: Span): string | undefined {
    if (n.tag === undefined || n.tag === null) return undefined;
    let lo = 0;
    let hi = this.tagOffsets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.tagOffsets[mid]! <= start) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found < 0) return n.tag;
    this.usedTags.add(this.tagOffsets[found]!);
    const t = this.tags.get(this.tagOffsets[found]!);
    if (t === null) {
      this.issues.push({ code: 'yaml-syntax', message: 'found undefined tag handle: declare it with a %TAG directive', span });
      return '!';
    }
    return t;
  }

  private alias(name: string, span: Span): PNode {
    const target = this.anchors.get(name);
    if (target) return target;
    this.issues.push({ code: 'yaml-undefined-alias', message: `found undefined alias ${JSON.stringify(name)}: an alias must come after its anchor (\`&${name}\`)`, span });
    return this.empty(span[0]);
  }

  private anchor(name: string | undefined, node: PNode, at: Span): void {
    if (!name) return;
    node.shared = true;
    if (this.anchors.has(name)) {
      this.issues.push({ code: 'yaml-duplicate-anchor', message: `found duplicate anchor ${JSON.stringify(name)}: PyYAML does not allow an anchor name twice in one document`, span: at });
    }
    this.anchors.set(name, node);
  }

  empty(at: number): PNode {
    return { t: 'scalar', tag: TAG.null, value: '', span: [at, at] };
  }

  build(n: Node | null | undefined, emptyAt: number, role: Role = 'value', inFlow = false): PNode {
    if (n === null || n === undefined) return this.empty(emptyAt);
    const range = n.range ?? [emptyAt, emptyAt, emptyAt];
    const span: Span = [range[0], range[1]];
    if (isAlias(n)) return this.alias(n.source, span);
    let tag = this.pyTag(n, range[0], span);
    if (isScalar(n)) {
      let value = typeof n.value === 'string' ? n.value : n.value === null || n.value === undefined ? '' : String(n.value);
      if (n.type === 'PLAIN' && this.aliasKeys.has(range[0]) && value.startsWith(ALIAS_MARK)) return this.alias(value.slice(1), span);
      if (n.type === 'PLAIN' && this.anchorKeys.has(range[0]) && value.startsWith(ALIAS_MARK)) {
        const node = this.empty(range[0]);
        this.anchor(value.slice(1), node, span);
        return node;
      }
      if (this.bomMark && value.includes(BOM_MARK)) value = value.replace(/\ue001/g, '\ufeff');
      if (n.type === 'PLAIN' && inFlow) {
        const hasProps = (tag !== undefined && tag !== null) || !!n.anchor;
        // Inside [ ] and { }, PyYAML's `?` always starts a key and `:` is always a value indicator.
        const source = (n as { srcToken?: { source?: string } }).srcToken?.source ?? value;
        if (source.startsWith(':') && hasProps && role === 'item' && /^:[^ \n]/.test(source)) {
          // `[&a :b]` / `[!!str :b]`: an empty key carrying the props, then `:` and the value
          const t = tag === '!' || tag === undefined || tag === null ? TAG.null : tag;
          const key: PNode = { t: 'scalar', tag: t, value: '', span: [range[0], range[0]] };
          this.anchor(n.anchor, key, span);
          const rest = value.slice(1);
          const val: PNode = { t: 'scalar', tag: resolveImplicit(rest), value: rest, span };
          return { t: 'map', tag: TAG.map, pairs: [[key, val]], span };
        }
        if (source.startsWith(':')) {
          this.issues.push({ code: 'yaml-syntax', message: 'inside { } or [ ], PyYAML reads `:` as a value indicator, so a plain value cannot start with it ("expected the node content, but found \':\'"); quote it', span });
          return this.empty(range[0]);
        }
        const body = source.startsWith('?') ? source.slice(1) : source;
        if (body.includes('?')) {
          this.issues.push({ code: 'yaml-syntax', message: 'inside { } or [ ], PyYAML ends an unquoted value at `?` (it starts a key there: "expected \',\' or \']\', but got \'?\'"); quote the value', span });
          return this.empty(range[0]);
        }
        if (source.startsWith('?') && hasProps) {
          this.issues.push({ code: 'yaml-syntax', message: 'inside { } or [ ], PyYAML reads `?` as the start of a key, which cannot follow an anchor or a tag ("expected the node content, but found \'?\'")', span });
          return this.empty(range[0]);
        }
        if (source.startsWith('?')) {
          value = value.slice(1);
          if (role === 'item') {
            const key: PNode = { t: 'scalar', tag: resolveImplicit(value), value, span };
            return { t: 'map', tag: TAG.map, pairs: [[key, this.empty(range[1])]], span };
          }
          if (role !== 'key') {
            this.issues.push({ code: 'yaml-syntax', message: 'inside { } or [ ], PyYAML reads `?` as the start of a key, so a plain value cannot start with it ("expected the node content, but found \'?\'"); quote it', span });
            return this.empty(range[0]);
          }
        }
      }
      if ((n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') && value.endsWith('\n')) {
        // PyYAML keeps the final line break only if the text has one after the last content line.
        const body = (n as { srcToken?: { source?: string } }).srcToken?.source ?? '';
        if (!body.endsWith('\n') && body.slice(body.lastIndexOf('\n') + 1).trim() !== '') value = value.slice(0, -1);
      }
      let t: string;
      if (tag === undefined || tag === null) t = n.type === 'PLAIN' ? resolveImplicit(value) : TAG.str;
      else if (tag === '!') t = resolveImplicit(value);
      else t = tag;
      const node: PNode = { t: 'scalar', tag: t, value, span };
      this.anchor(n.anchor, node, span);
      return node;
    }
    if (isSeq(n)) {
      const node: PNode = { t: 'seq', tag: !tag || tag === '!' ? TAG.seq : tag, items: [], span };
      this.anchor(n.anchor, node, span);
      for (const item of n.items) node.items.push(this.build(item as Node | null, range[1], 'item', !!n.flow));
      return node;
    }
    if (isMap(n)) {
      // `!!str : v` / `&a : v` as the first line of a block map: PyYAML puts the props on the empty key.
      let keyTag: string | undefined;
      let keyAnchor: string | undefined;
      let anchor = n.anchor;
      const k0 = n.items[0]?.key as Node | null | undefined;
      if (!n.flow && this.keyProps.has(range[0]) && (!k0 || (isScalar(k0) && k0.range && k0.range[0] === k0.range[1]))) {
        keyTag = tag;
        keyAnchor = anchor;
        tag = undefined;
        anchor = undefined;
      }
      const node: PNode = { t: 'map', tag: !tag || tag === '!' ? TAG.map : tag, pairs: [], span };
      this.anchor(anchor, node, span);
      let first = true;
      for (const pair of n.items) {
        if (first && (keyTag !== undefined || keyAnchor !== undefined)) {
          const at = span[0];
          const value = '';
          const key: PNode = { t: 'scalar', tag: keyTag === undefined || keyTag === '!' ? resolveImplicit(value) : keyTag, value, span: [at, at] };
          this.anchor(keyAnchor, key, [at, at]);
          const v = pair.value as Node | null;
          node.pairs.push([key, this.build(v, v?.range ? v.range[0] : at, 'value', false)]);
          first = false;
          continue;
        }
        first = false;
        const k = pair.key as Node | null;
        const v = pair.value as Node | null;
        const kAt = k?.range ? k.range[0] : v?.range ? v.range[0] : range[0];
        const key = this.build(k, kAt, 'key', !!n.flow);
        const vAt = k?.range ? k.range[1] : kAt;
        node.pairs.push([key, this.build(v, v?.range ? v.range[0] : vAt, 'value', !!n.flow)]);
      }
      return node;
    }
    return this.empty(range[0]);
  }
}

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
