#!/usr/bin/env node
// npm run test:e2e — end-to-end tests of the extension in a real VS Code.
//
// 1. installs (once, cached in .vscode-test/) Debian's chromium, libkrb5-dev and
//    ripgrep, and VS Code's server build from the pinned code-server package;
// 2. builds the extension (node esbuild.mjs, under the unit tests' build lock)
//    into a private copy (.vscode-test/extension: scripts/e2e/snapshot.mjs),
//    and the suite (out/e2e/suite/index.js);
// 3. packages that copy with vsce and checks what the .vsix holds;
// 4. for each scenario (scripts/e2e/scenarios.mjs): starts a VS Code server in
//    its own process group with throw-away state, opens a temporary copy of
//    the fixture in headless Chromium with the extension-test payload, answers
//    the suite's DOM checks, collects the results, kills the process group;
// 5. prints every test and ends with `N passed, N failed` (exit 1 on any failure).
//
// Options: --only id[,id]  (or DLM_E2E_ONLY)   run some scenarios
//          --keep          (or DLM_E2E_KEEP=1) keep the temporary run folders
//          --verbose       (or DLM_E2E_VERBOSE=1) print the run logs
//          DLM_E2E_RUN_TIMEOUT_MS (default 900000) per scenario: a hang guard
//          DLM_E2E_ELECTRON=1  use @vscode/test-electron instead (needs internet)
// Screenshots and logs go to test-results/e2e/<scenario>/.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { CACHE_DIR, REPO, ensureAll } from './install.mjs';
import { describeVerify, readManifest, verifyVsix } from '../package.mjs';
import { buildSnapshot, packageSnapshot, SNAPSHOT_DIR } from './snapshot.mjs';
import { copyFixture, unlockForRemoval } from './fixtures.mjs';
import { installVsixWithServerCli, runDirs, startServer } from './server.mjs';
import { extractZip } from './zip.mjs';
import { SCENARIOS } from './scenarios.mjs';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ONLY = (opt('--only') ?? process.env.DLM_E2E_ONLY ?? '').split(',').filter(Boolean);
const KEEP = argv.includes('--keep') || process.env.DLM_E2E_KEEP === '1';
const VERBOSE = argv.includes('--verbose') || process.env.DLM_E2E_VERBOSE === '1';
const ELECTRON = process.env.DLM_E2E_ELECTRON === '1';
const RUN_TIMEOUT_MS = Number(process.env.DLM_E2E_RUN_TIMEOUT_MS || 900_000); // a hang guard per scenario
const OUT = join(REPO, 'test-results', 'e2e');
const SUITE_OUT = join(REPO, 'out', 'e2e', 'suite', 'index.js');

const manifest = readManifest();
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

/** @type {{ name: string, state: 'passed' | 'failed' | 'pending', detail?: string }[]} */
const results = [];
const timings = {};
const live = new Set(); // servers to stop if we are interrupted

function print(line = '') {
  process.stdout.write(`${line}\n`);
}

function record(name, state, detail) {
  results.push({ name, state, detail });
  const mark = state === 'passed' ? '✓' : state === 'pending' ? '-' : '✗';
  print(`    ${mark} ${name}${state === 'failed' && detail ? `\n        ${String(detail).split('\n').slice(0, 12).join('\n        ')}` : detail && VERBOSE ? `  (${detail})` : ''}`);
}

async function timed(key, fn) {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    timings[key] = (timings[key] ?? 0) + (Date.now() - t);
  }
}

function buildSuite() {
  return esbuild.build({
    entryPoints: [join(REPO, 'test', 'e2e', 'suite', 'index.ts')],
    outfile: SUITE_OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    // mocha's parallel mode (unused here) require.resolve()s worker files,
    // which esbuild warns about; only errors matter.
    logLevel: 'error',
  });
}

function makeStubExtension(root) {
  // With the .vsix installed, the development path only has to exist for VS
  // Code to run the tests: an empty extension that contributes nothing.
  const dir = join(root, 'runner');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'dlm-weights-e2e-runner', publisher: 'dlm-weights-e2e', version: '0.0.0',
    engines: { vscode: '^1.80.0' }, description: 'Host for the dlm-weights e2e suite',
  }, null, 2));
  return dir;
}

function findInstalled(extDir) {
  const prefix = `${EXTENSION_ID}-`.toLowerCase();
  const hit = readdirSync(extDir).find((n) => n.toLowerCase().startsWith(prefix) && existsSync(join(extDir, n, 'package.json')));
  return hit ? join(extDir, hit) : null;
}

