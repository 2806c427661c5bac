// `prepare`: build dist/ from source. Runs on `npm install` in a clone and on
// `npm install -g .` — npm links the folder for the latter and runs `prepare`
// without installing the dev dependencies the build needs, so install them
// first when they are missing (a clone that was never `npm install`ed).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..');
// the outer `npm install -g --prefix X` hands its settings down through npm_config_*;
// the nested install is a plain local one
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(global|prefix|location|allow_scripts)$/i.test(k)));
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync(join(repo, 'node_modules', 'esbuild'))) {
  const npm = process.env.npm_execpath;
  // --ignore-scripts: no nested `prepare`; the build below is the only one
  if (npm) run(process.execPath, [npm, 'ci', '--ignore-scripts', '--no-audit', '--no-fund']);
  else run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
}
run(process.execPath, ['esbuild.mjs']);
