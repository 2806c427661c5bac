// The actions for dlm's global merge of weights, proven with the engine:
// the edit is applied to an in-memory corpus, which is indexed again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrainingYamlText } from '../../src/engine/config/index';
import { codeActions } from '../../src/server/features/codeActions';
import { corpusDiagnostics, toLspDiagnostic } from '../../src/server/features/diagnostics';
import { GO_TO_LOCATION_COMMAND } from '../../src/server/features/weightActions';
import { applyEdits } from '../../src/server/features/yamlEdits';
import { memoryCorpus, type MemoryCorpus } from './corpus';

/** The code actions offered for `code` on `rel`, as VS Code would ask for them. */
function actionsFor(c: MemoryCorpus, rel: string, code: string, text = c.text(rel)) {
  const path = c.path(rel);
  const ds = (corpusDiagnostics(c.snapshot).get(path) ?? []).filter((d) => d.code === code).map((d) => toLspDiagnostic(d, true));
  assert.equal(ds.length, 1, `${code} on ${rel}: ${JSON.stringify(corpusDiagnostics(c.snapshot).get(path))}`);
  const uri = `file://${path}`;
  return { uri, actions: codeActions({ uri, diagnostics: ds, rename: false, document: { path, text, snapshot: c.snapshot } }) };
}

/** origin → weight of every row. */
function weights(c: MemoryCorpus): Map<string, number> {
  return new Map(c.snapshot.report.rows.map((r) => [r.origin, r.weight]));
}

const SRC = '# src: python we wrote\nmetadata:\n  lang: py   # every file here\n  team: core\nweights:\n  lang:\n    py: 2   # doubled\n';
const LEAKY = {
  '.dlm/training.yaml': 'metadata:\n  kind: code\nweights:\n  kind:\n    code: 1.5\n', 'top.py': 't\n',
  'src/.dlm/training.yaml': SRC, 'src/a.py': 'a\n', 'src/b.py': 'b\n',
  'notes/.dlm/training.yaml': 'metadata: {lang: py}\n', 'notes/n.py': 'n\n',
};

