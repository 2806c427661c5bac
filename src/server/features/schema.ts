// Documentation of training.yaml's top-level keys, read from the JSON Schema
// (schemas/training.schema.json, bundled by esbuild) with short built-in
// texts for when the schema is absent or lacks a key.

export interface KeyDoc {
  key: string;
  title?: string;
  /** Markdown. */
  documentation: string;
  /** Snippet inserted after `key:`. */
  snippet: string;
}

const BUILTIN: KeyDoc[] = [
  { key: 'dlm_training_version', documentation: 'Format version of this file. Only `1` is accepted.', snippet: ' 1' },
  { key: 'include', documentation: 'Glob patterns of files to train on under this folder, matched against the path relative to the **source root**. The deepest config with a non-empty `include` wins.', snippet: '\n  - ${1:**/*.md}' },
  { key: 'exclude', documentation: 'Glob patterns of files to leave out, matched against the path relative to **this folder**.', snippet: '\n  - ${1:drafts/**}' },
  { key: 'exclude_defaults', documentation: 'Whether dlm\'s default excludes (secrets, VCS folders, lock files, build output, `.dlm/`) apply under this folder. Default `true`.', snippet: ' ${1:true}' },
  { key: 'metadata', documentation: 'Tags (string → string) given to every file under this folder; deeper configs override per key.', snippet: '\n  ${1:key}: ${2:value}' },
  { key: 'weights', documentation: 'Tag key → tag value → weight. **dlm merges the weights of every config into one global map**: they apply to all rows of the corpus carrying the tag, not only to this folder.', snippet: '\n  ${1:key}:\n    ${2:value}: ${3:1.0}' },
];

let cached: KeyDoc[] | null = null;

function loadSchema(): unknown {
  try {
    const name = 'training';
    // a template literal lets esbuild bundle schemas/*.schema.json when present
    // and leaves a require that fails (and is caught) when the file is absent
    return require(`../../../schemas/${name}.schema.json`) as unknown;
  } catch {
    return null;
  }
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** Top-level keys, in schema order (built-in order when the schema is absent). */
export function topLevelKeys(): KeyDoc[] {
  if (cached) return cached;
  const schema = loadSchema() as { properties?: Record<string, Record<string, unknown>> } | null;
  const props = schema && typeof schema === 'object' && schema.properties && typeof schema.properties === 'object' ? schema.properties : {};
  const byKey = new Map(BUILTIN.map((d) => [d.key, d]));
  const out: KeyDoc[] = [];
  for (const [key, p] of Object.entries(props)) {
    const builtin = byKey.get(key);
    const doc = text(p?.markdownDescription) ?? text(p?.description) ?? builtin?.documentation ?? '';
    out.push({ key, title: text(p?.title), documentation: doc, snippet: builtin?.snippet ?? ' ' });
    byKey.delete(key);
  }
  for (const d of byKey.values()) out.push(d);
  cached = out;
  return out;
}

export function keyDoc(key: string): KeyDoc | undefined {
  return topLevelKeys().find((d) => d.key === key);
}
