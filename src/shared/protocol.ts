// The custom part of the protocol between the dlm-weights language server and
// its clients (the VS Code extension, tests, any editor that wants the report):
// one typed message object per method, with its params and result types. Both
// the server and the client import it, so `sendRequest(DryRunRequest, params)`
// and `onRequest(DryRunRequest, handler)` are typed end to end and no method
// name is written anywhere else. The report webview never imports this module
// (it would bundle vscode-jsonrpc): it talks to the extension through
// ./view/messages.ts.
//
// Requests (client → server). Every URI a request names must be a file: URI
// inside the workspace folders (symlinks resolved) or a folder's live corpus
// document; anything else is answered with InvalidParams.
//
//   dlm/dryRun         DryRunRequest: DryRunParams → DryRunResult
//       The dry-run report of a corpus. `documentUri` of a `.dlm` document runs
//       that document; `documentUri` of a `.dlm/training.yaml` (or no
//       documentUri) runs the live corpus of the folder holding it (or of
//       `folderUri`, or of the only folder); `documentUri` of a directory runs
//       directory mode on it (`dry-run --directory <dir>`; the live index when it is the
//       folder's live corpus). The live corpus reflects unsaved
//       editor text of training.yaml / ignore files, like the diagnostics do.
//       `seed` (a decimal integer) overrides training.seed / the setting.
//       Reports `$/progress` on `workDoneToken` (file counts) and honours
//       `$/cancelRequest` (the engine is aborted; the reply is the LSP
//       RequestCancelled error).
//
//   dlm/corpora        CorporaRequest: CorporaParams → CorporaResult
//       Candidate corpora per workspace folder: directory mode on the folder,
//       plus every `.dlm` document in it whose frontmatter has
//       `training.sources`, and which one drives the live index.
//
//   dlm/selectCorpus   SelectCorpusRequest: SelectCorpusParams → null
//       Make a `.dlm` document (or directory mode, with `documentUri: null`)
//       drive the folder's live index. The `dlmWeights.corpusDocument` setting,
//       when set, still wins. The VS Code client sends the choice it remembers
//       per workspace on start (also accepted in initializationOptions: see
//       DlmInitializationOptions).
//
//   dlm/subscribeReport  SubscribeReportRequest: SubscribeReportParams → null
//       While enabled, the server sends `dlm/reportChanged` for that folder
//       after every recompute of its live index (and once right away when a
//       report is available). `patches: true` lets the server send patches
//       (below) instead of full reports. Every `enabled: true` request starts
//       over: the next report sent for the folder is a full one, so a client
//       that cannot apply a patch simply subscribes again.
//
//   dlm/insights       InsightsRequest: InsightsParams → InsightsResult
//       The second pass over the run DryRunParams name: the training mix
//       (characters and tokens re-read from the files, counted in a worker
//       thread, cached by section id across recomputes) and "since last
//       training" (the document's dlm store, DLM_HOME). `tokenizer` points at
//       a tokenizer.json; without it the base model's from the local Hugging
//       Face cache, else estimates (labelled). With a `partialResultToken`
//       the mix so far is sent as `$/progress` values (InsightsPartialResult),
//       each a whole InsightsResult (`mix.counting` set) that replaces the
//       last, not a part to append. Cancellable; reports work-done progress.
//
//   dlm/suggestWeights SuggestWeightsRequest: SuggestWeightsParams → SuggestWeightsResult
//       Weights for one tag key's values that reach target shares of the
//       expanded rows (or tokens) at the run's seed, the predicted mix, why
//       targets cannot be reached, and the edit of the config that wins the
//       merge as LSP TextEdits (computed on the editor's unsaved text when
//       the file is open). Nothing is written: the client applies the edit.
//   dlm/explain        ExplainRequest: ExplainParams → ExplainAnswer
//       "Why this number?" from the folder's current snapshot, computed when
//       asked: a row's weight factors (each linked to the config line of the
//       applied value), copies, roll and split; the skipped files grouped by
//       the rule that decided them; the configs dlm ignores with their first
//       problem and line. `seed` and `corpusPath` name the report the asker
//       shows: when the folder's current report is another one (another seed
//       or corpus, or the row at `row` is not that origin / section id any
//       more), the answer is `unavailable` with a reason, never a wrong number.
//
// Notifications (server → client)
//
//   dlm/reportChanged  ReportChangedNotification: ReportChangedParams
//       (to subscribed folders only).
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
//                   { weights: (number|null)[]; weightAt: number[];
//                     copies: number[]; valCopies: number[] }
//                   row i's weight is weights[weightAt[i]] (the distinct
//                   weights, null: non-finite, as in the contract JSON);
//                   or only the rows that changed: with `at: number[]`
//                   (ascending row positions) the other arrays are parallel
//                   to `at`, and every row not listed keeps its numbers
//       and the new report is headJson with rows = the base's rows carrying
//       these numbers (src/report/reportPatch.ts applyReportPatch). A client
//       whose last report for the folder is not `baseSeq` (or whose row count
//       differs) drops its state and subscribes again to get a full report.
//       Resolution changes (include / exclude / metadata / ignore edits, file
//       changes, another corpus) always come as full reports.
//       Or `kind: 'stale'` (after a first report): an open config's unsaved
//       text does not load (half-typed YAML), so the recompute is not sent as
//       the new truth; `path` / `line` / `message` say which file and why. The
//       client keeps its last report; seq does not advance. Saved text, even
//       broken, is always reported (it is what dlm train reads).
//
//   dlm/indexStatus    IndexStatusNotification: IndexStatusParams
//       After every state change of a folder's live index: 'indexing' →
//       'ready' (with totals) or 'error' / 'tooLarge'; 'idle' while the
//       folder holds no `.dlm` folder or `.dlm` document (nothing is indexed
//       until one appears). While 'indexing', `message` carries the build's
//       progress ("listing: 1200 files", "reading 300/5000 files"), sent a
//       few times a second at most. `watch` says who reports changes on disk:
//       'client' (the client's file watching), 'server' (the server's own
//       watcher, for clients that cannot watch) or 'none'. Cheap; drives the
//       status bar and `whenIndexed()`.
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
//
// Initialization options (InitializeParams.initializationOptions): see
// DlmInitializationOptions below.
import {
  NotificationType, ProgressType, RequestType, type PartialResultParams, type ProgressToken, type TextEdit, type WorkDoneProgressParams,
} from 'vscode-languageserver-protocol';
import type { DocumentError, ReportDetailsJson, RowNumbers, Totals, TrainError } from './reportModel';
import type { MixVM, SinceVM } from './view/insightsTypes';
import type { ExplainAnswer, ExplainTarget } from './explain';

