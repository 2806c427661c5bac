// Hop timings of a report's way to the screen, for finding where the time
// goes (the bench reads them; off unless DLM_WEIGHTS_TRACE names a file).
// Each line: epoch milliseconds (sub-ms), the process side, the hop.
import { appendFileSync } from 'node:fs';

const file = process.env.DLM_WEIGHTS_TRACE;

/** Whether hops are traced (then callers may add details worth computing). */
export const tracing = !!file;

export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export function traceHop(hop: string, at: number = epochMs()): void {
  if (!file) return;
  try {
    appendFileSync(file, `${at.toFixed(1)} client ${hop}\n`);
  } catch {
    // a trace that cannot be written is no reason to fail the report
  }
}
