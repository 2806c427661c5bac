// What the frontmatter schema says about a key, for hover and completion:
// its documentation, its default, its allowed values, the keys beside it.
import { FRONTMATTER_SCHEMA, resolveNode } from './schema.js';

type Node = ReturnType<typeof resolveNode>;

export interface KeyDoc {
  name: string;
  title: string | null;
  markdownDescription: string;
  /** The value dlm uses when the key is missing (undefined for required keys). */
  default: unknown;
  required: boolean;
  /** Allowed literal values (enums, `auto`), for value completion. */
  values: unknown[];
}

/** The schema node of the value at `path` (keys; list indexes as numbers; adapter names as keys), or null. */
export function schemaAt(path: ReadonlyArray<string | number>): Node | null {
  let node: Node = FRONTMATTER_SCHEMA;
  for (const seg of path) {
    node = resolveNode(node);
    if (typeof seg === 'number') {
      const items = node.items ?? node.anyOf?.map(resolveNode).find((m) => m.items)?.items;
      if (!items) return null;
      node = items;
    } else if (node.properties) {
      const next = node.properties[seg];
      if (!next) return null;
      node = next;
    } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      node = node.additionalProperties;
    } else return null;
  }
  return node;
}

function docOf(name: string, raw: Node, required: boolean): KeyDoc {
  const n = resolveNode(raw);
  const pick = <T>(k: string): T | undefined => ((raw as Record<string, unknown>)[k] ?? (n as Record<string, unknown>)[k]) as T | undefined;
  const values = n.enum ?? (n.anyOf ?? []).map(resolveNode).filter((m) => m.const !== undefined).map((m) => m.const);
  return {
    name, title: pick<string>('title') ?? null, markdownDescription: pick<string>('markdownDescription') ?? '',
    default: pick('default'), required, values: [...values],
  };
}

/** Documentation of the key at the end of `path`, or null for an unknown key. */
export function docAt(path: ReadonlyArray<string | number>): KeyDoc | null {
  if (!path.length) return null;
  const node = schemaAt(path);
  const parent = schemaAt(path.slice(0, -1));
  if (!node || !parent) return null;
  const name = String(path[path.length - 1]);
  const required = (resolveNode(parent).required as string[] | undefined)?.includes(name) ?? false;
  return docOf(name, node, required);
}

/** The keys the mapping at `path` accepts (empty when it is not a mapping of known keys). */
export function keysAt(path: ReadonlyArray<string | number>): KeyDoc[] {
  const node = schemaAt(path);
  if (!node) return [];
  const n = resolveNode(node);
  const required = (n.required as string[] | undefined) ?? [];
  return Object.entries(n.properties ?? {}).map(([k, v]) => docOf(k, v, required.includes(k)));
}
