// Installs what the e2e harness needs to run a real VS Code on a machine without
// internet (see the project's real-vscode-e2e spec):
//   - Debian packages chromium, libkrb5-dev, ripgrep (apt-get, only if missing);
//   - VS Code's server build from the pinned code-server npm package, into the
//     git-ignored .vscode-test/code-server (skipped when already there).
// Run alone with `node scripts/e2e/install.mjs`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CACHE_DIR = join(REPO, '.vscode-test');
// DLM_E2E_CODE_SERVER_DIR moves the install out of the clone (e.g. a cache kept between CI runs).
export const CODE_SERVER_PREFIX = process.env.DLM_E2E_CODE_SERVER_DIR ? resolve(process.env.DLM_E2E_CODE_SERVER_DIR) : join(CACHE_DIR, 'code-server');
export const CODE_SERVER_PKG = join(CODE_SERVER_PREFIX, 'node_modules', 'code-server');
export const VSCODE_DIR = join(CODE_SERVER_PKG, 'lib', 'vscode');
export const SERVER_MAIN = join(VSCODE_DIR, 'out', 'server-main.js');
export const CHROMIUM = '/usr/bin/chromium';

const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];
const MARKER = join(CODE_SERVER_PREFIX, '.installed');
// @vscode/ripgrep's postinstall looks here before downloading rg from GitHub.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

function log(msg) {
  process.stdout.write(`[e2e install] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  return r;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

export function ensureSystemPackages() {
  const missing = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (!missing.length && existsSync(CHROMIUM)) return { installed: [] };
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(`missing Debian packages ${missing.join(' ')}: run as root, or \`sudo apt-get install -y ${APT_PACKAGES.join(' ')}\``);
  }
  log(`apt-get update; apt-get install -y ${APT_PACKAGES.join(' ')} (missing: ${missing.join(' ') || 'chromium binary'})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', ...APT_PACKAGES], { env });
  return { installed: missing };
}

function codeServerReady() {
  if (!existsSync(MARKER) || !existsSync(SERVER_MAIN)) return false;
  try {
    const pkg = JSON.parse(readFileSync(join(CODE_SERVER_PKG, 'package.json'), 'utf8'));
    return pkg.version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

export function ensureCodeServer() {
  if (codeServerReady()) return { cached: true };
  log(`installing code-server@${CODE_SERVER_VERSION} into ${CODE_SERVER_PREFIX} (first run only, about a minute)`);
  rmSync(CODE_SERVER_PREFIX, { recursive: true, force: true });
  const tmp = `${CODE_SERVER_PREFIX}.tmp`; // TMPDIR of the install: holds the pre-filled ripgrep cache
  mkdirSync(join(tmp, RIPGREP_CACHE), { recursive: true });
  mkdirSync(CODE_SERVER_PREFIX, { recursive: true });
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/rg';
  run('tar', ['-czf', join(tmp, RIPGREP_CACHE, RIPGREP_ASSET), '-C', dirname(rg), 'rg']);
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  run('npm', ['install', '--prefix', CODE_SERVER_PREFIX, '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { env });
  if (!existsSync(SERVER_MAIN)) throw new Error(`code-server installed but ${SERVER_MAIN} is missing`);
  // The package ships VS Code's runtime node_modules with prebuilt native modules.
  // Its postinstall (which npm may skip: newer npm blocks dependency install
  // scripts unless allowed) would also link node_modules.asar to node_modules,
  // where VS Code and extensions look for bundled files; do that part here.
  const asar = join(VSCODE_DIR, 'node_modules.asar');
  let hasAsar = false;
  try { lstatSync(asar); hasAsar = true; } catch { /* missing */ }
  if (!hasAsar) symlinkSync('node_modules', asar);
  writeFileSync(MARKER, `code-server@${CODE_SERVER_VERSION}\n`);
  rmSync(tmp, { recursive: true, force: true });
  return { cached: false };
}

export function ensureAll() {
  const t0 = Date.now();
  const apt = ensureSystemPackages();
  const t1 = Date.now();
  const cs = ensureCodeServer();
  const t2 = Date.now();
  return { aptMs: t1 - t0, aptInstalled: apt.installed, codeServerMs: t2 - t1, codeServerCached: cs.cached };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = ensureAll();
  log(`apt ${r.aptInstalled.length ? `installed ${r.aptInstalled.join(' ')}` : 'ok'} (${r.aptMs} ms); code-server ${r.codeServerCached ? 'cached' : 'installed'} (${r.codeServerMs} ms)`);
}
