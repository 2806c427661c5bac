// Checks on the `yaml` package's CST for what PyYAML's scanner and parser
// read differently: anchor, tag and directive syntax, implicit keys (one
// line, at most 1024 characters), tabs, documents, nesting depth. The walk
// also collects what later stages need: resolved tags, comment positions,
// and the places where `yaml` splits tokens differently from PyYAML (see
// ./retokenize.ts).

import type { CST } from 'yaml';
import type { YamlIssue } from './issues.js';
import { staleKeyMark } from './marks.js';
import { blockScalarTabSpans } from './tabs.js';
import { pyDirectiveProblem, pyResolveTag, pyTagProblem } from './tags.js';

/**
 * Nesting depth (collections inside collections, the top one counting 1) at
 * which PyYAML's recursive composer raises RecursionError inside `dlm train`.
 * With Python's default limit of 1000 frames, a bare `safe_load` fails at 495
 * levels; dlm's own call stack uses a few dozen frames more. The exact number
 * depends on how dlm is started, so this is an estimate.
 */
export const PYYAML_MAX_DEPTH = 480;

/** PyYAML's anchor and alias names. */
export const ANCHOR_NAME = /^[0-9A-Za-z_-]+/;
/** What PyYAML lets follow an anchor or alias name. */
const AFTER_ANCHOR = ' \t\n?:,]}%@`';
const isSpaceOrEnd = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || c === '\n';

export interface CstFacts {
  issues: YamlIssue[];
  /** Offset where nesting in the first document first went past PYYAML_MAX_DEPTH, or -1. */
  tooDeepAt: number;
  /** [start, end) spans inside which a tab is fine. */
  tabOk: Array<[number, number]>;
  /** Tag tokens: offset -> the tag PyYAML resolves (null: undefined handle). */
  tags: Map<number, string | null>;
  /** Offsets of anchors (`&`) and aliases (`*`) whose name PyYAML ends at a `:` or `?` that `yaml` reads into it. */
  glued: number[];
  /** Offsets of `-` inside [ ] / { } that `yaml` reads as a block sequence and PyYAML as a plain scalar. */
  flowDashes: number[];
  /** Comments right after a token, with no space before the `#` (`[#c`, `a,#c`): start -> end. */
  gluedComments: Map<number, number>;
  /** Where each document PyYAML sees starts: its `---`, its first property or its content. */
  documentStarts: number[];
  /** Offsets of properties `yaml` keeps with a block mapping that PyYAML gives its first key (see splitBlockMapProps). */
  firstKeyProps: Set<number>;
  /** Block mappings by offset -> the offset of their first `:` (PyYAML's mark for a mapping where none may start). */
  firstColon: Map<number, number>;
  /** Offsets of block mapping keys with no `:` after them (reported here, with PyYAML's mark). */
  valuelessKeys: Set<number>;
  /**
   * [key start, mark) of the keys PyYAML gives up on (no `:`, or a `:` on a later line): its
   * scanner fails at the mark before its parser sees what lies between, so the `yaml` parser's
   * complaints about that stretch are not PyYAML's.
   */
  staleKeys: Array<[number, number]>;
}

type Item = { start: CST.SourceToken[]; key?: CST.Token | null; sep?: CST.SourceToken[]; value?: CST.Token; explicitKey?: true };

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

const isProp = (t: CST.SourceToken): boolean => t.type === 'anchor' || t.type === 'tag';

/**
 * The properties in front of a block mapping, split the way PyYAML's scanner
 * splits them: those followed by a line break belong to the mapping, those on
 * the line of its first key to that key (`k: !!map\n  !!str : v`). `yaml`
 * keeps both groups with the mapping. `from`: the indicator they follow.
 * Null when a group holds two anchors or two tags (an error either way).
 */
export function splitBlockMapProps(list: readonly CST.SourceToken[], from: CST.SourceToken['type'] | null): { own: CST.SourceToken[]; firstKey: CST.SourceToken[] } | null {
  let i = from ? list.findIndex((t) => t.type === from) + 1 : 0;
  let lastBreak = -1;
  for (let k = i; k < list.length; k++) if (list[k]!.type === 'newline') lastBreak = k;
  const own: CST.SourceToken[] = [];
  const firstKey: CST.SourceToken[] = [];
  for (; i < list.length; i++) if (isProp(list[i]!)) (i < lastBreak ? own : firstKey).push(list[i]!);
  const single = (g: CST.SourceToken[]): boolean => g.filter((t) => t.type === 'tag').length <= 1 && g.filter((t) => t.type === 'anchor').length <= 1;
  return single(own) && single(firstKey) ? { own, firstKey } : null;
}

