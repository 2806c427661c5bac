// Runs the structural check of test/report/layoutCheck.page.js in a page (see
// that file for what it checks). The check's text is evaluated as it is, so
// nothing from this (transpiled) module ever reaches the page.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';

const SOURCE = readFileSync(resolve(__dirname, 'layoutCheck.page.js'), 'utf8');

export interface LayoutCheckOptions {
  minContrast?: number;
  /** check that every text colour is one of the theme's foreground colours */
  highContrast?: boolean;
  /** selector of the part checked (default `.report`) */
  root?: string;
}

export interface LayoutCheckResult {
  problems: string[];
  checked: { elements: number; textElements: number; words: number; clipBoxes: number };
}

/** The expression that runs the check with `options` (for page.evaluate / frame.evaluate). */
export function layoutCheckExpression(options: LayoutCheckOptions = {}): string {
  return `(() => {\n${SOURCE}\nreturn reportLayoutProblems(${JSON.stringify(options)});\n})()`;
}

export function checkLayout(target: Page | Frame, options: LayoutCheckOptions = {}): Promise<LayoutCheckResult> {
  return target.evaluate(layoutCheckExpression(options)) as Promise<LayoutCheckResult>;
}
