// Small pieces of the hovers' markdown.
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import { formatCount } from '../../shared/view/format';
import type { Snapshot } from './snapshot';
import { pathToUri } from './uri';

const EXAMPLES = 3;

export function inRange(p: Position, r: Range): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

export const code = (s: string): string => {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s}${ticks}`;
};

export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** A link to a file (and a line of it). */
export function link(path: string, label: string, line?: number): string {
  const esc = label.replace(/[[\]]/g, '\\$&');
  return line === undefined ? `[${esc}](${pathToUri(path)})` : `[${esc}:${line + 1}](${pathToUri(path)}#L${line + 1})`;
}

/** The first few paths, and how many more. */
export function examples(paths: readonly string[], total = paths.length): string {
  if (paths.length === 0) return '';
  const shown = paths.slice(0, EXAMPLES).map(code).join(', ');
  return total > EXAMPLES ? `${shown} … (${formatCount(total - EXAMPLES)} more)` : shown;
}

/** A markdown hover of paragraphs (empty ones left out). */
export function md(lines: string[], range?: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: lines.filter((l) => l !== '').join('\n\n') }, range };
}

/** An anchor's folder as hovers name it: `docs/`, or "the corpus root". */
export function dirLabel(s: Snapshot, anchorAbs: string): string {
  const dir = s.facts.configLabel(anchorAbs).slice(0, -'.dlm/training.yaml'.length);
  return dir === '' ? 'the corpus root' : code(dir);
}
