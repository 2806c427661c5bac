// The corpus index: everything expensive (walking, reading, hashing) is done
// once and kept per file; a report is then recomputed from the index in
// milliseconds when configs change. Nothing holds file contents.
//
// A build walks the tree on the main thread, resolving each file as it is
// listed (its folder's anchors are known by then), and hands the kept files
// to two read workers (readPool.ts) that read and hash while the walk goes
// on. Per file the index keeps a few typed-array slots (fileTable.ts); rows
// are columns too (rowSet.ts).
import { join } from 'node:path';
import { prepareHashing, sectionId } from '../hashing.js';
import { composeWeight, HashMemo } from '../expand.js';
import { hasLoneSurrogate, NodeFs, nodeFs, type EngineFs } from '../fs/index.js';
import { CorpusError, firstProblem, type EngineProblem, type PredictionGap } from '../problems.js';
import { SKIP_REASONS, type ConfigSummary, type CountMap, type DryRunReport, type SkipReason, type SourceSummary, type TagMap, type WeightMap } from '../types.js';
import { ignorePath, loadAnchor, loadAnchorSync, loaded, orderAnchors, trainingYamlPath, type AnchorState, type ConfigOverrides } from './anchors.js';
import { posixRelative, type CorpusPlan, type Directive } from './directives.js';
import { BINARY, ENCODING, FileTable, putHexId, TEXT, UNREAD, UNREADABLE, type FileView } from './fileTable.js';
import { mediaKindOfName } from './media.js';
import { readInThread } from './readInThread.js';
import { sharedReadPool, type PoolRun, type ReadPool } from './readPool.js';
import { Resolver, type FolderPlan } from './resolve.js';
import { attachRows, lazyProperty, RowSet, type RowOrigin } from './rowSet.js';
import { walkTree, type TreeListing } from './tree.js';
import type { ReportDetails } from '../reportDetails.js';

/** One walked file, as a view made on demand (the index keeps columns, not objects). */
export type FileRecord = FileView;

export interface DirectiveIndex {
  directive: Directive;
  /** Path prefix from the report base to the directive root. */
  originPrefix: string;
  files: FileTable;
  /** In dlm's merge order. */
  anchors: AnchorState[];
  unreadableDirs: Array<{ path: string; error: string }>;
}

export type { ReportDetails, RowSource, SkippedFile } from '../reportDetails.js';

export interface Progress {
  phase: 'listing' | 'reading' | 'expanding';
  files: number;
  total?: number;
}

export interface BuildOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  overrides?: ConfigOverrides;
  /** Listings the caller already made, by absolute directive root (saves walking the tree twice). */
  listings?: ReadonlyMap<string, TreeListing>;
  /** Where files come from (default: the disk). */
  fs?: EngineFs;
  /**
   * Read in worker threads: true always (on the disk), false never; default:
   * when there are enough files to be worth a worker's start-up.
   */
  workers?: boolean;
  /** The workers to use (default: the process's shared pool). */
  readPool?: ReadPool;
  /**
   * The index makes one report and sees no weights edit (a CLI run): the
   * read workers hash only what the weights known so far need, not also the
   * roll and copies 0 and 1 of every file, which an edit may want.
   */
  oneReport?: boolean;
}

/** Fewer files than this are read on the calling thread (unless `workers: true`). */
const WORKERS_FROM = 512;
/** Files of a handed-in listing resolved between two turns of the event loop (see indexDirective). */
const LISTING_FILES_PER_TURN = 1024;

/** Fewer split answers than this are not worth a round trip to the workers. */
const PREFILL_FROM = 1024;

/** Which files of a directive the current configs keep (by resolution signature). */
interface Resolution {
  signature: string;
  resolver: Resolver;
  /** Folder plans by folder number (made on first use). */
  plans: FolderPlan[];
  /** 1 per kept file. */
  kept: Uint8Array;
}

/** A directive's rows and skips for one resolution and one state of file contents. */
interface ResolvedDirective {
  signature: string;
  version: number;
  summary: SourceSummary;
  resolver: Resolver;
  /** File number and local tag-map number of each row. */
  rowFiles: Int32Array;
  rowTags: Uint32Array;
  /** Skipped files: number and SKIP_REASONS index. */
  skippedFiles: Int32Array;
  skippedReasons: Uint8Array;
  unreadableFiles: Array<{ path: string; error: string }>;
  /** Rows whose file name is not valid UTF-8 (their section id is not predicted). */
  oddNames: Array<{ origin: string; abs: string }>;
}

