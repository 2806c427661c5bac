// Mix rows for a finished dry run: each row's text is read again (files) or
// taken from the parsed document (body sections), measured in characters and
// tokens, and cached by section id so a later run reads and tokenizes only
// what changed. This is the "second pass" over a report: the dry run itself
// never holds file contents. `planMixRows` says where each row's text is;
// `collectMixRows` measures it here, `measureMixRows` (./measure.ts) in a
// worker thread, in batches.
import type { CorpusIndex, ReportDetails } from '../corpus/corpusIndex.js';
import type { DryRunReport, ReportRow } from '../types.js';
import type { TextReader } from '../store/textReader.js';
import type { RowTokens, TokenCountCache } from '../tokens/counter.js';
import type { MixRow } from './aggregate.js';
import { bodySectionRowTexts, fileRowText, rowChars } from './rowText.js';

/** Largest file read again for measuring (a bigger one counts as unread). */
export const MAX_MEASURED_FILE_BYTES = 64 * 1024 * 1024;

export interface MeasureCaches {
  tokens: TokenCountCache;
  /** Characters by the same keys as the token cache. */
  chars: Map<string, number>;
}

export function newMeasureCaches(tokens: TokenCountCache): MeasureCaches {
  return { tokens, chars: new Map() };
}

/** Where a row's text is: a file to read again (its row text made from its content), or text at hand. */
export type RowTextSource = { kind: 'file'; abs: string; rel: string } | { kind: 'text'; text: string } | null;

export interface PlannedRow {
  row: ReportRow;
  /** The cache key: the section id, `<id>#<n>` for the n-th row of a multi-row section. */
  key: string;
  source: RowTextSource;
}

/** Where each report row's text is, in row order. Reads nothing. */
export function planMixRows(index: CorpusIndex, report: DryRunReport, details: ReportDetails): PlannedRow[] {
  const bodyTexts = new Map<number, string[]>();
  const rowInSection = new Map<number, number>();
  return report.rows.map((row, i) => {
    const src = details.rowSources[i];
    let key = row.sectionId;
    let source: RowTextSource = null;
    if (src && src.directive === -1) {
      const section = index.plan.document?.sections[src.index];
      if (section) {
        let texts = bodyTexts.get(src.index);
        if (!texts) bodyTexts.set(src.index, (texts = bodySectionRowTexts(section)));
        const sub = rowInSection.get(src.index) ?? 0;
        rowInSection.set(src.index, sub + 1);
        // rows of one section share its id
        if (section.rowCount > 1) key = `${row.sectionId}#${sub}`;
        const t = texts[sub];
        if (t !== undefined) source = { kind: 'text', text: t };
      }
    } else if (src) {
      const f = index.directives[src.directive]?.files.at(src.index);
      if (f) source = { kind: 'file', abs: f.abs, rel: f.rel };
    }
    return { row, key, source };
  });
}

/** The row text of a planned row, or null when it cannot be read. */
export function readRowText(source: RowTextSource, reader: TextReader): string | null {
  if (source === null) return null;
  if (source.kind === 'text') return source.text;
  const raw = reader.readText(source.abs, MAX_MEASURED_FILE_BYTES);
  return raw === null ? null : fileRowText(raw, source.rel);
}

/**
 * MixRows from what the caches hold. `pending`: a row not measured yet counts
 * 0 characters and 0 tokens without being unread (a partial mix while the
 * second pass runs); otherwise it is unread.
 */
export function assembleMixRows(plan: readonly PlannedRow[], caches: MeasureCaches, pending = false): MixRow[] {
  return plan.map(({ row, key }) => {
    const chars = caches.chars.get(key);
    const tokens: RowTokens | undefined = caches.tokens.counts.get(key);
    const missing = chars === undefined || tokens === undefined;
    return {
      origin: row.origin, sectionId: row.sectionId, tags: row.tags, copies: row.copies,
      chars: chars ?? 0, tokens: tokens?.tokens ?? 0, tokensExact: tokens?.exact ?? pending,
      ...(missing && !pending ? { unread: true } : {}),
    };
  });
}

/** One MixRow per report row, in order, measured on this thread. Never throws on unreadable files. */
export function collectMixRows(index: CorpusIndex, report: DryRunReport, details: ReportDetails, reader: TextReader, caches: MeasureCaches): MixRow[] {
  const plan = planMixRows(index, report, details);
  for (const { key, source } of plan) {
    let read: string | null | undefined;
    const once = (): string | null => (read === undefined ? (read = readRowText(source, reader)) : read);
    if (!caches.chars.has(key)) {
      const t = once();
      if (t !== null) caches.chars.set(key, rowChars(t));
    }
    caches.tokens.count(key, once);
  }
  return assembleMixRows(plan, caches);
}
