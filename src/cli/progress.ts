// Progress on stderr, only when it is a terminal (never pollutes --json output).
import type { Progress } from '../engine/corpus/corpusIndex.js';

export function progressPrinter(enabled: boolean): { update: (p: Progress) => void; done: () => void } {
  const tty = enabled && process.stderr.isTTY;
  let last = 0;
  let shown = false;
  return {
    update(p) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      const total = p.total ? `/${p.total}` : '';
      process.stderr.write(`\r\x1b[2K${p.phase} ${p.files}${total} files…`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}
