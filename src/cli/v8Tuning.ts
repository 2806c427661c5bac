// V8 settings for a one-shot dry run. A cold dry run lasts a second or two,
// and V8's optimising compiler takes about a fifth of its CPU: compile jobs on
// background threads that compete with the read threads for the cores. Most
// of that goes into inlining medium-sized functions into the hot loops of the
// walk, the rule matching and the reads, graphs compiled once and run for a
// few hundred milliseconds. With only small functions inlined (bytecode up to
// 150 bytes; V8's default is 460) compile time roughly halves, and the code
// runs barely slower: a cold 50k-file dry run took 3–5 % less wall and CPU
// (interleaved pairs; see README, Performance). The language server runs for
// hours and keeps V8's defaults.
import { setFlagsFromString } from 'node:v8';

/** The V8 flags each command runs with, beyond Node's defaults. */
export function v8FlagsFor(command: string | null): readonly string[] {
  return command === 'dry-run' ? ['--max-inlined-bytecode-size=150'] : [];
}

/**
 * Applies the command's flags. Called before the command's code is loaded:
 * compiler flags apply to code optimised from then on, and to the read
 * workers, which share the process's V8 flags.
 */
export function tuneV8For(command: string | null): void {
  for (const flag of v8FlagsFor(command)) setFlagsFromString(flag);
}
