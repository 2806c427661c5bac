// `dlm-weights`: check | dry-run | suggest | lsp --stdio.
// Exit codes: 0 fine; 1 dlm train would fail or a --max-share bound is
// passed (dry-run), an error diagnostic was found (check), the targets are
// unreachable (suggest); 2 the command could not run (usage, paths).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
// Each command's code (and the libraries only it needs: the tokenizer, the
// solver, the language server) is loaded when that command runs, not at start-up.
import { parseArgs, UsageError } from './args.js';
import { toolVersion } from './version.js';
import { tuneV8For } from './v8Tuning.js';

const HELP = `dlm-weights — see what dlm train does with .dlm/training.yaml before you train

Usage:
  dlm-weights dry-run [PATH] [--seed N] [--json] [--html FILE] [--csv FILE]
                      [--mix] [--tokenizer FILE] [--[no-]since-last-run] [--directory]
      PATH: a .dlm document, or a folder (default .) taken as dlm train takes
        it: FOLDER/.dlm/corpus.dlm, else the only FOLDER/.dlm/*.dlm, else
        (none) directory mode; several: name one. Which one, and why, goes
        to stderr. --directory: directory mode on the folder.
      --mix: share of rows, characters and tokens per tag value and folder,
        before and after the weights. Tokens are exact with the base model's
        tokenizer.json from the local Hugging Face cache (or --tokenizer FILE,
        which implies --mix), else estimated and labelled so.
      --since-last-run: what changed since the last completed dlm train of
        this document (its store under $DLM_HOME or ~/.dlm). Shown by default
        when the store exists; in --json only when asked for.
  dlm-weights dry-run ... --max-share TAG=VALUE:FRACTION   (repeatable)
      Exit 1 when that tag value's share of the expanded rows is above FRACTION.
  dlm-weights check [PATH ...] [--json | --format human|json|sarif|github]
      Validate every .dlm/training.yaml, .dlm/ignore and .dlm document under
      PATH (default .), or the files named.
  dlm-weights suggest [PATH] --target KEY=VALUE:SHARE[,VALUE:SHARE...]
                      [--by rows|tokens] [--tokenizer FILE] [--seed N] [--json] [--write]
                      [--directory]
      Propose weights for KEY's values that reach the target shares (of the
      expanded rows, or tokens) at the seed, within 1 point; --write applies
      them to the config that wins dlm's merge.
  dlm-weights lsp --stdio
      Run the language server on stdin/stdout.

Exit codes: 0 ok · 1 dlm train would fail, a --max-share bound is passed, error
  diagnostics, or unreachable targets · 2 usage or path error
`;

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  if (args.flags.has('--help') || args.flags.has('-h') || args.command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.flags.has('--version')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  tuneV8For(args.command);
  try {
    switch (args.command) {
      case 'dry-run':
        return await (await import('./dryRunCommand.js')).runDryRun(args);
      case 'check':
        return await (await import('./checkCommand.js')).runCheck(args);
      case 'suggest':
        return await (await import('./suggestCommand.js')).runSuggest(args);
      case 'lsp':
        startLanguageServer();
        return -1; // keep running
      case null:
        process.stdout.write(HELP);
        return 2;
      default:
        return usage(`unknown command ${JSON.stringify(args.command)}`);
    }
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
}

/**
 * `lsp`: the language server is its own bundle beside this one
 * (dist/server.js, which starts on load and reads `--stdio` from argv). The
 * CLI never loads server code otherwise, and its bundle holds none: the path
 * is computed, so esbuild leaves the require alone. From source (tsx), the
 * server's entry point is ../server/main.ts.
 */
function startLanguageServer(): void {
  const bundled = join(__dirname, 'server.js');
  const source = join(__dirname, '..', 'server', 'main.ts');
  const entry = [bundled, source].find((p) => existsSync(p));
  if (!entry) throw new UsageError(`the language server is missing: ${bundled} (reinstall dlm-weights)`);
  require(entry);
}

const VERSION = toolVersion();

function usage(message: string): number {
  process.stderr.write(`dlm-weights: ${message} (see dlm-weights --help)\n`);
  return 2;
}

/** A reader that closes early (`dry-run --json | head`): stop quietly, with the exit code already known. */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit();
    throw e;
  });
}

if (require.main === module) {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  main(process.argv.slice(2)).then(
    (code) => {
      if (code < 0) return; // the language server keeps running
      process.exitCode = code;
      // A finished command ends here once its output is out (every file it writes is written
      // synchronously). Left to end by itself, Node would first wait for V8's background compile
      // jobs and then free the heap: some 40 ms after a 50k-file dry run.
      if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
    },
    (e) => {
      process.stderr.write(`dlm-weights: internal error: ${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 3;
    },
  );
}
