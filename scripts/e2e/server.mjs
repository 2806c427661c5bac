// Starts VS Code's server build in its own process group with throw-away state
// under a run folder, and stops it by killing the whole group.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, openSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_MAIN } from './install.mjs';

export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'editor.hover.delay': 100,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  // the scenarios' edits stay unsaved until a scenario saves (a product default may save after a delay)
  'files.autoSave': 'off',
};

// No extension gallery: the product's default (open-vsx.org) is unreachable here,
// and the workbench would keep trying it. An empty gallery turns it off.
export const OFFLINE_ENV = { EXTENSIONS_GALLERY: '{}' };

/** Folders of one run; everything the server, the extension host and Chromium write goes here. */
export function runDirs(root) {
  const d = {
    root,
    ud: join(root, 'ud'),
    sd: join(root, 'sd'),
    ext: join(root, 'ext'),
    tmp: join(root, 'tmp'),
    home: join(root, 'home'),
    xdgConfig: join(root, 'xdg', 'config'),
    xdgCache: join(root, 'xdg', 'cache'),
    xdgData: join(root, 'xdg', 'data'),
    chrome: join(root, 'chrome'),
    bridge: join(root, 'bridge'),
    ws: join(root, 'ws'),
  };
  for (const k of Object.keys(d)) mkdirSync(d[k], { recursive: true });
  mkdirSync(join(d.ud, 'User'), { recursive: true });
  writeFileSync(join(d.ud, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  mkdirSync(join(d.sd, 'data', 'Machine'), { recursive: true });
  writeFileSync(join(d.sd, 'data', 'Machine', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return d;
}

/** Environment that keeps a process's files inside the run folder. */
export function isolatedEnv(dirs, extra = {}) {
  return {
    ...process.env,
    TMPDIR: dirs.tmp,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_DATA_HOME: dirs.xdgData,
    ...extra,
  };
}

function dataDirArgs(dirs) {
  return ['--user-data-dir', dirs.ud, '--server-data-dir', dirs.sd, '--extensions-dir', dirs.ext];
}

export async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/**
 * Installs a .vsix with the server's own CLI into the run's extensions folder.
 * Returns { ok, output }.
 */
export function installVsixWithServerCli(dirs, vsix) {
  const r = spawnSync(process.execPath, [SERVER_MAIN, ...dataDirArgs(dirs), '--accept-server-license-terms', '--install-extension', vsix, '--force'], {
    env: isolatedEnv(dirs, OFFLINE_ENV),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}

/**
 * Starts the server and waits until /version answers.
 * @returns {Promise<{ port: number, pid: number, url: string, stop: () => Promise<void>, exited: () => boolean, exitPromise: Promise<void> }>}
 */
export async function startServer(dirs, { env = {}, logFile }) {
  const port = await freePort();
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [
    SERVER_MAIN,
    '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms',
    '--enable-smoke-test-driver', '--disable-telemetry',
    ...dataDirArgs(dirs),
  ], {
    // detached = setsid: the server gets its own process group, so killing the
    // group also ends its extension host, file watchers and pty helpers.
    detached: true,
    stdio: ['ignore', out, out],
    env: isolatedEnv(dirs, { ...OFFLINE_ENV, ...env }),
    cwd: dirs.root,
  });
  closeSync(out);
  let exited = false;
  const exitPromise = new Promise((res) => child.on('exit', () => { exited = true; res(); }));
  const pid = child.pid;
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    for (const sig of ['SIGTERM', 'SIGKILL']) {
      try { process.kill(-pid, sig); } catch { return; /* group gone */ }
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        try { process.kill(-pid, 0); } catch { return; }
        await sleep(100);
      }
    }
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`VS Code server exited during start-up (see ${logFile})`);
    try {
      const r = await fetch(`${url}/version`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`VS Code server did not answer on ${url}/version within 30 s (see ${logFile})`);
    }
    await sleep(100);
  }
  return { port, pid, url, stop, exited: () => exited, exitPromise };
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