export type { ReportDetailsJson } from './reportModel';

// ------------------------------------------------------------ requests (client → server)

export interface DryRunParams extends WorkDoneProgressParams {
  folderUri?: string;
  documentUri?: string;
  /** A decimal integer overriding training.seed / the setting. */
  seed?: string;
  workDoneToken?: ProgressToken;
  /**
   * The client holds the live report a dry run answered with this liveKey:
   * when the run is still that report, the answer leaves its JSON out
   * (DryRunResult.known).
   */
  knownKey?: string;
  /** The client reads the report as columns (DryRunResult.reportColumns) rather than as contract JSON. */
  columns?: boolean;
}

/**
 * A report as columns, for clients that ask (`columns`): `headJson` is the
 * contract JSON with `"rows": []`; row i is (sectionId[i], origin[i],
 * tagSets[tags[i]] as an ordered map, weight[i] (null: not finite),
 * copies[i], valCopies[i]). Written back as contract JSON it is byte for
 * byte the report's.
 */
export interface ReportColumns {
  headJson: string;
  sectionId: string[];
  origin: string[];
  tagSets: Array<Array<[string, string]>>;
  tags: number[];
  weight: Array<number | null>;
  copies: number[];
  valCopies: number[];
}

export interface DryRunResult {
  /**
   * The contract JSON of docs/spec/dry-run-json.md (parse with parseReportJson
   * to keep key order); '' when `known`.
   */
  reportJson: string;
  /** The report is the one the client named in DryRunParams.knownKey (= liveKey): its JSON is not sent again. */
  known?: true;
  /** The report as columns when the client asked for them (DryRunParams.columns); reportJson is then ''. */
  reportColumns?: ReportColumns;
  details: ReportDetailsJson;
  /** Which corpus was run. */
  corpus: CorpusRef;
  /**
   * Set when the report is the folder's live report (not a one-off run): names
   * it for SubscribeReportParams.knownKey, so that subscribing right after the
   * dry run does not send the same report again.
   */
  liveKey?: string;
}