/**
 * What decides which files a directive keeps and how they are tagged: every
 * anchor's include/exclude/exclude_defaults/metadata and ignore rules — but
 * not its weights. When this is unchanged, a report reuses the resolved rows.
 */
function resolutionSignature(anchors: readonly AnchorState[]): string {
  return JSON.stringify(anchors.map((a) => {
    const c = loaded(a) ? a.yaml!.config! : null;
    return [a.rel, c && [c.include, c.exclude, c.excludeDefaults, [...c.metadata]], a.ignore?.rules.map((r) => r.raw)];
  }));
}

export class CorpusIndex {
  private memo: HashMemo;
  /** Bumped whenever file contents in the index change. */
  private version = 0;
  private resolutions = new Map<DirectiveIndex, Resolution>();
  private resolved = new Map<DirectiveIndex, ResolvedDirective>();
  private readSignature = new Map<DirectiveIndex, string>();
  private rowsState: { resolved: ResolvedDirective[]; rows: RowSet; details: ReportDetails; distribution: CountMap; problemsKey: string; materialised: number } | null = null;
  private constructor(readonly plan: CorpusPlan, readonly directives: DirectiveIndex[], readonly fs: EngineFs) {
    this.memo = new HashMemo(plan.seed);
  }

  static async build(plan: CorpusPlan, opts: BuildOptions = {}): Promise<CorpusIndex> {
    const fs = opts.fs ?? nodeFs;
    await prepareHashing();
    const reader = new IndexReads(fs, opts, plan.seed);
    const dirs: DirectiveIndex[] = [];
    const resolutions = new Map<DirectiveIndex, Resolution>();
    try {
      for (const d of plan.directives) {
        const { index, resolution } = await indexDirective(plan, d, opts, fs, reader);
        // directory mode on a folder that cannot be listed: nothing to predict (the CLI exits 2)
        const root = index.unreadableDirs.find((u) => u.path === '');
        if (root && plan.mode === 'directory') throw new CorpusError('unreadable', `cannot read directory ${d.abs}: ${root.error}`, d.abs);
        dirs.push(index);
        resolutions.set(index, resolution);
      }
      await reader.done();
    } catch (e) {
      reader.abandon();
      throw e;
    }
    const index = new CorpusIndex(plan, dirs, fs);
    index.resolutions = resolutions;
    // everything the configs keep has been read
    for (const d of dirs) index.readSignature.set(d, resolutions.get(d)!.signature + '#' + index.version);
    return index;
  }

  get seed(): bigint {
    return this.memo.seed;
  }
  setSeed(seed: bigint): void {
    if (seed !== this.memo.seed) this.memo = new HashMemo(seed);
  }

  /** All anchors of all directives (the same folder may appear once per directive). */
  allAnchors(): AnchorState[] {
    return this.directives.flatMap((d) => d.anchors);
  }

  /** Re-read one anchor's config and ignore file (from disk or the given unsaved texts). */
  async reloadAnchor(anchorAbs: string, overrides?: ConfigOverrides): Promise<boolean> {
    let hit = false;
    for (const d of this.directives) {
      for (let i = 0; i < d.anchors.length; i++) {
        const a = d.anchors[i]!;
        if (a.abs === anchorAbs) {
          d.anchors[i] = await loadAnchor(a.rel, a.abs, overrides, this.fs);
          hit = true;
        }
      }
    }
    return hit;
  }

  /** Forget what was read of one file (it changed on disk). */
  invalidateFile(abs: string): boolean {
    let hit = false;
    this.version++;
    for (const d of this.directives) {
      const i = d.files.find(abs);
      if (i !== -1) { d.files.forget(i); hit = true; }
    }
    return hit;
  }

  /** Which files the current configs keep (worked out again only when a config's rules changed). */
  private resolution(d: DirectiveIndex): Resolution {
    const signature = resolutionSignature(d.anchors);
    let r = this.resolutions.get(d);
    if (r && r.signature === signature && r.kept.length === d.files.length) return r;
    const resolver = new Resolver(d.anchors, d.directive.include, d.directive.exclude);
    const t = d.files;
    const plans: FolderPlan[] = [];
    const kept = new Uint8Array(t.length);
    for (let i = 0; i < t.length; i++) {
      const dir = t.dirOf[i]!;
      const p = (plans[dir] ??= resolver.plan(t.dirs[dir]!));
      if (resolver.keeps(p, t.names[i]!)) kept[i] = 1;
    }
    r = { signature, resolver, plans, kept };
    this.resolutions.set(d, r);
    return r;
  }

