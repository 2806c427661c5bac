// The config validators are ajv's standalone code, generated ahead of time
// from schemas/training.schema.json: the generated module must match the schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../helpers/shared';

test('the generated validators (training.yaml, .dlm frontmatter) match the current schemas', () => {
  const r = spawnSync(process.execPath, ['scripts/gen-validators.mjs', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
