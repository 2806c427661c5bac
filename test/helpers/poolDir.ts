// A temp folder and a read pool for one test, both gone after it (pass or fail).
import { ReadPool } from '../../src/engine/corpus/readPool';
import { makeTempDir, removeDir } from './tmp';

export async function withPoolAndDir(
  prefix: string, fn: (root: string, pool: ReadPool) => Promise<void>, opts?: ConstructorParameters<typeof ReadPool>[0],
): Promise<void> {
  const root = makeTempDir(prefix);
  const pool = new ReadPool(opts);
  try {
    await fn(root, pool);
  } finally {
    await pool.close();
    removeDir(root);
  }
}
