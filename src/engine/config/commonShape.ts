// The verdict on the commonest training.yaml, read straight off the simple
// reader's nodes (./yaml/simpleBlock.ts): the six known keys at most once
// each, string patterns, string tags, and finite factors ≥ 0 written as
// numbers. dlm accepts every such file, so its config and locations can be
// built directly, without the general path's Python values, JSON form,
// schema run and location pass. Those steps cost about three times what
// this does per config, and in a repo with hundreds of configs V8 spent
// more time optimising them than running them. Anything else (a repeated key, a typed
// tag, a quoted or boolean factor, an empty or unknown key, …) returns
// undefined and takes the general path, which explains what is wrong.
// test/engine/config-common-shape.test.ts checks the two give the same
// result on every text this accepts.

import type { Range, TrainingConfig } from '../types.js';
import type { PNode } from './construct.js';
import type { TextMap } from './decode.js';
import type { ConfigLocations, LoadResult } from './index.js';
import type { Span } from './pyvalue.js';
import { constructBool, constructFloat, constructInt, TAG } from './resolve.js';
import { floatOf } from './validate.js';

/** A scalar PyYAML reads as a str, or null. */
function stringOf(n: PNode): string | null {
  return n.t === 'scalar' && n.tag === TAG.str ? n.value : null;
}

/** An int- or float-typed scalar as pydantic reads it (float()), or null: not a number, or its constructor raises. */
function numberOf(n: PNode): number | null {
  if (n.t !== 'scalar' || (n.tag !== TAG.int && n.tag !== TAG.float)) return null;
  try {
    return floatOf(n.tag === TAG.int ? constructInt(n.value) : constructFloat(n.value));
  } catch {
    return null; // the general path reports it
  }
}

/** A factor written as a number, when finite and ≥ 0; else null (the general path decides). */
function factorOf(n: PNode): number | null {
  const f = numberOf(n);
  return f !== null && f >= 0 && Number.isFinite(f) ? f : null;
}

/** `dlm_training_version` as the schema takes it (1 or true, after YAML typing). */
function isVersionOne(n: PNode): boolean {
  return n.t === 'scalar' && n.tag === TAG.bool ? constructBool(n.value) : numberOf(n) === 1;
}

type Ranger = (s: Span) => Range;

/** `include` / `exclude`: a list of strings. */
function patternsInto(v: PNode, patterns: string[], where: ConfigLocations['include'], r: Ranger): boolean {
  if (v.t !== 'seq') return false;
  for (let i = 0; i < v.items.length; i++) {
    const item = v.items[i]!;
    const pattern = stringOf(item);
    if (pattern === null) return false;
    patterns.push(pattern);
    where.push({ pattern, range: r(item.span) });
  }
  return true;
}

/** `metadata`: a mapping of strings to strings, no key twice. */
function metadataInto(v: PNode, config: TrainingConfig, loc: ConfigLocations, r: Ranger): boolean {
  if (v.t !== 'map') return false;
  for (let i = 0; i < v.pairs.length; i++) {
    const [mk, mv] = v.pairs[i]!;
    const name = stringOf(mk);
    const value = stringOf(mv);
    if (name === null || value === null || config.metadata.has(name)) return false;
    config.metadata.set(name, value);
    loc.metadata.push({ key: name, keyRange: r(mk.span), valueRange: r(mv.span) });
  }
  return true;
}

/** One `weights.<key>` mapping: strings to factors, no key twice. */
function factorsOf(v: PNode, r: Ranger): { factors: Map<string, number>; values: ConfigLocations['weights'][number]['values'] } | null {
  if (v.t !== 'map') return null;
  const factors = new Map<string, number>();
  const values: ConfigLocations['weights'][number]['values'] = [];
  for (let i = 0; i < v.pairs.length; i++) {
    const [wk, wv] = v.pairs[i]!;
    const tagValue = stringOf(wk);
    const weight = factorOf(wv);
    if (tagValue === null || weight === null || factors.has(tagValue)) return null;
    factors.set(tagValue, weight);
    values.push({ tagValue, keyRange: r(wk.span), valueRange: r(wv.span), weight });
  }
  return { factors, values };
}

/** `weights`: a mapping of strings to factor mappings, no key twice. */
function weightsInto(v: PNode, config: TrainingConfig, loc: ConfigLocations, r: Ranger): boolean {
  if (v.t !== 'map') return false;
  for (let i = 0; i < v.pairs.length; i++) {
    const [tk, tv] = v.pairs[i]!;
    const tagKey = stringOf(tk);
    if (tagKey === null || config.weights.has(tagKey)) return false;
    const f = factorsOf(tv, r);
    if (!f) return false;
    config.weights.set(tagKey, f.factors);
    loc.weights.push({ tagKey, keyRange: r(tk.span), values: f.values });
  }
  return true;
}

/** One top-level entry into the config; false when it is not of the common shape. */
function entryInto(key: string, v: PNode, config: TrainingConfig, loc: ConfigLocations, r: Ranger): boolean {
  switch (key) {
    case 'include': return patternsInto(v, config.include, loc.include, r);
    case 'exclude': return patternsInto(v, config.exclude, loc.exclude, r);
    case 'exclude_defaults':
      if (v.t !== 'scalar' || v.tag !== TAG.bool) return false;
      config.excludeDefaults = constructBool(v.value);
      return true;
    case 'dlm_training_version': return isVersionOne(v);
    case 'metadata': return metadataInto(v, config, loc, r);
    case 'weights': return weightsInto(v, config, loc, r);
    default: return false;
  }
}

/**
 * The accepted config and its locations, or undefined when the text is not of the common shape.
 * Plain indexed loops in small functions: runs over hundreds of configs get this optimised,
 * and nested destructuring loops in one function made that compile take hundreds of ms.
 */
export function loadCommonShape(root: PNode, map: TextMap): LoadResult | undefined {
  if (root.t !== 'map') return undefined;
  const config: TrainingConfig = { include: [], exclude: [], excludeDefaults: true, metadata: new Map(), weights: new Map() };
  const loc: ConfigLocations = { topKeys: new Map(), metadata: [], weights: [], include: [], exclude: [], duplicateKeys: [] };
  const r: Ranger = (s) => map.range(s[0], s[1]);
  for (let i = 0; i < root.pairs.length; i++) {
    const [k, v] = root.pairs[i]!;
    const key = stringOf(k);
    if (key === null || loc.topKeys.has(key)) return undefined;
    loc.topKeys.set(key, r(k.span));
    if (!entryInto(key, v, config, loc, r)) return undefined;
  }
  return { accepted: true, problem: null, crash: false, config, issues: [], locations: loc };
}
