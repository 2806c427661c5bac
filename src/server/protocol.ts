// The custom part of the protocol between the dlm-weights language server and
// its clients (the VS Code extension, tests, any editor that wants the report).
// Types only and method names: both the server and the client bundle import it.
//
// Requests (client → server)
//
//   dlm/dryRun         DryRunParams → DryRunResult
//       The dry-run report of a corpus. `documentUri` of a `.dlm` document runs
//       that document; `documentUri` of a `.dlm/training.yaml` (or no
//       documentUri) runs the live corpus of the folder holding it (or of
//       `folderUri`, or of the only folder). The live corpus reflects unsaved
//       editor text of training.yaml / ignore files, like the diagnostics do.
//       `seed` (a decimal integer) overrides training.seed / the setting.
//       Reports `$/progress` on `workDoneToken` (file counts) and honours
//       `$/cancelRequest` (the engine is aborted; the reply is the LSP
//       RequestCancelled error).
//
//   dlm/corpora        CorporaParams → CorporaResult
//       Candidate corpora per workspace folder: directory mode on the folder,
//       plus every `.dlm` document in it whose frontmatter has
//       `training.sources`, and which one drives the live index.
//
//   dlm/selectCorpus   SelectCorpusParams → null
//       Make a `.dlm` document (or directory mode, with `documentUri: null`)
//       drive the folder's live index. The `dlmWeights.corpusDocument` setting,
//       when set, still wins. The VS Code client sends the choice it remembers
//       per workspace on start (also accepted in initializationOptions as
//       `{ selectedCorpora: { [folderUri]: documentUri | null } }`).
//
//   dlm/subscribeReport  SubscribeReportParams → null
//       While enabled, the server sends `dlm/reportChanged` for that folder
//       after every recompute of its live index (and once right away when a
//       report is available). `patches: true` lets the server send patches
//       (below) instead of full reports. Every `enabled: true` request starts
//       over: the next report sent for the folder is a full one, so a client
//       that cannot apply a patch simply subscribes again.
//
// Notifications (server → client)
//
//   dlm/reportChanged  ReportChangedParams   (subscribed folders only)
//       Either `kind: 'full'`: the whole contract JSON plus details, or (only
//       to clients that subscribed with `patches: true`) `kind: 'patch'`: what
//       changed against the last report sent to this client for this folder.
//       Every report for a folder has a `seq` one higher than the one before
//       it; a patch's `baseSeq` is the seq it applies to. The server sends a
//       patch only while the corpus' resolution is unchanged (only weights
//       changed: the rows are the same, in the same order, with the same
//       sectionId / origin / tags, and details are unchanged), so a patch is
//         headJson  the contract JSON with `"rows": []` (everything but rows)
//         rows      the rows' new numbers, parallel to the base report's rows:
//                   { weight: (number|null)[]; copies: number[]; valCopies: number[] }
//                   (null: a non-finite weight, as in the contract JSON)
//       and the new report is headJson with rows = the base's rows carrying
//       these numbers (src/report/reportPatch.ts applyReportPatch). A client
//       whose last report for the folder is not `baseSeq` (or whose row count
//       differs) drops its state and subscribes again to get a full report.
//       Resolution changes (include / exclude / metadata / ignore edits, file
//       changes, another corpus) always come as full reports.
//   dlm/indexStatus    IndexStatusParams     after every state change of a
//       folder's live index: 'indexing' → 'ready' (with totals) or 'error' /
//       'tooLarge'; 'idle' while the folder holds no `.dlm` folder or `.dlm`
//       document (nothing is indexed until one appears). `watch` says who
//       reports changes on disk: 'client' (the client's file watching),
//       'server' (the server's own watcher, for clients that cannot watch) or
//       'none'. Cheap; drives the status bar and `whenIndexed()`.
//
// Settings (section `dlmWeights`): pulled per folder with workspace/configuration
// when the client answers it; else taken from workspace/didChangeConfiguration
// pushes whose `settings` hold `{ dlmWeights: {...} }` (a push applies to every
// folder), and from initializationOptions `{ settings: { dlmWeights: {...} } }`
// (or `{ dlmWeights: {...} }`) until the first push.
//   seed?: string            decimal integer overriding training.seed
//   corpusDocument?: string  `.dlm` document driving the folder's corpus
//                            (relative to the folder, or absolute)
//   maxFiles: number         index limit (default 200000)
//   trace.server             handled by the client library
import type { ProgressToken } from 'vscode-languageserver-protocol';

