// NodeFs.read with `listedAsFile` (the bulk read of files a walk listed): it
// skips the up-front fstat, and must still answer exactly as the checked read
// does for regular files, and never hang or read without bound on anything a
// walk could have listed as a file a moment before (a FIFO, a directory, a
// device swapped in since). Real files on disk; bounded in bytes, not in time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFs } from '../../src/engine/fs/nodeFs';
import type { ReadResult } from '../../src/engine/fs';
import { HANG_GUARD_MS } from '../helpers/limits';
import { makeTempDir, removeDir } from '../helpers/tmp';

const CAP = 1 << 20;

/** A result as plain data (bytes as a string) for comparison. */
function plain(r: ReadResult): unknown {
  return r.kind === 'ok' ? { kind: 'ok', size: r.size, text: Buffer.from(r.bytes).toString('latin1') } : r;
}

test('listed as a file: regular files read exactly as with the fstat, and anything else is refused, never waited on', { timeout: HANG_GUARD_MS }, () => {
  const root = makeTempDir('dlmw-listed-');
  try {
    const fs = new NodeFs();
    const sizes = [0, 1, 4095, 4096, 65536, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 << 20];
    for (const n of sizes) {
      const p = join(root, `f${n}`);
      writeFileSync(p, Buffer.alloc(n, n % 251));
      for (const scratch of [false, true]) {
        const checked = plain(fs.read(p, { maxBytes: CAP, scratch, headroom: scratch ? 40 : 0 }));
        const listed = plain(fs.read(p, { maxBytes: CAP, scratch, headroom: scratch ? 40 : 0, listedAsFile: true }));
        assert.deepEqual(listed, checked, `${n} bytes, scratch ${scratch}`);
      }
    }
    // over the cap: too-large with the file's real size, as the checked read says
    assert.deepEqual(fs.read(join(root, `f${3 << 20}`), { maxBytes: CAP, listedAsFile: true }), { kind: 'too-large', size: 3 << 20 });

    // a FIFO without a writer: refused at once (its open does not wait, its read gives nothing)
    const fifo = join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    assert.deepEqual(fs.read(fifo, { maxBytes: CAP, scratch: true, listedAsFile: true }), { kind: 'not-regular', what: 'other' });
    // a directory
    mkdirSync(join(root, 'dir'));
    assert.deepEqual(fs.read(join(root, 'dir'), { maxBytes: CAP, listedAsFile: true }), { kind: 'not-regular', what: 'dir' });
    // an endless device: read up to the cap, then refused
    symlinkSync('/dev/zero', join(root, 'zero'));
    assert.deepEqual(fs.read(join(root, 'zero'), { maxBytes: CAP, scratch: true, listedAsFile: true }), { kind: 'not-regular', what: 'other' });
  } finally {
    removeDir(root);
  }
});
