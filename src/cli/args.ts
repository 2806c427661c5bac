// A small argument parser: the CLI has three commands and a handful of flags,
// which does not justify a dependency.

export class UsageError extends Error {}

export interface ParsedArgs {
  command: string | null;
  positionals: string[];
  flags: Map<string, string | true>;
  /** Every value of a repeatable flag, in order (its last one is also in `flags`). */
  lists: Map<string, string[]>;
}

const VALUE_FLAGS = new Set(['--seed', '--html', '--csv', '--out', '--tokenizer', '--format', '--by', '--target', '--max-share']);
const REPEATABLE_FLAGS = new Set(['--target', '--max-share']);
const BOOL_FLAGS = new Set(['--json', '--stdio', '--help', '-h', '--version', '--no-progress', '--directory', '--quiet', '--mix', '--since-last-run', '--no-since-last-run', '--write']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { command: null, positionals: [], flags: new Map(), lists: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { out.positionals.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a : a.slice(0, eq);
      if (VALUE_FLAGS.has(name)) {
        const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
        if (value === undefined) throw new UsageError(`${name} needs a value`);
        out.flags.set(name, value);
        if (REPEATABLE_FLAGS.has(name)) out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
      } else if (BOOL_FLAGS.has(name) && eq === -1) {
        out.flags.set(name, true);
      } else if (name.startsWith('--clientProcessId') || name === '--node-ipc' || name === '--socket') {
        out.flags.set(name, true); // passed by LSP clients; harmless
      } else {
        throw new UsageError(`unknown option ${name}`);
      }
    } else if (out.command === null) {
      out.command = a;
    } else {
      out.positionals.push(a);
    }
  }
  return out;
}

/** Seeds are arbitrary-precision integers (decimal, optionally signed). */
export function parseSeed(text: string): bigint {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new UsageError(`--seed must be an integer, got ${JSON.stringify(text)}`);
  return BigInt(text.trim());
}