/** Installs the .vsix with the server's CLI; falls back to unpacking it. */
function installVsix(dirs, vsix) {
  const r = installVsixWithServerCli(dirs, vsix);
  const dir = findInstalled(dirs.ext);
  if (r.ok && dir) return { method: 'server-main.js --install-extension', dir, output: r.output };
  const dest = join(dirs.ext, `${EXTENSION_ID}-${manifest.version}`);
  rmSync(dest, { recursive: true, force: true });
  extractZip(vsix, dest, 'extension/');
  return { method: `unpacked extension/ (server CLI failed: ${r.output.trim().split('\n').pop()})`, dir: dest, output: r.output };
}

function tail(file, n) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

async function runScenario(s, vsix) {
  const outDir = join(OUT, s.id);
  mkdirSync(outDir, { recursive: true });
  const logFile = join(outDir, 'run.log');
  const root = mkdtempSync(join(tmpdir(), `dlm-e2e-${s.id}-`));
  const dirs = runDirs(root);
  const t0 = Date.now();
  const before = results.length;
  let server;
  print(`  ● ${s.id}: ${s.title}  [fixture ${s.fixture}${s.workspace ? `/${s.workspace}` : ''}, ${s.install}${ELECTRON ? ', electron' : ''}]`);
  try {
    const copy = copyFixture(s.fixture, dirs.ws);
    const openPath = s.workspace ? join(copy, s.workspace) : copy;
    // 'dev': the built extension as extensionDevelopmentPath (the private copy
    // of the work tree's build, see snapshot.mjs).
    let devPath = SNAPSHOT_DIR;
    let extensionDir = SNAPSHOT_DIR;
    if (s.install === 'vsix') {
      devPath = makeStubExtension(root);
      if (ELECTRON) {
        extensionDir = '';
      } else {
        const inst = installVsix(dirs, vsix);
        writeFileSync(join(outDir, 'vsix-install.log'), inst.output);
        extensionDir = inst.dir;
        record(`[${s.id}] .vsix installed into the run's extensions folder via ${inst.method}`, 'passed', relative(root, inst.dir));
      }
    }
    const resultsFile = join(root, 'results.json');
    const env = {
      DLM_E2E_SCENARIO: s.suite,
      DLM_E2E_RESULTS: resultsFile,
      DLM_E2E_WORKSPACE: openPath,
      DLM_E2E_EXTENSION_DIR: extensionDir,
      DLM_E2E_MODE: ELECTRON ? `electron-${s.install}` : s.install,
      DLM_E2E_BRIDGE: ELECTRON ? '' : dirs.bridge,
    };

    let run;
    if (ELECTRON) {
      const { runInElectron } = await import('./electron.mjs');
      run = await runInElectron({ scenario: s, dirs, openPath, devPath, suitePath: SUITE_OUT, env, vsix, timeoutMs: RUN_TIMEOUT_MS });
    } else {
      const { runInBrowser } = await import('./browser.mjs');
      server = await startServer(dirs, { env, logFile: join(outDir, 'server.log') });
      live.add(server);
      run = await runInBrowser({
        dirs, outDir, logFile, timeoutMs: RUN_TIMEOUT_MS, serverExited: server.exitPromise,
        url: server.url, port: server.port, openPath, isWorkspaceFile: !!s.workspace, devPath, suitePath: SUITE_OUT,
      });
    }

    const suite = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
    for (const t of suite?.tests ?? []) {
      record(`[${s.id}] ${t.title}`, t.state, t.state === 'failed' ? t.error : `${t.durationMs} ms`);
    }
    if (!suite) {
      const why = run.timedOut ? `timed out after ${RUN_TIMEOUT_MS} ms` : run.error ?? `suite ended with exit code ${run.exitCode} before writing results`;
      record(`[${s.id}] the suite ran and reported`, 'failed', `${why}\n${tail(logFile, 15)}`);
    } else if (run.timedOut) {
      record(`[${s.id}] the suite finished in time`, 'failed', `timed out after ${RUN_TIMEOUT_MS} ms`);
    } else if (run.exitCode !== 0 && suite.failed === 0) {
      record(`[${s.id}] the suite exited cleanly`, 'failed', `exit code ${run.exitCode}${run.error ? `: ${run.error}` : ''}`);
    }
  } catch (e) {
    record(`[${s.id}] harness`, 'failed', e?.stack ?? String(e));
  } finally {
    if (server) {
      await server.stop();
      live.delete(server);
    }
    const failed = results.slice(before).some((r) => r.state === 'failed');
    const logs = join(dirs.sd, 'data', 'logs');
    if (failed && existsSync(logs)) cpSync(logs, join(outDir, 'vscode-logs'), { recursive: true });
    if (VERBOSE || failed) {
      print(`    log: ${relative(REPO, logFile)}`);
      if (VERBOSE) print(readFileSync(logFile, 'utf8').replace(/^/gm, '      | '));
    }
    if (KEEP) print(`    run folder kept: ${root}`);
    else {
      unlockForRemoval(root);
      rmSync(root, { recursive: true, force: true });
    }
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    print(`    ${failed ? 'FAILED' : 'passed'} ${s.id} in ${secs} s`);
    timings[`run ${s.id}`] = Date.now() - t0;
  }
}