  /** Read every file the current configs keep that has not been read yet. */
  async readNeeded(opts: BuildOptions = {}): Promise<void> {
    const signatures = new Map<DirectiveIndex, string>();
    const reader = new IndexReads(this.fs, opts, this.memo.seed);
    try {
      for (const d of this.directives) {
        // nothing new can be kept while resolution inputs and file states are unchanged
        const r = this.resolution(d);
        const signature = r.signature + '#' + this.version;
        if (this.readSignature.get(d) === signature) continue;
        const t = d.files;
        for (let i = 0; i < t.length; i++) if (r.kept[i] && t.kind[i] === UNREAD) reader.want(t, i);
        signatures.set(d, signature);
      }
      await reader.done();
    } catch (e) {
      reader.abandon();
      throw e;
    }
    // only a completed read counts (a cancelled one is resumed next time)
    for (const [d, signature] of signatures) this.readSignature.set(d, signature);
  }

  /**
   * The dry-run report for the current state. Files that the current configs
   * newly keep are read first (only those); everything else comes from the index.
   */
  async report(opts: BuildOptions = {}): Promise<{ report: DryRunReport; details: ReportDetails }> {
    await this.readNeeded(opts);
    await prepareHashing();
    return this.reportNow();
  }

  /** The rows and details of the current resolution (the same objects while it is unchanged). */
  private currentRows(): { resolved: ResolvedDirective[]; rowsState: NonNullable<CorpusIndex['rowsState']> } {
    const resolved = this.directives.map((d) => this.resolveDirective(d));
    const problems = this.problems();
    const gaps = this.gaps(resolved);
    const problemsKey = JSON.stringify([problems, gaps]);
    // rows, details and distribution depend on resolution only: reuse them
    // (same objects) while it is unchanged, e.g. across weights edits
    let rowsState = this.rowsState;
    if (!rowsState || rowsState.resolved.length !== resolved.length || rowsState.resolved.some((r, i) => r !== resolved[i])) {
      const rows = this.rowSet(resolved);
      const details = detailsOf(this.directives, resolved, rows, problems, gaps);
      rowsState = this.rowsState = { resolved, rows, details, distribution: distributionOf(rows), problemsKey, materialised: 0 };
    } else if (rowsState.problemsKey !== problemsKey) {
      // a config's crash appeared or changed while resolution did not
      rowsState.details = { ...rowsState.details, problems, gaps };
      rowsState.problemsKey = problemsKey;
    }
    return { resolved, rowsState };
  }

  /** Every loaded config's weights, merged in dlm's order. */
  private mergedWeights(): WeightMap {
    const merged: WeightMap = new Map();
    for (const d of this.directives) for (const a of d.anchors) if (loaded(a)) mergeInto(merged, a.yaml!.config!.weights);
    return merged;
  }

  /**
   * Work out, in the pool's idle workers, the split answers the next report
   * will need and has not memoised (a cold CLI run: copies numbered 2 and
   * up, one core each instead of the main thread alone). Only fills the memo:
   * without it the report works them out itself. Returns the answers filled.
   */
  async prefillSplits(pool: ReadPool = sharedReadPool()): Promise<number> {
    const { rowsState } = this.currentRows();
    const rows = rowsState.rows;
    const jobs = rows.splitJobs(this.mergedWeights(), this.memo.seed, this.memo);
    if (!jobs || jobs.subs < PREFILL_FROM) return 0;
    const answers = await pool.splits(jobs);
    if (!answers) return 0;
    rows.applySplits(jobs, answers);
    return jobs.subs;
  }

