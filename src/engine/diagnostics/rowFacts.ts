// Aggregates over a report's rows that the cross-file checks and the hover
// need: rows per tag, rows per anchor subtree. Built once per resolution and
// held by the CorpusFacts that asked for it (./corpusFacts.ts).
import type { CorpusIndex, ReportDetails } from '../corpus/corpusIndex.js';
import type { DryRunReport } from '../types.js';

export interface RowRef {
  origin: string;
  /** Absolute file path, or null for a document body section. */
  abs: string | null;
  /** Index into report.rows (rows keep their order while resolution is unchanged). */
  index: number;
}

export interface RowFacts {
  /** "key\0value" -> rows carrying that tag. */
  rowsByTag: Map<string, RowRef[]>;
  /** anchor directory (absolute) -> rows whose file lies under it. */
  rowsUnder: Map<string, number>;
  /** Rows carrying (key, value) whose file is not under `anchorAbs` (memoised). */
  outside(anchorAbs: string, key: string, value: string): RowRef[];
}

/**
 * Row facts depend on resolution only (which files, tags and paths), not on
 * weights; the caller keeps them while `details` (which the index keeps while
 * resolution is unchanged) stays the same object.
 */
export function rowFacts(index: CorpusIndex, report: DryRunReport, details: ReportDetails): RowFacts {
  if (details.unblocked) ({ report, details } = details.unblocked); // placeholders: use the full rows
  const anchorsByRel = index.directives.map((d) => new Map(d.anchors.map((a) => [a.rel, a.abs] as const)));
  const rowsByTag = new Map<string, RowRef[]>();
  const rowsUnder = new Map<string, number>();
  const countUnder = (anchorAbs: string | undefined) => {
    if (anchorAbs !== undefined) rowsUnder.set(anchorAbs, (rowsUnder.get(anchorAbs) ?? 0) + 1);
  };
  const rows = report.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const src = details.rowSources[i];
    const file = src && src.directive >= 0 ? index.directives[src.directive]!.files.at(src.index)! : null;
    const ref: RowRef = { origin: row.origin, abs: file ? file.abs : null, index: i };
    for (const [k, v] of row.tags) {
      const key = `${k}\u0000${v}`;
      let list = rowsByTag.get(key);
      if (!list) rowsByTag.set(key, (list = []));
      list.push(ref);
    }
    if (file) {
      // the anchors above this file: its folders relative to the directive root
      const byRel = anchorsByRel[src!.directive]!;
      countUnder(byRel.get(''));
      for (let j = file.rel.indexOf('/'); j !== -1; j = file.rel.indexOf('/', j + 1)) countUnder(byRel.get(file.rel.slice(0, j)));
    }
  }
  const outsideMemo = new Map<string, RowRef[]>();
  return {
    rowsByTag, rowsUnder,
    outside(anchorAbs, key, value) {
      const id = `${anchorAbs}\u0000${key}\u0000${value}`;
      let list = outsideMemo.get(id);
      if (!list) {
        const prefix = anchorAbs.endsWith('/') ? anchorAbs : anchorAbs + '/';
        list = (rowsByTag.get(`${key}\u0000${value}`) ?? []).filter((r) => r.abs === null || !r.abs.startsWith(prefix));
        outsideMemo.set(id, list);
      }
      return list;
    },
  };
}
