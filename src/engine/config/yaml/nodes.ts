// From `yaml` document nodes to PyYAML nodes.

import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { PNode } from '../construct.js';
import type { Span } from '../pyvalue.js';
import { resolveImplicit, TAG } from '../resolve.js';
import type { YamlIssue } from './issues.js';

type Role = 'key' | 'item' | 'value';
export const ALIAS_MARK = '\ue000';
export const BOM_MARK = '\ue001';

export class NodeBuilder {
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

