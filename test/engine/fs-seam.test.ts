// The engine reaches files only through src/engine/fs, and workspace files
// are read only with its safe read (regular files, non-blocking open, size
// checked first). These scans fail when a new direct read slips in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { REPO_ROOT } from '../helpers/shared';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|mts|cts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

const rel = (p: string) => relative(REPO_ROOT, p).split(sep).join('/');
const SRC = join(REPO_ROOT, 'src');

test('only src/engine/fs imports node:fs inside the engine', () => {
  const offenders: string[] = [];
  for (const file of sources(join(SRC, 'engine'))) {
    const path = rel(file);
    if (path.startsWith('src/engine/fs/')) continue;
    const text = readFileSync(file, 'utf8');
    if (/from\s+['"](node:)?fs(\/promises)?['"]|require\(\s*['"](node:)?fs(\/promises)?['"]\s*\)|import\(\s*['"](node:)?fs/.test(text)) offenders.push(path);
  }
  assert.deepEqual(offenders, [], 'import files through src/engine/fs (EngineFs) instead');
});

/**
 * Reads of files that are not the user's workspace, each with its reason.
 * Anything else that reads a file must use the engine's safe read
 * (EngineFs.read / stream: nodeFs outside the engine).
 */
const ALLOWED_READS: Record<string, string> = {
  'src/cli/htmlExport.ts': "the CLI bundle's own webview.js / webview.css, inlined into an HTML export",
  'src/client/webviewAssets.ts': "the extension's own dist/webview.js / .css, inlined into the report panel's page and an HTML export",
};

test('no direct file reads outside the safe reader (allow-listed: the tool\'s own files)', () => {
  const offenders: string[] = [];
  for (const file of sources(SRC)) {
    const path = rel(file);
    if (path.startsWith('src/engine/fs/') || path in ALLOWED_READS) continue;
    const text = readFileSync(file, 'utf8');
    const m = /\b(readFileSync|readFile\s*\(|createReadStream|openSync|readSync|promises\.open|fsp?\.open\s*\()/.exec(text);
    if (m) offenders.push(`${path}: ${m[1]}`);
  }
  assert.deepEqual(offenders, [], 'read workspace files with the engine\'s safe read (nodeFs.read)');
  // the allow-list stays honest: every entry still reads something
  for (const path of Object.keys(ALLOWED_READS)) {
    assert.match(readFileSync(join(REPO_ROOT, path), 'utf8'), /readFile/, `${path} no longer reads a file: drop it from the allow-list`);
  }
});
