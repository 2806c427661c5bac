// Node construction: from the `yaml` package's CST to PyYAML's node graph
// (the input of ../construct.ts).
//
// We build from the CST, not from `yaml`'s composed Document nodes, because
// PyYAML decides some things by token position where the YAML 1.2 composer
// decides otherwise:
// - an anchor or tag belongs to the node that follows it in the token stream:
//   props on a key's line belong to that key, props followed by a line break
//   to the collection below (`!!map\n!!str a: b` tags both);
// - the non-specific tag `!` (also written `!<!>`) resolves the scalar as if it
//   were plain and untagged, whatever its quoting;
// - inside [ ] and { }, `?` always starts a key and `:` always separates a
//   value, so a plain scalar cannot start with either;
// - an empty node may carry properties (a lone `&a` or `!` is a document).

import { CST } from 'yaml';
import type { PMap, PNode, PSeq } from '../construct.js';
import type { Span } from '../pyvalue.js';
import { resolveImplicit, TAG } from '../resolve.js';
import { ANCHOR_NAME } from './cstChecks.js';
import type { YamlIssue } from './issues.js';
import { emptyAt, endAfter, hasProps, NO_PROPS, propsBefore, propsIn, tokenEnd, type Props } from './props.js';
import type { Marks } from './retokenize.js';

type Role = 'root' | 'key' | 'item' | 'value';
type Item = { start: CST.SourceToken[]; key?: CST.Token | null; sep?: CST.SourceToken[]; value?: CST.Token; explicitKey?: true };

/** A built node and where its source ends (trailing comments and line breaks included). */
interface Built { node: PNode; end: number }

export class NodeBuilder {
  readonly anchors = new Map<string, PNode>();
  readonly issues: YamlIssue[] = [];

  constructor(
    /** Tag tokens: offset -> the tag PyYAML resolves (null: undefined handle). */
    private readonly tags: ReadonlyMap<number, string | null>,
    /** Characters ./retokenize.ts put in place of others, or null when it changed nothing. */
    private readonly marks: Marks | null,
  ) {}

  /** The root node of a document, or null when PyYAML sees no node there. */
  document(doc: CST.Document): PNode | null {
    const props = propsBefore(doc.start, 'doc-start', doc.value);
    if (!doc.value && !hasProps(props)) return null;
    return this.node(doc.value, props, 'root', false, emptyAt(doc.start, doc.offset)).node;
  }

  private issue(code: string, message: string, span: Span, mark?: number): void {
    this.issues.push(mark === undefined ? { code, message, span } : { code, message, span, mark });
  }

  /** The tag PyYAML gives a tag token; undefined for none. */
  private tagOf(props: Props): string | undefined {
    if (!props.tag) return undefined;
    const t = this.tags.get(props.tag.offset);
    if (t === undefined) return undefined; // a tag PyYAML cannot scan: already reported
    if (t === null) {
      this.issue('yaml-syntax', 'found undefined tag handle: declare it with a %TAG directive', [props.tag.offset, tokenEnd(props.tag)]);
      return undefined;
    }
    return t;
  }

  private register(name: string, node: PNode, at: number, span: Span): void {
    node.shared = true;
    if (this.anchors.has(name)) {
      this.issue('yaml-duplicate-anchor', `found duplicate anchor ${JSON.stringify(name)}: PyYAML does not allow an anchor name twice in one document`, span, at);
    }
    this.anchors.set(name, node);
  }

  private alias(name: string, span: Span): PNode {
    const target = this.anchors.get(name);
    if (target) return target;
    this.issue('yaml-undefined-alias', `found undefined alias ${JSON.stringify(name)}: an alias must come after its anchor (\`&${name}\`)`, span);
    return { t: 'scalar', tag: TAG.null, value: '', span };
  }

  /** An empty scalar carrying `props` (or none). */
  private empty(props: Props, at: number): Built {
    const tag = this.tagOf(props);
    const node: PNode = { t: 'scalar', tag: tag === undefined || tag === '!' ? resolveImplicit('') : tag, value: '', span: [at, at] };
    if (props.at >= 0) node.mark = props.at;
    if (props.anchor) this.register(props.anchor.source.slice(1), node, props.at, [at, at]);
    return { node, end: at };
  }

