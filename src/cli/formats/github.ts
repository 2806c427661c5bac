// `check --format github`: one GitHub Actions workflow command per
// diagnostic, so each shows up as an annotation on the file and line.
// Escaping follows the runner's rules: in the message `%`, CR and LF; in
// property values also `:` and `,`.
import type { CheckedFile } from '../../engine/check/checkPaths.js';
import type { Severity } from '../../engine/diagnostics/index.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `relative` maps an absolute path to the POSIX path the annotation names. */
export function checkGithub(files: readonly CheckedFile[], relative: (abs: string) => string): string {
  const out: string[] = [];
  for (const f of files) {
    for (const d of f.diagnostics) {
      const { start, end } = d.range;
      const sameLine = end.line === start.line;
      // GitHub places columns only on single-line annotations; endColumn is the last column, inclusive
      const props: Array<[string, string | number | null]> = [
        ['file', relative(f.path)], ['line', start.line + 1],
        ['col', sameLine ? start.character + 1 : null],
        ['endLine', end.line + 1],
        ['endColumn', sameLine ? Math.max(start.character + 1, end.character) : null],
      ];
      props.push(['title', d.code]);
      const list = props.filter(([, v]) => v !== null).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
      out.push(`::${COMMAND[d.severity]} ${list}::${escapeData(d.message)}\n`);
    }
  }
  return out.join('');
}
