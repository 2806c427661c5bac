// Checks of one `.dlm/ignore` that need no corpus: lines dlm drops, and rules
// whose non-gitignore semantics make them match no file at all.
import { MAX_IGNORE_BYTES, parseIgnore, type IgnoreRule } from '../ignore.js';
import { normalizeText } from '../pytext.js';
import type { Range } from '../types.js';
import type { Diagnostic, Fix } from './types.js';

/**
 * Ranges in the editor's text. dlm splits ignore files on every Python line
 * break (\x0c, \x85, U+2028 …); editors split only on CR/LF. Map each Python
 * line back to where it starts in the editor's lines.
 */
export function ignoreLineRanges(text: string): Range[] {
  const ranges: Range[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 0;
  let col = 0;
  let start = { line: 0, character: 0 };
  for (let i = 0; i <= src.length; i++) {
    const c = src[i];
    const isBreak = c !== undefined && /[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/.test(c);
    if (c === undefined || isBreak) {
      ranges.push({ start, end: { line, character: col } });
      if (c === undefined) break;
      if (c === '\r' && src[i + 1] === '\n') i++;
      if (c === '\n' || c === '\r') { line++; col = 0; } else col++;
      start = { line, character: col };
      continue;
    }
    col++;
  }
  return ranges;
}

/** Why a rule can never match a file, or null. */
export function ruleNeverMatches(rule: IgnoreRule): string | null {
  if (!rule.dirOnly) return null;
  if (rule.anchored) return `\`${rule.raw.trim()}\` matches no file: dlm's ignore rules are not gitignore — a directory rule with a leading \`/\` never matches. Write \`/${rule.pattern}/**\` to exclude the folder's contents.`;
  if (rule.pattern.includes('/')) return `\`${rule.raw.trim()}\` matches no file: dlm's ignore rules are not gitignore — a directory rule only matches a single folder name, never a path with \`/\`. Use \`${rule.pattern}/**\` to exclude the folder's contents.`;
  return null;
}

/** An ignore file over MAX_IGNORE_BYTES: dlm applies it, dlm-weights does not evaluate it. */
export function ignoreTooLargeDiagnostic(bytes: number): Diagnostic {
  return {
    severity: 'warning', code: 'ignore-too-large', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `This ignore file is over ${MAX_IGNORE_BYTES / 2 ** 20} MiB (${(bytes / 2 ** 20).toFixed(1)} MiB). dlm train reads and applies every rule in it, but dlm-weights did not evaluate it: which files it excludes is not predicted, so dry-run figures for this folder may be wrong.`,
  };
}

export function diagnoseIgnoreText(text: string): Diagnostic[] {
  // checked before parsing: a huge editor buffer must not stall the server
  const bytes = text.length * 3 <= MAX_IGNORE_BYTES ? 0 : Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_IGNORE_BYTES) return [ignoreTooLargeDiagnostic(bytes)];
  const out: Diagnostic[] = [];
  const parsed = parseIgnore(normalizeText(text));
  const ranges = ignoreLineRanges(text);
  for (const d of parsed.dropped) {
    out.push({
      severity: 'warning', code: 'ignore-line-dropped', range: ranges[d.line] ?? ranges[0]!,
      message: `dlm drops this line (it is empty once \`!\`, a leading \`/\` and a trailing \`/\` are removed), with a warning in its log.`,
      fixes: [{ kind: 'remove-line', title: 'Remove the line', edits: [{ range: ranges[d.line]!, newText: '' }] }],
    });
  }
  for (const rule of parsed.rules) {
    const why = ruleNeverMatches(rule);
    if (!why) continue;
    const range = ranges[rule.line]!;
    const fixes: Fix[] = [];
    if (rule.pattern.includes('/') || rule.anchored) {
      fixes.push({ kind: 'folder-contents-glob', title: `Replace with \`${rule.negated ? '!' : ''}${rule.anchored ? '/' : ''}${rule.pattern}/**\``, edits: [{ range, newText: `${rule.negated ? '!' : ''}${rule.anchored ? '/' : ''}${rule.pattern}/**` }] });
    }
    out.push({ severity: 'warning', code: 'ignore-dir-rule-never-matches', range, message: why, fixes });
  }
  return out;
}
