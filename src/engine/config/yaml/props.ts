// Node properties (anchor and tag) and positions in the `yaml` CST, read the
// way PyYAML's parser groups them.

import type { CST } from 'yaml';
import { splitBlockMapProps } from './cstChecks.js';

/** A node's properties as PyYAML's parser groups them (at most one anchor and one tag). */
export interface Props {
  anchor: CST.SourceToken | null;
  tag: CST.SourceToken | null;
  /** Offset of the first property (PyYAML's node start mark), or -1. */
  at: number;
  /** For a block mapping: the properties on its first key's line, which are that key's. */
  firstKey?: Props;
}

export const NO_PROPS: Props = { anchor: null, tag: null, at: -1 };

const BLANK = new Set(['space', 'comment', 'newline']);

export function tokenEnd(t: { offset: number; source: string }): number {
  return t.offset + t.source.length;
}

export const hasProps = (p: Props): boolean => !!(p.anchor || p.tag);

function toProps(tokens: readonly CST.SourceToken[]): Props {
  let anchor: CST.SourceToken | null = null;
  let tag: CST.SourceToken | null = null;
  let at = -1;
  for (const t of tokens) {
    if (t.type !== 'anchor' && t.type !== 'tag') continue;
    if (at < 0) at = t.offset;
    if (t.type === 'anchor') anchor = t; else tag = t;
  }
  return anchor || tag ? { anchor, tag, at } : NO_PROPS;
}

/** The anchor and tag in a token list (after `from`, if given: `:`, `?`, `-`, `---`). */
export function propsIn(list: readonly CST.SourceToken[] | undefined, from?: CST.SourceToken['type']): Props {
  if (!list) return NO_PROPS;
  const k = from ? list.findIndex((t) => t.type === from) : -1;
  return toProps(k >= 0 ? list.slice(k + 1) : list);
}

/** The properties in front of `value`, split between a block mapping and its first key as PyYAML does. */
export function propsBefore(list: readonly CST.SourceToken[] | undefined, from: CST.SourceToken['type'], value: CST.Token | null | undefined): Props {
  if (list && value?.type === 'block-map') {
    const split = splitBlockMapProps(list, from);
    if (split) {
      const own = toProps(split.own);
      const firstKey = toProps(split.firstKey);
      return hasProps(firstKey) ? { ...own, firstKey } : own;
    }
  }
  return propsIn(list, from);
}

/** Where an empty node sits: after the last indicator or property of the list and the spaces that follow it. */
export function emptyAt(list: readonly CST.SourceToken[] | undefined, fallback: number): number {
  if (!list || list.length === 0) return fallback;
  for (let i = list.length - 1; i >= 0; i--) {
    if (BLANK.has(list[i]!.type)) continue;
    let pos = tokenEnd(list[i]!);
    for (let j = i + 1; list[j]?.type === 'space'; j++) pos = tokenEnd(list[j]!);
    return pos;
  }
  return list[0]!.offset;
}

export function endAfter(list: readonly CST.SourceToken[] | undefined, end: number): number {
  const last = list?.[list.length - 1];
  return last ? Math.max(end, tokenEnd(last)) : end;
}
