// The README's diagnostic tables, generated from the code registry
// (src/engine/diagnostics/codes.ts via src/shared/diagnosticCodes.ts):
// `npm run docs:diagnostics` rewrites them between the marker comments, and
// test/shared/diagnosticCodes.test.ts fails when README and registry drift.
import { DIAGNOSTIC_CODES, FIX_KIND_TEXT, type DiagnosticCode, type DiagnosticCodeInfo } from '../../src/shared/diagnosticCodes';

export const BEGIN_MARKER = '<!-- diagnostic-codes:begin — generated from src/engine/diagnostics/codes.ts by `npm run docs:diagnostics`; edit the registry, not this table -->';
export const END_MARKER = '<!-- diagnostic-codes:end -->';

const cell = (s: string): string => s.replace(/\|/g, '\\|');
const fixesOf = (info: DiagnosticCodeInfo): string => info.fixes.map((k) => FIX_KIND_TEXT[k]).join('; ');
const severityOf = (info: DiagnosticCodeInfo): string => (info.otherSeverity ? `${info.severity} / ${info.otherSeverity}` : info.severity);
const row = (cells: string[]): string => `| ${cells.join(' | ')} |`.replace(/ {2}\|$/, ' |');

export function renderDiagnosticTables(): string {
  const entries = Object.entries(DIAGNOSTIC_CODES) as Array<[DiagnosticCode, DiagnosticCodeInfo]>;
  const configs = entries.filter(([, i]) => i.on === 'config');
  const errors = configs.filter(([, i]) => i.severity === 'error');
  const others = configs.filter(([, i]) => i.severity !== 'error');
  const documents = entries.filter(([, i]) => i.on === 'document');
  return [
    '### Errors — dlm ignores the whole file, or `dlm train` crashes',
    '',
    '| code | what dlm does | quick fix |',
    '|---|---|---|',
    ...errors.map(([code, i]) => row([`\`${code}\``, cell(i.summary), cell(fixesOf(i))])),
    '',
    '### Warnings and information — dlm accepts it, but look again',
    '',
    '| code | severity | what dlm does | quick fix |',
    '|---|---|---|---|',
    ...others.map(([code, i]) => row([`\`${code}\``, severityOf(i), cell(i.summary), cell(fixesOf(i))])),
    '',
    '### `.dlm` documents — errors: `dlm train` refuses the document; warnings: it accepts it, but look again',
    '',
    'The error codes are the `documentError` kinds of the dry-run JSON.',
    '',
    '| code | severity | what dlm does | quick fix |',
    '|---|---|---|---|',
    ...documents.map(([code, i]) => row([`\`${code}\``, severityOf(i), cell(i.summary), cell(fixesOf(i))])),
  ].join('\n');
}

/** `readme` with the text between the markers replaced by the generated tables. */
export function withDiagnosticTables(readme: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error('README.md: the diagnostic-codes marker comments are missing');
  return `${readme.slice(0, begin + BEGIN_MARKER.length)}\n\n${renderDiagnosticTables()}\n\n${readme.slice(end)}`;
}
