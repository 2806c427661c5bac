// Seeded hostile inputs for the robustness tests, and a guard that runs each
// input through an engine entry point in a child process, so that a hang
// (killed after a deadline) or a process abort (V8 fatal errors cannot be
// caught in-process) is reported as a failure with the input that caused it,
// instead of taking the whole test run down.
import { HANG_GUARD_MS } from './limits';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// ------------------------------------------------------------ seeded randomness

import { rng } from './rng';
export { rng };

export const int = (r: () => number, n: number): number => Math.floor(r() * n);
export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[int(r, xs.length)]!;

/** Characters YAML, ignore files and .dlm documents care about, and some they should not meet. */
const ALPHABET = [
  ...'abcxyzKEY019', ' ', ' ', '  ', '\n', '\n', '\r\n', '\r', '\t', ':', ': ', '- ', '-', '[', ']', '{', '}', ',', '&a', '*a', '!', '!!',
  '|', '>', "'", '"', '#', '%', '@', '`', '?', '<<', '~', '.', '/', '\\', '*', '**', '---', '...', '::prose::', '::instruction::',
  '### Q', '### A', '\u0000', '\u0085', '\u2028', '\u2029', '\ufeff', '\u00e9', '\ud83d\ude00', '\ud800', '\u000b', '\u001c',
  'include', 'exclude', 'metadata', 'weights', 'exclude_defaults', 'dlm_training_version', 'training', 'sources', 'path',
  'true', 'no', 'y', '.nan', '.inf', '-1', '1e3', '0x1F', '1:30', '2024-01-01', '2024-13-45', '!!int', '!!binary', '!!python/name:x',
];

export function randomText(r: () => number, maxTokens: number): string {
  const n = int(r, maxTokens + 1);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(r, ALPHABET);
  return s;
}

export function randomBytes(r: () => number, maxLen: number): Uint8Array {
  const n = int(r, maxLen + 1);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // mostly ASCII so structure appears, some high bytes (often invalid UTF-8)
    b[i] = r() < 0.8 ? 0x20 + int(r, 0x5f) : r() < 0.5 ? pick(r, [0x0a, 0x0d, 0x09, 0x00]) : int(r, 256);
  }
  return b;
}

export type Mutation = 'truncate' | 'tab' | 'nul' | 'invalid-utf8' | 'splice' | 'duplicate-line' | 'swap-lines' | 'insert-token' | 'crlf' | 'bom';
export const MUTATIONS: readonly Mutation[] = ['truncate', 'tab', 'nul', 'invalid-utf8', 'splice', 'duplicate-line', 'swap-lines', 'insert-token', 'crlf', 'bom'];

const INVALID_UTF8 = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]];

/** One random mutation of some bytes (as bytes: invalid UTF-8 survives). */
export function mutate(r: () => number, input: Uint8Array, m: Mutation): Uint8Array {
  const b = Buffer.from(input);
  const at = int(r, b.length + 1);
  const ins = (x: Uint8Array | string) => Buffer.concat([b.subarray(0, at), Buffer.from(x as never), b.subarray(at)]);
  switch (m) {
    case 'truncate': return b.subarray(0, at);
    case 'tab': return ins('\t');
    case 'nul': return ins('\0');
    case 'invalid-utf8': return ins(Uint8Array.from(pick(r, INVALID_UTF8)));
    case 'splice': return ins(randomText(r, 6));
    case 'insert-token': return ins(pick(r, ['&x ', '*x', '<<: ', '!!binary ', '? ', ': ', '- ', '[', '{', '}', ']', '"', "'", '|\n', '#', '\n  ', '\u2028', '\u0085']));
    case 'crlf': return Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    case 'bom': return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
    case 'duplicate-line':
    case 'swap-lines': {
      const lines = b.toString('latin1').split('\n');
      if (lines.length < 2) return ins('\n');
      const i = int(r, lines.length);
      const j = int(r, lines.length);
      if (m === 'duplicate-line') lines.splice(i, 0, lines[j]!);
      else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return Buffer.from(lines.join('\n'), 'latin1');
    }
  }
}

// ------------------------------------------------------------ pathological texts

export function deepFlow(n: number, open = '[', close = ']', prefix = 'metadata: '): string {
  return `${prefix}${open.repeat(n)}${close.repeat(n)}\n`;
}

/** `k: {k: {k: …}}` as flow mappings, n deep. */
export function deepFlowMap(n: number, prefix = 'weights: '): string {
  return `${prefix}${'{k: '.repeat(n)}v${'}'.repeat(n)}\n`;
}

/** Block sequences nested on one line: `- - - - x`. */
export function deepBlockSeq(n: number, prefix = 'include:\n  '): string {
  return `${prefix}${'- '.repeat(n)}x\n`;
}

/** Block mappings nested by indentation (n levels, n(n+1)/2 spaces in total). */
export function deepBlockMap(n: number): string {
  let s = 'metadata:\n';
  for (let i = 1; i <= n; i++) s += `${' '.repeat(i)}k${i}:\n`;
  return `${s}${' '.repeat(n + 1)}v\n`;
}

