// Mix rows for a finished dry run: each row's text is read again (files) or
// taken from the parsed document (body sections), measured in characters and
// tokens, and cached by section id so a later run reads and tokenizes only
// what changed. This is the "second pass" over a report: the dry run itself
// never holds file contents.
import type { CorpusIndex, ReportDetails } from '../corpus/corpusIndex.js';
import type { DryRunReport } from '../types.js';
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

/** One MixRow per report row, in order. Never throws on unreadable files. */
export function collectMixRows(index: CorpusIndex, report: DryRunReport, details: ReportDetails, reader: TextReader, caches: MeasureCaches): MixRow[] {
  const out: MixRow[] = [];
  const bodyTexts = new Map<number, string[]>();
  const rowInSection = new Map<number, number>();
  report.rows.forEach((row, i) => {
    const src = details.rowSources[i];
    let key = row.sectionId;
    let text: () => string | null = () => null;
    if (src && src.directive === -1) {
      const section = index.plan.document?.sections[src.index];
      if (section) {
        let texts = bodyTexts.get(src.index);
        if (!texts) bodyTexts.set(src.index, (texts = bodySectionRowTexts(section)));
        const sub = rowInSection.get(src.index) ?? 0;
        rowInSection.set(src.index, sub + 1);
        // rows of one section share its id
        if (section.rowCount > 1) key = `${row.sectionId}#${sub}`;
        const t = texts[sub] ?? null;
        text = () => t;
      }
    } else if (src) {
      const f = index.directives[src.directive]?.files.at(src.index);
      if (f) text = () => {
        const raw = reader.readText(f.abs, MAX_MEASURED_FILE_BYTES);
        return raw === null ? null : fileRowText(raw, f.rel);
      };
    }
    let read: string | null | undefined;
    const once = (): string | null => (read === undefined ? (read = text()) : read);
    let chars = caches.chars.get(key);
    if (chars === undefined) {
      const t = once();
      if (t !== null) caches.chars.set(key, (chars = rowChars(t)));
    }
    const tokens: RowTokens | null = caches.tokens.count(key, once);
    const unread = chars === undefined || tokens === null;
    out.push({
      origin: row.origin, sectionId: row.sectionId, tags: row.tags, copies: row.copies,
      chars: chars ?? 0, tokens: tokens?.tokens ?? 0, tokensExact: tokens?.exact ?? false,
      ...(unread ? { unread: true } : {}),
    });
  });
  return out;
}
