// Rows of a dry-run report as CSV (RFC 4180: CRLF line ends, fields quoted
// when they hold a quote, comma, CR or LF; quotes doubled). Text from the
// corpus (file names, tags) that a spreadsheet would run as a formula is
// neutralised with a leading `'` (the OWASP rule for CSV injection).
import type { DryRunReport } from '../shared/reportModel';

export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A cell starting with = + - @, a tab or a CR is a formula to a spreadsheet: prefix `'`. */
export function csvText(s: string): string {
  return csvField(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
}

export const CSV_HEADER = ['sectionId', 'origin', 'tags', 'weight', 'copies', 'valCopies', 'trainCopies'] as const;

/** One line per row, in report order; tags as "k=v, k2=v2"; non-finite weights as NaN / Infinity. */
export function csvRows(report: DryRunReport): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of report.rows) {
    const tags = [...r.tags].map(([k, v]) => `${k}=${v}`).join(', ');
    lines.push([
      csvField(r.sectionId), csvText(r.origin), csvText(tags),
      ...[String(r.weight), String(r.copies), String(r.valCopies), String(r.copies - r.valCopies)].map(csvField),
    ].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
