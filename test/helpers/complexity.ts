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

interface Costs { small: number; large: number }

/**
 * The best of `runs` runs at each size, the sizes taken in turn: a burst of
 * load on a shared machine (which can inflate CPU time too, through a busy
 * sibling core or a host taking the vCPU) then lands on both sizes, not on
 * all the short small runs at once.
 */
function measure(work: (n: number) => void, n: number, runs: number, into: Costs): Costs {
  for (let i = 0; i < runs; i++) {
    into.small = Math.min(into.small, cpuMs(() => work(n)));
    into.large = Math.min(into.large, cpuMs(() => work(4 * n)));
  }
  return into;
}

/**
 * Asserts that `work(4n)` costs less than `maxRatio` × `work(n)`. Pick n so that
 * `work(n)` takes some milliseconds (tiny timings are mostly noise: a floor of
 * 2 ms is applied to the small size). A ratio within 1.5× of `maxRatio`, either
 * side, is measured again and the best of all runs decides: linear work (about
 * 4×) and quadratic work (about 16×) both move away from the bound on a second
 * look, noise seldom repeats.
 */
export function assertScalesLinearly(label: string, work: (n: number) => void, n: number, { maxRatio = 9, runs = 3 } = {}): void {
  work(n); // warm up the JIT on the small size first
  const costs = measure(work, n, runs, { small: Infinity, large: Infinity });
  const ratio = () => costs.large / Math.max(costs.small, 2);
  if (ratio() > maxRatio / 1.5 && ratio() < maxRatio * 1.5) measure(work, n, runs, costs);
  assert.ok(ratio() < maxRatio, `${label}: 4× the input took ${ratio().toFixed(1)}× the CPU time (${costs.small.toFixed(1)} → ${costs.large.toFixed(1)} ms); linear work is about 4×`);
}
