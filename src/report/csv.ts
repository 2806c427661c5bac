// Rows of a dry-run report as CSV (RFC 4180: CRLF line ends, fields quoted
// when they hold a quote, comma, CR or LF; quotes doubled). Text from the
// corpus (file names, tags) that a spreadsheet would run as a formula is
// neutralised with a leading `'` (the OWASP rule for CSV injection).
import { rowColumnsOf } from '../engine/corpus/rowSet';
import type { DryRunReport, TagMap } from '../shared/reportModel';

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
  return [...csvChunks(report)].join('');
}

/**
 * The same CSV in pieces of a few hundred lines, written from the report's
 * columns when it has them (no row objects, no string kept per row).
 */
export function* csvChunks(report: DryRunReport, rowsPerChunk = 512): Generator<string> {
  yield `${CSV_HEADER.join(',')}\r\n`;
  const cols = rowColumnsOf(report);
  const n = cols ? cols.length : report.rows.length;
  const tagText = new Map<TagMap, string>();
  const tagsOf = (m: TagMap) => {
    let t = tagText.get(m);
    if (t === undefined) tagText.set(m, (t = csvText([...m].map(([k, v]) => `${k}=${v}`).join(', '))));
    return t;
  };
  const line = (sectionId: string, origin: string, tags: TagMap, weight: number, copies: number, valCopies: number) =>
    [csvField(sectionId), csvText(origin), tagsOf(tags), ...[String(weight), String(copies), String(valCopies), String(copies - valCopies)].map(csvField)].join(',');
  for (let i = 0; i < n; i += rowsPerChunk) {
    let chunk = '';
    for (let j = i; j < Math.min(n, i + rowsPerChunk); j++) {
      if (cols) chunk += line(cols.sectionId(j), cols.origin(j), cols.tags(j), cols.weight(j), cols.copies(j), cols.valCopies(j)) + '\r\n';
      else {
        const r = report.rows[j]!;
        chunk += line(r.sectionId, r.origin, r.tags, r.weight, r.copies, r.valCopies) + '\r\n';
      }
    }
    yield chunk;
  }
}