  private node(tok: CST.Token | null | undefined, props: Props, role: Role, flow: boolean, emptyOffset: number): Built {
    if (!tok) return this.empty(props, emptyOffset);
    switch (tok.type) {
      case 'alias': {
        const span: Span = [tok.offset, tokenEnd(tok)];
        const name = ANCHOR_NAME.exec(tok.source.slice(1))?.[0] ?? tok.source.slice(1);
        return { node: this.alias(name, span), end: endAfter(tok.end, span[1]) };
      }
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.scalar(tok, props, role, flow);
      case 'block-map':
        return this.blockMap(tok, props);
      case 'block-seq':
        return this.blockSeq(tok, props);
      case 'flow-collection':
        return this.flowCollection(tok, props);
      default:
        // error tokens and the like: the composer reports them
        return this.empty(props, tok.offset);
    }
  }

  private restore(value: string): string {
    const m = this.marks;
    if (!m) return value;
    if (value.includes(m.bom)) value = value.split(m.bom).join('\ufeff');
    if (value.includes(m.dash)) value = value.split(m.dash).join('-');
    return value;
  }

  private scalar(tok: CST.FlowScalar | CST.BlockScalar, props: Props, role: Role, flow: boolean): Built {
    const r = CST.resolveAsScalar(tok, false, () => {})!; // its complaints come from the composer too
    const span: Span = [r.range[0], r.range[1]];
    const end = tok.type === 'block-scalar' ? r.range[2] : endAfter(tok.end, r.range[2]);
    const plain = tok.type === 'scalar';
    let source = tok.source;
    let value = r.value;

    // `&a:b`, `*a:` (see ./retokenize.ts): the name ends where PyYAML ends it.
    if (plain && this.marks && (source[0] === this.marks.anchor || source[0] === this.marks.alias)) {
      const name = ANCHOR_NAME.exec(source.slice(1))![0];
      const cut = 1 + name.length;
      if (source[0] === this.marks.alias) {
        if (hasProps(props) || source.length > cut) {
          this.issue('yaml-syntax', 'an alias stands for a whole node: it cannot carry an anchor or a tag, nor be followed by more text (PyYAML: "expected <block end>, but found \'<scalar>\'")', span);
        }
        return { node: this.alias(name, [span[0], span[0] + cut]), end };
      }
      if (props.anchor) this.issue('yaml-syntax', 'a node can have only one anchor (PyYAML: "expected the node content")', span);
      props = { anchor: { type: 'anchor', offset: span[0], indent: 0, source: `&${name}` }, tag: props.tag, at: props.at < 0 ? span[0] : props.at };
      source = source.slice(cut);
      value = value.slice(cut);
      if (source === '') return this.empty(props, span[0]);
    }

    const tag = this.tagOf(props);
    if (plain && flow) {
      // Inside [ ] and { }, PyYAML's `?` always starts a key and `:` is always a value indicator.
      if (source.startsWith(':')) {
        this.issue('yaml-syntax', 'inside { } or [ ], PyYAML reads `:` as a value indicator, so a plain value cannot start with it ("expected the node content, but found \':\'"); quote it', span);
        return this.empty(NO_PROPS, span[0]);
      }
      const body = source.startsWith('?') ? source.slice(1) : source;
      if (body.includes('?')) {
        this.issue('yaml-syntax', 'inside { } or [ ], PyYAML ends an unquoted value at `?` (it starts a key there: "expected \',\' or \']\', but got \'?\'"); quote the value', span);
        return this.empty(NO_PROPS, span[0]);
      }
      if (source.startsWith('?') && hasProps(props)) {
        this.issue('yaml-syntax', 'inside { } or [ ], PyYAML reads `?` as the start of a key, which cannot follow an anchor or a tag ("expected the node content, but found \'?\'")', span);
        return this.empty(NO_PROPS, span[0]);
      }
      if (source.startsWith('?')) {
        value = value.slice(1);
        if (role === 'item') {
          const key: PNode = { t: 'scalar', tag: resolveImplicit(this.restore(value)), value: this.restore(value), span };
          return { node: { t: 'map', tag: TAG.map, pairs: [[key, this.empty(NO_PROPS, span[1]).node]], span }, end };
        }
        if (role !== 'key') {
          this.issue('yaml-syntax', 'inside { } or [ ], PyYAML reads `?` as the start of a key, so a plain value cannot start with it ("expected the node content, but found \'?\'"); quote it', span);
          return this.empty(NO_PROPS, span[0]);
        }
      }
    }
    if (tok.type === 'block-scalar' && value.endsWith('\n')) {
      // PyYAML keeps the final line break only if the text has one after the last content line.
      const body = tok.source;
      if (!body.endsWith('\n') && body.slice(body.lastIndexOf('\n') + 1).trim() !== '') value = value.slice(0, -1);
    }
    value = this.restore(value);
    let t: string;
    if (tag === undefined) t = plain ? resolveImplicit(value) : TAG.str;
    else if (tag === '!') t = resolveImplicit(value); // the non-specific tag: resolved like a plain scalar, quoted or not
    else t = tag;
    const node: PNode = { t: 'scalar', tag: t, value, span };
    if (props.at >= 0) node.mark = props.at;
    if (props.anchor) this.register(props.anchor.source.slice(1), node, props.at, span);
    return { node, end };
  }

