// Completion in training.yaml: top-level keys (documented from the JSON
// Schema), tag keys and values known from `metadata` anywhere in the corpus
// inside `weights` and `metadata`, quoted when PyYAML would not read them
// back as strings.
import {
  CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position, type Range,
} from 'vscode-languageserver';
import { resolveImplicit, TAG } from '../engine/config/resolve';
import { formatCount, formatWeight } from '../shared/view/format';
import { knownTags, tagStats } from './facts';
import { topLevelKeys } from './schema';
import type { Snapshot } from './workspace';

/** A plain scalar that is safe to write unquoted (no indicators, no `: ` or ` #`, no edge spaces). */
const SAFE_PLAIN = /^[A-Za-z0-9_./\u00a0-\uffff][A-Za-z0-9_./\- \u00a0-\uffff]*$/u;

/** Would PyYAML read `s`, written plain, as something other than the string `s`? */
export function needsQuotes(s: string): boolean {
  // PyYAML's implicit typing (YAML 1.1): `yes`, `1.5`, `~`, `2024-01-01` … are not strings
  if (resolveImplicit(s) !== TAG.str) return true;
  if (!SAFE_PLAIN.test(s) || s.endsWith(' ') || /[\u0085\u2028\u2029\ufeff]/.test(s)) return true;
  return false;
}

