// A minimal LSP client for protocol tests: spawns `node dist/server.js --stdio`
// and speaks JSON-RPC over its stdio, answering the requests a server sends
// its client and recording what it publishes.
import { HANG_GUARD_MS } from '../helpers/limits';
import { acquireLock, releaseLock } from '../helpers/buildLock';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ReportChangedParams } from '../../src/shared/protocol';

export const REPO = resolve(__dirname, '../..');

/**
 * The server bundle under test: `node esbuild.mjs`, then a private copy of
 * dist/server.js, so builds running at the same time cannot swap it mid-test.
 * DLMW_SERVER=path tests a bundle built elsewhere (no build).
 */
let built: Promise<string> | null = null;
export function buildServer(): Promise<string> {
  built ??= build();
  return built;
}
async function build(): Promise<string> {
  if (process.env.DLMW_SERVER) return process.env.DLMW_SERVER;
    await acquireLock();
  try {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`node esbuild.mjs failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'dlmw-server-bin-')));
    // the copy goes with the test process (its servers have been stopped by then)
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(join(REPO, 'dist', 'server.js'), join(dir, 'server.js'));
    // the worker the server starts from beside its bundle (the mix's second pass)
    if (existsSync(join(REPO, 'dist', 'measureWorker.js'))) copyFileSync(join(REPO, 'dist', 'measureWorker.js'), join(dir, 'measureWorker.js'));
    return join(dir, 'server.js');
  } finally {
    releaseLock();
  }
}

export interface Pos { line: number; character: number }
export interface Rng { start: Pos; end: Pos }
export interface LspDiag { severity?: number; code?: string | number; message: string; range: Rng; source?: string; data?: unknown; tags?: number[]; relatedInformation?: Array<{ location: { uri: string; range: Rng }; message: string }> }

export const uriOf = (p: string): string => pathToFileURL(p).href;

/** A fixture tree in a fresh temp dir (never inside the repo). */
export function makeTree(files: Record<string, string | Buffer>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'dlmw-lsp-')));
  for (const [p, c] of Object.entries(files)) writeFile(root, p, c);
  return root;
}
export function writeFile(root: string, rel: string, content: string | Buffer): string {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  return abs;
}

type Waiter = () => boolean;

export class LspClient {
  readonly diagnostics = new Map<string, LspDiag[]>();
  /** Every publishDiagnostics received, in order. */
  readonly published: Array<{ uri: string; diagnostics: LspDiag[] }> = [];
  /** Dynamic registrations the server asked for (client/registerCapability), and their ids unregistered since. */
  readonly registrations: Array<{ id: string; method: string; registerOptions?: unknown }> = [];
  readonly unregistered = new Set<string>();
  readonly statuses: Array<{ folderUri: string; state: string; watch?: string; message?: string; totals?: { rows: number; expandedRows: number } }> = [];
  /** Every dlm/reportChanged received (full reports, and patches for clients that subscribed with `patches: true`). */
  readonly reports: ReportChangedParams[] = [];
  /** Called on each dlm/reportChanged as it arrives (before waiters run). */
  onReport: ((p: ReportChangedParams) => void) | undefined;
  readonly logs: string[] = [];
  readonly progress: unknown[] = [];
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();
  settings: Record<string, unknown> = {};

  private constructor(readonly proc: ChildProcess, readonly conn: MessageConnection) {}

  static start(server: string): LspClient {
    const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const c = new LspClient(proc, conn);
    proc.stderr!.on('data', (b: Buffer) => c.logs.push(`[stderr] ${b}`));
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => c.settings));
    conn.onRequest('client/registerCapability', (p: { registrations: LspClient['registrations'] }) => {
      c.registrations.push(...p.registrations);
      c.poke();
      return null;
    });
    conn.onRequest('client/unregisterCapability', (p: { unregisterations?: Array<{ id: string }> }) => {
      for (const u of p.unregisterations ?? []) c.unregistered.add(u.id);
      c.poke();
      return null;
    });
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('window/showMessageRequest', (p: { message: string }) => { c.logs.push(`[show] ${p.message}`); c.poke(); return null; });
    conn.onNotification('window/logMessage', (p: { message: string }) => c.logs.push(p.message));
    conn.onNotification('window/showMessage', (p: { message: string }) => { c.logs.push(`[show] ${p.message}`); c.poke(); });
    conn.onNotification('$/progress', (p: unknown) => { c.progress.push(p); c.poke(); });
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: LspDiag[] }) => {
      c.diagnostics.set(p.uri, p.diagnostics);
      c.published.push(p);
      c.poke();
    });
    conn.onNotification('dlm/indexStatus', (p: LspClient['statuses'][number]) => { c.statuses.push(p); c.poke(); });
    conn.onNotification('dlm/reportChanged', (p: ReportChangedParams) => { c.reports.push(p); c.onReport?.(p); c.poke(); });
    conn.listen();
    return c;
  }

  private poke(): void {
    this.waiters = this.waiters.filter((w) => !w());
  }

  /** Resolves when `check` holds (checked now and after every message), or rejects after `ms`. */
  until<T>(what: string, check: () => T | undefined | false, ms = HANG_GUARD_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${what}\n--- server log ---\n${this.logs.slice(-30).join('\n')}`));
      }, ms);
      const waiter: Waiter = () => {
        const v = check();
        if (v === undefined || v === false) return false;
        clearTimeout(timer);
        resolve(v as T);
        return true;
      };
      if (!waiter()) this.waiters.push(waiter);
    });
  }

  diagnosticsFor(path: string, pred: (d: LspDiag[]) => boolean, ms?: number): Promise<LspDiag[]> {
    const uri = uriOf(path);
    return this.until(`diagnostics of ${path}`, () => {
      const d = this.diagnostics.get(uri);
      return d && pred(d) ? d : undefined;
    }, ms);
  }

  /**
   * initialize + initialized. By default the client has every capability the
   * server uses; `like: 'nvim-0.7'` drops workspace/configuration and dynamic
   * registration (watching files, configuration), as Neovim 0.7 does.
   */
  async initialize(folders: string[], opts: { like?: 'nvim-0.7'; initializationOptions?: unknown; relativePatterns?: boolean } = {}): Promise<void> {
    const full = opts.like !== 'nvim-0.7';
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0] ? uriOf(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: f.split('/').pop() })),
      initializationOptions: opts.initializationOptions,
      capabilities: {
        workspace: {
          configuration: full, workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: full },
          didChangeWatchedFiles: { dynamicRegistration: full, relativePatternSupport: full && opts.relativePatterns !== false },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
        },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    });
    await this.conn.sendNotification('initialized', {});
  }

  /** Waits until every given folder reported a finished index. */
  indexed(folder: string, ms = 8000): Promise<void> {
    const uri = uriOf(folder);
    const seen = this.statuses.length;
    void seen;
    return this.until(`index of ${folder}`, () => {
      const last = [...this.statuses].reverse().find((s) => s.folderUri === uri);
      return last && last.state !== 'indexing' ? true : undefined;
    }, ms).then(() => undefined);
  }

  open(path: string, text: string, languageId = 'yaml'): void {
    this.versions.set(path, 1);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId, version: 1, text } });
  }
  change(path: string, text: string): void {
    const v = (this.versions.get(path) ?? 1) + 1;
    this.versions.set(path, v);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(path), version: v }, contentChanges: [{ text }] });
  }
  close(path: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(path) } });
  }
  /** A workspace/didChangeConfiguration push (`settings` as the client sends it). */
  pushSettings(settings: unknown): void {
    void this.conn.sendNotification('workspace/didChangeConfiguration', { settings });
  }
  /** type: 1 created, 2 changed, 3 deleted */
  filesChanged(changes: Array<[string, 1 | 2 | 3]>): void {
    void this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map(([p, type]) => ({ uri: uriOf(p), type })) });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]);
      void this.conn.sendNotification('exit');
    } catch { /* already gone */ }
    await new Promise<void>((r) => {
      if (this.proc.exitCode !== null) return r();
      const t = setTimeout(() => { this.proc.kill(); r(); }, 1000);
      this.proc.once('exit', () => { clearTimeout(t); r(); });
    });
    this.conn.dispose();
  }
}