  private newMap(props: Props, span: Span): PMap {
    const tag = this.tagOf(props);
    const node: PMap = { t: 'map', tag: tag === undefined || tag === '!' ? TAG.map : tag, pairs: [], span };
    if (props.at >= 0) node.mark = props.at;
    // PyYAML registers the anchor before composing the children (an alias inside may refer to it).
    if (props.anchor) this.register(props.anchor.source.slice(1), node, props.at, span);
    return node;
  }

  private newSeq(props: Props, span: Span): PSeq {
    const tag = this.tagOf(props);
    const node: PSeq = { t: 'seq', tag: tag === undefined || tag === '!' ? TAG.seq : tag, items: [], span };
    if (props.at >= 0) node.mark = props.at;
    if (props.anchor) this.register(props.anchor.source.slice(1), node, props.at, span);
    return node;
  }

  private blockMap(tok: CST.BlockMap, props: Props): Built {
    const items = tok.items as Item[];
    // Props on the line of the first key are that key's in PyYAML (`k: !!map\n  !!str : v`).
    const firstKeyProps = props.firstKey ?? null;
    const span: Span = [tok.offset, tok.offset];
    const node = this.newMap(props, span);
    let end = tok.offset;
    let first = true;
    for (const it of items) {
      let keyProps = propsIn(it.start, 'explicit-key-ind');
      // comment lines: an item of nothing
      if (!it.key && !it.sep && !it.value && !hasProps(keyProps) && !it.start.some((t) => t.type === 'explicit-key-ind')) continue;
      if (first && firstKeyProps) {
        if (hasProps(keyProps)) this.issue('yaml-syntax', 'a node can have only one anchor and one tag (PyYAML: "expected the node content")', [firstKeyProps.at, tok.offset]);
        keyProps = firstKeyProps;
      }
      const key = this.node(it.key, keyProps, 'key', false, emptyAt(it.start, it.sep?.[0]?.offset ?? end));
      const hasValue = !!it.sep?.some((t) => t.type === 'map-value-ind');
      const value = hasValue
        ? this.node(it.value, propsBefore(it.sep, 'map-value-ind', it.value), 'value', false, emptyAt(it.sep, key.end))
        : this.empty(NO_PROPS, key.end);
      node.pairs.push([key.node, value.node]);
      end = Math.max(end, value.end, key.end);
      first = false;
    }
    (node.span as [number, number])[1] = end;
    return { node, end };
  }

  private blockSeq(tok: CST.BlockSequence, props: Props): Built {
    const span: Span = [tok.offset, tok.offset];
    const node = this.newSeq(props, span);
    let end = tok.offset;
    for (const it of tok.items as Item[]) {
      // comment lines: an item of nothing
      if (!it.value && !it.start.some((t) => t.type === 'seq-item-ind') && !hasProps(propsIn(it.start))) continue;
      const item = this.node(it.value, propsBefore(it.start, 'seq-item-ind', it.value), 'item', false, emptyAt(it.start, end));
      node.items.push(item.node);
      end = Math.max(end, item.end);
    }
    (node.span as [number, number])[1] = end;
    return { node, end };
  }

