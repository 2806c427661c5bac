// Building Python objects from a composed YAML node graph the way PyYAML's
// SafeConstructor does: breadth-first (a collection is created empty, filled
// later, level by level — which decides whether a YAML error or a Python
// crash is met first), `<<` merge keys flattened in PyYAML's order, aliases
// giving the very same object, unhashable keys rejected, dict semantics for
// repeated keys (first position, last value).

import { constructBinary, constructBool, constructFloat, constructInt, constructTimestamp, TAG, YamlError } from './resolve.js';
import { hashKey, type PyDict, type PyEntry, type PyList, type PySet, type PyTuple, type PyValue, type Span } from './pyvalue.js';

/**
 * `shared`: the node has an anchor, so aliases may reach it again (its object is cached).
 * `mark`: where PyYAML's node starts when that is not `span[0]` (at its first anchor or tag).
 */
export interface PScalar { t: 'scalar'; tag: string; value: string; span: Span; shared?: boolean; mark?: number }
export interface PSeq { t: 'seq'; tag: string; items: PNode[]; span: Span; shared?: boolean; mark?: number }
export interface PMap { t: 'map'; tag: string; pairs: Array<[PNode, PNode]>; span: Span; shared?: boolean; mark?: number }
export type PNode = PScalar | PSeq | PMap;

/** A repeated mapping key (PyYAML keeps the last value, silently). */
export interface DuplicateKey {
  dict: PyDict;
  key: PyValue;
  firstSpan: Span;
  winnerSpan: Span;
}

/** Thrown with the span of the node where construction failed, and PyYAML's mark (that node's start). */
export class ConstructFailure extends Error {
  readonly span: Span;
  readonly mark: number;
  constructor(readonly cause: unknown, node: PNode) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.span = node.span;
    this.mark = node.mark ?? node.span[0];
  }
}

function kindName(n: PNode): string {
  return n.t === 'scalar' ? 'scalar' : n.t === 'seq' ? 'sequence' : 'mapping';
}

export class Constructor {
  private readonly built = new Map<PNode, PyValue>();
  private readonly pending: Array<() => void> = [];
  readonly duplicates: DuplicateKey[] = [];

  constructDocument(root: PNode): PyValue {
    const v = this.object(root);
    for (let i = 0; i < this.pending.length; i++) this.pending[i]!();
    return v;
  }

  private fail(cause: unknown, node: PNode): never {
    if (cause instanceof ConstructFailure) throw cause;
    throw new ConstructFailure(cause, node);
  }

  object(node: PNode): PyValue {
    if (node.shared) {
      const done = this.built.get(node);
      if (done !== undefined) return done;
    }
    let v: PyValue;
    try {
      v = this.make(node);
    } catch (e) {
      this.fail(e, node);
    }
    return v;
  }

  private scalarOf(node: PNode): string {
    if (node.t !== 'scalar') throw new YamlError('yaml-wrong-node', `expected a scalar node, but found ${kindName(node)}`);
    return node.value;
  }

