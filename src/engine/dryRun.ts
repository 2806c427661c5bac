// One-call entry points: plan a corpus, index it, report. The CLI uses these;
// the language server keeps the CorpusIndex to recompute incrementally.
import { join, relative, resolve, sep } from 'node:path';
import { CorpusIndex, type BuildOptions, type ReportDetails } from './corpus/corpusIndex.js';
import { planDirectory, planDocument, type CorpusPlan } from './corpus/directives.js';
import { describeTrainTarget, resolveTrainTarget } from './corpus/trainTarget.js';
import { nodeFs } from './fs/index.js';
import { CorpusError } from './problems.js';
import type { DryRunReport } from './types.js';

export interface DryRunOptions extends BuildOptions {
  seed?: bigint;
  /** Label for the document in the report (default: the path as given; for a folder, the folder as given joined with the document's place in it). */
  documentLabel?: string;
  /** A folder is dry-run in directory mode, without looking for its documents (`--directory`). */
  directory?: boolean;
}

/**
 * A `.dlm` file is planned as a document; a folder as `dlm train` takes it
 * (corpus/trainTarget.ts): its `.dlm/corpus.dlm`, else its only `.dlm/*.dlm`,
 * else directory mode; several documents and none named corpus.dlm are a
 * CorpusError, as dlm refuses them. `directory: true` forces directory mode.
 */
export async function planCorpus(path: string, opts: DryRunOptions = {}): Promise<CorpusPlan> {
  const fs = opts.fs ?? nodeFs;
  const abs = resolve(path);
  if (fs.stat(abs)?.kind !== 'dir') return planDocument(path, opts.seed, undefined, opts.documentLabel, fs);
  if (opts.directory) return planDirectory(path, opts.seed, fs);
  const target = resolveTrainTarget(abs, fs);
  const label = opts.documentLabel ?? path.split(sep).join('/');
  switch (target.kind) {
    case 'directory':
      return planDirectory(path, opts.seed, fs);
    case 'document':
      return planDocument(target.path, opts.seed, undefined, join(label, relative(abs, target.path)).split(sep).join('/'), fs);
    case 'ambiguous':
      throw new CorpusError('several-documents', describeTrainTarget(target, label), abs);
  }
}

export async function dryRun(path: string, opts: DryRunOptions = {}): Promise<{ report: DryRunReport; details: ReportDetails; index: CorpusIndex }> {
  const plan = await planCorpus(path, opts);
  const index = await CorpusIndex.build(plan, opts);
  const { report, details } = await index.report(opts);
  return { report, details, index };
}