function stopAll() {
  for (const s of live) {
    try { process.kill(-s.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopAll();
    process.exit(130);
  });
}

function finish() {
  const passed = results.filter((r) => r.state === 'passed').length;
  const failed = results.filter((r) => r.state === 'failed').length;
  const skipped = results.filter((r) => r.state === 'pending').length;
  const secs = (ms) => `${((ms ?? 0) / 1000).toFixed(1)} s`;
  const runs = Object.entries(timings).filter(([k]) => k.startsWith('run ')).reduce((a, [, v]) => a + v, 0);
  print('');
  print(`e2e timings: install ${secs(timings.install)}${timings.installCached ? ' (cached)' : ''}, build ${secs(timings.build)}, package ${secs(timings.package)}, scenarios ${secs(runs)}, total ${secs(Date.now() - T0)}`);
  writeFileSync(join(OUT, 'summary.json'), JSON.stringify({ passed, failed, skipped, timings, results }, null, 2));
  print(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

const T0 = Date.now();
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const unknown = ONLY.filter((id) => !SCENARIOS.some((s) => s.id === id));
if (unknown.length) {
  print(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const scenarios = SCENARIOS.filter((s) => (ONLY.length ? ONLY.includes(s.id) : !s.onlyWhenNamed));
print(`e2e: ${scenarios.length} scenario(s)${ELECTRON ? ' with @vscode/test-electron' : ' in VS Code server + headless Chromium'}`);

main: {
  print('  ● setup');
  if (!ELECTRON) {
    try {
      const r = await timed('install', () => ensureAll());
      timings.installCached = r.codeServerCached && !r.aptInstalled.length;
      if (VERBOSE) print(`    install: ${JSON.stringify(r)}`);
    } catch (e) {
      record('install VS Code server and Chromium', 'failed', e?.message ?? String(e));
      break main;
    }
  }
  try {
    await timed('build', async () => {
      await buildSnapshot();
      await buildSuite();
    });
  } catch (e) {
    record('build the extension and the e2e suite', 'failed', e?.message ?? String(e));
    break main;
  }

  let vsix = null;
  if (scenarios.some((s) => s.install === 'vsix')) {
    await timed('package', () => {
      const file = join(CACHE_DIR, 'vsix', `${manifest.name}-${manifest.version}.vsix`);
      const r = packageSnapshot(file);
      writeFileSync(join(OUT, 'vsce.log'), r.output);
      record('vsce package builds a .vsix', r.ok ? 'passed' : 'failed', r.ok ? relative(REPO, file) : r.output.trim());
      if (!r.ok) return;
      vsix = file;
      const v = verifyVsix(file);
      writeFileSync(join(OUT, 'vsix-contents.txt'), `${v.entries.join('\n')}\n`);
      record('the .vsix holds only dist bundles, schemas, media, README, CHANGELOG, LICENSE, package.json', v.ok ? 'passed' : 'failed', describeVerify(v));
      // Everything the build writes to dist/ is loaded at run time (the
      // extension, server, CLI, webview script and stylesheet): all of it must
      // be packaged. Source maps are not.
      const built = readdirSync(join(SNAPSHOT_DIR, 'dist')).filter((n) => !n.endsWith('.map')).map((n) => `extension/dist/${n}`);
      const left = built.filter((n) => !v.entries.includes(n));
      record('the .vsix holds every file the build writes to dist/ (source maps aside)', left.length ? 'failed' : 'passed', left.length ? `missing from the .vsix: ${left.join(', ')}` : `${built.length} files`);
    });
  }

  for (const s of scenarios) {
    if (s.install === 'vsix' && !vsix) {
      print(`  ● ${s.id}: ${s.title}`);
      record(`[${s.id}] run`, 'failed', 'not run: there is no .vsix to install');
      continue;
    }
    await runScenario(s, vsix);
  }
}
finish();
