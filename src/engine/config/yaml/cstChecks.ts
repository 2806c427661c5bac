// Checks on the `yaml` package's CST for what PyYAML's scanner and parser read differently.

import type { CST } from 'yaml';
import type { Span } from '../pyvalue.js';
import type { YamlIssue } from './issues.js';
import { pyDirectiveProblem, pyResolveTag, pyTagProblem } from './tags.js';

/**
 * Nesting depth (collections inside collections, the top one counting 1) at
 * which PyYAML's recursive composer raises RecursionError inside `dlm train`.
 * With Python's default limit of 1000 frames, a bare `safe_load` fails at 495
 * levels; dlm's own call stack uses a few dozen frames more. The exact number
 * depends on how dlm is started, so this is an estimate.
 */
export const PYYAML_MAX_DEPTH = 480;

const ANCHOR_NAME = /^[0-9A-Za-z_-]+/;
const AFTER_ANCHOR = ' \t\n?:,]}%@`';

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

export interface CstFacts {
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

export function inspectCst(tokens: CST.Token[], src: string, wantTabs: boolean): CstFacts {
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

export function findTabIssues(src: string, tabOk: Array<[number, number]>): YamlIssue[] {
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

