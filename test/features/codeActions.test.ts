// Code actions as a plain function over the diagnostics the client sends back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFs } from '../../src/engine/fs/index';
import { codeActions } from '../../src/server/features/codeActions';
import { fileDiagnostics, toLspDiagnostic } from '../../src/server/features/diagnostics';
import { loadTrainingYamlText } from '../../src/engine/config/index';
import { workspaceConfigs } from '../../src/server/features/fixAll';
import { applyEdits } from '../../src/server/features/yamlEdits';
import { memoryCorpus } from './corpus';

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

test('fix all unquoted booleans/numbers: one source.fixAll edit over every config of the workspace', async () => {
  const files: Record<string, string> = {
    '.dlm/training.yaml': 'metadata:\n  generated: true   # keep me\n  year: 2024\nweights:\n  generated:\n    true: 0.1\n',
    'a/.dlm/training.yaml': 'metadata: {lang: py, draft: no}\n', 'a/x.py': 'x\n',
    'b/.dlm/training.yaml': 'metadata:\n  lang: py\n', 'b/y.py': 'y\n',
  };
  const c = await memoryCorpus(files);
  // an open editor's unsaved text wins over the disk
  const open = new Map([[c.path('b/.dlm/training.yaml'), 'metadata:\n  lang: py\n  ok: on\n']]);
  const configs = () => workspaceConfigs([c.snapshot], open, c.fs);
  const rootUri = 'file:///w/.dlm/training.yaml';
  const lsp = fileDiagnostics(c.path('.dlm/training.yaml'), files['.dlm/training.yaml']!).map((d) => toLspDiagnostic(d, true));
  // asked for by kind (as on save), with no diagnostics at all
  const [all] = codeActions({ uri: rootUri, diagnostics: [], only: ['source.fixAll'], rename: false, workspaceConfigs: configs });
  assert.equal(all?.kind, 'source.fixAll');
  assert.equal(all?.title, 'Quote every unquoted boolean/number tag in the workspace (5 in 3 files)');
  const changes = all!.edit!.changes!;
  const fixed: Record<string, string> = {
    '.dlm/training.yaml': "metadata:\n  generated: 'true'   # keep me\n  year: '2024'\nweights:\n  generated:\n    'true': 0.1\n",
    'a/.dlm/training.yaml': "metadata: {lang: py, draft: 'no'}\n",
    'b/.dlm/training.yaml': "metadata:\n  lang: py\n  ok: 'on'\n",
  };
  for (const [rel, want] of Object.entries(fixed)) {
    const before = open.get(c.path(rel)) ?? files[rel]!;
    const after = applyEdits(before, changes[`file:///w/${rel}`]!);
    assert.equal(after, want);
    assert.equal(loadTrainingYamlText(after).accepted, true, rel);
  }
  // beside a diagnostic it fixes (the lightbulb), too; not for other kinds, and not when nothing asks
  assert.ok(codeActions({ uri: rootUri, diagnostics: lsp, rename: false, workspaceConfigs: configs }).some((a) => a.kind === 'source.fixAll'));
  assert.ok(!codeActions({ uri: rootUri, diagnostics: lsp, only: ['quickfix'], rename: false, workspaceConfigs: configs }).some((a) => a.kind === 'source.fixAll'));
  let read = 0;
  codeActions({ uri: rootUri, diagnostics: [], rename: false, workspaceConfigs: () => { read++; return configs(); } });
  assert.equal(read, 0, 'no config is read for a plain lightbulb request');
  assert.deepEqual(codeActions({ uri: rootUri, diagnostics: [], only: ['source.fixAll'], rename: false, workspaceConfigs: () => [] }), []);
});
