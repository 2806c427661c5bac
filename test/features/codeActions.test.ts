// Code actions as a plain function over the diagnostics the client sends back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFs } from '../../src/engine/fs/index';
import { codeActions } from '../../src/server/features/codeActions';
import { fileDiagnostics, toLspDiagnostic } from '../../src/server/features/diagnostics';

const URI = 'file:///w/.dlm/training.yaml';

test('the quoting fix of an unquoted `true:` tag value', () => {
  const text = 'weights:\n  generated:\n    true: 0.1\n';
  const lsp = fileDiagnostics('/w/.dlm/training.yaml', text).map((d) => toLspDiagnostic(d, true));
  const [action] = codeActions({ uri: URI, diagnostics: lsp, rename: false });
  assert.equal(action?.kind, 'quickfix');
  assert.equal(action?.isPreferred, true);
  const edit = action!.edit!.changes![URI]![0]!;
  assert.deepEqual(edit.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } });
  assert.match(edit.newText, /^(['"])true\1$/);
  assert.deepEqual(codeActions({ uri: URI, diagnostics: lsp, only: ['refactor'], rename: false }), [], 'not asked for');
  assert.equal(codeActions({ uri: URI, diagnostics: lsp, only: ['quickfix'], rename: false }).length, 1);
});

test('renaming training.yml only for clients that rename files', () => {
  const uri = 'file:///w/.dlm/training.yml';
  const lsp = fileDiagnostics('/w/.dlm/training.yml', '', new MemoryFs()).map((d) => toLspDiagnostic(d, true));
  assert.deepEqual(codeActions({ uri, diagnostics: lsp, rename: false }), []);
  const [rename] = codeActions({ uri, diagnostics: lsp, rename: true });
  assert.deepEqual(rename!.edit!.documentChanges, [{ kind: 'rename', oldUri: uri, newUri: 'file:///w/.dlm/training.yaml', options: { overwrite: false, ignoreIfExists: false } }]);
});

test('only our own diagnostics, and nothing from malformed ones', () => {
  const junk = [null, 7, { source: 'other', data: { fixes: [{ title: 't', edits: [] }] } }, { source: 'dlm-weights', data: { fixes: 'x' } },
    { source: 'dlm-weights', data: { fixes: [{ title: 3 }, null, { title: 'rename', edits: [], renameTo: 5 }] } }] as never[];
  assert.deepEqual(codeActions({ uri: URI, diagnostics: junk, rename: true }), []);
  assert.deepEqual(codeActions({ uri: URI, diagnostics: 'nope' as never, rename: true }), []);
});
