// Which live reports are the truth: a config open with unsaved text that does
// not load holds the report back; saved text (even broken) never does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../src/engine/diagnostics/index';
import { staleEdit } from '../../src/server/liveTruth';

const err = (line: number): Diagnostic => ({ severity: 'error', code: 'yaml-syntax' as Diagnostic['code'], message: 'bad', range: { start: { line, character: 0 }, end: { line, character: 1 } } });
const warn: Diagnostic = { ...err(0), severity: 'warning' };

test('an edited config with an error holds the report back, with its first error line', () => {
  const yaml = '/w/src/.dlm/training.yaml';
  const input = (disk: string | null, diags: Diagnostic[]) => ({
    texts: new Map([[yaml, 'weights: [\n']]), diskText: () => disk, localDiagnostics: () => diags,
  });
  assert.deepEqual(staleEdit(input('weights: {}\n', [err(3), err(5)])), { path: yaml, line: 3, message: 'bad' });
  // saved as is: what dlm train reads, so it is published
  assert.equal(staleEdit(input('weights: [\n', [err(3)])), null);
  // warnings do not stop dlm from loading the file
  assert.equal(staleEdit(input('weights: {}\n', [warn])), null);
  // a document or a file that is not a config is not judged here
  assert.equal(staleEdit({ texts: new Map([['/w/a.dlm', 'x']]), diskText: () => 'y', localDiagnostics: () => [err(0)] }), null);
});
