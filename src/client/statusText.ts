// The status bar item's words for a folder's index state. No `vscode` import:
// unit-tested in plain Node.
import type { IndexStatusParams } from '../shared/protocol';
import type { DocumentError } from '../shared/reportModel';

const formatCount = (n: number): string => n.toLocaleString('en-US');

const STAGE_WORDS: Record<DocumentError['stage'], string> = {
  parse: 'while reading the document',
  sources: 'while expanding training.sources',
  rows: 'while turning sections into training rows',
};

/** Our messages quote YAML and paths in backticks and brackets: show them as text. */
function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => `\\${c}`);
}

export interface StatusBarView {
  text: string;
  tooltip: string;
  /** The tooltip is Markdown (with codicons). */
  markdown: boolean;
}

/** The files counted so far, from the server's progress message ("listing: 1200 files", "reading 300/5000 files"). */
export function filesSoFar(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const reading = /reading (\d+)\/(\d+|\?)/.exec(message);
  if (reading) return `${formatCount(Number(reading[1]))}/${reading[2] === '?' ? '?' : formatCount(Number(reading[2]))} files`;
  const listing = /listing: (\d+)/.exec(message);
  if (listing) return `${formatCount(Number(listing[1]))} files`;
  return undefined;
}

export function statusBarView(s: IndexStatusParams, corpus: string, folderName?: string): StatusBarView {
  const where = folderName ? ` ${folderName}:` : '';
  switch (s.state) {
    case 'idle':
      return { text: '', tooltip: '', markdown: false };
    case 'indexing': {
      const sofar = filesSoFar(s.message);
      return {
        text: `$(sync~spin) dlm:${where} indexing${sofar ? ` ${sofar}` : '…'}`,
        tooltip: `Indexing the corpus (${corpus})${s.message ? `: ${s.message}` : ''}`,
        markdown: false,
      };
    }
    case 'ready': {
      const e = s.documentError;
      if (e) {
        // dlm train stops before it builds a dataset: no rows to count, the failure instead
        return {
          text: `$(error) dlm:${where} document error`,
          tooltip: `**dlm dry run** (${corpus})\n\n$(error) \`dlm train\` stops ${STAGE_WORDS[e.stage]} (\`${e.kind}\`): ${escapeMarkdown(e.message)}\n\nClick to open the report.`,
          markdown: true,
        };
      }
      const t = s.totals!;
      const text = `${s.trainError ? '$(error)' : '$(database)'}${where} ${formatCount(t.rows)} rows → ${formatCount(t.expandedRows)} copies`;
      const tooltip = (s.trainError ? `$(error) \`dlm train\` would stop: ${s.trainError}\n\n` : '') +
        `**${formatCount(t.rows)} rows → ${formatCount(t.expandedRows)} copies** (${corpus})\n\n` +
        `${formatCount(t.files)} files · ${formatCount(t.valRows)} validation · ${formatCount(t.droppedRows)} dropped\n\nClick to open the report.`;
      return { text, tooltip, markdown: true };
    }
    default:
      return { text: `$(warning) dlm:${where} not indexed`, tooltip: s.message ?? 'The corpus could not be indexed', markdown: false };
  }
}