  /** Synchronous report from the index; files never read count as unreadable. */
  reportNow(): { report: DryRunReport; details: ReportDetails } {
    const plan = this.plan;
    const { resolved, rowsState } = this.currentRows();
    const { rows, details } = rowsState;
    const sources: SourceSummary[] = resolved.map((r) => r.summary);
    const configs: ConfigSummary[] = [];
    for (const d of this.directives) for (const a of d.anchors) configs.push(summarizeAnchor(plan.base, a));
    const merged = this.mergedWeights();
    const expansion = rows.expand(merged, this.memo.seed, this.memo);
    // a report's rows made twice from the same row set (a language server, edit after edit): keep their strings
    const state = rowsState;
    const columns = rows.columns(expansion);
    const report = attachRows({
      formatVersion: 1, mode: plan.mode, document: plan.documentLabel, seed: this.memo.seed, valFraction: 0.1,
      sources, configs, mergedWeights: merged, distribution: rowsState.distribution, totals: expansion.totals, trainError: expansion.trainError,
      documentError: null,
    }, { ...columns, materialising: () => { if (state.materialised++ === 1) rows.keepStrings(); } });
    const first = firstProblem(details.problems);
    if (!first) return { report, details };
    // dlm stops before building a dataset: the contract keeps only placeholders
    return {
      report: {
        formatVersion: 1, mode: plan.mode, document: plan.documentLabel,
        seed: first.stage === 'parse' && !plan.seedOverridden ? null : this.memo.seed, valFraction: 0.1,
        sources: [], configs: [], mergedWeights: new Map(), rows: [], distribution: new Map(),
        totals: { rows: 0, expandedRows: 0, droppedRows: 0, trainRows: 0, valRows: 0, leakedRows: 0 },
        trainError: null,
        documentError: { stage: first.stage, kind: first.kind, message: first.message },
      },
      details: { skippedFiles: [], unreadableFiles: [], rowSources: [], problems: details.problems, gaps: details.gaps, unblocked: { report, details } },
    };
  }

  /** The rows of a report: the document's body sections, then each directive's files. */
  private rowSet(resolved: readonly ResolvedDirective[]): RowSet {
    const plan = this.plan;
    const body: Array<{ id: string; section: number }> = [];
    if (plan.document) {
      plan.document.sections.forEach((s, i) => {
        const id = sectionId(s.type, s.content.charCodeAt(0) === 0xfeff ? s.content.slice(1) : s.content);
        for (let r = 0; r < s.rowCount; r++) body.push({ id, section: i });
      });
    }
    let n = body.length;
    for (const r of resolved) n += r.rowFiles.length;
    const ids = new Uint8Array(n * 8);
    const tagsRef = new Uint32Array(n);
    const directive = new Int32Array(n);
    const index = new Int32Array(n);
    const tagMaps: TagMap[] = [NO_TAGS];
    let k = 0;
    for (const b of body) {
      putHexId(b.id, ids, k * 8);
      directive[k] = -1;
      index[k] = b.section;
      k++;
    }
    resolved.forEach((r, di) => {
      const t = this.directives[di]!.files;
      const offset = tagMaps.length;
      for (const m of r.resolver.tagMaps) tagMaps.push(m);
      for (let j = 0; j < r.rowFiles.length; j++, k++) {
        const f = r.rowFiles[j]!;
        for (let b = 0; b < 8; b++) ids[k * 8 + b] = t.ids[f * 8 + b]!; // no view made per row
        tagsRef[k] = offset + r.rowTags[j]!;
        directive[k] = di;
        index[k] = f;
      }
    });
    const sources: RowOrigin[] = this.directives.map((d) => ({ table: d.files, originPrefix: d.originPrefix }));
    const name = plan.document ? plan.documentAbs!.slice(plan.base.length + 1) : '';
    return new RowSet(ids, tagsRef, tagMaps, directive, index, sources, name);
  }

