// Bundles every entry point. Node bundles are CommonJS so VS Code's extension
// host (and plain `node`) can load them; the webview is a browser IIFE.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

// --version prints package.json's version, baked in at build time
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(version) },
};

const builds = [
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' },
  // the read workers of the corpus index, started by the CLI and the server from beside their bundle
  { ...node, entryPoints: ['src/engine/corpus/readWorker.ts'], outfile: 'dist/readWorker.js' },
  // the mix's second pass (characters and tokens), started by the server and the CLI from beside their bundle
  { ...node, entryPoints: ['src/engine/mix/measureWorker.ts'], outfile: 'dist/measureWorker.js' },
  { ...node, entryPoints: ['src/client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  {
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: false,
    minify: production, logLevel: 'warning',
    entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js',
  },
  { bundle: true, minify: production, logLevel: 'warning', entryPoints: ['src/webview/report.css'], outfile: 'dist/webview.css' },
].filter((b) => existsSync(b.entryPoints[0]));

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
