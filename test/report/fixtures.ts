// The parity cases' expected.json files, vendored in test/parity/data.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parityPath } from '../helpers/shared';
import { parseReportJson } from '../../src/report/contractJson';
import type { DryRunReport } from '../../src/engine/types';

export interface Case {
  name: string;
  text: string;
  report: DryRunReport;
  /** the same file through JSON.parse (plain objects; key order of integer-like keys lost) */
  plain: any;
}

export function caseNames(): string[] {
  const dir = join(parityPath(), 'cases');
  return readdirSync(dir).filter((n) => existsSync(join(dir, n, 'expected.json'))).sort();
}

export function loadCase(name: string): Case {
  const text = readFileSync(join(parityPath(), 'cases', name, 'expected.json'), 'utf8');
  return { name, text, report: parseReportJson(text), plain: JSON.parse(text) };
}

export function allCases(): Case[] {
  return caseNames().map(loadCase);
}

/** JSON text with all whitespace outside strings removed. */
export function minifyJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

/** Every object's key sequence, in document order, straight from the text. */
export function keySequences(text: string): string[][] {
  const seqs: string[][] = [];
  const stack: Array<string[] | null> = [];
  let i = 0;
  const readString = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '{') {
      const keys: string[] = [];
      seqs.push(keys);
      stack.push(keys);
      i++;
    } else if (c === '[') {
      stack.push(null);
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === '"') {
      const s = readString();
      let j = i;
      while (/\s/.test(text[j])) j++;
      const top = stack[stack.length - 1];
      if (text[j] === ':' && top) top.push(s);
    } else i++;
  }
  return seqs;
}
