// Locates ../shared/parity at run time. A missing folder is a failure, not a skip:
// the parity suite is the project's proof of bit-exactness.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED = process.env.DLM_SHARED_DIR ?? resolve(__dirname, '../../../shared');
export const PARITY = resolve(SHARED, 'parity');

export function requireParityDir(): string {
  if (!existsSync(PARITY)) throw new Error(`parity data not found at ${PARITY} (set DLM_SHARED_DIR)`);
  return PARITY;
}
