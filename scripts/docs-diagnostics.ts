// `npm run docs:diagnostics`: rewrites the README's diagnostic tables from
// the code registry. `--check`: exit 1 (writing nothing) when they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDiagnosticTables } from './docs/diagnosticTables';

const README = join(__dirname, '..', 'README.md');
const current = readFileSync(README, 'utf8');
const next = withDiagnosticTables(current);
if (next === current) {
  process.stdout.write('README.md: diagnostic tables are up to date\n');
} else if (process.argv.includes('--check')) {
  process.stderr.write('README.md: diagnostic tables are stale; run `npm run docs:diagnostics`\n');
  process.exitCode = 1;
} else {
  writeFileSync(README, next);
  process.stdout.write('README.md: diagnostic tables rewritten\n');
}
