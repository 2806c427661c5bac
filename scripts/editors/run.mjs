#!/usr/bin/env node
// The `editors` tier: the language server driven by real third-party clients.
// Today: a headless Neovim 0.7+ (Debian's `neovim`, /usr/bin/nvim), set up with
// the README's Neovim 0.7–0.10 recipe, on a fresh copy of a small workspace.
// test/editors/nvim/checks.lua does the editing and writes one result per
// check; this script prepares everything, prints each check and exits non-zero
// when one failed (or Neovim is missing, or hung).
//   node scripts/editors/run.mjs            (builds dist/ first)
//   DLMW_CLI=path/to/cli.js node scripts/editors/run.mjs   (no build)
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NVIM = process.env.DLMW_NVIM ?? 'nvim';
/** Hang guard for the whole Neovim run (it normally takes seconds). */
const HANG_MS = 10 * 60_000;

/** The workspace the checks edit (checks.lua relies on these exact files). */
const WORKSPACE = {
  '.dlm/training.yaml': 'weights:\n  lang:\n    py: 2.5\n',
  'src/.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 0.5\n',
  'src/a.py': 'print(1)\n',
  'src/b.py': 'print(2)\n',
  'docs/.dlm/training.yaml': 'metadata:\n  kind: doc\nweights:\n  generated:\n    true: 0.1\n',
  'docs/guide.md': 'a guide\n',
};
const IDLE_WORKSPACE = {
  '.github/workflows/ci.yaml': 'on: push\njobs: {}\n',
  'src/main.py': 'print(3)\n',
};

function fail(message) {
  process.stderr.write(`editors: ${message}\n`);
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}

function makeTree(root, files) {
  for (const [rel, text] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

/** The first ```lua block after the "Neovim 0.7 – 0.10" heading of README.md: the recipe users copy. */
function recipeFromReadme() {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const at = readme.indexOf('**Neovim 0.7 – 0.10**');
  const m = at < 0 ? null : /```lua\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!m) fail('README.md has no Neovim 0.7 – 0.10 recipe');
  return m[1];
}

function version() {
  const r = spawnSync(NVIM, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) fail(`Neovim not found (${NVIM}): install it (Debian: apt-get install neovim)`);
  return r.stdout.split('\n')[0];
}

function serverCli(tmp) {
  if (process.env.DLMW_CLI) return process.env.DLMW_CLI;
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8' });
  if (b.status !== 0) fail(`node esbuild.mjs failed:\n${b.stdout}${b.stderr}`);
  // a private copy: a build running meanwhile cannot swap it mid-test
  // (`lsp` loads the server bundle beside the CLI's)
  for (const f of ['cli.js', 'server.js', 'readWorker.js', 'measureWorker.js']) copyFileSync(join(REPO, 'dist', f), join(tmp, f));
  return join(tmp, 'cli.js');
}

const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dlmw-editors-')));
let code = 1;
try {
  process.stdout.write(`editors: ${version()}\n`);
  const cli = serverCli(tmp);
  // `dlm-weights` on PATH, as the recipe expects it
  const bin = join(tmp, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'dlm-weights'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  chmodSync(join(bin, 'dlm-weights'), 0o755);

  const ws = join(tmp, 'ws');
  makeTree(ws, WORKSPACE);
  mkdirSync(join(ws, '.git')); // the recipe's root search stops at the repository root
  const idle = join(tmp, 'idle');
  makeTree(idle, IDLE_WORKSPACE);
  const recipe = join(tmp, 'recipe.lua');
  writeFileSync(recipe, recipeFromReadme());
  const out = join(tmp, 'results.json');

  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    DLMW_RECIPE: recipe, DLMW_WS: ws, DLMW_WS_IDLE: idle, DLMW_OUT: out,
    // Neovim's own state (LSP log, shada) stays in the temp dir
    XDG_STATE_HOME: join(tmp, 'state'), XDG_CACHE_HOME: join(tmp, 'cache'), XDG_DATA_HOME: join(tmp, 'data'), XDG_CONFIG_HOME: join(tmp, 'config'),
  };
  const script = join(REPO, 'test/editors/nvim/checks.lua');
  const nvim = spawn(NVIM, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`], { env, cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  nvim.stdout.on('data', () => undefined);
  nvim.stderr.on('data', (b) => { stderr += b; });
  const exit = await new Promise((res) => {
    const t = setTimeout(() => { nvim.kill('SIGKILL'); res('hung'); }, HANG_MS);
    nvim.on('exit', (c, sig) => { clearTimeout(t); res(c ?? sig); });
  });
  if (!existsSync(out)) fail(`Neovim wrote no results (exit ${exit})\n${stderr}`);
  const results = JSON.parse(readFileSync(out, 'utf8'));
  if (!Array.isArray(results) || results.length === 0) fail('no checks ran');
  let failed = 0;
  for (const r of results) {
    process.stdout.write(`  ${r.ok ? '✔' : '✖'} nvim: ${r.name}\n`);
    if (!r.ok) {
      failed++;
      process.stdout.write(`${String(r.detail).split('\n').map((l) => `      ${l}`).join('\n')}\n`);
    }
  }
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  code = failed ? 1 : 0;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
