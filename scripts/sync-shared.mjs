// Refreshes the vendored copies of the team's shared ground truth:
//   ../shared/spec   -> docs/spec         (what dlm does, the JSON contracts)
//   ../shared/parity -> test/parity/data  (cases computed by running upstream dlm)
// The repository must stand alone, so these copies are committed; this script
// is how they are refreshed. `--check` only reports drift (exit 1 on any).
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const shared = resolve(process.env.DLM_SHARED_DIR ?? join(repo, '..', 'shared'));
export const VENDORED = [
  { from: 'spec', to: 'docs/spec' },
  { from: 'parity', to: 'test/parity/data' },
];

function files(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Differences between the source and the vendored copy, as readable lines. */
export function drift() {
  const lines = [];
  for (const { from, to } of VENDORED) {
    const src = join(shared, from);
    const dst = join(repo, to);
    const a = new Set(files(src));
    const b = new Set(files(dst));
    for (const f of a) {
      if (!b.has(f)) lines.push(`missing in ${to}: ${f}`);
      else if (!readFileSync(join(src, f)).equals(readFileSync(join(dst, f)))) lines.push(`differs: ${to}/${f}`);
    }
    for (const f of b) if (!a.has(f)) lines.push(`not in ../shared/${from}: ${to}/${f}`);
  }
  return lines;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  if (!existsSync(shared)) {
    console.error(`sync-shared: ${shared} does not exist (set DLM_SHARED_DIR)`);
    process.exit(2);
  }
  if (process.argv.includes('--check')) {
    const d = drift();
    for (const l of d) console.log(l);
    console.log(d.length ? `${d.length} difference(s)` : 'vendored copies match ../shared');
    process.exit(d.length ? 1 : 0);
  }
  for (const { from, to } of VENDORED) {
    rmSync(join(repo, to), { recursive: true, force: true });
    cpSync(join(shared, from), join(repo, to), { recursive: true });
    console.log(`copied ../shared/${from} -> ${to}`);
  }
}
