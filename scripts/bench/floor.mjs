#!/usr/bin/env node
// The floor: a minimal single-threaded Node script that walks a tree and reads
// and SHA-256s every regular file — what any dry run must at least do.
//   node scripts/bench/floor.mjs DIR
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

let files = 0;
let bytes = 0;
function walk(dir) {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${d.name}`;
    if (d.isDirectory()) walk(p);
    else if (d.isFile()) {
      const b = readFileSync(p);
      createHash('sha256').update(b).digest();
      files++;
      bytes += b.length;
    }
  }
}
walk(process.argv[2]);
console.log(JSON.stringify({ files, bytes }));