  /**
   * What stops dlm train, in its order: the document's parse problems, then
   * each training.sources entry in turn (its path, then the configs found
   * under it that crash PyYAML), then the rows of the document's sections.
   */
  private problems(): EngineProblem[] {
    const plan = this.plan;
    const bySource: Array<[number, EngineProblem]> = [];
    for (const p of plan.problems) if (p.stage === 'sources') bySource.push([p.source ?? 0, stripSource(p)]);
    for (const d of this.directives) {
      for (const a of d.anchors) {
        if (a.yaml?.problem !== 'loader-crash') continue;
        const issue = a.yaml.issues.find((i) => i.code === 'loader-crash');
        bySource.push([d.directive.position, {
          stage: 'sources', kind: 'config-loader-crash',
          message: `${posixRelative(plan.base, trainingYamlPath(a.abs))}: ${issue?.message ?? 'PyYAML crashes loading this config'}`,
          location: { file: trainingYamlPath(a.abs), range: issue?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
        }]);
      }
    }
    bySource.sort((a, b) => a[0] - b[0]); // stable: a path problem before that entry's configs
    return [
      ...plan.problems.filter((p) => p.stage === 'parse').map(stripSource),
      ...bySource.map(([, p]) => p),
      ...plan.problems.filter((p) => p.stage === 'rows').map(stripSource),
    ];
  }

  /** Inputs dlm-weights did not evaluate or cannot predict exactly. */
  private gaps(resolved: readonly ResolvedDirective[]): PredictionGap[] {
    const out: PredictionGap[] = [...this.plan.gaps];
    const seen = new Set<string>();
    for (const a of this.allAnchors()) {
      if (seen.has(a.abs)) continue;
      seen.add(a.abs);
      const configTooLarge = a.yaml?.issues.some((i) => i.code === 'file-too-large') ?? false;
      if (a.ignoreTooLarge === undefined && !configTooLarge) continue; // the common case: no label to make
      const label = posixRelative(this.plan.base, a.abs);
      if (a.ignoreTooLarge !== undefined) {
        out.push({
          kind: 'ignore-not-evaluated', path: ignorePath(a.abs),
          message: `${label === '.' ? '' : label + '/'}.dlm/ignore is over 1 MiB (${(a.ignoreTooLarge / 2 ** 20).toFixed(1)} MiB): dlm train applies its rules, but dlm-weights did not evaluate them, so which files under ${label === '.' ? 'the root' : `\`${label}/\``} are excluded is not predicted.`,
        });
      }
      if (configTooLarge) {
        out.push({
          kind: 'config-not-evaluated', path: trainingYamlPath(a.abs),
          message: `${label === '.' ? '' : label + '/'}.dlm/training.yaml is over 1 MiB: dlm-weights did not check it and counts it as ignored; what dlm train does with it is not predicted.`,
        });
      }
    }
    for (const d of this.directives) {
      for (const u of d.unreadableDirs) {
        const abs = u.path === '' ? d.directive.abs : join(d.directive.abs, u.path);
        const label = posixRelative(this.plan.base, abs);
        out.push({
          kind: 'folder-unreadable', path: abs,
          message: `\`${label}/\` cannot be listed (${u.error}): its files are not counted, and what dlm train does with it (fail, or skip it) is not predicted.`,
        });
      }
    }
    for (const r of resolved) {
      for (const { origin, abs } of r.oddNames) {
        out.push({
          kind: 'name-not-utf8', path: abs,
          message: `${JSON.stringify(origin)}: the file name is not valid UTF-8. dlm builds the row's section id from it (\`# source: …\`), which Python cannot encode, so dlm train may fail on it; the id shown (with U+FFFD for the bad bytes) is not predicted.`,
        });
      }
    }
    return out;
  }

  /** Resolved rows of one directive, reused while nothing but weights changed. */
  private resolveDirective(d: DirectiveIndex): ResolvedDirective {
    const res = this.resolution(d);
    const cached = this.resolved.get(d);
    if (cached && cached.signature === res.signature && cached.version === this.version) return cached;
    const r = directiveRows(d, res);
    r.version = this.version;
    this.resolved.set(d, r);
    return r;
  }
}

/** What a directive's files give: rows, skips and the source summary. */
function directiveRows(d: DirectiveIndex, res: Resolution): ResolvedDirective {
  const skipped = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  const summary: SourceSummary = { path: d.directive.path, files: 0, skipped };
  const t = d.files;
  const { maxFiles, maxBytesPerFile } = d.directive;
  const rowFiles = new Int32Array(t.length);
  const rowTags = new Uint32Array(t.length);
  let rows = 0;
  const skippedFiles: number[] = [];
  const skippedReasons: number[] = [];
  const unreadableFiles: Array<{ path: string; error: string }> = [];
  const oddNames: Array<{ origin: string; abs: string }> = [];
  const skip = (i: number, reason: SkipReason) => {
    skipped[reason]++;
    skippedFiles.push(i);
    skippedReasons.push(SKIP_REASONS.indexOf(reason));
  };
  for (let i = 0; i < t.length; i++) {
    if (maxFiles !== null && summary.files >= maxFiles) {
      // the cap stops the walk: every file not yet walked counts as maxFiles
      for (let j = i; j < t.length; j++) skip(j, 'maxFiles');
      break;
    }
    if (!res.kept[i]) { skip(i, 'excluded'); continue; }
    const size = t.size[i]!;
    if (maxBytesPerFile !== null && size >= 0 && size > maxBytesPerFile) { skip(i, 'overSize'); continue; }
    const media = mediaKindOfName(t.names[i]!);
    if (media) { skip(i, media); continue; }
    const kind = t.kind[i]!;
    if (kind === UNREAD || kind === UNREADABLE) {
      unreadableFiles.push({ path: originOf(d, i), error: kind === UNREADABLE ? (t.errors.get(i) ?? 'unreadable') : 'not read' });
      continue;
    }
    if (kind === BINARY) { skip(i, 'binary'); continue; }
    if (kind === ENCODING) { skip(i, 'encoding'); continue; }
    if (kind !== TEXT) continue;
    summary.files++;
    const dir = t.dirOf[i]!;
    rowFiles[rows] = i;
    rowTags[rows] = (res.plans[dir] ??= res.resolver.plan(t.dirs[dir]!)).tagsId;
    rows++;
    const name = t.names[i]!;
    if ((ESCAPED_BYTE.test(name) || ESCAPED_BYTE.test(t.dirs[dir]!)) && hasLoneSurrogate(t.rel(i))) oddNames.push({ origin: originOf(d, i), abs: t.abs(i) });
  }
  return {
    signature: res.signature, version: 0, summary, resolver: res.resolver,
    rowFiles: rowFiles.slice(0, rows), rowTags: rowTags.slice(0, rows),
    skippedFiles: Int32Array.from(skippedFiles), skippedReasons: Uint8Array.from(skippedReasons),
    unreadableFiles, oddNames,
  };
}

