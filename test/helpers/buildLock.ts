// The lock every test suite takes around `node esbuild.mjs` (the shared
// dist/ must not be rebuilt under a running test). mkdir is atomic; a stale
// lock older than 3 minutes is taken over.
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BUILD_LOCK = join(tmpdir(), 'dlmw-cli-build.lock');

export async function acquireLock(lock = BUILD_LOCK): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      return;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 180_000) { rmdirSync(lock); continue; }
      } catch { continue; }
      if (i > 1200) throw new Error(`could not take the build lock ${lock}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function releaseLock(lock = BUILD_LOCK): void {
  try { rmdirSync(lock); } catch { /* already gone */ }
}
