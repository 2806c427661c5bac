// Which output `check` prints: human lines (default), the JSON contract
// (`--format json`, same as `--json`), SARIF 2.1.0 or GitHub annotations.
import { UsageError, type ParsedArgs } from '../args.js';

export const CHECK_FORMATS = ['human', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export function checkFormatOf(args: ParsedArgs): CheckFormat {
  const given = args.flags.get('--format');
  const json = args.flags.has('--json');
  if (given === undefined) return json ? 'json' : 'human';
  if (typeof given !== 'string' || !(CHECK_FORMATS as readonly string[]).includes(given)) {
    throw new UsageError(`--format must be one of ${CHECK_FORMATS.join(', ')}, got ${JSON.stringify(given)}`);
  }
  if (json && given !== 'json') throw new UsageError(`--json and --format ${given} contradict each other`);
  return given as CheckFormat;
}