/** Report details; the long per-file lists are made when first read. */
function detailsOf(directives: readonly DirectiveIndex[], resolved: readonly ResolvedDirective[], rows: RowSet, problems: EngineProblem[], gaps: PredictionGap[]): ReportDetails {
  const details = { unreadableFiles: resolved.flatMap((r) => r.unreadableFiles), problems, gaps, unblocked: null } as unknown as ReportDetails;
  lazyProperty(details, 'skippedFiles', () => {
    const out: ReportDetails['skippedFiles'] = [];
    resolved.forEach((r, di) => {
      const d = directives[di]!;
      for (let k = 0; k < r.skippedFiles.length; k++) out.push({ source: d.directive.path, path: originOf(d, r.skippedFiles[k]!), reason: SKIP_REASONS[r.skippedReasons[k]!]! });
    });
    return out;
  });
  lazyProperty(details, 'rowSources', () => {
    const out: ReportDetails['rowSources'] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = { directive: rows.directive[i]!, index: rows.index[i]! };
    return out;
  });
  return details;
}

/** A quick filter for names holding escaped bytes (U+DC80..U+DCFF); hasLoneSurrogate confirms. */
const ESCAPED_BYTE = /[\udc80-\udcff]/;

function stripSource(p: EngineProblem & { source?: number }): EngineProblem {
  return { stage: p.stage, kind: p.kind, message: p.message, location: p.location };
}

const NO_TAGS: TagMap = new Map();

function originOf(d: DirectiveIndex, i: number): string {
  const rel = d.files.rel(i);
  return d.originPrefix === '.' ? rel : `${d.originPrefix}/${rel}`;
}

function mergeInto(merged: WeightMap, weights: WeightMap): void {
  // forEach, not nested destructuring for-of: with hundreds of configs V8 optimises this, and the
  // iterator objects of nested for-of loops make that compile several times dearer
  weights.forEach((values, k) => {
    let m = merged.get(k);
    if (!m) merged.set(k, (m = new Map()));
    const into = m;
    values.forEach((f, v) => into.set(v, f));
  });
}

/** Rows per tag value; keys and values in order of first appearance (rows sharing a tag map are counted together). */
function distributionOf(rows: RowSet): CountMap {
  const counts = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    const t = rows.tagsRef[i]!;
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const dist: CountMap = new Map();
  for (const [t, n] of counts) {
    for (const [k, v] of rows.tagMaps[t]!) {
      let m = dist.get(k);
      if (!m) dist.set(k, (m = new Map()));
      m.set(v, (m.get(v) ?? 0) + n);
    }
  }
  return dist;
}

function summarizeAnchor(base: string, a: AnchorState): ConfigSummary {
  const ok = loaded(a);
  const problem = a.yaml && !a.yaml.accepted ? (a.yaml.problem === 'loader-crash' ? 'yaml' : a.yaml.problem) : null;
  return {
    anchor: posixRelative(base, a.abs),
    trainingYaml: a.yaml === null ? 'absent' : ok ? 'valid' : 'invalid',
    problem,
    ignoreRules: a.ignore?.rules.length ?? 0,
    metadata: ok ? a.yaml!.config!.metadata : new Map(),
    weights: ok ? a.yaml!.config!.weights : new Map(),
  };
}

