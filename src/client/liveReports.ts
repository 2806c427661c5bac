// The client side of dlm/reportChanged (see ../shared/protocol.ts): the last
// live report per folder, kept current from full reports and patches. No
// `vscode` import: the protocol tests and the bench use it in plain Node.
import { parseReportJson, reportToJson } from '../report/contractJson';
import { reportFromColumns } from '../report/reportColumns';
import { applyReportPatch } from '../report/reportPatch';
import type { CorpusRef, ReportChangedParams } from '../shared/protocol';
import type { DryRunReport, ReportDetailsJson } from '../shared/reportModel';

/**
 * A report held by the client, with its contract JSON: the JSON received, or
 * written from the report on first use (a patched report has none until
 * something asks, e.g. an export or the tests' lastReportJson()).
 */
export class HeldReport {
  private text: string | undefined;

  constructor(readonly report: DryRunReport, json?: string) {
    this.text = json;
  }

  static fromJson(json: string): HeldReport {
    return new HeldReport(parseReportJson(json), json);
  }

  /** The contract JSON (written once, then cached). */
  get json(): string {
    return (this.text ??= reportToJson(this.report));
  }

  /** The JSON if it is at hand, without writing it. */
  get knownJson(): string | undefined {
    return this.text;
  }
}

export interface LiveReport {
  folderUri: string;
  corpus: CorpusRef;
  seq: number;
  held: HeldReport;
  details: ReportDetailsJson;
  /** Whether it came as a patch of the previous live report. */
  patched: boolean;
}

export type LiveOutcome =
  | { kind: 'report'; live: LiveReport }
  /** A patch that does not fit what the client holds: subscribe again for a full report. */
  | { kind: 'resync'; folderUri: string; reason: string }
  /** The server kept the last report: an edited config does not load (see ReportChangedStale). */
  | { kind: 'stale'; folderUri: string; path: string; line: number; message: string };

export class LiveReports {
  private readonly byFolder = new Map<string, LiveReport>();

  /**
   * @param known a report the client already holds with exactly this JSON
   *   (e.g. the dry run on screen), to reuse instead of parsing it again
   */
  constructor(
    private readonly known: (json: string) => HeldReport | undefined = () => undefined,
    /** The report (and its details) a dry run answered with this liveKey, if the client still holds it. */
    private readonly knownByKey: (key: string) => { held: HeldReport; details: ReportDetailsJson } | undefined = () => undefined,
  ) {}

  get(folderUri: string): LiveReport | undefined {
    return this.byFolder.get(folderUri);
  }

  forget(folderUri: string): void {
    this.byFolder.delete(folderUri);
  }

  receive(p: ReportChangedParams): LiveOutcome {
    if (p.kind === 'stale') return { kind: 'stale', folderUri: p.folderUri, path: p.path, line: p.line, message: p.message };
    if (p.kind === 'known') {
      // the server's live report is one the client already holds: nothing was sent again
      const held = this.knownByKey(p.key);
      if (!held) {
        this.byFolder.delete(p.folderUri);
        return { kind: 'resync', folderUri: p.folderUri, reason: `report ${p.key} is no longer held` };
      }
      const live: LiveReport = { folderUri: p.folderUri, corpus: p.corpus, seq: p.seq, held: held.held, details: held.details, patched: false };
      this.byFolder.set(p.folderUri, live);
      return { kind: 'report', live };
    }
    if (p.kind === 'patch') {
      const base = this.byFolder.get(p.folderUri);
      const fail = (reason: string): LiveOutcome => {
        this.byFolder.delete(p.folderUri);
        return { kind: 'resync', folderUri: p.folderUri, reason };
      };
      if (!base) return fail(`a patch of report ${p.baseSeq} but no report held`);
      if (base.seq !== p.baseSeq) return fail(`a patch of report ${p.baseSeq} but report ${base.seq} held`);
      if (base.corpus.path !== p.corpus.path) return fail('a patch for another corpus');
      let report: DryRunReport;
      try {
        report = applyReportPatch(base.held.report, p.headJson, p.rows);
      } catch (e) {
        return fail((e as Error)?.message ?? String(e));
      }
      const live: LiveReport = {
        folderUri: p.folderUri, corpus: p.corpus, seq: p.seq, held: new HeldReport(report), details: base.details, patched: true,
      };
      this.byFolder.set(p.folderUri, live);
      return { kind: 'report', live };
    }
    // a full report (servers without patches send no kind / seq), as columns when asked for
    const held = p.reportColumns ? new HeldReport(reportFromColumns(p.reportColumns)) : this.known(p.reportJson) ?? HeldReport.fromJson(p.reportJson);
    const live: LiveReport = {
      folderUri: p.folderUri, corpus: p.corpus, seq: typeof p.seq === 'number' ? p.seq : 0, held, details: p.details, patched: false,
    };
    this.byFolder.set(p.folderUri, live);
    return { kind: 'report', live };
  }
}
