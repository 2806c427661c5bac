// The vendored spec and parity data must equal their source, ../shared, when a
// checkout has it beside the repository (the team's layout). A plain clone has
// no ../shared: then there is nothing to compare and the vendored copy is the truth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/shared';

const shared = process.env.DLM_SHARED_DIR ?? join(REPO_ROOT, '..', 'shared');

test('vendored docs/spec and test/parity/data equal ../shared (when it exists)', { skip: !existsSync(shared) && 'no ../shared beside this clone' }, async () => {
  const { drift } = await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'sync-shared.mjs')).href);
  const lines: string[] = drift();
  assert.deepEqual(lines, [], `vendored copies differ from ../shared; run npm run sync-parity\n${lines.join('\n')}`);
});

test('the vendored copies hold every file the suites read', () => {
  for (const p of ['docs/spec/dry-run-json.md', 'docs/spec/document.md', 'docs/spec/semantics.md', 'docs/spec/store.md', 'docs/spec/check-json.md',
    'test/parity/data/cases', 'test/parity/data/failing-cases', 'test/parity/data/vectors/keep.json', 'test/parity/data/vectors/split.json',
    'test/parity/data/yaml-cases.json', 'test/parity/data/yaml-edge-cases.json', 'test/parity/data/doc-cases.json']) {
    assert.ok(existsSync(join(REPO_ROOT, p)), `${p} is vendored`);
  }
});
