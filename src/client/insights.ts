// The second pass for the report on screen: asks the server for the training
// mix and "since last training" (dlm/insights) and streams what it counts so
// far into the panel. One request at a time: a newer report, the reader's
// Stop button, or closing the panel cancels the one running.
import { randomUUID } from 'node:crypto';
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { CancellationTokenSource, LSPErrorCodes, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import { InsightsPartialResult, InsightsRequest, type InsightsParams } from '../shared/protocol';
import type { ReportPanel, ShownReport } from './reportPanel';

/** The `dlmWeights.tokenizer` setting of a folder, made absolute against it; undefined when empty. */
export function tokenizerSetting(folderUri: string): string | undefined {
  const folder = vscode.Uri.parse(folderUri);
  const raw = vscode.workspace.getConfiguration('dlmWeights', folder).get<string>('tokenizer')?.trim();
  if (!raw) return undefined;
  if (raw === '~' || raw.startsWith('~/')) return raw.replace('~', process.env.HOME ?? '~');
  return isAbsolute(raw) ? raw : vscode.Uri.joinPath(folder, raw).fsPath;
}

/** The run a shown report came from, as request params. */
export function paramsOf(r: ShownReport): InsightsParams {
  const base: InsightsParams = r.corpus.kind === 'document' ? { folderUri: r.folderUri, documentUri: r.corpus.uri } : { folderUri: r.folderUri };
  const seed = r.held.report.seed;
  return seed === null ? base : { ...base, seed: seed.toString() };
}

export class InsightsFetcher implements vscode.Disposable {
  private running: CancellationTokenSource | undefined;

  constructor(private readonly client: () => LanguageClient, private readonly panel: ReportPanel, private readonly log: (m: string) => void) {}

  /** Counts the mix of `r` (cancelling any count still running). */
  async fetch(r: ShownReport): Promise<void> {
    this.stop();
    const source = new CancellationTokenSource();
    this.running = source;
    const client = this.client();
    const partialResultToken = randomUUID();
    const params: InsightsParams = { ...paramsOf(r), partialResultToken };
    const tokenizer = tokenizerSetting(r.folderUri);
    if (tokenizer) params.tokenizer = tokenizer;
    const sub = client.onProgress(InsightsPartialResult, partialResultToken, (v) => {
      if (!source.token.isCancellationRequested) this.panel.setInsights(r, { mix: v.mix, since: v.since });
    });
    try {
      const result = await client.sendRequest(InsightsRequest, params, source.token);
      this.panel.setInsights(r, { mix: result.mix, since: result.since });
    } catch (e) {
      if (source.token.isCancellationRequested || (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled)) {
        // stopped: what was counted stays, no longer "counting"
        const shown = this.panel.insights;
        if (this.panel.current === r && shown?.mix?.counting) this.panel.setInsights(r, { ...shown, mix: { ...shown.mix, counting: null, tokenSource: `${shown.mix.tokenSource} (counting stopped: rows not counted show 0)` } });
        return;
      }
      this.log(`dlm: the training mix could not be counted: ${(e as Error)?.message ?? e}`);
    } finally {
      sub.dispose();
      if (this.running === source) this.running = undefined;
      source.dispose();
    }
  }

  stop(): void {
    this.running?.cancel();
    this.running = undefined;
  }

  dispose(): void {
    this.stop();
  }
}
