// Completion in training.yaml: top-level keys (documented from the JSON
// Schema), tag keys and values known from `metadata` anywhere in the corpus
// inside `weights` and `metadata`, quoted when PyYAML would not read them
// back as strings.
import {
  CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type Position, type Range,
} from 'vscode-languageserver-types';
import { formatCount, formatWeight } from '../../shared/view/format';
import { configKind } from './configFiles';
import { loadConfigText } from './configText';
import { completionContext } from './completionContext';
import { clampPosition, splitLines } from './position';
import { topLevelKeys } from './schema';
import type { Snapshot } from './snapshot';
import { yamlScalar } from './yamlScalar';

export interface CompletionRequest {
  /** Absolute path of the document. */
  path: string;
  text: string;
  /** As the client sent it: clamped to the text here. */
  position: Position;
  snapshot: Snapshot | null;
  /** The client inserts snippets. */
  snippets: boolean;
}

/** The range of the word being typed (back to a space, `{` or `,`), quotes included. */
function wordRange(line: string, pos: Position): Range {
  let start = pos.character;
  while (start > 0 && !/[\s{,]/.test(line[start - 1]!)) start--;
  let end = pos.character;
  while (end < line.length && !/[\s:,}]/.test(line[end]!)) end++;
  return { start: { line: pos.line, character: start }, end: { line: pos.line, character: end } };
}

export function completion(req: CompletionRequest): CompletionItem[] {
  if (configKind(req.path) !== 'training.yaml') return [];
  const lines = splitLines(req.text);
  const position = clampPosition(lines, req.position);
  const ctx = completionContext(lines, position);
  const line = lines[position.line]!;
  const range = wordRange(line, position);
  const s = req.snapshot;
  switch (ctx.kind) {
    case 'topKey': {
      const present = new Set(lines.map((l) => /^([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(l)?.[1]).filter(Boolean));
      return topLevelKeys().filter((d) => !present.has(d.key) || line.startsWith(d.key)).map((d, i): CompletionItem => ({
        label: d.key,
        kind: CompletionItemKind.Property,
        detail: d.title,
        documentation: { kind: MarkupKind.Markdown, value: d.documentation },
        sortText: String(i).padStart(2, '0'),
        textEdit: { range: { start: { line: position.line, character: 0 }, end: range.end }, newText: req.snippets ? `${d.key}:${d.snippet}` : `${d.key}:` },
        insertTextFormat: req.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      }));
    }
    case 'tagKey': {
      const known = knownTags(req);
      return [...known.keys()].filter((k) => !ctx.present.has(k)).map((k): CompletionItem => {
        const values = [...known.get(k)!];
        const key = yamlScalar(k);
        const value = ctx.section === 'metadata' ? '${1:value}' : ctx.style === 'flow' ? '{${1:value}: ${2:1.0}}' : `\n${ctx.indent}  \${1:value}: \${2:1.0}`;
        return {
          label: k,
          kind: CompletionItemKind.Field,
          detail: `tag key — ${values.length} value${values.length === 1 ? '' : 's'}`,
          documentation: { kind: MarkupKind.Markdown, value: valuesDoc(s, k, values) },
          filterText: k,
          ...entryEdit(line, range, key, ctx.section === 'weights' && ctx.style === 'block' ? `:${value}` : `: ${value}`, req.snippets),
        };
      });
    }
    case 'tagValue': {
      const values = knownTags(req).get(ctx.tagKey);
      if (!values) return [];
      return [...values].filter((v) => !ctx.present.has(v)).map((v): CompletionItem => {
        const t = s ? s.facts.tagStats(ctx.tagKey, v) : null;
        const w = s?.facts.report.mergedWeights.get(ctx.tagKey)?.get(v);
        const quoted = yamlScalar(v);
        return {
          label: v,
          kind: CompletionItemKind.EnumMember,
          detail: t ? `${formatCount(t.rows)} row${t.rows === 1 ? '' : 's'}${w !== undefined ? ` · weight ${formatWeight(w)}` : ''}` : undefined,
          documentation: quoted !== v ? { kind: MarkupKind.Markdown, value: `Quoted: PyYAML would read \`${v}\` unquoted as something other than a string, and dlm would reject the whole file.` } : undefined,
          filterText: v,
          // a value under `weights.<key>` is a key itself, with its factor; a metadata value is just the value
          ...(ctx.section === 'weights' ? entryEdit(line, range, quoted, ': ${1:1.0}', req.snippets) : { textEdit: { range, newText: quoted } }),
        };
      });
    }
    default:
      return [];
  }
}

/** `$`, `}` and `\\` are snippet syntax: written literally, they are escaped. */
const snippetText = (s: string) => s.replace(/[\\$}]/g, '\\$&');

/**
 * The edit inserting a mapping key: as a snippet `key` + `rest` (its value
 * as placeholders) for clients that take snippets, else `key: ` with no
 * placeholder; the key alone when a `:` already follows the word.
 */
function entryEdit(line: string, range: Range, key: string, rest: string, snippets: boolean): Pick<CompletionItem, 'textEdit' | 'insertTextFormat' | 'insertTextMode'> {
  if (/^\s*:/.test(line.slice(range.end.character))) return { textEdit: { range, newText: key }, insertTextFormat: InsertTextFormat.PlainText };
  if (!snippets) return { textEdit: { range, newText: `${key}: ` }, insertTextFormat: InsertTextFormat.PlainText };
  // the indentation is written out in full: the client must not add its own
  return { textEdit: { range, newText: snippetText(key) + rest }, insertTextFormat: InsertTextFormat.Snippet, insertTextMode: InsertTextMode.asIs };
}

/** Tag keys and values set by metadata in the corpus, and by the file's own metadata. */
function knownTags(req: CompletionRequest): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (k: string, v: string) => {
    let set = out.get(k);
    if (!set) out.set(k, (set = new Set()));
    set.add(v);
  };
  if (req.snapshot) for (const [k, vs] of req.snapshot.facts.knownTags()) for (const v of vs) add(k, v);
  for (const [k, v] of loadConfigText(req.text)?.config?.metadata ?? []) add(k, v);
  return out;
}

function valuesDoc(s: Snapshot | null, key: string, values: string[]): string {
  const lines = values.slice(0, 12).map((v) => {
    const rows = s ? s.facts.tagStats(key, v).rows : undefined;
    return `- \`${v}\`${rows !== undefined ? ` — ${formatCount(rows)} row${rows === 1 ? '' : 's'}` : ''}`;
  });
  if (values.length > 12) lines.push(`- … ${values.length - 12} more`);
  return `Values set by \`metadata\` in the corpus:\n${lines.join('\n')}`;
}
