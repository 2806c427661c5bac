// DLM_E2E_ELECTRON=1: runs the same scenarios in desktop VS Code through
// @vscode/test-electron, for machines with internet (it downloads VS Code from
// Microsoft at run time, which fails offline). There is no browser page here,
// so the suite's DOM checks answer "skipped". On a Linux machine without a
// display, run it under `xvfb-run -a npm run test:e2e`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CACHE_DIR } from './install.mjs';

export const ELECTRON_VSCODE_VERSION = process.env.DLM_E2E_VSCODE_VERSION || '1.100.3';

/**
 * @param {{ scenario: object, dirs: object, openPath: string, devPath: string, suitePath: string, env: Record<string,string>, vsix?: string, timeoutMs: number }} o
 * @returns {Promise<{ exitCode: number | null, error?: string, installLog?: string }>}
 */
export async function runInElectron(o) {
  const { runTests, downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath } = await import('@vscode/test-electron');
  const exe = await downloadAndUnzipVSCode({ version: ELECTRON_VSCODE_VERSION, cachePath: join(CACHE_DIR, 'electron') });
  let installLog;
  if (o.scenario.install === 'vsix') {
    const [cli] = resolveCliArgsFromVSCodeExecutablePath(exe, { reuseMachineInstall: true });
    const r = spawnSync(cli, ['--extensions-dir', o.dirs.ext, '--user-data-dir', o.dirs.ud, '--install-extension', o.vsix, '--force'], {
      encoding: 'utf8', timeout: 120_000, shell: process.platform === 'win32',
    });
    installLog = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.status !== 0) return { exitCode: null, error: `installing the vsix failed: ${installLog}` };
  }
  let timer;
  const timeout = new Promise((res) => { timer = setTimeout(() => res({ exitCode: null, error: `timed out after ${o.timeoutMs} ms` }), o.timeoutMs); });
  const run = runTests({
    vscodeExecutablePath: exe,
    extensionDevelopmentPath: o.devPath,
    extensionTestsPath: o.suitePath,
    extensionTestsEnv: o.env,
    launchArgs: [
      o.openPath,
      '--user-data-dir', o.dirs.ud,
      '--extensions-dir', o.dirs.ext,
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
    ],
  }).then((exitCode) => ({ exitCode }), (e) => ({ exitCode: typeof e === 'number' ? e : 1, error: String(e?.message ?? e) }));
  try {
    return { ...(await Promise.race([run, timeout])), installLog };
  } finally {
    clearTimeout(timer);
  }
}
