// A corpus in memory, indexed: `files` (paths relative to /w) in directory
// mode, or as the sources of the `.dlm` document `document`. Shared by the
// engine tests and the provider tests (which wrap it in a snapshot).
import { CorpusIndex } from '../../src/engine/corpus/corpusIndex';
import { documentLabelIn, planDirectory, planDocument } from '../../src/engine/corpus/directives';
import { MemoryFs } from '../../src/engine/fs/index';

export const ROOT = '/w';

export async function memoryIndex(files: Record<string, string | Uint8Array>, opts: { document?: string; seed?: bigint } = {}) {
  const fs = new MemoryFs(Object.fromEntries(Object.entries(files).map(([rel, text]) => [`${ROOT}/${rel}`, text])));
  const plan = opts.document
    ? await planDocument(`${ROOT}/${opts.document}`, opts.seed, undefined, documentLabelIn(ROOT, `${ROOT}/${opts.document}`), fs)
    : await planDirectory(ROOT, opts.seed, fs);
  const index = await CorpusIndex.build(plan, { fs });
  const { report, details } = await index.report();
  return { fs, index, report, details };
}
