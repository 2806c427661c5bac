import type { Range } from '../types.js';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Absolute path: rename the diagnosed file to this. */
  renameTo?: string;
}

export interface RelatedLocation {
  /** Absolute path. */
  path: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case id, documented in the README. */
  code: string;
  message: string;
  range: Range;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

export const WHOLE_FIRST_LINE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function lineRange(line: number, startChar: number, endChar: number): Range {
  return { start: { line, character: startChar }, end: { line, character: endChar } };
}