export const DryRunRequest = new RequestType<DryRunParams, DryRunResult, void>('dlm/dryRun');

export interface InsightsParams extends DryRunParams, PartialResultParams {
  /** A tokenizer.json to count tokens with (the `dlmWeights.tokenizer` setting). */
  tokenizer?: string;
}

export interface InsightsResult {
  /** null when dlm train stops before training (a documentError): nothing to measure. */
  mix: MixVM | null;
  /** null without a store to compare with (directory mode, no dlm_id, no manifest). */
  since: SinceVM | null;
  corpus: CorpusRef;
}

export const InsightsRequest = new RequestType<InsightsParams, InsightsResult, void>('dlm/insights');
/** The `$/progress` values sent on an InsightsParams.partialResultToken. */
export const InsightsPartialResult = new ProgressType<InsightsResult>();

export interface SuggestWeightsParams extends DryRunParams {
  key: string;
  /** Target shares (0..1) per value of `key`. */
  targets: Array<{ value: string; share: number }>;
  /** Shares of expanded rows (default) or of tokens. */
  by?: 'rows' | 'tokens';
  tokenizer?: string;
}

export interface SuggestedMixLine {
  /** null: the rows without the key. */
  value: string | null;
  targeted: boolean;
  rows: number;
  shareBefore: number;
  share: number;
  target: number | null;
}

export interface SuggestWeightsResult {
  key: string;
  by: 'rows' | 'tokens';
  /** Token counts are estimates (no tokenizer). */
  estimated: boolean;
  tokenSource: string | null;
  seed: string;
  reachable: boolean;
  /** Proposed weight per targeted value. */
  weights: Array<{ value: string; weight: number }>;
  /** The weights the edit writes, with what applies today. */
  changes: Array<{ value: string; weight: number; today: number | null; setBy: string | null }>;
  mix: SuggestedMixLine[];
  unreachable: Array<{ value: string | null; reason: string; message: string }>;
  /** The config whose entries win the merge (what the edit changes). */
  writeTo: { uri: string; path: string } | null;
  edit: { uri: string; edits: TextEdit[] } | null;
  editError: string | null;
  /** dlm train fails before any weight applies (a documentError): the problems, and nothing else is meaningful. */
  trainFails: string[];
}

export const SuggestWeightsRequest = new RequestType<SuggestWeightsParams, SuggestWeightsResult, void>('dlm/suggestWeights');

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
  /**
   * Why `active` was chosen: the `dlmWeights.corpusDocument` setting, the
   * client's choice (dlm/selectCorpus), else as `dlm train FOLDER` chooses:
   * FOLDER/.dlm/corpus.dlm ('corpus-document'), the only FOLDER/.dlm/*.dlm
   * ('only-document'), none there: directory mode ('default'); several and
   * none named corpus.dlm ('ambiguous': dlm refuses, so the folder's state is
   * 'error' until one is chosen).
   */
  activeReason: 'setting' | 'selected' | 'corpus-document' | 'only-document' | 'default' | 'ambiguous';
  candidates: CorpusCandidate[];
}

export interface CorporaParams {
  folderUri?: string;
}
export interface CorporaResult {
  folders: FolderCorpora[];
}

export const CorporaRequest = new RequestType<CorporaParams, CorporaResult, void>('dlm/corpora');

export interface SelectCorpusParams {
  folderUri: string;
  /** A `.dlm` document, or null for directory mode on the folder. */
  documentUri: string | null;
}

export const SelectCorpusRequest = new RequestType<SelectCorpusParams, null, void>('dlm/selectCorpus');

