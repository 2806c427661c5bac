// An in-memory corpus and its snapshot, for the provider tests: no disk, no
// server, no event loop work beyond the engine's own.
import type { CorpusIndex } from '../../src/engine/corpus/corpusIndex';
import type { MemoryFs } from '../../src/engine/fs/index';
import { Snapshot } from '../../src/server/features/snapshot';
import { ROOT, memoryIndex } from '../helpers/memoryIndex';

export { ROOT };

export interface MemoryCorpus {
  fs: MemoryFs;
  index: CorpusIndex;
  snapshot: Snapshot;
  /** Absolute path of a file of the corpus. */
  path(rel: string): string;
  /** The text of a file of the corpus. */
  text(rel: string): string;
}

/** `files` (paths relative to /w) indexed in directory mode, or as the sources of the `.dlm` document `document`. */
export async function memoryCorpus(files: Record<string, string>, opts: { document?: string; seed?: bigint } = {}): Promise<MemoryCorpus> {
  const { fs, index, report, details } = await memoryIndex(files, opts);
  return {
    fs, index, snapshot: new Snapshot(index, report, details),
    path: (rel) => `${ROOT}/${rel}`,
    text: (rel) => files[rel]!,
  };
}

/** The markdown of a hover, or ''. */
export function hoverText(h: unknown): string {
  const c = (h as { contents?: { value?: string } } | null)?.contents;
  return typeof c?.value === 'string' ? c.value : '';
}