/** Where PyYAML sees a document in this CST document, or -1 if it sees none (blank lines and comments only). */
export function documentStart(doc: CST.Document): number {
  const first = doc.start.find((t) => t.type === 'doc-start' || isProp(t));
  if (first) return first.offset;
  return doc.value ? doc.value.offset : -1;
}

/** A node PyYAML's scanner could have taken for a simple key (not a plain scalar it reads as an indicator). */
function isPyYamlKey(tok: CST.Token): boolean {
  switch (tok.type) {
    case 'single-quoted-scalar': case 'double-quoted-scalar': case 'alias': case 'flow-collection': case 'block-scalar':
      return true;
    case 'scalar':
      return !/^(?:[,[\]{}#&*!|>'"%@`]|[-?:](?:[ \n]|$))/.test(tok.source);
    default:
      return false;
  }
}

/** Can PyYAML read an anchor/alias name that `yaml` runs on into `next` (and `after`)? See ./retokenize.ts. */
function glueAllowed(type: 'anchor' | 'alias', next: string, after: string | undefined, flow: boolean): boolean {
  if (next === ':') return type === 'anchor' || flow || isSpaceOrEnd(after);
  // `&a?b` in block context: an anchored plain scalar `?b`
  return next === '?' && type === 'anchor' && !flow && !isSpaceOrEnd(after);
}

export function inspectCst(tokens: CST.Token[], src: string, wantTabs: boolean): CstFacts {
  const issues: YamlIssue[] = [];
  const tabOk: Array<[number, number]> = [];
  const tags = new Map<number, string | null>();
  const glued: number[] = [];
  const flowDashes: number[] = [];
  const gluedComments = new Map<number, number>();
  const documentStarts: number[] = [];
  const firstKeyProps = new Set<number>();
  const firstColon = new Map<number, number>();
  const valuelessKeys = new Set<number>();
  const staleKeys: Array<[number, number]> = [];
  const noteFirstKeyProps = (list: readonly CST.SourceToken[] | undefined, from: CST.SourceToken['type'] | null, value: CST.Token | null | undefined): void => {
    if (!list || value?.type !== 'block-map') return;
    for (const t of splitBlockMapProps(list, from)?.firstKey ?? []) firstKeyProps.add(t.offset);
  };
  let handles = new Map<string, string>();
  let afterDoc = false;
  let tooDeepAt = -1;

  // PyYAML: a `...` before any document content is "expected the node content".
  // (after a document, further `...` lines are skipped: the `yaml` parser shows them as empty documents)
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'doc-end' || (t.type === 'document' && documentStart(t) >= 0)) break;
    if (t.type === 'document') {
      const next = tokens.slice(i + 1).find((x) => x.type !== 'newline' && x.type !== 'space' && x.type !== 'comment');
      if (next && next.type === 'doc-end') {
        issues.push({ code: 'yaml-syntax', message: 'a document end marker (`...`) with no document before it (PyYAML: "expected the node content, but found \'<document end>\'")', span: [next.offset, next.offset + 3] });
      }
    }
  }

  // An explicit stack instead of recursion: nesting can be thousands deep.
  const stackTok: CST.Token[] = [];
  const stackDepth: number[] = [];
  const stackFlow: boolean[] = [];
  const push = (t: CST.Token, depth: number, flow: boolean): void => { stackTok.push(t); stackDepth.push(depth); stackFlow.push(flow); };
  const pushAll = (list: readonly (CST.Token | null | undefined)[] | undefined, depth: number, flow: boolean): void => {
    if (!list) return;
    for (let i = list.length - 1; i >= 0; i--) {
      const t = list[i];
      if (t) push(t, depth, flow);
    }
  };
  for (let i = tokens.length - 1; i >= 0; i--) push(tokens[i]!, 0, false);

  const checkImplicitKey = (item: Item, flow: boolean): void => {
    if (!item.sep) return;
    if (item.explicitKey || item.start.some((t) => t.type === 'explicit-key-ind')) return;
    // Inside [ ] / { }, PyYAML reads `?` as the explicit-key indicator even with no space after it.
    if (flow && item.key?.type === 'scalar' && item.key.source.startsWith('?')) return;
    const colon = item.sep.find((t) => t.type === 'map-value-ind');
    if (!colon) return;
    if (!item.key && !item.start.some(isProp)) {
      // `: value` with no key at all (an anchor or a tag alone is an empty key, which PyYAML accepts;
      // `yaml` may keep such props of a first key with the parent when they start the line)
      const lineStart = src.lastIndexOf('\n', colon.offset - 1) + 1;
      const propsBefore = !flow && /^ *(?:(?:&\S+|!\S*) +)+$/.test(src.slice(lineStart, colon.offset));
      if (!propsBefore) {
        issues.push({ code: 'yaml-syntax', message: flow
          ? 'a `:` with no key before it inside { } or [ ] (PyYAML: "expected the node content, but found \':\'")'
          : 'a `:` with no key before it (PyYAML: "expected <block end>, but found \':\'")', span: [colon.offset, colon.offset + 1] });
      }
      return;
    }
    let keyStart = item.key ? item.key.offset : colon.offset;
    for (const t of item.start) if (isProp(t) && t.offset < keyStart) keyStart = t.offset;
    const between = src.slice(keyStart, colon.offset);
    if (between.includes('\n')) {
      const mark = Math.min(colon.offset, staleKeyMark(src, item.start.filter(isProp), item.key));
      staleKeys.push([keyStart, mark]);
      issues.push({ code: 'yaml-multiline-key', message: `a mapping key${flow ? ' inside { } or [ ]' : ''} must end on the line where it starts: the \`:\` after it is on a later line ("could not find expected ':'")`, span: [keyStart, colon.offset + 1], mark });
    } else if (codePoints(between) > 1024) {
      issues.push({ code: 'yaml-long-key', message: 'a mapping key longer than 1024 characters must be written as an explicit key (`? key`); PyYAML stops looking for its `:` after 1024 characters', span: [keyStart, colon.offset + 1], mark: colon.offset });
    }
  };

  // `a: 1\nb\n`, `a: 1\n&x\n`: PyYAML notices the missing `:` once its scanner stands on a later line.
  const valuelessKey = (item: Item): void => {
    const props = item.start.filter(isProp);
    const first = props[0] ?? item.key!;
    const last = item.key ?? props[props.length - 1]!;
    const end = last.offset + ('source' in last && typeof last.source === 'string' ? last.source.length : 1);
    // where `yaml` reports it: the key, or the empty key after the properties (and the spaces after them)
    let at = end;
    while (!item.key && src[at] === ' ') at++;
    valuelessKeys.add(item.key ? item.key.offset : at);
    const mark = staleKeyMark(src, props, item.key);
    staleKeys.push([first.offset, mark]);
    issues.push({ code: 'yaml-syntax', message: 'a mapping key with no `:` after it (PyYAML: "could not find expected \':\'")', span: [first.offset, end], mark });
  };

  let docNo = 0; // documents PyYAML sees, so far
  while (stackTok.length) {
    const tok = stackTok.pop()!;
    const depth = stackDepth.pop()!;
    const flow = stackFlow.pop()!;
    switch (tok.type) {
      case 'document': {
        afterDoc = true;
        const at = documentStart(tok);
        if (at >= 0) { docNo++; documentStarts.push(at); }
        noteFirstKeyProps(tok.start, 'doc-start', tok.value);
        pushAll(tok.start, depth, false);
        if (tok.value) push(tok.value, depth, false);
        pushAll(tok.end, depth, false);
        break;
      }
      case 'doc-end':
        pushAll(tok.end, depth, false);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        const d = depth + 1;
        // PyYAML composes only the first document (safe_load stops at the second).
        if (d > PYYAML_MAX_DEPTH && tooDeepAt < 0 && docNo <= 1) tooDeepAt = tok.offset;
        const inFlow = flow || tok.type === 'flow-collection';
        const items = tok.items as Item[];
        if (tok.type !== 'block-seq') for (const it of items) checkImplicitKey(it, tok.type === 'flow-collection');
        if (tok.type === 'block-map') {
          for (const it of items) noteFirstKeyProps(it.sep, 'map-value-ind', it.value);
          const colon = items[0]?.sep?.find((t) => t.type === 'map-value-ind');
          if (colon) firstColon.set(tok.offset, colon.offset);
          for (const it of items) {
            if (it.sep?.some((t) => t.type === 'map-value-ind')) continue;
            if (!it.explicitKey && (it.key ? isPyYamlKey(it.key) : it.start.some(isProp))) valuelessKey(it);
            // `? 'k'\n  v`: a node after an explicit key with no `:` before it (`yaml` drops it)
            const stray = it.explicitKey ? it.sep?.find(isProp) ?? it.value : undefined;
            if (stray) issues.push({ code: 'yaml-syntax', message: 'a value after `? key` needs a `:` before it (PyYAML: "expected <block end>")', span: [stray.offset, stray.offset + 1] });
          }
        }
        if (tok.type === 'flow-collection') {
          // `{'k'!!str }`: properties after a node, with no `:` (`yaml` drops them)
          for (const it of items) {
            const stray = it.sep?.some((t) => t.type === 'map-value-ind') ? undefined : it.sep?.find(isProp);
            if (stray) issues.push({ code: 'yaml-syntax', message: 'inside { } or [ ], an anchor or a tag must come before its node (PyYAML: "expected \',\' or \'}\'")', span: [stray.offset, stray.offset + stray.source.length] });
          }
        }
        if (tok.type === 'block-seq') for (const it of items) noteFirstKeyProps(it.start, 'seq-item-ind', it.value);
        // children, pushed in reverse so they come off the stack in text order
        if (tok.type === 'flow-collection') pushAll(tok.end, d, inFlow);
        for (let k = items.length - 1; k >= 0; k--) {
          const it = items[k]!;
          if (it.value) push(it.value, d, inFlow);
          pushAll(it.sep, d, inFlow);
          if (it.key) push(it.key, d, inFlow);
          pushAll(it.start, d, inFlow);
        }
        if (tok.type === 'flow-collection') push(tok.start, d, true);
        break;
      }
      case 'comment':
        if (tok.offset > 0 && !' \t\n'.includes(src[tok.offset - 1]!)) gluedComments.set(tok.offset, tok.offset + tok.source.length);
        tabOk.push([tok.offset, tok.offset + tok.source.length]);
        break;
      case 'seq-item-ind':
        // `[-]`, `{a: -}`: PyYAML's `-` is an indicator only before a space or a line break.
        if (flow && !isSpaceOrEnd(src[tok.offset + 1])) flowDashes.push(tok.offset);
        break;
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        tabOk.push([tok.offset, tok.offset + tok.source.length]);
        pushAll(tok.end, depth, flow);
        break;
      case 'scalar':
        if (tok.source.length && '@`%'.includes(tok.source[0]!)) {
          issues.push({ code: 'yaml-syntax', message: `an unquoted value cannot start with \`${tok.source[0]}\` (PyYAML: "found character ${JSON.stringify(tok.source[0])} that cannot start any token"); quote it`, span: [tok.offset, tok.offset + 1] });
        }
        pushAll(tok.end, depth, flow);
        break;
      case 'alias':
      case 'anchor': {
        const m = ANCHOR_NAME.exec(tok.source.slice(1));
        const nameEnd = tok.offset + 1 + (m ? m[0].length : 0);
        const next = src[nameEnd];
        const tokenEnd = tok.offset + tok.source.length;
        let ok = !!m && (next === undefined || AFTER_ANCHOR.includes(next));
        if (ok && nameEnd < tokenEnd) {
          // `yaml` took more characters into the name than PyYAML does.
          if (glueAllowed(tok.type, next!, src[nameEnd + 1], flow)) glued.push(tok.offset);
          else ok = false;
        }
        if (!ok) {
          const what = tok.type === 'alias' ? 'an alias' : 'an anchor';
          issues.push({ code: 'yaml-bad-anchor', message: `${what} name may only use letters, digits, \`-\` and \`_\` (PyYAML: "expected alphabetic or numeric character")`, span: [tok.offset, tokenEnd], mark: nameEnd });
        }
        if (tok.type === 'alias') pushAll((tok as CST.FlowScalar).end, depth, flow);
        break;
      }
      case 'tag': {
        const problem = pyTagProblem(src, tok.offset, tok.source.length);
        if (problem) issues.push({ code: problem.code, message: problem.message, span: [tok.offset, tok.offset + tok.source.length], mark: problem.at });
        else tags.set(tok.offset, pyResolveTag(tok.source, handles));
        break;
      }
      case 'block-scalar': {
        pushAll(tok.props, depth, flow);
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
        if (wantTabs) tabOk.push(...blockScalarTabSpans(tok, src));
        break;
      }
      case 'directive': {
        if (afterDoc) { handles = new Map(); afterDoc = false; }
        const td = /^%TAG +(!(?:[0-9A-Za-z_-]*!)?) +(\S+)/.exec(tok.source);
        if (td) handles.set(td[1]!, td[2]!);
        const problem = pyDirectiveProblem(tok.source, tok.offset);
        if (problem) issues.push({ code: problem.code, message: problem.message, span: [tok.offset, tok.offset + tok.source.length], mark: problem.at });
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
  return { issues, tooDeepAt, tabOk, tags, glued, flowDashes, gluedComments, documentStarts, firstKeyProps, firstColon, valuelessKeys, staleKeys };
}

/** Directives of one document: `%YAML` at most once, each `%TAG` handle at most once. */
export function directiveIssues(tokens: CST.Token[]): YamlIssue[] {
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