export interface SubscribeReportParams {
  folderUri: string;
  enabled: boolean;
  /** The client applies `kind: 'patch'` reports (default false: full reports only). */
  patches?: boolean;
  /**
   * The client holds the live report a dry run answered with this liveKey
   * (needs `patches`): when it is still the folder's live report, the server
   * answers with a `kind: 'known'` notification instead of the whole report.
   */
  knownKey?: string;
  /** Full reports come as columns (ReportChangedFull.reportColumns, reportJson ''). */
  columns?: boolean;
}

export const SubscribeReportRequest = new RequestType<SubscribeReportParams, null, void>('dlm/subscribeReport');

export type { ExplainAnswer, ExplainTarget } from './explain';

export interface ExplainParams {
  folderUri: string;
  /** The corpus of the report being explained (CorpusRef.path); absent: the folder's current one. */
  corpusPath?: string;
  /** The report's seed (decimal); absent: the current one. */
  seed?: string;
  target: ExplainTarget;
}

export const ExplainRequest = new RequestType<ExplainParams, ExplainAnswer, void>('dlm/explain');

// ------------------------------------------------------------ notifications (server → client)

/** A whole report: sent first, on resolution changes, and to clients without patch support. */
export interface ReportChangedFull {
  kind: 'full';
  folderUri: string;
  corpus: CorpusRef;
  /** Increases by one with every report sent to this client for this folder. */
  seq: number;
  /** '' when the report comes as `reportColumns` (SubscribeReportParams.columns). */
  reportJson: string;
  reportColumns?: ReportColumns;
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
  /** Parallel to the base report's rows, or to `rows.at` (the rows that changed). */
  rows: RowNumbers;
}

/**
 * A recompute the server does not send as the new truth: an edited config's
 * unsaved text does not load (half-typed YAML). The client keeps the last
 * report it holds (seq does not advance) and may say why.
 */
export interface ReportChangedStale {
  kind: 'stale';
  folderUri: string;
  corpus: CorpusRef;
  /** Absolute path of the config that does not load. */
  path: string;
  /** 0-based line of its first error. */
  line: number;
  message: string;
}

/**
 * The live report is the one the client holds under `key` (the liveKey of a
 * dry run it named in SubscribeReportParams.knownKey): sent instead of that
 * report in full; patches follow from `seq`.
 */
export interface ReportChangedKnown {
  kind: 'known';
  folderUri: string;
  corpus: CorpusRef;
  seq: number;
  key: string;
}

export type ReportChangedParams = ReportChangedFull | ReportChangedPatch | ReportChangedStale | ReportChangedKnown;

export const ReportChangedNotification = new NotificationType<ReportChangedParams>('dlm/reportChanged');

export type IndexState = 'idle' | 'indexing' | 'ready' | 'error' | 'tooLarge';

/** Who reports file changes on disk to the server. */
export type WatchMode = 'client' | 'server' | 'none';

/** The report's totals plus the number of files read (over every source). */
export type IndexTotals = Totals & { files: number };

export interface IndexStatusParams {
  folderUri: string;
  state: IndexState;
  corpus: CorpusRef;
  message?: string;
  /** Present when state is 'ready'. */
  totals?: IndexTotals;
  trainError?: TrainError | null;
  /** When state is 'ready': what stops dlm train before it builds a dataset (the report's documentError; its totals are then placeholders). */
  documentError?: DocumentError | null;
  /** Who reports file changes on disk (see the header). */
  watch?: WatchMode;
}

export const IndexStatusNotification = new NotificationType<IndexStatusParams>('dlm/indexStatus');

// ------------------------------------------------------------ initialization and settings

/** `initializationOptions` the server understands (every field optional). */
export interface DlmInitializationOptions {
  /** false: the client watches files on its own and needs no registration (otherwise a client with dynamic registration is asked for narrow globs). */
  watchFiles?: boolean;
  /** Corpus choices remembered by the client, folder URI → `.dlm` document URI (null: directory mode). */
  selectedCorpora?: Record<string, string | null>;
  /** Initial settings: `{ dlmWeights: {...} }` (also accepted as `dlmWeights` at the top level); see the header. */
  settings?: unknown;
}

/** Settings under `dlmWeights`. */
export interface DlmSettings {
  seed?: string;
  corpusDocument?: string;
  maxFiles: number;
}

export const DEFAULT_MAX_FILES = 200_000;
