// `dlm-weights --version` prints package.json's version (baked in at build time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/shared';

test('--version prints package.json\'s version', async () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const r = await runCli(['--version'], { cwd: REPO_ROOT });
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), version);
  assert.notEqual(version, '0.0.0-dev');
});
