// One live corpus per workspace folder: which corpus (directory mode on the
// folder, or a `.dlm` document), its CorpusIndex, and the incremental updates
// that keep its report current. Index mutations run one at a time per folder;
// a newer change aborts an older recompute, never the initial build.
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { CorpusIndex, type FileRecord } from '../engine/corpus/corpusIndex';
import { CorpusError, documentLabelIn, planDirectory, planDocument, type CorpusPlan } from '../engine/corpus/directives';
import { listTree, type TreeListing } from '../engine/corpus/tree';
import { describeTrainTarget, resolveTrainTarget } from '../engine/corpus/trainTarget';
import { isAbortError as isAbort } from '../engine/problems';
import type { CorpusCandidate, CorpusRef, DlmSettings, FolderCorpora, IndexState } from '../shared/protocol';
import type { DryRunReport, ReportDetails } from '../shared/reportModel';
import { Snapshot } from './features/snapshot';
import { traceHop } from './hopTrace';
import { abortError, untilAborted } from './untilAborted';
import { parseSeedSetting } from './settings';
import { pathToUri, uriToPath } from './features/uri';


export interface ProgressSink {
  report(message: string, percentage?: number): void;
  done(): void;
}

/** What a folder needs from the server around it. */
export interface FolderHost {
  /** Unsaved text of open training.yaml / ignore documents, by absolute path. */
  texts(): ReadonlyMap<string, string>;
  log(message: string): void;
  /** A progress reporter for the initial build (window/workDoneProgress). */
  beginProgress(title: string): Promise<ProgressSink>;
  /** Called after each new snapshot. */
  onSnapshot(folder: FolderCorpus, reason: 'build' | 'update'): void;
  /** Called whenever `state` changes. */
  onState(folder: FolderCorpus): void;
  /** The build's progress (file counts), for a client's indexing indicator. */
  onProgress?(folder: FolderCorpus, message: string): void;
}

class TooLarge extends Error {}


/** `path` is `dir` or lies inside it (absolute paths). */
export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** `.dlm` document: a file named `.dlm` or `*.dlm`. */
export function isDlmDocumentPath(p: string): boolean {
  return basename(p).endsWith('.dlm');
}

/** Does a path name a `.dlm` folder, a file inside one, or a `.dlm` document? (No disk access.) */
export function isCorpusMarkerPath(p: string): boolean {
  return basename(p).endsWith('.dlm') || p.split(/[\\/]/).includes('.dlm');
}

/**
 * Is there a `.dlm` folder or a `.dlm` document anywhere under `root`?
 * Breadth first, stopping at the first one (usually near the top); never
 * enters symlinked folders (as dlm's walk). Only names are read.
 */
export async function hasCorpusMarker(root: string, signal?: AbortSignal): Promise<boolean> {
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    signal?.throwIfAborted();
    let entries;
    try {
      entries = await readdir(queue[i]!, { withFileTypes: true });
    } catch {
      continue; // unreadable: dlm's walk cannot see inside either
    }
    for (const e of entries) {
      if (e.name === '.dlm') return true;
      if (e.isDirectory()) queue.push(join(queue[i]!, e.name));
      else if (e.name.endsWith('.dlm') && (e.isFile() || (e.isSymbolicLink() && isFile(join(queue[i]!, e.name))))) return true;
    }
    queue[i] = ''; // let the visited path go
  }
  return false;
}

/** The anchor directory of a `.dlm/training.yaml`, `.dlm/training.yml` or `.dlm/ignore`, else null. */
export function anchorOfConfigFile(p: string): string | null {
  const name = basename(p);
  if (name !== 'training.yaml' && name !== 'ignore' && name !== 'training.yml') return null;
  const dlmDir = dirname(p);
  return basename(dlmDir) === '.dlm' ? dirname(dlmDir) : null;
}

