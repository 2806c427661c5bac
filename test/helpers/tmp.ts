// Temp directories and corpus materialisation (bytes, not text) for tests.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CorpusSpec } from './shared';

export function makeTempDir(prefix = 'dlmw-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Writes every `dirs` entry and every file's exact bytes under `root`. */
export function materialize(root: string, corpus: Pick<CorpusSpec, 'files' | 'dirs'>): void {
  for (const d of corpus.dirs ?? []) mkdirSync(join(root, d), { recursive: true });
  for (const f of corpus.files) {
    const p = join(root, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, Buffer.from(f.b64, 'base64'));
  }
}

/** Creates a temp dir holding the corpus, runs `fn`, removes it. */
export async function withCorpus<T>(corpus: Pick<CorpusSpec, 'files' | 'dirs'>, fn: (root: string) => Promise<T> | T, prefix = 'dlmw-corpus-'): Promise<T> {
  const root = makeTempDir(prefix);
  try {
    materialize(root, corpus);
    return await fn(root);
  } finally {
    removeDir(root);
  }
}

/** Writes a tree of text/bytes files (POSIX relative paths). */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [p, c] of Object.entries(files)) {
    const abs = join(root, p);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, c);
  }
}

/**
 * Everything under `root` (never following symlinks): kind, size, mode and a
 * content hash per entry, sorted. Compare two snapshots to prove nothing was
 * created, removed or changed.
 */
export function snapshotTree(root: string): string[] {
  const out: string[] = [];
  const visit = (rel: string): void => {
    const abs = rel ? join(root, rel) : root;
    for (const name of readdirSync(abs).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, r));
      if (st.isDirectory()) {
        out.push(`d ${r} ${st.mode.toString(8)}`);
        visit(r);
      } else if (st.isFile()) {
        out.push(`f ${r} ${st.size} ${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(join(root, r))).digest('hex').slice(0, 16)} ${st.mtimeMs}`);
      } else {
        out.push(`${st.isSymbolicLink() ? 'l' : 'o'} ${r}`);
      }
    }
  };
  visit('');
  return out;
}