/** `s` as a YAML scalar that PyYAML reads back as the string `s`. */
export function yamlScalar(s: string): string {
  if (!needsQuotes(s)) return s;
  // single quotes cannot hold line breaks or control characters faithfully
  if (/[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(s)) return JSON.stringify(s);
  return `'${s.replace(/'/g, "''")}'`;
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try { return JSON.parse(t) as string; } catch { return t.slice(1, -1); }
  }
  return t;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlankOrComment = (line: string): boolean => /^\s*(#.*)?$/.test(line);

export type CompletionContext =
  | { kind: 'topKey' }
  | { kind: 'tagKey'; section: 'weights' | 'metadata' }
  | { kind: 'tagValue'; section: 'weights' | 'metadata'; tagKey: string }
  | { kind: 'none' };

/** Where in a training.yaml the cursor is, by indentation (block style) or an open `{` (flow style). */
export function completionContext(lines: string[], pos: Position): CompletionContext {
  const line = lines[pos.line] ?? '';
  const before = line.slice(0, pos.character);
  if (before.includes('#')) return { kind: 'none' };
  if (indentOf(before) === 0 && !before.includes(':')) return { kind: 'topKey' };
  // the enclosing top-level key
  let top: string | null = null;
  let topLine = -1;
  const sameLineTop = /^([A-Za-z_][A-Za-z0-9_]*)\s*:(.*)$/.exec(before);
  if (sameLineTop) { top = sameLineTop[1]!; topLine = pos.line; }
  else {
    for (let i = pos.line - 1; i >= 0; i--) {
      const l = lines[i]!;
      if (isBlankOrComment(l) || indentOf(l) > 0) continue;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(l);
      top = m ? m[1]! : null;
      topLine = i;
      break;
    }
  }
  if (top !== 'weights' && top !== 'metadata') return { kind: 'none' };
  const section = top;
  // flow style: `key: {va` (weights) — or `metadata: {ke`
  const flow = /(?:^|[{,]\s*)((?:'[^']*'|"[^"]*"|[^:#{},'"]+?))\s*:\s*\{([^{}]*)$/.exec(before);
  if (flow && section === 'weights' && topLine !== pos.line) {
    const inner = flow[2]!;
    const lastItem = inner.slice(inner.lastIndexOf(',') + 1);
    return lastItem.includes(':') ? { kind: 'none' } : { kind: 'tagValue', section, tagKey: unquote(flow[1]!) };
  }
  if (topLine === pos.line) {
    const rest = sameLineTop![2]!;
    if (/\{[^}]*$/.test(rest)) {
      const inner = rest.slice(rest.lastIndexOf('{') + 1);
      const lastItem = inner.slice(inner.lastIndexOf(',') + 1);
      return lastItem.includes(':') ? { kind: 'none' } : { kind: 'tagKey', section };
    }
    return { kind: 'none' };
  }
  const cur = indentOf(before);
  const typed = before.trimStart();
  // the first child's indentation under the section key
  let childIndent = -1;
  for (let i = topLine + 1; i < lines.length; i++) {
    if (i === pos.line) continue;
    const l = lines[i]!;
    if (isBlankOrComment(l)) continue;
    if (indentOf(l) === 0) break;
    childIndent = indentOf(l);
    break;
  }
  if (childIndent === -1 || cur <= childIndent) {
    if (typed.includes(':')) {
      // `key: va` — a metadata value
      if (section !== 'metadata') return { kind: 'none' };
      const m = /^((?:'[^']*'|"[^"]*"|[^:#]+?))\s*:\s*([^:]*)$/.exec(typed);
      return m ? { kind: 'tagValue', section, tagKey: unquote(m[1]!) } : { kind: 'none' };
    }
    return { kind: 'tagKey', section };
  }
  if (section !== 'weights' || typed.includes(':')) return { kind: 'none' };
  // a tag value under a tag key: the nearest line above with less indentation
  for (let i = pos.line - 1; i > topLine; i--) {
    const l = lines[i]!;
    if (isBlankOrComment(l) || indentOf(l) >= cur) continue;
    const m = /^\s*((?:'[^']*'|"[^"]*"|[^:#]+?))\s*:/.exec(l);
    return m ? { kind: 'tagValue', section, tagKey: unquote(m[1]!) } : { kind: 'none' };
  }
  return { kind: 'none' };
}

/** The range of the word being typed (back to a space, `{` or `,`), quotes included. */
function wordRange(line: string, pos: Position): Range {
  let start = pos.character;
  while (start > 0 && !/[\s{,]/.test(line[start - 1]!)) start--;
  let end = pos.character;
  while (end < line.length && !/[\s:,}]/.test(line[end]!)) end++;
  return { start: { line: pos.line, character: start }, end: { line: pos.line, character: end } };
}

export interface CompletionInput {
  text: string;
  position: Position;
  snapshot: Snapshot | null;
  /** Tags of the file itself (its own metadata), merged with the corpus's. */
  ownMetadata?: ReadonlyMap<string, string>;
  snippets: boolean;
}

export function complete(input: CompletionInput): CompletionItem[] {
  const lines = input.text.split(/\r\n|\r|\n/);
  const ctx = completionContext(lines, input.position);
  const line = lines[input.position.line] ?? '';
  const range = wordRange(line, input.position);
  switch (ctx.kind) {
    case 'topKey': {
      const present = new Set(lines.map((l) => /^([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(l)?.[1]).filter(Boolean));
      return topLevelKeys().filter((d) => !present.has(d.key) || line.startsWith(d.key)).map((d, i): CompletionItem => ({
        label: d.key,
        kind: CompletionItemKind.Property,
        detail: d.title,
        documentation: { kind: MarkupKind.Markdown, value: d.documentation },
        sortText: String(i).padStart(2, '0'),
        textEdit: { range: { start: { line: input.position.line, character: 0 }, end: range.end }, newText: input.snippets ? `${d.key}:${d.snippet}` : `${d.key}:` },
        insertTextFormat: input.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      }));
    }
    case 'tagKey': {
      const known = allKnown(input);
      return [...known.keys()].map((k): CompletionItem => {
        const values = [...known.get(k)!];
        return {
          label: k,
          kind: CompletionItemKind.Field,
          detail: `tag key — ${values.length} value${values.length === 1 ? '' : 's'}`,
          documentation: { kind: MarkupKind.Markdown, value: valuesDoc(input.snapshot, k, values) },
          filterText: k,
          textEdit: { range, newText: yamlScalar(k) },
        };
      });
    }
    case 'tagValue': {
      const values = allKnown(input).get(ctx.tagKey);
      if (!values) return [];
      return [...values].map((v): CompletionItem => {
        const s = input.snapshot;
        const t = s ? tagStats(s, ctx.tagKey, v) : null;
        const w = s?.facts.report.mergedWeights.get(ctx.tagKey)?.get(v);
        const quoted = yamlScalar(v);
        return {
          label: v,
          kind: CompletionItemKind.EnumMember,
          detail: t ? `${formatCount(t.rows)} row${t.rows === 1 ? '' : 's'}${w !== undefined ? ` · weight ${formatWeight(w)}` : ''}` : undefined,
          documentation: quoted !== v ? { kind: MarkupKind.Markdown, value: `Quoted: PyYAML would read \`${v}\` unquoted as something other than a string, and dlm would reject the whole file.` } : undefined,
          filterText: v,
          textEdit: { range, newText: quoted },
        };
      });
    }
    default:
      return [];
  }
}

function allKnown(input: CompletionInput): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (k: string, v: string) => {
    let s = out.get(k);
    if (!s) out.set(k, (s = new Set()));
    s.add(v);
  };
  if (input.snapshot) for (const [k, vs] of knownTags(input.snapshot)) for (const v of vs) add(k, v);
  for (const [k, v] of input.ownMetadata ?? []) add(k, v);
  return out;
}

function valuesDoc(s: Snapshot | null, key: string, values: string[]): string {
  const lines = values.slice(0, 12).map((v) => {
    const rows = s ? tagStats(s, key, v).rows : undefined;
    return `- \`${v}\`${rows !== undefined ? ` — ${formatCount(rows)} row${rows === 1 ? '' : 's'}` : ''}`;
  });
  if (values.length > 12) lines.push(`- … ${values.length - 12} more`);
  return `Values set by \`metadata\` in the corpus:\n${lines.join('\n')}`;
}
