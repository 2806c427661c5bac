// The corpus index: everything expensive (walking, reading, hashing) is done
// once and kept per file; a report is then recomputed from the index in
// milliseconds when configs change. Nothing holds file contents.
import { join } from 'node:path';
import { AUDIO_SUFFIXES, IMAGE_SUFFIXES, pySuffix } from '../defaultExcludes.js';
import { sectionId } from '../hashing.js';
import { expandRows, HashMemo, type PreRow } from '../expand.js';
import { hasLoneSurrogate, nodeFs, type EngineFs } from '../fs/index.js';
import { CorpusError, firstProblem, type EngineProblem, type PredictionGap } from '../problems.js';
import { SKIP_REASONS, type ConfigSummary, type CountMap, type DryRunReport, type SkipReason, type SourceSummary, type TagMap, type WeightMap } from '../types.js';
import { ignorePath, loadAnchor, loaded, orderAnchors, trainingYamlPath, type AnchorState, type ConfigOverrides } from './anchors.js';
import { posixRelative, type CorpusPlan, type Directive } from './directives.js';
import { readAndClassify, type FileContent } from './readFile.js';
import { Resolver } from './resolve.js';
import { listTree, type TreeListing } from './tree.js';
import type { ReportDetails, RowSource, SkippedFile } from '../reportDetails.js';

/** One walked file. Kept small: a 100k-file corpus holds 100k of these. */
export class FileRecord {
  size: number | null = null;
  content: FileContent | null = null;
  constructor(
    /** The directive root (for a single-file directive: the file's folder). */
    readonly root: string,
    /** Relative to `root`, POSIX. */
    readonly rel: string,
  ) {}
  get abs(): string {
    // plain concatenation: `root` is absolute and normalised (path.join is costly per file)
    return this.root === '/' ? '/' + this.rel : this.root + '/' + this.rel;
  }
}

export interface DirectiveIndex {
  directive: Directive;
  /** Path prefix from the report base to the directive root. */
  originPrefix: string;
  files: FileRecord[];
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
}

/** Longest stretch of synchronous reading before yielding to the event loop. */
const BATCH_MS = 8;

interface ResolvedDirective {
  signature: string;
  version: number;
  summary: SourceSummary;
  pre: PreRow[];
  skippedFiles: SkippedFile[];
  unreadableFiles: Array<{ path: string; error: string }>;
  rowSources: RowSource[];
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
  private resolved = new Map<DirectiveIndex, ResolvedDirective>();
  private readSignature = new Map<DirectiveIndex, string>();
  private rowsState: { resolved: ResolvedDirective[]; pre: PreRow[]; details: ReportDetails; distribution: CountMap; problemsKey: string } | null = null;
  private constructor(readonly plan: CorpusPlan, readonly directives: DirectiveIndex[], readonly fs: EngineFs) {
    this.memo = new HashMemo(plan.seed);
  }

  static async build(plan: CorpusPlan, opts: BuildOptions = {}): Promise<CorpusIndex> {
    const fs = opts.fs ?? nodeFs;
    const dirs: DirectiveIndex[] = [];
    for (const d of plan.directives) {
      const index = await indexDirective(plan, d, opts, fs);
      // directory mode on a folder that cannot be listed: nothing to predict (the CLI exits 2)
      const root = index.unreadableDirs.find((u) => u.path === '');
      if (root && plan.mode === 'directory') throw new CorpusError('unreadable', `cannot read directory ${d.abs}: ${root.error}`, d.abs);
      dirs.push(index);
    }
    const index = new CorpusIndex(plan, dirs, fs);
    await index.readNeeded(opts);
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
    for (const d of this.directives) for (const f of d.files) if (f.abs === abs) { f.content = null; f.size = null; hit = true; }
    return hit;
  }

  /** Read every file the current configs keep that has not been read yet. */
  async readNeeded(opts: BuildOptions = {}): Promise<void> {
    const pending: FileRecord[] = [];
    const signatures = new Map<DirectiveIndex, string>();
    for (const d of this.directives) {
      // nothing new can be kept while resolution inputs and file states are unchanged
      const signature = resolutionSignature(d.anchors) + '#' + this.version;
      if (this.readSignature.get(d) === signature) continue;
      const resolver = resolverFor(d);
      for (const f of d.files) if (f.content === null && resolver.resolve(f.rel).kept) pending.push(f);
      signatures.set(d, signature);
    }
    await readFiles(this.fs, pending, opts);
    // only a completed read counts (a cancelled one is resumed next time)
    for (const [d, signature] of signatures) this.readSignature.set(d, signature);
  }

  /**
   * The dry-run report for the current state. Files that the current configs
   * newly keep are read first (only those); everything else comes from the index.
   */
  async report(opts: BuildOptions = {}): Promise<{ report: DryRunReport; details: ReportDetails }> {
    await this.readNeeded(opts);
    return this.reportNow();
  }