describe('scope this weight to this folder', () => {
  test('rows outside the folder lose the leaked factor, rows inside keep theirs; layout and comments stay', async () => {
    const before = await memoryCorpus(LEAKY);
    const { uri, actions } = actionsFor(before, 'src/.dlm/training.yaml', 'weight-leaks');
    const scope = actions.find((a) => a.title.startsWith('Scope this weight to src/'));
    assert.ok(scope, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(scope.kind, 'quickfix');
    const edits = scope.edit!.changes![uri]!;
    const after = applyEdits(SRC, edits);
    assert.equal(after, '# src: python we wrote\nmetadata:\n  lang: py   # every file here\n  team: core\n  scope: src\nweights:\n  scope:\n    src: 2   # doubled\n');

    const fixed = await memoryCorpus({ ...LEAKY, 'src/.dlm/training.yaml': after });
    // what the outside rows get with no weight in src/ at all
    const without = await memoryCorpus({ ...LEAKY, 'src/.dlm/training.yaml': 'metadata:\n  lang: py\n  team: core\n' });
    const w0 = weights(before);
    const w1 = weights(fixed);
    const wn = weights(without);
    assert.deepEqual([...w0].filter(([o]) => o.startsWith('src/')), [['src/a.py', 3], ['src/b.py', 3]], 'inside: 1.5 × 2');
    for (const [origin, w] of w1) {
      if (origin.startsWith('src/')) assert.equal(w, w0.get(origin), `${origin} keeps its factor`);
      else assert.equal(w, wn.get(origin), `${origin} no longer gets src/'s weight`);
    }
    assert.equal(w0.get('notes/n.py'), 3, 'the leak this removes (1.5 × 2)');
    assert.equal(w1.get('notes/n.py'), 1.5);
    // and the leak is gone, with nothing new to warn about in src/
    assert.deepEqual((corpusDiagnostics(fixed.snapshot).get(fixed.path('src/.dlm/training.yaml')) ?? []).map((d) => d.code), []);
  });

  test('a tag key with other values, flow style, no metadata yet: still one edit dlm reads as meant', async () => {
    const text = 'weights: {lang: {py: 2, go: 3}}\n';
    const files = { ...LEAKY, 'src/.dlm/training.yaml': text, '.dlm/training.yaml': 'metadata: {lang: py}\n' };
    const c = await memoryCorpus(files);
    const { uri, actions } = actionsFor(c, 'src/.dlm/training.yaml', 'weight-leaks');
    const scope = actions.find((a) => a.title.startsWith('Scope'))!;
    const after = applyEdits(text, scope.edit!.changes![uri]!);
    assert.equal(after, 'metadata:\n  scope: src\nweights: {scope: {src: 2}, lang: {go: 3}}\n');
  });

  test('a key another config uses is not taken; not offered when some rows here lack the tag value', async () => {
    const taken = await memoryCorpus({ ...LEAKY, 'notes/.dlm/training.yaml': 'metadata: {lang: py, scope: x}\n' });
    const t = actionsFor(taken, 'src/.dlm/training.yaml', 'weight-leaks');
    assert.match(t.actions.find((a) => a.title.startsWith('Scope'))!.title, /scope_2: src/);
    const mixed = await memoryCorpus({ ...LEAKY, 'src/lib/.dlm/training.yaml': 'metadata: {lang: go}\n', 'src/lib/m.go': 'm\n' });
    assert.equal(actionsFor(mixed, 'src/.dlm/training.yaml', 'weight-leaks').actions.some((a) => a.title.startsWith('Scope')), false);
  });
});

describe('scope a weight whose leak makes another config\'s weight dead', () => {
  test('the scope tag carries the ratio: rows here keep their weight bit for bit, rows elsewhere get their own config\'s value again', async () => {
    const files = {
      '.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 2.5\n', 'top.py': 't\n',
      'src/.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 0.5\n', 'src/a.py': 'a\n',
      'notes/.dlm/training.yaml': 'metadata: {lang: py}\n', 'notes/n.py': 'n\n',
    };
    const before = await memoryCorpus(files);
    const { uri, actions } = actionsFor(before, 'src/.dlm/training.yaml', 'weight-leaks');
    const scope = actions.find((a) => a.title.startsWith('Scope'));
    assert.equal(scope?.title, "Scope this weight to src/ (tag its rows scope: src, weighted 0.2 on top of .dlm/training.yaml's 2.5)");
    const after = applyEdits(files['src/.dlm/training.yaml'], scope!.edit!.changes![uri]!);
    assert.equal(after, 'metadata:\n  lang: py\n  scope: src\nweights:\n  scope:\n    src: 0.2\n');
    const fixed = await memoryCorpus({ ...files, 'src/.dlm/training.yaml': after });
    assert.deepEqual([...weights(before)], [['notes/n.py', 0.5], ['src/a.py', 0.5], ['top.py', 0.5]]);
    assert.deepEqual([...weights(fixed)], [['notes/n.py', 2.5], ['src/a.py', 0.5], ['top.py', 2.5]]);
    assert.deepEqual([...corpusDiagnostics(fixed.snapshot).values()].flat().map((d) => d.code), [], 'nothing left: no leak, no dead weight');
  });

  test('not offered when no factor keeps this folder\'s rows exactly where they are', async () => {
    const files = {
      '.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 0\n', 'top.py': 't\n',
      'src/.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 0.5\n', 'src/a.py': 'a\n',
    };
    const c = await memoryCorpus(files);
    assert.equal(actionsFor(c, 'src/.dlm/training.yaml', 'weight-leaks').actions.some((a) => a.title.startsWith('Scope')), false);
  });
});

describe('a weight another config overrides (its rows all under the winner)', () => {
  const FILES = {
    '.dlm/training.yaml': 'metadata:\n  kind: doc\nweights:\n  # python\n  lang:\n    py: 2.5  # dead\n  kind:\n    doc: 2\n', 'top.md': 't\n',
    'src/.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 0.5\n', 'src/a.py': 'a\n',
  };

  test('go to the winning config: a command naming its line', async () => {
    const c = await memoryCorpus(FILES);
    const { actions } = actionsFor(c, '.dlm/training.yaml', 'weight-overridden');
    const go = actions.find((a) => a.command?.command === GO_TO_LOCATION_COMMAND);
    assert.ok(go, JSON.stringify(actions));
    assert.equal(go.title, 'Go to the winning config (src/.dlm/training.yaml:5)');
    assert.deepEqual(go.command!.arguments, [{ uri: 'file:///w/src/.dlm/training.yaml', range: { start: { line: 4, character: 8 }, end: { line: 4, character: 11 } } }]);
  });

  test('remove the dead weight: its line, then its emptied tag key, then an emptied `weights`', async () => {
    const cases: Array<[string, string]> = [
      [FILES['.dlm/training.yaml'], 'metadata:\n  kind: doc\nweights:\n  # python\n  kind:\n    doc: 2\n'],
      ['metadata:\n  kind: doc\nweights:\n  lang:\n    go: 1\n    py: 2.5  # dead\n', 'metadata:\n  kind: doc\nweights:\n  lang:\n    go: 1\n'],
      ['metadata:\n  kind: doc\nweights:\n  lang:\n    py: 2.5\n# end\n', 'metadata:\n  kind: doc\n# end\n'],
      ['metadata: {kind: doc}\nweights: {lang: {go: 1, py: 2.5}, kind: {doc: 2}}\n', 'metadata: {kind: doc}\nweights: {lang: {go: 1}, kind: {doc: 2}}\n'],
      ['metadata: {kind: doc}\nweights: {lang: {py: 2.5, go: 1}}', 'metadata: {kind: doc}\nweights: {lang: {go: 1}}'],
    ];
    for (const [text, want] of cases) {
      const c = await memoryCorpus({ ...FILES, '.dlm/training.yaml': text });
      const { uri, actions } = actionsFor(c, '.dlm/training.yaml', 'weight-overridden');
      const remove = actions.find((a) => a.title === 'Remove the dead weight lang=py');
      assert.ok(remove, `${JSON.stringify(text)}: ${JSON.stringify(actions.map((a) => a.title))}`);
      const after = applyEdits(text, remove.edit!.changes![uri]!);
      assert.equal(after, want);
      assert.equal(loadTrainingYamlText(after).accepted, true);
      // nothing dlm does changes: the weight was dead
      const fixed = await memoryCorpus({ ...FILES, '.dlm/training.yaml': after });
      assert.deepEqual(weights(fixed), weights(c));
    }
  });

  test('the actions need the text the diagnostic was made from: an edited line gets none', async () => {
    const c = await memoryCorpus(FILES);
    const edited = FILES['.dlm/training.yaml'].replace('py: 2.5', 'py:   2.5');
    assert.deepEqual(actionsFor(c, '.dlm/training.yaml', 'weight-overridden', edited).actions, []);
  });
});
