// Builds the CLI bundle with the project's own esbuild script, once per test
// process, and runs it as a child process (the binary users get).
import { HANG_GUARD_MS } from './limits';
import { acquireLock, releaseLock } from './buildLock';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './shared';
import { makeTempDir } from './tmp';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

let built: Promise<string> | null = null;

/**
 * `node esbuild.mjs`, then a private copy of dist/cli.js (+ the webview
 * assets the HTML export inlines, and the server bundle `lsp` loads), so
 * other builds running at the same time cannot swap the binary under a test
 * run. Resolves to the copied cli.js.
 */
export function buildCli(): Promise<string> {
  built ??= (async () => {
        await acquireLock();
    try {
      if (!process.env.DLM_TEST_SKIP_BUILD) {
        const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
        if (r.status !== 0) throw new Error(`node esbuild.mjs failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
      }
      const dir = makeTempDir('dlmw-cli-bin-');
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
      // readWorker.js: the CLI's read workers, found beside it (without it the CLI reads in-thread)
      for (const f of ['cli.js', 'server.js', 'readWorker.js', 'measureWorker.js', 'webview.js', 'webview.css']) {
        const src = join(REPO_ROOT, 'dist', f);
        if (!existsSync(src)) throw new Error(`build did not produce dist/${f}`);
        copyFileSync(src, join(dir, f));
      }
      const cli = join(dir, 'cli.js');
      const probe = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8', timeout: HANG_GUARD_MS });
      if (probe.status !== 0) throw new Error(`built CLI does not start: ${probe.stderr}`);
      return cli;
    } finally {
      releaseLock();
    }
  })();
  return built;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs `node cli.js ...args`; on timeout the child is killed and `timedOut` set. */
export async function runCli(args: readonly string[], opts: RunOptions = {}): Promise<CliResult> {
  const cli = await buildCli();
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs ?? HANG_GUARD_MS);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code, signal, timedOut, ms: Date.now() - start,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** For assertion messages: what the process printed. */
export function describeRun(r: CliResult): string {
  const cut = (s: string) => (s.length > 2000 ? `${s.slice(0, 2000)}…` : s);
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ' TIMED OUT' : ''}\n--- stderr:\n${cut(r.stderr)}\n--- stdout:\n${cut(r.stdout)}`;
}
