// Asks the harness, which drives the workbench page from Node, to check what
// the API cannot see: the rendered DOM (hovers, squiggles, the Problems
// count, webview content). Requests and answers are JSON files in a folder
// both sides share; the harness answers each request once.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eEnv } from './env.js';

export interface DomResult {
  ok: boolean;
  /** True when no browser is attached (Electron runs): the check did not run. */
  skipped?: boolean;
  detail: string;
  data?: unknown;
}

let seq = 0;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Runs the harness's DOM check `check` (see scripts/e2e/dom.mjs) with `args`.
 * Checks wait on their own (up to args.timeoutMs, default 10 s) for the DOM to
 * reach the expected state, so call them right after the API action.
 */
export async function dom(check: string, args: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<DomResult> {
  const dir = e2eEnv.bridgeDir;
  if (!dir) return { ok: true, skipped: true, detail: 'no browser attached: DOM check not run' };
  const id = `${Date.now()}-${process.pid}-${++seq}`;
  const tmp = join(dir, `${id}.tmp`);
  writeFileSync(tmp, JSON.stringify({ id, check, args }));
  renameSync(tmp, join(dir, `${id}.req.json`));
  const res = join(dir, `${id}.res.json`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(res)) return JSON.parse(readFileSync(res, 'utf8')) as DomResult;
    await sleep(50);
  }
  return { ok: false, detail: `no answer from the harness to DOM check '${check}' within ${timeoutMs} ms` };
}