/** Walks (or takes the listing of) one directive, resolving each file as it is listed and queueing the kept ones for reading. */
async function indexDirective(plan: CorpusPlan, d: Directive, opts: BuildOptions, fs: EngineFs, reader: IndexReads): Promise<{ index: DirectiveIndex; resolution: Resolution }> {
  const originPrefix = posixRelative(plan.base, d.abs);
  const resolver = new Resolver([], d.include, d.exclude);
  const plans: FolderPlan[] = [];
  // each folder's weight under the configs loaded so far: the read workers' hint (see ReadRequest.weights);
  // worked out per tag map (folders under one anchor share theirs), again only once more weights are known
  const weightsSoFar: WeightMap = new Map();
  let weightsVersion = 0;
  const hints: number[] = [];
  const hintVersions: number[] = [];
  const addWeights = (a: AnchorState) => {
    if (!loaded(a) || a.yaml!.config!.weights.size === 0) return;
    mergeInto(weightsSoFar, a.yaml!.config!.weights);
    weightsVersion++;
  };
  let kept = new Uint8Array(64);
  const keep = (t: FileTable, i: number, dir: number) => {
    if (i >= kept.length) { const k = new Uint8Array(kept.length * 2); k.set(kept); kept = k; }
    const p = (plans[dir] ??= resolver.plan(t.dirs[dir]!));
    const name = t.names[i]!;
    if (!resolver.keeps(p, name)) return;
    kept[i] = 1;
    const tags = p.tagsId;
    if (hintVersions[tags] !== weightsVersion) {
      hints[tags] = weightsSoFar.size ? composeWeight(p.tags, weightsSoFar) : 1;
      hintVersions[tags] = weightsVersion;
    }
    reader.want(t, i, hints[tags]!);
  };
  const finish = (table: FileTable, anchors: AnchorState[], unreadableDirs: DirectiveIndex['unreadableDirs']) => {
    const ordered = orderAnchors(anchors);
    return {
      index: { directive: d, originPrefix: d.isFile ? posixRelative(plan.base, join(d.abs, '..')) : originPrefix, files: table, anchors: ordered, unreadableDirs },
      resolution: { signature: resolutionSignature(ordered), resolver, plans, kept: kept.slice(0, table.length) },
    };
  };
  if (d.isFile) {
    // a single-file directive: the file's own name, no anchors
    const table = new FileTable(join(d.abs, '..'));
    const i = table.addPath(d.abs.slice(d.abs.lastIndexOf('/') + 1));
    keep(table, i, table.dirOf[i]!);
    return finish(table, [], []);
  }
  opts.onProgress?.({ phase: 'listing', files: 0 });
  const table = new FileTable(d.abs);
  const anchors: AnchorState[] = [];
  const unreadable: DirectiveIndex['unreadableDirs'] = [];
  const anchorAt = (rel: string) => loadAnchorSync(rel, rel === '' ? d.abs : join(d.abs, rel), opts.overrides, fs);
  const listing = opts.listings?.get(d.abs);
  if (listing) {
    // each anchor loaded right before the first file below it, as a walk meets them: the
    // reads start with the first files, not after every config is loaded (0.3–0.8 s at 50k files)
    const pending = new Set(listing.anchors);
    const addAnchor = (rel: string) => {
      pending.delete(rel);
      const a = anchorAt(rel);
      anchors.push(a);
      resolver.addAnchor(a);
      addWeights(a);
    };
    /** The anchors not loaded yet at `dir` and above it, from the top down. */
    const addAnchorsAbove = (dir: string) => {
      if (pending.has('')) addAnchor('');
      for (let at = dir.indexOf('/'); ; at = dir.indexOf('/', at + 1)) {
        const above = at < 0 ? dir : dir.slice(0, at);
        if (above !== '' && pending.has(above)) addAnchor(above);
        if (at < 0) break;
      }
    };
    let lastDir: string | null = null;
    let sinceYield = 0;
    for (const rel of listing.files) {
      // a turn of the event loop now and then: the read workers' answers are taken in and
      // more files sent to them (without it they stop after their first batches until the loop ends)
      if (++sinceYield === LISTING_FILES_PER_TURN) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
        opts.signal?.throwIfAborted();
      }
      if (pending.size) {
        const slash = rel.lastIndexOf('/');
        const dir = slash < 0 ? '' : rel.slice(0, slash);
        if (dir !== lastDir) addAnchorsAbove((lastDir = dir));
      }
      const i = table.addPath(rel);
      keep(table, i, table.dirOf[i]!);
    }
    // anchors with no file below them still count (their configs are reported)
    for (const rel of listing.anchors) if (pending.has(rel)) addAnchor(rel);
    unreadable.push(...listing.unreadable);
  } else {
    await walkTree(d.abs, {
      directory: (rel, anchor) => {
        if (anchor) {
          // known before any file below it is resolved
          const a = anchorAt(rel);
          anchors.push(a);
          resolver.addAnchor(a);
          addWeights(a);
        }
        return table.dir(rel);
      },
      file: (dir, name) => keep(table, table.add(dir, name), dir),
      unreadable: (path, error) => { unreadable.push({ path, error }); },
    }, { signal: opts.signal, fs, onDirectory: (n) => opts.onProgress?.({ phase: 'listing', files: n }) });
  }
  return finish(table, anchors, unreadable);
}

