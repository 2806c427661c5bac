// Helpers the scenario suites share: activating the extension, waiting for
// diagnostics, hovering, running the extension's own CLI, recording the
// language client's requests, and DOM checks that fail the test when the
// harness answers `not ok`.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DlmTestApi } from '../../../src/client/extension';
import { dom, type DomResult } from './bridge.js';
import { e2eEnv, EXTENSION_ID } from './env.js';

/**
 * Hang guards. The suite asserts behaviour, never speed: a wait ends as soon as
 * its condition holds, and these limits only stop a scenario that hangs. They
 * are far above what a busy shared 2-core machine needs; latency belongs in
 * `npm run bench`.
 */
export const E2E_WAIT_MS = 120_000;
export const E2E_TEST_TIMEOUT_MS = 600_000;

export type { DlmTestApi };

/**
 * Diagnostic source of this extension (it was 'dlm' before commit 4050bf6):
 * a diagnostic with any other source is not ours, so a regression to 'dlm'
 * makes every scenario that waits for a diagnostic fail.
 */
export const SOURCES = new Set(['dlm-weights']);

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function extension(): vscode.Extension<DlmTestApi> {
  const ext = vscode.extensions.getExtension<DlmTestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} not found`);
  if (e2eEnv.extensionDir) {
    assert.equal(path.resolve(ext.extensionUri.fsPath), path.resolve(e2eEnv.extensionDir), 'extension loaded from an unexpected folder');
  }
  return ext;
}

/** Activates the extension and returns its test API. */
export async function activate(): Promise<DlmTestApi> {
  const api = await extension().activate();
  assert.ok(api && typeof api.whenIndexed === 'function', 'activate() did not return the test API');
  return api;
}

/** The workspace folder named `name` (or the only one). */
export function folder(name?: string): vscode.WorkspaceFolder {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const f = name === undefined ? (folders.length === 1 ? folders[0] : undefined) : folders.find((x) => x.name === name);
  assert.ok(f, `no workspace folder ${name ?? '(the only one)'} among ${folders.map((x) => x.name).join(', ')}`);
  return f;
}

export function fileIn(f: vscode.WorkspaceFolder, rel: string): vscode.Uri {
  return vscode.Uri.joinPath(f.uri, ...rel.split('/'));
}

/** Waits for the folder's live index, at most `ms`. */
export async function indexed(api: DlmTestApi, f: vscode.WorkspaceFolder, ms = E2E_WAIT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      api.whenIndexed(f.uri.toString()),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${f.name} not indexed within ${ms} ms`)), ms); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `fn` until it returns something other than undefined / false. */
export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = E2E_WAIT_MS, describe?: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${describe ? `: ${describe()}` : ''}`);
    await sleep(100);
  }
}

export function dlmDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => SOURCES.has(d.source ?? ''));
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

export function describeDiagnostics(list: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(list.map((d) => ({
    severity: vscode.DiagnosticSeverity[d.severity], code: codeOf(d), source: d.source,
    range: rangeText(d.range), message: d.message.slice(0, 160),
  })));
}

export function rangeText(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Waits until the dlm diagnostics of `uri` satisfy `pred`; returns them. */
export function diagnosticsWhere(uri: vscode.Uri, what: string, pred: (ds: vscode.Diagnostic[]) => boolean, ms = E2E_WAIT_MS): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const ds = dlmDiagnostics(uri);
    return pred(ds) ? ds : undefined;
  }, ms, () => `${path.basename(path.dirname(path.dirname(uri.fsPath)))}/…/${path.basename(uri.fsPath)} has ${describeDiagnostics(dlmDiagnostics(uri))}`);
}

/** Opens `uri` in an editor (column One unless told) and focuses it. */
export async function openEditor(uri: vscode.Uri, column = vscode.ViewColumn.One): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
}

/** Position of the `nth` occurrence of `needle` on the first line that matches `line`. */
export function find(doc: vscode.TextDocument, line: RegExp, needle: string): vscode.Range {
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    if (!line.test(text)) continue;
    const c = text.indexOf(needle);
    if (c >= 0) return new vscode.Range(i, c, i, c + needle.length);
  }
  throw new Error(`no line matching ${line} with ${JSON.stringify(needle)} in ${doc.uri.fsPath}`);
}

/** The hover's Markdown (all providers' contents joined) at `pos`. */
export async function hoverMarkdown(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c)))).join('\n\n');
}

/** Puts the cursor at `pos` in `editor` and asks the workbench to show the hover there. */
export async function showHoverAt(editor: vscode.TextEditor, pos: vscode.Position): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.showHover');
}

// ------------------------------------------------------------ the CLI

export interface CliRun { code: number | null; stdout: string; stderr: string; ms: number }

/** Runs the extension's own CLI bundle (`<extension>/dist/cli.js`) in a child process. */
export function runCli(args: string[], cwd: string, timeoutMs = E2E_WAIT_MS): Promise<CliRun> {
  const cli = path.join(extension().extensionUri.fsPath, 'dist', 'cli.js');
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - t0 });
    });
  });
}

/** `dlm-weights dry-run <target> --json`, parsed. */
export async function cliDryRun(target: string, cwd = path.dirname(target)): Promise<any> {
  const r = await runCli(['dry-run', target, '--json'], cwd);
  assert.ok(r.stdout.trim().startsWith('{'), `dry-run --json printed no JSON (exit ${r.code}): ${r.stderr.slice(0, 800)}`);
  return JSON.parse(r.stdout);
}

/** `dlm-weights check <file> --json`: that file's diagnostics. */
export async function cliCheck(file: string): Promise<Array<{ severity: string; code: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>> {
  const r = await runCli(['check', file, '--json'], path.dirname(file));
  assert.ok(r.stdout.trim().startsWith('['), `check --json printed no JSON (exit ${r.code}): ${r.stderr.slice(0, 800)}`);
  const files = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: any[] }>;
  return files.find((f) => path.resolve(path.dirname(file), f.file) === path.resolve(file))?.diagnostics ?? [];
}

/** A throw-away copy of a folder (under the run's TMPDIR), to run the CLI on edited text. */
export function copyOf(dir: string): string {
  const dest = path.join(mkdtempSync(path.join(tmpdir(), 'dlm-e2e-copy-')), path.basename(dir));
  cpSync(dir, dest, { recursive: true });
  return dest;
}

export const headlineOf = (report: any) => {
  let filesRead = 0;
  let filesSkipped = 0;
  for (const s of report.sources) {
    filesRead += s.files;
    for (const n of Object.values(s.skipped) as number[]) filesSkipped += n;
  }
  return { filesRead, ...report.totals, filesSkipped };
};

/** Skipped-file counts summed over the report's sources, non-zero ones only. */
export const skippedOf = (report: any): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const s of report.sources) for (const [k, n] of Object.entries(s.skipped) as Array<[string, number]>) if (n) out[k] = (out[k] ?? 0) + n;
  return out;
};

// ------------------------------------------------------------ client requests

export interface RequestRecord {
  method: string;
  params: unknown;
  started: number;
  ended?: number;
  outcome?: 'resolved' | 'rejected';
  /** The reply, when resolved. */
  result?: unknown;
  error?: { code?: number; message: string };
  /** When the request's cancellation token fired in the extension host (the cancel then goes to the server). */
  cancelledAt?: number;
}

/** Records the language client's outgoing requests and how each one ended (wraps client.sendRequest). */
export function recordRequests(api: DlmTestApi): RequestRecord[] {
  const client = api.client as unknown as { sendRequest: (...args: unknown[]) => Promise<unknown>; __e2eLog?: RequestRecord[] };
  if (client.__e2eLog) return client.__e2eLog;
  const log: RequestRecord[] = [];
  const original = client.sendRequest.bind(client);
  client.sendRequest = (...args: unknown[]) => {
    const rec: RequestRecord = { method: typeof args[0] === 'string' ? args[0] : String((args[0] as { method?: string })?.method), params: args[1], started: Date.now() };
    log.push(rec);
    const token = args.find((a): a is vscode.CancellationToken => typeof (a as { onCancellationRequested?: unknown })?.onCancellationRequested === 'function');
    token?.onCancellationRequested(() => { rec.cancelledAt ??= Date.now(); });
    const p = original(...args);
    p.then((result) => { rec.outcome = 'resolved'; rec.result = result; rec.ended = Date.now(); }, (e: { code?: number; message?: string }) => {
      rec.outcome = 'rejected';
      rec.ended = Date.now();
      rec.error = { code: e?.code, message: String(e?.message ?? e) };
    });
    return p;
  };
  client.__e2eLog = log;
  return log;
}

// ------------------------------------------------------------ DOM

/**
 * Runs a DOM check and fails the test if it is not ok. Skips the test when no
 * browser is attached (Electron runs).
 */
export async function expectDom(ctx: Mocha.Context, check: string, args: Record<string, unknown> = {}): Promise<DomResult> {
  const r = await dom(check, args);
  if (r.skipped) ctx.skip();
  assert.ok(r.ok, `DOM check ${check} ${JSON.stringify(args)}: ${r.detail}`);
  return r;
}

/** A screenshot into test-results/e2e/<scenario>/ (no-op without a browser). */
export async function screenshot(name: string): Promise<void> {
  await dom('screenshot', { name });
}

/** Closes every editor and panel the previous test left open. */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closePanel');
}
