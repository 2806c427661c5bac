// Aggregates over a report's rows that the cross-file checks and the hover
// need: rows per tag, rows per anchor subtree. Computed once per report.
import { dirname } from 'node:path';
import type { CorpusIndex, ReportDetails } from '../corpus/corpusIndex.js';
import type { DryRunReport, ReportRow } from '../types.js';

export interface RowRef {
  origin: string;
  /** Absolute file path, or null for a document body section. */
  abs: string | null;
  row: ReportRow;
}

export interface RowFacts {
  /** "key\0value" -> rows carrying that tag. */
  rowsByTag: Map<string, RowRef[]>;
  /** anchor directory (absolute) -> rows whose file lies under it. */
  rowsUnder: Map<string, number>;
}

const cache = new WeakMap<DryRunReport, RowFacts>();

export function rowFacts(index: CorpusIndex, report: DryRunReport, details: ReportDetails): RowFacts {
  const hit = cache.get(report);
  if (hit) return hit;
  const anchorDirs = new Set(index.allAnchors().map((a) => a.abs));
  const rowsByTag = new Map<string, RowRef[]>();
  const rowsUnder = new Map<string, number>();
  report.rows.forEach((row, i) => {
    const src = details.rowSources[i];
    const abs = src && src.directive >= 0 ? index.directives[src.directive]!.files[src.index]!.abs : null;
    const ref: RowRef = { origin: row.origin, abs, row };
    for (const [k, v] of row.tags) {
      const key = `${k}\u0000${v}`;
      let list = rowsByTag.get(key);
      if (!list) rowsByTag.set(key, (list = []));
      list.push(ref);
    }
    if (abs) {
      for (let dir = dirname(abs); ; dir = dirname(dir)) {
        if (anchorDirs.has(dir)) rowsUnder.set(dir, (rowsUnder.get(dir) ?? 0) + 1);
        if (dirname(dir) === dir) break;
      }
    }
  });
  const facts = { rowsByTag, rowsUnder };
  cache.set(report, facts);
  return facts;
}