/**
 * "Billion laughs": `levels` anchors, each a list (or map) of `width` aliases
 * of the previous one; fully expanded that is width^levels leaves.
 */
export function laughs(levels: number, width: number, kind: 'list' | 'map', use: string): string {
  const lines: string[] = [];
  const name = (i: number) => `l${i}`;
  const leaf = kind === 'list' ? `[${Array(width).fill('lol').join(', ')}]` : `{${Array.from({ length: width }, (_, j) => `k${j}: lol`).join(', ')}}`;
  lines.push(`x0: &${name(0)} ${leaf}`);
  for (let i = 1; i < levels; i++) {
    const items = Array.from({ length: width }, (_, j) => (kind === 'list' ? `*${name(i - 1)}` : `k${j}: *${name(i - 1)}`));
    lines.push(`x${i}: &${name(i)} ${kind === 'list' ? `[${items.join(', ')}]` : `{${items.join(', ')}}`}`);
  }
  lines.push(use.replace(/\$TOP/g, `*${name(levels - 1)}`));
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------ guarded execution

export type Target = 'loadText' | 'loadBytes' | 'diagnoseYaml' | 'diagnoseIgnore' | 'parseDocument' | 'planDocument';

export interface GuardResult {
  /** wall-clock milliseconds inside the call (measured in the child) */
  ms: number;
  /** CPU milliseconds of the child during the call: what the time bound is checked on, so a busy machine does not fail it */
  cpuMs: number;
  /** '' when the result is well-formed, else what is wrong */
  problem: string;
  /** the call threw: message and first stack lines */
  threw: string | null;
  /** killed after the deadline */
  hung: boolean;
  /** the child died (signal or exit code): a V8 fatal error, out of memory… */
  died: string | null;
}

interface Pending {
  child: ChildProcess;
  resolve: (r: GuardResult) => void;
  timer: NodeJS.Timeout;
}

/** Runs inputs one at a time in a child process; restarts it after a hang or a crash. */
export class Guard {
  private child: ChildProcess | null = null;
  private pending: Pending | null = null;
  private ready: Promise<void> | null = null;
  private stderr = '';

  constructor(private readonly deadlineMs = HANG_GUARD_MS) {}

  private start(): Promise<void> {
    const child = fork(join(__dirname, 'fuzzChild.ts'), [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    this.stderr = '';
    child.stderr!.on('data', (b: Buffer) => { this.stderr = (this.stderr + b.toString()).slice(-4000); });
    child.on('message', (m: { type: string } & Partial<GuardResult>) => {
      const p = this.pending;
      if (m.type !== 'result' || !p || p.child !== child) return;
      this.pending = null;
      clearTimeout(p.timer);
      p.resolve({ ms: m.ms!, cpuMs: m.cpuMs!, problem: m.problem!, threw: m.threw ?? null, hung: false, died: null });
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) { this.child = null; this.ready = null; }
      const p = this.pending;
      if (p && p.child === child) {
        this.pending = null;
        clearTimeout(p.timer);
        const tail = this.stderr.split('\n').filter((l) => l.trim() && !/^\s*\d+: 0x/.test(l)).slice(-6).join(' | ');
        p.resolve({ ms: NaN, cpuMs: NaN, problem: '', threw: null, hung: false, died: `child exited (${signal ?? code}): ${tail}` });
      }
    });
    return new Promise((resolve, reject) => {
      const onMessage = (m: { type: string }) => { if (m.type === 'ready') { child.off('message', onMessage); resolve(); } };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`fuzz child failed to start (${code}): ${this.stderr}`)));
    });
  }

  /** Starts over in a fresh process (state such as tiered-up regexps gone). */
  restart(): void {
    this.stop();
  }

  async run(target: Target, input: string | Uint8Array): Promise<GuardResult> {
    if (!this.child) this.ready = this.start();
    await this.ready;
    const child = this.child!;
    return new Promise<GuardResult>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.timer !== timer) return;
        this.pending = null;
        // forget it now: the next run must not reach the dying process
        if (this.child === child) { this.child = null; this.ready = null; }
        child.kill('SIGKILL');
        resolve({ ms: NaN, cpuMs: NaN, problem: '', threw: null, hung: true, died: null });
      }, this.deadlineMs);
      this.pending = { child, resolve, timer };
      child.send({ type: 'run', target, input: typeof input === 'string' ? input : Buffer.from(input) });
    });
  }

  stop(): void {
    const c = this.child;
    this.child = null;
    this.ready = null;
    c?.kill('SIGKILL');
  }
}

/** Short, reproducible description of an input for failure messages. */
export function describeInput(input: string | Uint8Array): string {
  if (typeof input === 'string') {
    return input.length > 160 ? `${JSON.stringify(input.slice(0, 160))}… (${input.length} chars)` : JSON.stringify(input);
  }
  const b = Buffer.from(input);
  return b.length > 120 ? `bytes b64:${b.subarray(0, 120).toString('base64')}… (${b.length} bytes)` : `bytes b64:${b.toString('base64')}`;
}