  private make(node: PNode): PyValue {
    const remember = (v: PyValue): PyValue => { if (node.shared) this.built.set(node, v); return v; };
    switch (node.tag) {
      case TAG.str: return remember(this.scalarOf(node));
      case TAG.null: this.scalarOf(node); return remember(null);
      case TAG.bool: return remember(constructBool(this.scalarOf(node)));
      case TAG.int: return remember(constructInt(this.scalarOf(node)));
      case TAG.float: return remember(constructFloat(this.scalarOf(node)));
      case TAG.timestamp: return remember(constructTimestamp(this.scalarOf(node)));
      case TAG.binary: return remember(constructBinary(this.scalarOf(node)));
      case TAG.seq: {
        const list: PyList = { kind: 'list', items: [], spans: [] };
        remember(list);
        this.later(node, () => {
          if (node.t !== 'seq') throw new YamlError('yaml-wrong-node', `expected a sequence node, but found ${kindName(node)}`);
          for (const item of node.items) { list.items.push(this.object(item)); list.spans.push(item.span); }
        });
        return list;
      }
      case TAG.map: {
        const dict: PyDict = { kind: 'dict', entries: [] };
        remember(dict);
        this.later(node, () => this.fillMapping(node, dict, null));
        return dict;
      }
      case TAG.set: {
        const set: PySet = { kind: 'set', items: [], spans: [] };
        remember(set);
        this.later(node, () => this.fillMapping(node, null, set));
        return set;
      }
      case TAG.omap:
      case TAG.pairs: {
        const list: PyList = { kind: 'list', items: [], spans: [] };
        remember(list);
        const what = node.tag === TAG.omap ? 'an ordered map' : 'pairs';
        this.later(node, () => {
          if (node.t !== 'seq') throw new YamlError('yaml-bad-omap', `while constructing ${what}: expected a sequence, but found ${kindName(node)}`);
          for (const sub of node.items) {
            if (sub.t !== 'map') throw new YamlError('yaml-bad-omap', `while constructing ${what}: expected a mapping of length 1, but found ${kindName(sub)}`);
            if (sub.pairs.length !== 1) throw new YamlError('yaml-bad-omap', `while constructing ${what}: expected a single mapping item, but found ${sub.pairs.length} items`);
            const [k, v] = sub.pairs[0]!;
            const tuple: PyTuple = { kind: 'tuple', items: [this.object(k), this.object(v)], spans: [k.span, v.span] };
            list.items.push(tuple);
            list.spans.push(sub.span);
          }
        });
        return list;
      }
      default:
        throw new YamlError('yaml-unknown-tag', `could not determine a constructor for the tag ${JSON.stringify(node.tag)}`);
    }
  }

  private later(node: PNode, fill: () => void): void {
    this.pending.push(() => {
      try {
        fill();
      } catch (e) {
        this.fail(e, node);
      }
    });
  }

  /** PyYAML's flatten_mapping: `<<` entries removed, their pairs put first (mutates, as PyYAML does). */
  private flatten(node: PMap): void {
    const merged: Array<[PNode, PNode]> = [];
    let i = 0;
    while (i < node.pairs.length) {
      const [k, v] = node.pairs[i]!;
      if (k.tag === TAG.merge) {
        node.pairs.splice(i, 1);
        if (v.t === 'map') {
          this.flatten(v);
          merged.push(...v.pairs);
        } else if (v.t === 'seq') {
          const parts: Array<Array<[PNode, PNode]>> = [];
          for (const sub of v.items) {
            if (sub.t !== 'map') throw new ConstructFailure(new YamlError('yaml-bad-merge', `while constructing a mapping: expected a mapping for merging, but found ${kindName(sub)}`), sub);
            this.flatten(sub);
            parts.push(sub.pairs);
          }
          parts.reverse();
          for (const p of parts) merged.push(...p);
        } else {
          throw new ConstructFailure(new YamlError('yaml-bad-merge', `while constructing a mapping: expected a mapping or list of mappings for merging, but found ${kindName(v)}`), v);
        }
      } else {
        if (k.tag === TAG.value) k.tag = TAG.str;
        i++;
      }
    }
    if (merged.length) node.pairs = merged.concat(node.pairs);
  }

  private fillMapping(node: PNode, dict: PyDict | null, set: PySet | null): void {
    if (node.t === 'map') this.flatten(node);
    if (node.t !== 'map') throw new YamlError('yaml-wrong-node', `expected a mapping node, but found ${kindName(node)}`);
    const index = new Map<string, number>();
    for (const [kNode, vNode] of node.pairs) {
      const key = this.object(kNode);
      const h = hashKey(key);
      if (h === null) throw new ConstructFailure(new YamlError('yaml-unhashable-key', 'while constructing a mapping: found unhashable key'), kNode);
      const value = this.object(vNode);
      const at = index.get(h);
      if (dict) {
        if (at === undefined) {
          index.set(h, dict.entries.length);
          dict.entries.push({ key, value, keySpan: kNode.span, valueSpan: vNode.span } satisfies PyEntry);
        } else {
          const e = dict.entries[at]!;
          this.duplicates.push({ dict, key: e.key, firstSpan: e.keySpan, winnerSpan: kNode.span });
          e.value = value;
          e.valueSpan = vNode.span;
        }
      } else if (set && at === undefined) {
        index.set(h, set.items.length);
        set.items.push(key);
        set.spans.push(kNode.span);
      }
    }
  }
}
