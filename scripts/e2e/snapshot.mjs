// Builds the extension and copies what VS Code loads (package.json, dist/,
// schemas/, media/, the package's documents, .vscodeignore) into a private
// folder, under the build lock the unit tests use. Everything an e2e run
// loads — the development extension, the CLI the suite compares against, the
// .vsix — comes from that copy, so a build started meanwhile in the same
// work tree cannot swap bundles under a running scenario.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE_DIR, REPO } from './install.mjs';

export const SNAPSHOT_DIR = join(CACHE_DIR, 'extension');
// Shared with test/helpers/cli.ts and test/server/lspHarness.ts.
const LOCK = join(tmpdir(), 'dlmw-cli-build.lock');
const ENTRIES = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'dist', 'schemas', 'media'];

async function acquire(lock) {
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

/** `node esbuild.mjs` (development build) and a fresh copy in SNAPSHOT_DIR. */
export async function buildSnapshot() {
  await acquire(LOCK);
  try {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8', timeout: 180_000 });
    if (r.status !== 0) throw new Error(`node esbuild.mjs failed (${r.status ?? r.error?.message}):\n${r.stdout}${r.stderr}`);
    rmSync(SNAPSHOT_DIR, { recursive: true, force: true });
    mkdirSync(SNAPSHOT_DIR, { recursive: true });
    for (const e of ENTRIES) {
      if (existsSync(join(REPO, e))) cpSync(join(REPO, e), join(SNAPSHOT_DIR, e), { recursive: true });
    }
  } finally {
    try { rmdirSync(LOCK); } catch { /* already gone */ }
  }
  return SNAPSHOT_DIR;
}

/** `vsce package` of the snapshot (offline: everything is bundled into dist/). */
export function packageSnapshot(out) {
  mkdirSync(join(out, '..'), { recursive: true });
  rmSync(out, { force: true });
  const vsce = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], {
    cwd: SNAPSHOT_DIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'], // never wait on a prompt
    timeout: 120_000,
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`;
  return { ok: r.status === 0 && existsSync(out), output };
}
