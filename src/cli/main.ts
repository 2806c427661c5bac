// `dlm-weights`: check | dry-run | lsp --stdio.
// Exit codes: 0 fine; 1 dlm train would fail (dry-run) or an error
// diagnostic was found (check); 2 the command could not run (usage, paths).
import { parseArgs, UsageError } from './args.js';
import { runDryRun } from './dryRunCommand.js';
import { runCheck } from './checkCommand.js';

const HELP = `dlm-weights — see what dlm train does with .dlm/training.yaml before you train

Usage:
  dlm-weights dry-run [PATH] [--seed N] [--json] [--html FILE] [--csv FILE]
                      [--mix] [--tokenizer FILE] [--[no-]since-last-run]
      PATH: a directory (directory mode, default .) or a .dlm document.
      --mix: share of rows, characters and tokens per tag value and folder,
        before and after the weights. Tokens are exact with the base model's
        tokenizer.json from the local Hugging Face cache (or --tokenizer FILE,
        which implies --mix), else estimated and labelled so.
      --since-last-run: what changed since the last completed dlm train of
        this document (its store under $DLM_HOME or ~/.dlm). Shown by default
        when the store exists; in --json only when asked for.
  dlm-weights check [PATH ...] [--json]
      Validate every .dlm/training.yaml and .dlm/ignore under PATH (default .).
  dlm-weights lsp --stdio
      Run the language server on stdin/stdout.

Exit codes: 0 ok · 1 dlm train would fail / error diagnostics · 2 usage or path error
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
  try {
    switch (args.command) {
      case 'dry-run':
        return await runDryRun(args);
      case 'check':
        return await runCheck(args);
      case 'lsp': {
        const { startServer } = await import('../server/server.js');
        startServer();
        return -1; // keep running
      }
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

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

function usage(message: string): number {
  process.stderr.write(`dlm-weights: ${message} (see dlm-weights --help)\n`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { if (code >= 0) process.exitCode = code; },
    (e) => {
      process.stderr.write(`dlm-weights: internal error: ${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 3;
    },
  );
}