export const DryRunRequestMethod = 'dlm/dryRun';
export const CorporaRequestMethod = 'dlm/corpora';
export const SelectCorpusRequestMethod = 'dlm/selectCorpus';
export const SubscribeReportRequestMethod = 'dlm/subscribeReport';
export const ReportChangedNotificationMethod = 'dlm/reportChanged';
export const IndexStatusNotificationMethod = 'dlm/indexStatus';

export interface DryRunParams {
  folderUri?: string;
  documentUri?: string;
  seed?: string;
  workDoneToken?: ProgressToken;
}

/** Engine ReportDetails as plain JSON, plus the directory report paths are relative to. */
export interface ReportDetailsJson {
  /** Absolute directory that row origins, anchors and skipped paths are relative to. */
  root: string;
  skippedFiles: Array<{ source: string; path: string; reason: string }>;
  unreadableFiles: Array<{ path: string; error: string }>;
  /** Parallel to report.rows: directive index (-1: document body) and file / section index. */
  rowSources: Array<{ directive: number; index: number }>;
  /** Problems that stop dlm train before training (document mode). */
  fatal: string[];
}

export interface DryRunResult {
  /** The contract JSON of shared/spec/dry-run-json.md (parse with parseReportJson to keep key order). */
  reportJson: string;
  details: ReportDetailsJson;
  /** Which corpus was run. */
  corpus: CorpusRef;
}

export type CorpusRef =
  | { kind: 'directory'; folderUri: string; path: string }
  | { kind: 'document'; folderUri: string; path: string; uri: string };

export interface CorpusCandidate {
  kind: 'directory' | 'document';
  /** Absolute path: the folder (directory mode) or the `.dlm` document. */
  path: string;
  uri: string;
  /** Path relative to the folder, for display ('.' for the folder itself). */
  label: string;
  /** Number of `training.sources` entries (documents only). */
  sources?: number;
}

export interface FolderCorpora {
  folderUri: string;
  name: string;
  active: CorpusRef;
  /** Why `active` was chosen. */
  activeReason: 'setting' | 'selected' | 'only-document' | 'default';
  candidates: CorpusCandidate[];
}

export interface CorporaParams {
  folderUri?: string;
}
export interface CorporaResult {
  folders: FolderCorpora[];
}

export interface SelectCorpusParams {
  folderUri: string;
  /** A `.dlm` document, or null for directory mode on the folder. */
  documentUri: string | null;
}

export interface SubscribeReportParams {
  folderUri: string;
  enabled: boolean;
  /** The client applies `kind: 'patch'` reports (default false: full reports only). */
  patches?: boolean;
}

/** A whole report: sent first, on resolution changes, and to clients without patch support. */
export interface ReportChangedFull {
  kind: 'full';
  folderUri: string;
  corpus: CorpusRef;
  /** Increases by one with every report sent to this client for this folder. */
  seq: number;
  reportJson: string;
  details: ReportDetailsJson;
}

/** Only weights changed since report `baseSeq`: the new head and the rows' new numbers (see the header). */
export interface ReportChangedPatch {
  kind: 'patch';
  folderUri: string;
  corpus: CorpusRef;
  seq: number;
  baseSeq: number;
  /** The contract JSON with `"rows": []`. */
  headJson: string;
  /** Parallel to the base report's rows. */
  rows: { weight: Array<number | null>; copies: number[]; valCopies: number[] };
}

export type ReportChangedParams = ReportChangedFull | ReportChangedPatch;

export type IndexState = 'idle' | 'indexing' | 'ready' | 'error' | 'tooLarge';

/** Who reports file changes on disk to the server. */
export type WatchMode = 'client' | 'server' | 'none';

export interface IndexStatusParams {
  folderUri: string;
  state: IndexState;
  corpus: CorpusRef;
  message?: string;
  /** Present when state is 'ready'. */
  totals?: { files: number; rows: number; expandedRows: number; droppedRows: number; valRows: number; leakedRows: number };
  trainError?: string | null;
  /** Who reports file changes on disk (see the header). */
  watch?: WatchMode;
}

/** Settings under `dlmWeights`. */
export interface DlmSettings {
  seed?: string;
  corpusDocument?: string;
  maxFiles: number;
}

export const DEFAULT_MAX_FILES = 200_000;
