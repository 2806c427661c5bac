// Builds and packages the extension into a .vsix with @vscode/vsce, offline
// (no dependency detection: everything the extension needs is bundled into
// dist/), then checks that the package holds only what it should.
//
//   npm run package                     production build, writes dlm-weights-<version>.vsix
//   node scripts/package.mjs --no-build --out FILE   package the current dist/ as FILE
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listZip } from './e2e/zip.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function readManifest() {
  return JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
}

export function buildExtension({ production = false } = {}) {
  const r = spawnSync(process.execPath, ['esbuild.mjs', ...(production ? ['--production'] : [])], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`node esbuild.mjs${production ? ' --production' : ''} failed (${r.status})`);
}

/** Runs `vsce package`; returns { ok, output }. */
export function runVsce(out) {
  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const vsce = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'], // never wait on a prompt
    timeout: 120_000,
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`;
  return { ok: r.status === 0 && existsSync(out), output };
}

// What a .vsix may contain: vsce's two manifest files, and under extension/ only
// the dist bundles, schemas, media, README, CHANGELOG, LICENSE and package.json.
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/README\.md$/i, // vsce writes readme.md and changelog.md in lower case
  /^extension\/CHANGELOG\.md$/i,
  /^extension\/LICENSE(\.txt|\.md)?$/,
  /^extension\/dist\/[^/]+\.(js|css)$/,
  /^extension\/schemas\/.+\.json$/,
  /^extension\/media\/.+/,
];

/** Lists a .vsix and reports entries outside the allowed set and required entries that are missing. */
export function verifyVsix(file) {
  const entries = listZip(file).map((e) => e.name).filter((n) => !n.endsWith('/'));
  const unexpected = entries.filter((n) => !ALLOWED.some((re) => re.test(n)));
  const main = readManifest().main;
  // the extension's language server and its corpus read workers (started from beside it)
  const required = ['extension/package.json', 'extension/dist/server.js', 'extension/dist/readWorker.js', 'extension/dist/measureWorker.js', ...(main ? [`extension/${main.replace(/^\.\//, '')}`] : [])];
  const missing = required.filter((r) => !entries.includes(r));
  if (!entries.some((n) => /^extension\/LICENSE/.test(n))) missing.push('extension/LICENSE');
  return { ok: unexpected.length === 0 && missing.length === 0, entries, unexpected, missing };
}

export function describeVerify(v) {
  const parts = [];
  if (v.unexpected.length) parts.push(`unexpected files: ${v.unexpected.join(', ')}`);
  if (v.missing.length) parts.push(`missing: ${v.missing.join(', ')}`);
  return parts.join('; ') || `${v.entries.length} entries, all allowed`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const { name, version } = readManifest();
  const out = resolve(outIdx >= 0 ? args[outIdx + 1] : join(REPO, `${name}-${version}.vsix`));
  if (!args.includes('--no-build')) buildExtension({ production: true });
  const r = runVsce(out);
  process.stdout.write(r.output);
  if (!r.ok) {
    process.stderr.write('vsce package failed\n');
    process.exit(1);
  }
  const v = verifyVsix(out);
  for (const e of v.entries) process.stdout.write(`  ${e}\n`);
  if (!v.ok) {
    process.stderr.write(`${out}: ${describeVerify(v)}\n`);
    process.exit(1);
  }
  process.stdout.write(`packaged ${out} (${describeVerify(v)})\n`);
}