/**
 * The reads of one build or update: queued as files are resolved, done in
 * the read workers when there are enough of them (and the files are on
 * disk), else on this thread. Only ids, sizes and kinds are kept.
 */
class IndexReads {
  private readonly tables: FileTable[] = [];
  private readonly files: number[] = [];
  private readonly weights: number[] = [];
  private run: PoolRun | null = null;
  private wanted = 0;
  private read = 0;
  /** A double from the start (performance.now() values): the field never changes representation. */
  private lastProgress = -Infinity;
  private readonly pool: ReadPool | null;

  constructor(private readonly fs: EngineFs, private readonly opts: BuildOptions, private readonly seed: bigint) {
    const onDisk = fs instanceof NodeFs;
    this.pool = opts.workers === false || !onDisk ? null : (opts.readPool ?? sharedReadPool());
    if (this.pool && !this.pool.usable) this.pool = null;
  }

  /** Read file i of `table`; `weight`: its weight hint for the workers (see ReadRequest.weights). */
  want(table: FileTable, i: number, weight = NaN): void {
    this.wanted++;
    // results the workers memoise count only for the table's current seed
    table.useSeed(this.seed);
    if (this.run) { this.run.add(table, i, this.seed, weight); return; }
    this.tables.push(table);
    this.files.push(i);
    this.weights.push(weight);
    if (this.pool && (this.opts.workers === true || this.files.length >= WORKERS_FROM)) this.startWorkers();
  }

  private startWorkers(): void {
    this.run = this.pool!.run({ signal: this.opts.signal, onRead: (n) => this.progress(n), onlyHinted: this.opts.oneReport });
    for (let k = 0; k < this.files.length; k++) {
      const t = this.tables[k]!;
      const i = this.files[k]!;
      this.run.add(t, i, this.seed, this.weights[k]);
    }
    this.tables.length = 0;
    this.files.length = 0;
    this.weights.length = 0;
  }

  /** Reports progress from the workers' message handler: a throwing listener stops the run, never the process. */
  private progress(n: number): void {
    this.read += n;
    const now = performance.now();
    if (now - this.lastProgress < 30 && this.read < this.wanted) return;
    this.lastProgress = now;
    try {
      this.opts.onProgress?.({ phase: 'reading', files: this.read, total: this.wanted });
    } catch (e) {
      this.failure ??= e;
      this.run?.abandon();
    }
  }
  private failure: unknown;

  async done(): Promise<void> {
    if (this.run) {
      try {
        await this.run.done(this.seed);
      } catch (e) {
        throw this.failure ?? e;
      }
      if (this.failure !== undefined) throw this.failure;
      this.opts.onProgress?.({ phase: 'reading', files: this.wanted, total: this.wanted });
      return;
    }
    // in-thread, table by table, in walk order
    let from = 0;
    while (from < this.files.length) {
      const t = this.tables[from]!;
      let to = from;
      while (to < this.files.length && this.tables[to] === t) to++;
      const base = this.read;
      await readInThread(t, this.files.slice(from, to), {
        fs: this.fs, signal: this.opts.signal,
        onProgress: (k) => this.opts.onProgress?.({ phase: 'reading', files: base + k, total: this.wanted }),
      });
      this.read += to - from;
      from = to;
    }
    this.opts.onProgress?.({ phase: 'reading', files: this.wanted, total: this.wanted });
  }

  /** A failed or cancelled build: stop the workers' part of it. */
  abandon(): void {
    this.run?.abandon();
  }
}
