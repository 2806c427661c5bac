// Split answers worked out ahead of an expansion (in the read workers, before
// the CLI ends them): the same hash the expansion would make, one byte per
// copy. Shared by the worker and the tests that check the memo it fills.
import { inValidationOf } from '../hashing.js';
import { hexId } from './fileTable.js';
import type { SplitColumns } from './readProtocol.js';

/** Fills `cols.answers` for jobs `0..jobs-1`: 1 train, 2 validation, for copies from..from+count-1 of each job's id. */
export function answerSplits(seed: string, cols: SplitColumns, jobs: number): void {
  const prefix = `${seed}\0`;
  let o = 0;
  for (let j = 0; j < jobs; j++) {
    const text = prefix + hexId(cols.ids, j * 8) + '\0';
    const from = cols.from[j]!;
    const end = from + cols.count[j]!;
    for (let sub = from; sub < end; sub++) cols.answers[o++] = inValidationOf(text + sub) ? 2 : 1;
  }
}
