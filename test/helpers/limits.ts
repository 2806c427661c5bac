// Hang guards for the suites. Tests assert behaviour, never the machine's speed:
// these limits only stop a test that hangs, so they sit far above what a busy
// shared 2-core machine needs (load average 15 stretches a 2 s step to ~30 s).
// Latency and throughput are measured by `npm run bench`, not here.

/** A single step (a request answered, a child process finished). */
export const HANG_GUARD_MS = 120_000;
/** A whole test or suite. */
export const TEST_TIMEOUT_MS = 600_000;
