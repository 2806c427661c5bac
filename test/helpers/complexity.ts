// A complexity check that does not depend on the machine's speed: the CPU time
// of the same work at size n and at size 4n, each the best of a few runs. Linear
// work grows about 4×, quadratic 16×; a busy machine slows both sizes alike, and
// CPU time (unlike wall time) does not count the time other processes hold the core.
import assert from 'node:assert/strict';

function cpuMs(fn: () => void): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

function best(fn: () => void, runs: number): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, cpuMs(fn));
  return min;
}

/**
 * Asserts that `work(4n)` costs less than `maxRatio` × `work(n)`. Pick n so that
 * `work(n)` takes some milliseconds (tiny timings are mostly noise: a floor of
 * 2 ms is applied to the small size).
 */
export function assertScalesLinearly(label: string, work: (n: number) => void, n: number, { maxRatio = 9, runs = 3 } = {}): void {
  work(n); // warm up the JIT on the small size first
  const small = Math.max(best(() => work(n), runs), 2);
  const large = best(() => work(4 * n), runs);
  assert.ok(large < maxRatio * small, `${label}: 4× the input took ${(large / small).toFixed(1)}× the CPU time (${small.toFixed(1)} → ${large.toFixed(1)} ms); linear work is about 4×`);
}