/** `.dlm` documents under a folder whose frontmatter has `training.sources`. */
export async function findCorpusDocuments(folder: string, opts: { signal?: AbortSignal; maxFiles?: number; onListing?: (l: TreeListing) => void } = {}): Promise<CorpusCandidate[]> {
  const listing = await listTree(folder, {
    signal: opts.signal,
    onDirectory: (n) => { if (opts.maxFiles !== undefined && n > opts.maxFiles) throw new TooLarge(`more than ${opts.maxFiles} files`); },
  });
  // (onDirectory counts only the files listed before each directory: check the total too)
  if (opts.maxFiles !== undefined && listing.files.length > opts.maxFiles) throw new TooLarge(`more than ${opts.maxFiles} files`);
  opts.onListing?.(listing);
  const out: CorpusCandidate[] = [];
  for (const rel of listing.files) {
    if (!isDlmDocumentPath(rel)) continue;
    const abs = join(folder, rel);
    try {
      const plan = await planDocument(abs);
      const count = plan.sourceEntries;
      if (count > 0) out.push({ kind: 'document', path: abs, uri: pathToUri(abs), label: rel, sources: count });
    } catch {
      /* unreadable: not a candidate */
    }
  }
  return out;
}

export class FolderCorpus {
  readonly path: string;
  /** 'idle' until a `.dlm` folder or document is known to exist (see start()). */
  state: IndexState = 'idle';
  stateMessage: string | undefined;
  snapshot: Snapshot | null = null;
  corpus: CorpusRef;
  activeReason: FolderCorpora['activeReason'] = 'default';
  /** Chosen by the client (dlm/selectCorpus): an absolute `.dlm` path, null = directory mode, undefined = no choice. */
  selected: string | null | undefined;
  private candidates: CorpusCandidate[] | null = null;
  private plan: CorpusPlan | null = null;
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private pending = { anchors: new Set<string>(), files: new Set<string>(), rebuild: false, replan: false };
  private timer: NodeJS.Timeout | undefined;
  private refreshAbort: AbortController | null = null;
  private buildAbort: AbortController | null = null;
  private readyWaiters: Array<() => void> = [];
  private disposed = false;
  /** No `.dlm` folder or document found yet: nothing is indexed, changes are ignored until wake(). */
  private dormant = true;
  private probeAbort: AbortController | null = null;
  private probing = false;
  private probeTimer: NodeJS.Timeout | undefined;
  private progressListeners = new Set<(message: string, percentage?: number) => void>();
  /** Recomputes queued or running. */
  private running = 0;

  constructor(readonly uri: string, readonly name: string, public settings: DlmSettings, private readonly host: FolderHost) {
    this.path = uriToPath(uri) ?? uri;
    this.corpus = { kind: 'directory', folderUri: uri, path: this.path };
  }

  get seedOverride(): bigint | undefined {
    return parseSeedSetting(this.settings.seed);
  }

  /** The plan of the live corpus (null before the first build). */
  get currentPlan(): CorpusPlan | null {
    return this.plan;
  }

  /** Follow the build's progress (file counts); returns the unsubscribe function. */
  onBuildProgress(fn: (message: string, percentage?: number) => void): () => void {
    this.progressListeners.add(fn);
    return () => this.progressListeners.delete(fn);
  }

  /** Resolves when a snapshot is available (or the index gave up). */
  whenSettled(): Promise<void> {
    if (this.dormant ? !this.probing : this.state !== 'indexing' && this.pendingEmpty()) return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  private pendingEmpty(): boolean {
    const p = this.pending;
    return !p.rebuild && !p.replan && p.anchors.size === 0 && p.files.size === 0 && this.timer === undefined && this.running === 0;
  }

  /** Does a change at `abs` concern this folder's corpus? */
  concerns(abs: string): boolean {
    if (isUnder(abs, this.path)) return true;
    return this.plan?.directives.some((d) => isUnder(abs, d.abs)) ?? false;
  }

  /** Is `abs` inside one of the corpus's directive roots? */
  inCorpus(abs: string): boolean {
    if (!this.plan) return isUnder(abs, this.path);
    return this.plan.directives.some((d) => isUnder(abs, d.abs));
  }

  /**
   * Starts indexing once the folder holds a `.dlm` folder or a `.dlm` document
   * (a YAML file in an unrelated repository must not start a walk and a read
   * of the whole tree); until then the folder is 'idle' and waits for wake().
   */
  start(): void {
    void this.probe();
  }

  /** Is the folder waiting for a `.dlm` folder or document to appear? */
  get isDormant(): boolean {
    return this.dormant;
  }

  /** A `.dlm` folder or document appeared under the folder: start indexing (no-op once started). */
  wake(): void {
    if (!this.dormant || this.disposed) return;
    this.dormant = false;
    this.probeAbort?.abort();
    clearTimeout(this.probeTimer);
    this.markReplan();
  }

  /** Something appeared that may hold a `.dlm` (a folder moved in, lost events): look again, debounced. */
  probeAgain(delay = 300): void {
    if (!this.dormant || this.disposed) return;
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => void this.probe(), delay);
  }