  private flowCollection(tok: CST.FlowCollection, props: Props): Built {
    const isMap = tok.start.source === '{';
    const span: Span = [tok.offset, tok.offset];
    const map = isMap ? this.newMap(props, span) : null;
    const seq = isMap ? null : this.newSeq(props, span);
    let end = tokenEnd(tok.start);
    for (const it of tok.items as Item[]) {
      const explicit = it.start.findIndex((t) => t.type === 'explicit-key-ind');
      const startProps = propsIn(it.start, 'comma');
      // a trailing `,` (PyYAML allows one): nothing after it
      if (it.key === undefined && it.value === undefined && !it.sep && !hasProps(startProps) && explicit < 0) continue;
      if (explicit >= 0 && startProps.at >= 0 && startProps.at < it.start[explicit]!.offset) {
        this.issue('yaml-syntax', 'inside { } or [ ], `?` cannot follow an anchor or a tag (PyYAML: "expected the node content, but found \'?\'")', [startProps.at, it.start[explicit]!.offset + 1]);
      }
      const hasValue = !!it.sep?.some((t) => t.type === 'map-value-ind');
      const pairLike = isMap || it.key !== undefined || hasValue || explicit >= 0;
      const keyTok = isMap || it.key !== undefined ? it.key : it.value;
      const split = !hasValue ? this.valueSplit(keyTok, startProps) : null;
      let pair: [Built, Built] | null = null;
      if (split) pair = split;
      else if (pairLike) {
        const key = this.node(keyTok, startProps, 'key', true, emptyAt(it.start, end));
        const value = hasValue ? this.node(it.value, propsIn(it.sep, 'map-value-ind'), 'value', true, emptyAt(it.sep, key.end)) : this.empty(NO_PROPS, key.end);
        pair = [key, value];
      }
      if (pair) {
        const [key, value] = pair;
        end = Math.max(end, key.end, value.end);
        if (map) map.pairs.push([key.node, value.node]);
        else seq!.items.push({ t: 'map', tag: TAG.map, pairs: [[key.node, value.node]], span: [key.node.span[0], value.node.span[1]] });
      } else {
        const item = this.node(it.value, startProps, 'item', true, emptyAt(it.start, end));
        end = Math.max(end, item.end);
        seq!.items.push(item.node);
      }
    }
    const close = tok.end[0];
    if (close && (close.source === ']' || close.source === '}')) end = tokenEnd(close);
    const node = map ?? seq!;
    (node.span as [number, number])[1] = end;
    return { node, end: endAfter(tok.end, end) };
  }

  /**
   * Inside [ ] / { }, where PyYAML may start a simple key (an entry's first
   * token), a plain scalar `:b` after properties (`[&a :b]`, `{!!str :b}`) or a
   * name glued to `:` (`[&a:b]`, `[*a:b]`) is a key and a value for PyYAML:
   * the properties or the alias are the key, `:` the value indicator.
   */
  private valueSplit(tok: CST.Token | null | undefined, props: Props): [Built, Built] | null {
    if (!tok || tok.type !== 'scalar') return null;
    const source = tok.source;
    const m = this.marks;
    let key: (() => Built) | null = null;
    let rest = '';
    if (m && (source[0] === m.anchor || source[0] === m.alias)) {
      const name = ANCHOR_NAME.exec(source.slice(1))![0];
      rest = source.slice(1 + name.length);
      if (!rest.startsWith(':')) return null;
      const at = tok.offset;
      if (source[0] === m.alias) {
        if (hasProps(props)) return null; // reported as an alias with props
        key = () => ({ node: this.alias(name, [at, at + 1 + name.length]), end: at + 1 + name.length });
      } else {
        if (props.anchor) return null; // reported as two anchors
        const glued: Props = { anchor: { type: 'anchor', offset: at, indent: 0, source: `&${name}` }, tag: props.tag, at: props.at < 0 ? at : props.at };
        key = () => this.empty(glued, at);
      }
    } else if (source.startsWith(':') && /^:[^ \n]/.test(source) && hasProps(props)) {
      rest = source;
      key = () => this.empty(props, tok.offset);
    } else return null;
    const k = key();
    // The value: what follows the `:`, read as PyYAML reads a flow node there.
    const r = CST.resolveAsScalar(tok, false, () => {})!;
    const cut = source.length - rest.length + 1;
    const valueAt = tok.offset + cut;
    const text = source.slice(cut);
    const end = r.range[2];
    const alias = /^\*([0-9A-Za-z_-]+)$/.exec(text.trimEnd());
    if (alias) return [k, { node: this.alias(alias[1]!, [valueAt, valueAt + alias[0].length]), end }];
    const quote = text[0] === "'" ? 'single-quoted-scalar' : text[0] === '"' ? 'double-quoted-scalar' : null;
    if (quote || !/^[-?:,[\]{}#&*!|>%@`]/.test(text) || /^-[^ \n]/.test(text)) {
      const valueTok: CST.FlowScalar = { type: quote ?? 'scalar', offset: valueAt, indent: tok.indent, source: text, end: tok.end };
      const v = this.scalar(valueTok, NO_PROPS, 'value', true);
      return [k, { node: v.node, end: Math.max(v.end, end) }];
    }
    // properties or a comment right after the `:`: not worth modelling in so odd a place
    this.issue('yaml-syntax', 'inside { } or [ ], PyYAML reads this `:` as a value indicator; put a space after it, or quote the text', [valueAt - 1, valueAt + text.length]);
    return [k, this.empty(NO_PROPS, valueAt)];
  }
}
