#!/usr/bin/env node
// npm test — every tier, each reported even when an earlier one failed:
//   build → typecheck → unit (unit, parity, CLI, protocol, browser, robustness)
//   → editors (real third-party LSP clients) → e2e (a real VS Code).
// Exit status is non-zero at the end when any tier failed.
// `--skip e2e,editors` leaves tiers out (for a fast local loop).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const argv = process.argv.slice(2);
const skipAt = argv.indexOf('--skip');
const skip = new Set(skipAt >= 0 ? (argv[skipAt + 1] ?? '').split(',') : []);
const node = process.execPath;

const TIERS = [
  { id: 'build', cmd: [node, 'esbuild.mjs'] },
  { id: 'typecheck', cmd: [node, 'scripts/typecheck.mjs'] },
  { id: 'unit', cmd: [node, 'scripts/run-tests.mjs'] },
  { id: 'editors', cmd: [node, 'scripts/editors/run.mjs'], needs: 'scripts/editors/run.mjs' },
  { id: 'e2e', cmd: [node, 'scripts/e2e/run.mjs'] },
];

const results = [];
for (const tier of TIERS) {
  if (skip.has(tier.id)) { results.push({ id: tier.id, status: 'skipped (--skip)' }); continue; }
  if (tier.needs && !existsSync(tier.needs)) continue;
  const cmd = tier.cmd;
  process.stdout.write(`\n━━ ${tier.id}: ${cmd.slice(1).join(' ')}\n`);
  const started = Date.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit' });
  const seconds = Math.round((Date.now() - started) / 1000);
  results.push({ id: tier.id, status: r.status === 0 ? 'passed' : `FAILED (exit ${r.status ?? r.signal})`, seconds, ok: r.status === 0 });
}

process.stdout.write('\n━━ summary\n');
for (const r of results) process.stdout.write(`  ${r.id.padEnd(10)} ${r.status}${r.seconds !== undefined ? ` in ${r.seconds} s` : ''}\n`);
const failed = results.filter((r) => r.ok === false);
process.stdout.write(failed.length ? `${failed.length} tier(s) failed\n` : 'every tier passed\n');
process.exit(failed.length ? 1 : 0);
