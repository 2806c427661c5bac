#!/usr/bin/env node
// `npm run typecheck`: each layer is checked with the globals it may use
// (its tsconfig.json), so a layer that reaches for a global it must not
// have fails here:
//   src/engine, src/report, src/server, src/cli   Node, no DOM
//   src/client                                    Node + the vscode API, no DOM
//   src/shared                                    neither Node nor DOM (it runs in the webview too)
//   src/webview                                   DOM, no Node
//   . (test, scripts)                             Node + DOM
// A project also checks every file it imports from other layers under its
// own globals: the webview's imports must be Node-free, for example.
// Incremental (the cache is in node_modules/.cache/typecheck); two at a time.
import { spawn } from 'node:child_process';

const PROJECTS = ['src/engine', 'src/shared', 'src/report', 'src/server', 'src/client', 'src/cli', 'src/webview', '.'];
const TSC = 'node_modules/typescript/bin/tsc';
const PARALLEL = 2;

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSC, '-p', project, '--pretty', 'false'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code) => resolve({ project, ok: code === 0, out }));
  });
}

const queue = [...PROJECTS];
const results = [];
await Promise.all(Array.from({ length: PARALLEL }, async () => {
  while (queue.length) {
    const r = await check(queue.shift());
    process.stdout.write(`${r.ok ? 'ok    ' : 'FAILED'} ${r.project === '.' ? 'test, scripts (tsconfig.json)' : r.project}\n`);
    if (r.out.trim()) process.stdout.write(r.out.trimEnd().replace(/^/gm, '  ') + '\n');
    results.push(r);
  }
}));
const failed = results.filter((r) => !r.ok);
if (failed.length) process.stdout.write(`typecheck failed in ${failed.map((r) => r.project).join(', ')}\n`);
process.exit(failed.length ? 1 : 0);
