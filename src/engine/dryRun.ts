// One-call entry points: plan a corpus, index it, report. The CLI uses these;
// the language server keeps the CorpusIndex to recompute incrementally.
import { resolve } from 'node:path';
import { CorpusIndex, type BuildOptions, type ReportDetails } from './corpus/corpusIndex.js';
import { planDirectory, planDocument, type CorpusPlan } from './corpus/directives.js';
import { nodeFs } from './fs/index.js';
import type { DryRunReport } from './types.js';

export interface DryRunOptions extends BuildOptions {
  seed?: bigint;
  /** Label for the document in the report (default: the path as given). */
  documentLabel?: string;
}

/** A directory is dry-run in directory mode, a file as a `.dlm` document. */
export async function planCorpus(path: string, opts: DryRunOptions = {}): Promise<CorpusPlan> {
  const fs = opts.fs ?? nodeFs;
  const isDir = fs.stat(resolve(path))?.kind === 'dir';
  return isDir ? planDirectory(path, opts.seed, fs) : planDocument(path, opts.seed, undefined, opts.documentLabel, fs);
}

export async function dryRun(path: string, opts: DryRunOptions = {}): Promise<{ report: DryRunReport; details: ReportDetails; index: CorpusIndex }> {
  const plan = await planCorpus(path, opts);
  const index = await CorpusIndex.build(plan, opts);
  const { report, details } = await index.report(opts);
  return { report, details, index };
}
