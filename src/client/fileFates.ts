// What happens to each file of a corpus, from a report the client holds: its
// rows' weights and copies, or why it was skipped. Built once per report on
// first use (one pass over rows and skipped files), then looked up per path:
// the Explorer asks only for the files it shows. No `vscode` import.
import * as path from 'node:path';
import type { DryRunReport, ReportDetailsJson, ReportRow, SkipReason } from '../shared/reportModel';

export type FileFate =
  | { kind: 'rows'; rows: ReportRow[] }
  | { kind: 'skipped'; reason: SkipReason; source: string };

const SKIP_WORDS: Record<SkipReason, string> = {
  excluded: 'excluded',
  binary: 'skipped: binary',
  encoding: 'skipped: not UTF-8',
  overSize: 'skipped: too large',
  image: 'skipped: image',
  audio: 'skipped: audio',
  maxFiles: 'skipped: over max files',
};

/** A weight as people read it: up to 4 significant digits. */
export function shortWeight(w: number): string {
  if (!Number.isFinite(w)) return String(w);
  return String(Number(w.toPrecision(4)));
}

export class FileFates {
  private byPath: Map<string, FileFate> | undefined;

  constructor(private readonly report: DryRunReport, private readonly details: ReportDetailsJson) {}

  /** The absolute directory row origins are relative to. */
  get root(): string {
    return this.details.root;
  }

  /** The fate of an absolute path, or undefined when the report says nothing about it. */
  fateOf(absPath: string): FileFate | undefined {
    const rel = path.relative(this.details.root, absPath);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return this.index().get(rel.split(path.sep).join('/'));
  }

  private index(): Map<string, FileFate> {
    if (this.byPath) return this.byPath;
    const m = new Map<string, FileFate>();
    for (const row of this.report.rows) {
      // a document's body sections have no file of their own on disk beyond the document
      const f = m.get(row.origin);
      if (f?.kind === 'rows') f.rows.push(row);
      else m.set(row.origin, { kind: 'rows', rows: [row] });
    }
    for (const s of this.details.skippedFiles) if (!m.has(s.path)) m.set(s.path, { kind: 'skipped', reason: s.reason, source: s.source });
    this.byPath = m;
    return m;
  }
}

export interface FateLabel {
  /** At most two characters (VS Code's limit for a file decoration badge). */
  badge?: string;
  tooltip: string;
  /** Nothing of the file reaches training. */
  dimmed: boolean;
}

/** The Explorer's words for a fate: "× 1.5", "dropped (weight 0)", "excluded", "skipped: binary". */
export function fateLabel(f: FileFate): FateLabel {
  if (f.kind === 'skipped') return { badge: f.reason === 'excluded' ? '–' : '⊘', tooltip: SKIP_WORDS[f.reason], dimmed: true };
  const weights = [...new Set(f.rows.map((r) => r.weight))];
  const copies = f.rows.reduce((n, r) => n + r.copies, 0);
  if (copies === 0) {
    const zero = weights.every((w) => w === 0);
    return { badge: '×0', tooltip: zero ? 'dropped (weight 0)' : `dropped (× ${weights.map(shortWeight).join(', ')} rounded to 0 copies at this seed)`, dimmed: true };
  }
  const rows = f.rows.length;
  const tooltip = `× ${weights.map(shortWeight).join(', ')} · ${rows} row${rows === 1 ? '' : 's'} → ${copies} cop${copies === 1 ? 'y' : 'ies'}`;
  if (weights.length !== 1) return { badge: '×*', tooltip, dimmed: false };
  const w = weights[0]!;
  if (w === 1) return { tooltip, dimmed: false };
  // two characters: a small whole weight exactly, else which way it goes
  const badge = Number.isInteger(w) && w < 10 ? `×${w}` : w > 1 ? '↑' : '↓';
  return { badge, tooltip, dimmed: false };
}

/** "Why?" for one file: its rows' factors and copies, or its skip reason. */
export function explainFate(relPath: string, f: FileFate | undefined, merged: DryRunReport['mergedWeights']): string {
  if (!f) return `${relPath} is not in this corpus' report: no source reaches it, or the report is older than the file.`;
  if (f.kind === 'skipped') {
    const why = f.reason === 'excluded'
      ? 'an exclude pattern, an ignore rule, a default exclude, or no include pattern matching it keeps it out'
      : `dlm train skips it (${SKIP_WORDS[f.reason].replace('skipped: ', '')})`;
    return `${relPath}: ${SKIP_WORDS[f.reason]} — ${why} (source "${f.source}").`;
  }
  const lines = f.rows.map((r) => {
    const factors: string[] = [];
    for (const [key, value] of r.tags) {
      const factor = merged.get(key)?.get(value);
      if (factor !== undefined) factors.push(`${key}=${value} × ${shortWeight(factor)}`);
    }
    const formula = factors.length ? factors.join(' · ') : 'no weighted tag (× 1)';
    const train = r.copies - r.valCopies;
    return `${r.sectionId}: ${formula} = × ${shortWeight(r.weight)} → ${r.copies} cop${r.copies === 1 ? 'y' : 'ies'} (${train} train, ${r.valCopies} validation)`;
  });
  return `${relPath}\n${lines.join('\n')}`;
}
