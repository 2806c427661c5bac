// The dry run's V8 flags: only the one-shot dry run gets them (the language
// server keeps V8's defaults), and V8 knows each of them (an unknown flag is
// ignored with an "unrecognized flag" message, so a renamed flag in a later
// Node would otherwise go unnoticed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { v8FlagsFor } from '../../src/cli/v8Tuning';

test('only dry-run changes V8 flags', () => {
  assert.ok(v8FlagsFor('dry-run').length > 0);
  for (const command of ['lsp', 'check', 'suggest', null]) assert.deepEqual(v8FlagsFor(command), [], String(command));
});

test('V8 accepts every flag the dry run sets', () => {
  const flags = [...v8FlagsFor('dry-run')];
  // the check itself: an unknown flag is reported
  flags.push('--dlm-weights-no-such-flag');
  const script = `const v8 = require('node:v8'); for (const f of ${JSON.stringify(flags)}) v8.setFlagsFromString(f);`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const out = r.stdout + r.stderr;
  for (const f of v8FlagsFor('dry-run')) assert.ok(!out.includes(f.split('=')[0]!), `V8 does not know ${f}: ${out}`);
  assert.match(out, /unrecognized flag --dlm-weights-no-such-flag/);
});