  private async probe(): Promise<void> {
    this.probeAbort?.abort();
    const ac = new AbortController();
    this.probeAbort = ac;
    let found: boolean;
    this.probing = true;
    try {
      found = await hasCorpusMarker(this.path, ac.signal);
    } catch {
      return; // aborted: woken or disposed meanwhile
    } finally {
      if (this.probeAbort === ac) this.probing = false;
    }
    if (ac.signal.aborted || !this.dormant || this.disposed) return;
    if (found) {
      this.wake();
    } else {
      this.host.log(`dlm: ${this.name} holds no .dlm folder or .dlm document: not indexing it until one appears`);
      this.setState('idle', `No .dlm folder or .dlm document in ${this.name}: nothing to index yet.`);
      for (const w of this.readyWaiters.splice(0)) w();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.candidateSearch?.abort.abort();
    this.probeAbort?.abort();
    clearTimeout(this.probeTimer);
    clearTimeout(this.timer);
    this.refreshAbort?.abort();
    this.buildAbort?.abort();
    for (const w of this.readyWaiters.splice(0)) w();
  }

  // ------------------------------------------------------------ change intake

  /** A training.yaml / ignore changed (on disk or in the editor). */
  markAnchor(anchorAbs: string, delay = 0): void {
    if (this.dormant) return;
    this.pending.anchors.add(anchorAbs);
    this.schedule(delay);
  }
  /** A corpus file's content changed on disk. */
  markFile(abs: string, delay = 0): void {
    if (this.dormant) return;
    this.pending.files.add(abs);
    this.schedule(delay);
  }
  /** Files were created or deleted: the listing must be rebuilt. */
  markRebuild(delay = 300): void {
    if (this.dormant) return;
    this.pending.rebuild = true;
    this.buildAbort?.abort();
    this.schedule(delay);
  }
  /** The choice of corpus (or its plan: a `.dlm` document's sources, the seed) may have changed. */
  markReplan(delay = 0): void {
    if (this.dormant) return;
    this.pending.replan = true;
    this.buildAbort?.abort();
    this.schedule(delay);
  }
  /** `.dlm` documents were added, removed or edited: forget the candidate list. */
  forgetCandidates(): void {
    this.candidates = null;
    this.candidateSearch?.abort.abort();
    this.candidateSearch = null;
  }

  private schedule(delay: number): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.refreshAbort?.abort(); // a newer change cancels the older recompute
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const ac = new AbortController();
      this.refreshAbort = ac;
      this.running++;
      this.queue = this.queue
        .then(() => this.runOnce(ac.signal))
        .catch((e) => this.host.log(`dlm: ${(e as Error)?.stack ?? e}`))
        .finally(() => {
          this.running--;
          if (this.pendingEmpty() && this.state !== 'indexing') for (const w of this.readyWaiters.splice(0)) w();
        });
    }, delay);
  }

  private takePending() {
    const p = this.pending;
    this.pending = { anchors: new Set(), files: new Set(), rebuild: false, replan: false };
    return p;
  }
  private restorePending(p: FolderCorpus['pending']): void {
    for (const a of p.anchors) this.pending.anchors.add(a);
    for (const f of p.files) this.pending.files.add(f);
    this.pending.rebuild ||= p.rebuild;
    this.pending.replan ||= p.replan;
  }

  private async runOnce(signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.disposed) return; // superseded: the newer run takes the pending work
    const p = this.takePending();
    const index = this.snapshot?.index;
    try {
      if (p.replan || p.rebuild || !index || this.state !== 'ready') {
        await this.build(p.replan || !this.plan);
      } else {
        let rebuild = false;
        for (const a of p.anchors) {
          let hit = true;
          try {
            hit = await index.reloadAnchor(a, { texts: this.host.texts() });
          } catch (e) {
            this.host.log(`dlm: reloading ${a} failed: ${(e as Error)?.stack ?? e}`);
          }
          // a `.dlm/` the listing never saw: only a new listing finds it
          if (!hit && this.inCorpus(a) && existsSync(join(a, '.dlm'))) rebuild = true;
        }
        for (const f of p.files) index.invalidateFile(f);
        if (rebuild) {
          await this.build(false);
        } else {
          signal.throwIfAborted();
          let result;
          try {
            result = await index.report({ signal });
          } catch (e) {
            if (isAbort(e)) throw e;
            // keep the last good snapshot: one bad recompute must not take the corpus down
            this.host.log(`dlm: recomputing ${this.name} failed: ${(e as Error)?.stack ?? e}`);
            return;
          }
          this.setSnapshot(index, result.report, result.details, 'update');
        }
      }
    } catch (e) {
      if (isAbort(e) && !this.disposed) {
        this.restorePending(p); // an interrupted read is resumed by the next report
        return;
      }
      if (!this.disposed) this.fail(e);
    }
  }

  private fail(e: unknown): void {
    if (e instanceof TooLarge) {
      this.setState('tooLarge', `Stopped indexing ${this.name}: ${e.message} (dlmWeights.maxFiles = ${this.settings.maxFiles}). Raise the setting to index it.`);
    } else if (e instanceof CorpusError) {
      this.setState('error', e.message);
    } else {
      this.host.log(`dlm: indexing ${this.path} failed: ${(e as Error)?.stack ?? e}`);
      this.setState('error', `indexing failed: ${(e as Error)?.message ?? e}`);
    }
    for (const w of this.readyWaiters.splice(0)) w();
  }

  private setState(state: IndexState, message?: string): void {
    this.state = state;
    this.stateMessage = message;
    this.host.onState(this);
  }

  // ------------------------------------------------------------ corpus choice

  /** The listing the last candidate search made, for the build that follows it. */
  private freshListing: { listing: TreeListing; at: number } | undefined;

  /**
   * The candidate search under way: a build and a command asking meanwhile (a
   * dry run at start-up asks which corpora there are) share one walk of the folder.
   */
  private candidateSearch: { promise: Promise<CorpusCandidate[]>; abort: AbortController } | null = null;

  async listCandidates(signal?: AbortSignal): Promise<CorpusCandidate[]> {
    if (this.candidates) return this.candidates;
    if (!this.candidateSearch) {
      const abort = new AbortController();
      const search: { promise: Promise<CorpusCandidate[]>; abort: AbortController } = { abort, promise: Promise.resolve([]) };
      search.promise = findCorpusDocuments(this.path, {
        signal: abort.signal,
        maxFiles: this.settings.maxFiles,
        onListing: (l) => { this.freshListing = { listing: l, at: Date.now() }; },
      }).then(
        (docs) => {
          // called off meanwhile (forgetCandidates): its answer may miss the change, its callers search again
          if (this.candidateSearch !== search) throw abortError();
          this.candidateSearch = null;
          return (this.candidates = [{ kind: 'directory', path: this.path, uri: this.uri, label: '.' }, ...docs]);
        },
        (e: unknown) => {
          if (this.candidateSearch === search) this.candidateSearch = null;
          throw e;
        },
      );
      this.candidateSearch = search;
    }
    try {
      return await untilAborted(this.candidateSearch.promise, signal);
    } catch (e) {
      // the search itself was called off (the documents changed: forgetCandidates): search again
      if (isAbort(e) && !signal?.aborted && !this.disposed) return this.listCandidates(signal);
      throw e;
    }
  }

  /**
   * The user's choice wins (the setting, then DLM: Choose Corpus); else the
   * folder is taken as `dlm train FOLDER` takes it (engine/corpus/trainTarget.ts),
   * so the editor and `dlm-weights dry-run FOLDER` give the same answer. With
   * several documents and none chosen, dlm refuses: so does the folder (a
   * CorpusError, shown as its state) until one is chosen.
   */
  private async chooseCorpus(signal: AbortSignal): Promise<void> {
    const doc = (abs: string): CorpusRef => ({ kind: 'document', folderUri: this.uri, path: abs, uri: pathToUri(abs) });
    const directory: CorpusRef = { kind: 'directory', folderUri: this.uri, path: this.path };
    const setting = this.settings.corpusDocument;
    if (setting) {
      this.corpus = doc(isAbsolute(setting) ? resolve(setting) : resolve(this.path, setting));
      this.activeReason = 'setting';
      return;
    }
    if (this.selected !== undefined) {
      this.corpus = this.selected === null ? directory : doc(this.selected);
      this.activeReason = 'selected';
      return;
    }
    // the candidate search also enforces dlmWeights.maxFiles, and directory mode reuses its listing
    await this.listCandidates(signal);
    const target = resolveTrainTarget(this.path);
    switch (target.kind) {
      case 'document':
        this.corpus = doc(target.path);
        this.activeReason = target.reason === 'corpus' ? 'corpus-document' : 'only-document';
        return;
      case 'directory':
        this.corpus = directory;
        this.activeReason = 'default';
        return;
      case 'ambiguous': {
        this.corpus = directory;
        this.activeReason = 'ambiguous';
        const why = describeTrainTarget(target, '.', (p) => documentLabelIn(this.path, p));
        throw new CorpusError('several-documents', `${this.name}: ${why}. Choose one with DLM: Choose Corpus (or the dlmWeights.corpusDocument setting).`, this.path);
      }
    }
  }

  /**
   * Can a change at `path` (a `.dlm` document, or a `.dlm` folder) change
   * which corpus the folder uses, or the plan of the one it uses?
   */
  choiceDependsOn(path: string): boolean {
    if (this.corpus.kind === 'document' && this.corpus.path === path) return true;
    if (this.activeReason === 'setting' || this.activeReason === 'selected') return false;
    const dlmDir = join(this.path, '.dlm');
    return path === dlmDir || dirname(path) === dlmDir;
  }

  // ------------------------------------------------------------ building

  private async build(replan: boolean): Promise<void> {
    this.buildAbort?.abort();
    const ac = new AbortController();
    this.buildAbort = ac;
    const signal = ac.signal;
    this.setState('indexing');
    traceHop('index build started');
    const sink = await this.host.beginProgress(`dlm: indexing ${this.name}`);
    const progress: ProgressSink = {
      report: (message, percentage) => {
        sink.report(message, percentage);
        this.host.onProgress?.(this, message);
        for (const l of this.progressListeners) l(message, percentage);
      },
      done: () => sink.done(),
    };
    try {
      if (replan || !this.plan) {
        await this.chooseCorpus(signal);
        this.plan = this.corpus.kind === 'directory'
          ? await planDirectory(this.corpus.path, this.seedOverride)
          : await planDocument(this.corpus.path, this.seedOverride, undefined, documentLabelIn(this.path, this.corpus.path));
      }
      traceHop('index corpus planned');
      const max = this.settings.maxFiles;
      const started = Date.now();
      // the candidate search just walked this folder: directory mode reuses that listing once
      const fresh = this.freshListing;
      this.freshListing = undefined;
      const listing = fresh && Date.now() - fresh.at < 2000 ? fresh.listing : undefined;
      let readingSeen = false;
      const index = await CorpusIndex.build(this.plan, {
        signal,
        overrides: { texts: this.host.texts() },
        listings: listing ? new Map([[this.path, listing]]) : undefined,
        onProgress: (pr) => {
          if (pr.phase === 'listing') {
            if (pr.files > max) throw new TooLarge(`more than ${max} files`);
            progress.report(`listing: ${pr.files} files`);
          } else if (pr.phase === 'reading') {
            if (!readingSeen) traceHop('index listed, reading');
            readingSeen = true;
            progress.report(`reading ${pr.files}/${pr.total ?? '?'} files`, pr.total ? Math.floor((100 * pr.files) / pr.total) : undefined);
          }
        },
      });
      traceHop('index files read');
      // the split hashes the first report needs beyond the workers' own: in both workers, not here alone
      await index.prefillSplits();
      const { report, details } = await index.report({ signal });
      traceHop('index report built');
      this.host.log(`dlm: indexed ${this.name} (${this.corpus.kind === 'document' ? basename(this.corpus.path) : 'directory mode'}): ${report.totals.rows} rows in ${Date.now() - started} ms`);
      progress.done();
      this.setSnapshot(index, report, details, 'build');
    } catch (e) {
      if (isAbort(e) && !signal.aborted) throw e;
      if (isAbort(e)) {
        // a newer rebuild/replan superseded this one
        throw abortError();
      }
      throw e;
    } finally {
      progress.done();
      if (this.buildAbort === ac) this.buildAbort = null;
    }
  }

  private setSnapshot(index: CorpusIndex, report: DryRunReport, details: ReportDetails, reason: 'build' | 'update'): void {
    // the new snapshot takes over what still holds of the old one's facts; the old one goes
    this.snapshot = new Snapshot(index, report, details, ++this.generation, this.snapshot);
    this.setState('ready');
    // the status goes out first; the cross-file checks and the live report (up to a second
    // at 50k files on a first build) follow on the next turn, once for snapshots made meanwhile
    const first = this.snapshotReason === null;
    this.snapshotReason = this.snapshotReason === 'build' || reason === 'build' ? 'build' : 'update';
    if (first) {
      setImmediate(() => {
        const r = this.snapshotReason;
        this.snapshotReason = null;
        if (r && !this.disposed) this.host.onSnapshot(this, r);
      });
    }
  }
  /** The reason of the snapshot(s) not yet handed to the host ('build' wins). */
  private snapshotReason: 'build' | 'update' | null = null;

  /** The current listing by absolute path, made on first use after each build. */
  private listed: { index: CorpusIndex; files: Map<string, FileRecord>; dirs: Set<string> } | null = null;

  /**
   * Is `abs` a file or a folder of the current listing? 'unread': a listed
   * file whose content the report does not use (excluded, not included, past
   * max_files), so a change to it changes nothing until it is read. 'none':
   * not listed. null while there is no ready index.
   */
  listedAs(abs: string): 'file' | 'unread' | 'dir' | 'none' | null {
    const index = this.snapshot?.index;
    if (!index || this.state !== 'ready') return null;
    if (this.listed?.index !== index) {
      const files = new Map<string, FileRecord>();
      const dirs = new Set<string>();
      for (const d of index.directives) {
        for (const f of d.files) {
          const p = f.abs;
          files.set(p, f);
          for (let dir = dirname(p); !dirs.has(dir); dir = dirname(dir)) {
            dirs.add(dir);
            if (dir === f.root || dir === dirname(dir)) break;
          }
        }
      }
      for (const a of index.allAnchors()) dirs.add(join(a.abs, '.dlm'));
      this.listed = { index, files, dirs };
    }
    const f = this.listed.files.get(abs);
    if (f) return f.read ? 'file' : 'unread';
    return this.listed.dirs.has(abs) ? 'dir' : 'none';
  }

  /** Which config files belong to the live corpus (absolute paths), for diagnostics. */
  configFiles(): { yaml: string[]; ignore: string[]; yml: string[] } {
    const out = { yaml: [] as string[], ignore: [] as string[], yml: [] as string[] };
    const seen = new Set<string>();
    for (const a of this.snapshot?.index.allAnchors() ?? []) {
      if (seen.has(a.abs)) continue;
      seen.add(a.abs);
      if (a.yaml !== null) out.yaml.push(join(a.abs, '.dlm', 'training.yaml'));
      if (a.ignore !== null || a.ignoreTooLarge !== undefined) out.ignore.push(join(a.abs, '.dlm', 'ignore'));
      const yml = join(a.abs, '.dlm', 'training.yml');
      if (isFile(yml)) out.yml.push(yml);
    }
    return out;
  }
}

function isFile(p: string): boolean {
  try { return statSync(p).isFile(); } catch { return false; }
}
