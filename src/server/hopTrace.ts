// Hop timings of a report on the server side (see src/client/hopTrace.ts):
// off unless DLM_WEIGHTS_TRACE names a file.
import { appendFileSync } from 'node:fs';

const file = process.env.DLM_WEIGHTS_TRACE;

/** Whether hops are traced (then callers may add details worth computing). */
export const tracing = !!file;

export function traceHop(hop: string): void {
  if (!file) return;
  try {
    appendFileSync(file, `${(performance.timeOrigin + performance.now()).toFixed(1)} server ${hop}\n`);
  } catch {
    // a trace that cannot be written is no reason to fail the report
  }
}