  /** Synchronous report from the index; files never read count as unreadable. */
  reportNow(): { report: DryRunReport; details: ReportDetails } {
    const plan = this.plan;
    const resolved = this.directives.map((d, di) => this.resolveDirective(d, di));
    const problems = this.problems();
    const gaps = this.gaps(resolved);
    const problemsKey = JSON.stringify([problems, gaps]);
    // rows, details and distribution depend on resolution only: reuse them
    // (same objects) while it is unchanged, e.g. across weights edits
    let rowsState = this.rowsState;
    if (!rowsState || rowsState.resolved.length !== resolved.length || rowsState.resolved.some((r, i) => r !== resolved[i])) {
      const pre: PreRow[] = [];
      const details: ReportDetails = { skippedFiles: [], unreadableFiles: [], rowSources: [], problems, gaps, unblocked: null };
      if (plan.document) {
        const name = plan.documentAbs!.slice(plan.base.length + 1);
        plan.document.sections.forEach((s, i) => {
          const id = sectionId(s.type, s.content.charCodeAt(0) === 0xfeff ? s.content.slice(1) : s.content);
          for (let r = 0; r < s.rowCount; r++) {
            pre.push({ sectionId: id, origin: `${name}#${i}`, tags: NO_TAGS });
            details.rowSources.push({ directive: -1, index: i });
          }
        });
      }
      for (const r of resolved) {
        for (const p of r.pre) pre.push(p);
        for (const x of r.rowSources) details.rowSources.push(x);
        for (const x of r.skippedFiles) details.skippedFiles.push(x);
        for (const x of r.unreadableFiles) details.unreadableFiles.push(x);
      }
      rowsState = this.rowsState = { resolved, pre, details, distribution: distributionOf(pre), problemsKey };
    } else if (rowsState.problemsKey !== problemsKey) {
      // a config's crash appeared or changed while resolution did not
      rowsState.details = { ...rowsState.details, problems, gaps };
      rowsState.problemsKey = problemsKey;
    }
    const { pre, details } = rowsState;
    const sources: SourceSummary[] = resolved.map((r) => r.summary);
    const configs: ConfigSummary[] = [];
    const merged: WeightMap = new Map();
    for (const d of this.directives) {
      for (const a of d.anchors) {
        configs.push(summarizeAnchor(plan.base, a));
        if (loaded(a)) mergeInto(merged, a.yaml!.config!.weights);
      }
    }
    const { rows, totals, trainError } = expandRows(pre, merged, this.memo);
    const report: DryRunReport = {
      formatVersion: 1, mode: plan.mode, document: plan.documentLabel, seed: this.memo.seed, valFraction: 0.1,
      sources, configs, mergedWeights: merged, rows, distribution: rowsState.distribution, totals, trainError,
      documentError: null,
    };
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
      const label = posixRelative(this.plan.base, a.abs);
      if (a.ignoreTooLarge !== undefined) {
        out.push({
          kind: 'ignore-not-evaluated', path: ignorePath(a.abs),
          message: `${label === '.' ? '' : label + '/'}.dlm/ignore is over 1 MiB (${(a.ignoreTooLarge / 2 ** 20).toFixed(1)} MiB): dlm train applies its rules, but dlm-weights did not evaluate them, so which files under ${label === '.' ? 'the root' : `\`${label}/\``} are excluded is not predicted.`,
        });
      }
      if (a.yaml?.issues.some((i) => i.code === 'file-too-large')) {
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
  private resolveDirective(d: DirectiveIndex, di: number): ResolvedDirective {
    const signature = resolutionSignature(d.anchors);
    const cached = this.resolved.get(d);
    if (cached && cached.signature === signature && cached.version === this.version) return cached;
    const r: ResolvedDirective = { signature, version: this.version, summary: null!, pre: [], skippedFiles: [], unreadableFiles: [], rowSources: [], oddNames: [] };
    r.summary = this.directiveRows(d, di, r.pre, r);
    this.resolved.set(d, r);
    return r;
  }

  private directiveRows(d: DirectiveIndex, di: number, pre: PreRow[], details: Pick<ResolvedDirective, 'skippedFiles' | 'unreadableFiles' | 'rowSources' | 'oddNames'>): SourceSummary {
    const skipped = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
    const summary: SourceSummary = { path: d.directive.path, files: 0, skipped };
    const resolver = resolverFor(d);
    const { maxFiles, maxBytesPerFile } = d.directive;
    const skip = (f: FileRecord, reason: SkipReason) => {
      skipped[reason]++;
      details.skippedFiles.push({ source: d.directive.path, path: originOf(d, f), reason });
    };
    for (let i = 0; i < d.files.length; i++) {
      const f = d.files[i]!;
      if (maxFiles !== null && summary.files >= maxFiles) {
        // the cap stops the walk: every file not yet walked counts as maxFiles
        for (let j = i; j < d.files.length; j++) skip(d.files[j]!, 'maxFiles');
        break;
      }
      const res = resolver.resolve(f.rel);
      if (!res.kept) { skip(f, 'excluded'); continue; }
      if (maxBytesPerFile !== null && f.size !== null && f.size > maxBytesPerFile) { skip(f, 'overSize'); continue; }
      const media = mediaKind(f.rel);
      if (media) { skip(f, media); continue; }
      const c = f.content;
      if (c === null || c.kind === 'unreadable') {
        details.unreadableFiles.push({ path: originOf(d, f), error: c?.kind === 'unreadable' ? c.error : 'not read' });
        continue;
      }
      if (c.kind === 'binary' || c.kind === 'encoding') { skip(f, c.kind); continue; }
      if (c.kind !== 'text') continue;
      summary.files++;
      pre.push({ sectionId: c.sectionId, origin: originOf(d, f), tags: res.tags });
      details.rowSources.push({ directive: di, index: i });
      if (ESCAPED_BYTE.test(f.rel) && hasLoneSurrogate(f.rel)) details.oddNames.push({ origin: originOf(d, f), abs: f.abs });
    }
    return summary;
  }
}

/** A quick filter for names holding escaped bytes (U+DC80..U+DCFF); hasLoneSurrogate confirms. */
const ESCAPED_BYTE = /[\udc80-\udcff]/;

function stripSource(p: EngineProblem & { source?: number }): EngineProblem {
  return { stage: p.stage, kind: p.kind, message: p.message, location: p.location };
}

const NO_TAGS: TagMap = new Map();

/** Images and audio are skipped by name (no blob store for a text base), never read. */
function mediaKind(rel: string): 'image' | 'audio' | null {
  const suffix = pySuffix(rel.slice(rel.lastIndexOf('/') + 1));
  return IMAGE_SUFFIXES.has(suffix) ? 'image' : AUDIO_SUFFIXES.has(suffix) ? 'audio' : null;
}

function originOf(d: DirectiveIndex, f: FileRecord): string {
  return d.originPrefix === '.' ? f.rel : `${d.originPrefix}/${f.rel}`;
}

const resolverCache = new WeakMap<AnchorState[], { key: AnchorState[]; resolver: Resolver }>();
function resolverFor(d: DirectiveIndex): Resolver {
  // A resolver caches per-directory chains; rebuild it when any anchor object changed.
  const hit = resolverCache.get(d.anchors);
  if (hit && hit.key.every((a, i) => d.anchors[i] === a) && hit.key.length === d.anchors.length) return hit.resolver;
  const resolver = new Resolver(d.anchors, d.directive.include, d.directive.exclude);
  resolverCache.set(d.anchors, { key: [...d.anchors], resolver });
  return resolver;
}

function mergeInto(merged: WeightMap, weights: WeightMap): void {
  for (const [k, values] of weights) {
    let m = merged.get(k);
    if (!m) merged.set(k, (m = new Map()));
    for (const [v, f] of values) m.set(v, f);
  }
}

function distributionOf(pre: readonly PreRow[]): CountMap {
  const dist: CountMap = new Map();
  for (const r of pre) {
    for (const [k, v] of r.tags) {
      let m = dist.get(k);
      if (!m) dist.set(k, (m = new Map()));
      m.set(v, (m.get(v) ?? 0) + 1);
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

async function indexDirective(plan: CorpusPlan, d: Directive, opts: BuildOptions, fs: EngineFs): Promise<DirectiveIndex> {
  const originPrefix = posixRelative(plan.base, d.abs);
  if (d.isFile) {
    const name = d.abs.slice(d.abs.lastIndexOf('/') + 1);
    // a single-file directive: the file's own name, no anchors
    return { directive: d, originPrefix: posixRelative(plan.base, join(d.abs, '..')), files: [new FileRecord(join(d.abs, '..'), name)], anchors: [], unreadableDirs: [] };
  }
  opts.onProgress?.({ phase: 'listing', files: 0 });
  const listing = opts.listings?.get(d.abs) ?? await listTree(d.abs, { signal: opts.signal, fs, onDirectory: (n) => opts.onProgress?.({ phase: 'listing', files: n }) });
  const anchors = orderAnchors(
    await Promise.all(listing.anchors.map((rel) => loadAnchor(rel, rel === '' ? d.abs : join(d.abs, rel), opts.overrides, fs))),
  );
  return {
    directive: d, originPrefix,
    files: listing.files.map((rel) => new FileRecord(d.abs, rel)),
    anchors, unreadableDirs: listing.unreadable,
  };
}

/**
 * Read files in walk order, in short synchronous batches with a yield to the
 * event loop between them, so a language server stays responsive and the
 * run can be cancelled. Only ids and sizes are kept.
 */
async function readFiles(fs: EngineFs, files: FileRecord[], opts: BuildOptions): Promise<void> {
  const total = files.length;
  let batchStart = performance.now();
  for (let i = 0; i < total; i++) {
    const f = files[i]!;
    const r = await readAndClassify(fs, f.abs, f.rel, mediaKind(f.rel) !== null);
    f.size = r.size;
    f.content = r.content;
    if (performance.now() - batchStart > BATCH_MS) {
      opts.onProgress?.({ phase: 'reading', files: i + 1, total });
      await new Promise((resolve) => setImmediate(resolve));
      opts.signal?.throwIfAborted();
      batchStart = performance.now();
    }
  }
  opts.onProgress?.({ phase: 'reading', files: total, total });
}
