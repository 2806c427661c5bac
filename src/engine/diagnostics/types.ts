import type { Range } from '../types.js';
import type { DiagnosticCode, FixKind } from './codes.js';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  /** Which kind of fix (the code's registry entry lists the kinds it may carry). */
  kind: FixKind;
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
  /** Stable kebab-case id, registered in ./codes.ts (the README's tables are generated from it). */
  code: DiagnosticCode;
  message: string;
  range: Range;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

export const WHOLE_FIRST_LINE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function lineRange(line: number, startChar: number, endChar: number): Range {
  return { start: { line, character: startChar }, end: { line, character: endChar } };
}
