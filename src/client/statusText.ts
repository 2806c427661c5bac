// The status bar item's words for a folder's index state. No `vscode` import:
// unit-tested in plain Node.
import type { IndexStatusParams } from '../shared/protocol';

const formatCount = (n: number): string => n.toLocaleString('en-US');

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
