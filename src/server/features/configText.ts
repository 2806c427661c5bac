// Config texts as the editor has them, parsed once for hover and completion:
// both ask again and again about the same unchanged text (every hover, every
// keystroke's completion), and parsing is the costly part. Purely value-keyed
// memos (text in, immutable result out), so they may outlive any snapshot;
// each bounded to a few texts (the documents being worked on).
import { loadTrainingYamlText, type LoadResult } from '../../engine/config/index';
import { ignoreLineRanges } from '../../engine/diagnostics/index';
import { MAX_IGNORE_BYTES, parseIgnore, type IgnoreFile } from '../../engine/ignore';
import { normalizeText } from '../../engine/pytext';
import type { Range } from '../../engine/types';

const KEEP = 8;

/** A small most-recently-used memo keyed by text. */
function textMemo<T>(compute: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    if (memo.has(text)) {
      const hit = memo.get(text)!;
      memo.delete(text);
      memo.set(text, hit);
      return hit;
    }
    const r = compute(text);
    if (memo.size >= KEEP) memo.delete(memo.keys().next().value as string);
    memo.set(text, r);
    return r;
  };
}

/** The loader's result for a training.yaml text; null if the loader throws. */
export const loadConfigText = textMemo((text): LoadResult | null => {
  try {
    return loadTrainingYamlText(text);
  } catch {
    return null;
  }
});

export type ParsedIgnoreText =
  | { kind: 'parsed'; file: IgnoreFile; /** Each rule line's range in the editor's text. */ ranges: Range[] }
  /** Over MAX_IGNORE_BYTES: dlm applies it, dlm-weights does not evaluate it (as the diagnostics say). */
  | { kind: 'too-large'; bytes: number };

/** A `.dlm/ignore` text parsed as dlm parses it, with its lines' ranges in the editor. */
export const parseIgnoreText = textMemo((text): ParsedIgnoreText => {
  // checked before parsing (as diagnoseIgnoreText does): a huge buffer is never parsed
  const bytes = text.length * 3 <= MAX_IGNORE_BYTES ? 0 : Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_IGNORE_BYTES) return { kind: 'too-large', bytes };
  return { kind: 'parsed', file: parseIgnore(normalizeText(text)), ranges: ignoreLineRanges(text) };
});
