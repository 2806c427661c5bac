// Engine-level tests for the diagnostics dlm accepts but warns about, each
// with a positive and a negative case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dryRun } from '../../src/engine/dryRun';
import { diagnoseCorpus, diagnoseIgnoreText, diagnoseTrainingYamlText, trainingYmlDiagnostic, type Diagnostic } from '../../src/engine/diagnostics';

async function corpusDiagnostics(files: Record<string, string>): Promise<Map<string, Diagnostic[]>> {
  const root = mkdtempSync(join(tmpdir(), 'dlmw-diag-'));
  try {
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), c);
    }
    const { report, details, index } = await dryRun(root);
    const out = new Map<string, Diagnostic[]>();
    for (const [abs, d] of diagnoseCorpus(index, report, details)) out.set(abs.slice(root.length + 1), d);
    return out;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
const codes = (m: Map<string, Diagnostic[]>, file: string) => (m.get(file) ?? []).map((d) => d.code);
const one = (m: Map<string, Diagnostic[]>, file: string, code: string) => {
  const d = (m.get(file) ?? []).filter((x) => x.code === code);
  assert.equal(d.length, 1, `${code} on ${file}: ${JSON.stringify(m.get(file))}`);
  return d[0]!;
};

test('weight-leaks: a subtree weight reaches rows outside it (and only then)', async () => {
  const m = await corpusDiagnostics({
    'a/.dlm/training.yaml': 'metadata: {lang: python}\nweights:\n  lang:\n    python: 2\n',
    'a/x.py': 'x', 'b/.dlm/training.yaml': 'metadata: {lang: python}\n', 'b/y.py': 'y',
  });
  const d = one(m, 'a/.dlm/training.yaml', 'weight-leaks');
  assert.equal(d.severity, 'warning');
  assert.deepEqual(d.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 10 } });
  assert.match(d.message, /b\/y\.py/);
  const none = await corpusDiagnostics({ 'a/.dlm/training.yaml': 'metadata: {lang: python}\nweights: {lang: {python: 2}}\n', 'a/x.py': 'x', 'b/y.py': 'y' });
  assert.ok(!codes(none, 'a/.dlm/training.yaml').includes('weight-leaks'));
});

test('weight-overridden: a later config in merge order wins; equal values are fine', async () => {
  // (the winner's rows are all its own: a leak onto the root's rows would be reported once, as the winner's weight-leaks)
  const m = await corpusDiagnostics({
    '.dlm/training.yaml': 'weights: {k: {v: 2}}\n', 'f.txt': 'f',
    'longer/.dlm/training.yaml': 'metadata: {k: v}\nweights: {k: {v: 3}}\n', 'longer/g.txt': 'g',
  });
  const d = one(m, '.dlm/training.yaml', 'weight-overridden');
  assert.match(d.message, /longer\/\.dlm\/training\.yaml/);
  assert.equal(d.related?.[0]?.message.includes('wins'), true);
  const same = await corpusDiagnostics({ '.dlm/training.yaml': 'metadata: {k: v}\nweights: {k: {v: 2}}\n', 'f.txt': 'f', 'longer/.dlm/training.yaml': 'weights: {k: {v: 2}}\n' });
  assert.ok(!codes(same, '.dlm/training.yaml').includes('weight-overridden'));
});

test('unknown tag keys and values get a did-you-mean fix', async () => {
  const m = await corpusDiagnostics({ '.dlm/training.yaml': 'metadata: {language: python}\nweights:\n  langauge: {python: 2}\n  language: {pyhton: 2, python: 1}\n', 'f.py': 'f' });
  const k = one(m, '.dlm/training.yaml', 'weight-tag-key-unknown');
  assert.equal(k.fixes?.[0]?.edits[0]?.newText, 'language');
  const v = one(m, '.dlm/training.yaml', 'weight-tag-value-unknown');
  assert.equal(v.fixes?.[0]?.edits[0]?.newText, 'python');
  assert.deepEqual(v.range.start, { line: 3, character: 13 });
});

test('weight-no-rows, weight-drops-rows, weight-very-large', async () => {
  const m = await corpusDiagnostics({
    '.dlm/training.yaml': 'metadata: {k: a}\nweights: {k: {a: 0}, j: {b: 50}}\n', 'f.txt': 'f',
    'gone/.dlm/training.yaml': 'metadata: {j: b}\nexclude: ["**"]\n', 'gone/g.txt': 'g',
    'big/.dlm/training.yaml': 'metadata: {j: c}\nweights: {j: {c: 11}}\n', 'big/x.txt': 'x',
  });
  one(m, '.dlm/training.yaml', 'weight-drops-rows');
  one(m, '.dlm/training.yaml', 'weight-no-rows');
  one(m, 'big/.dlm/training.yaml', 'weight-very-large');
  const fine = await corpusDiagnostics({ '.dlm/training.yaml': 'metadata: {k: a}\nweights: {k: {a: 3}}\n', 'f.txt': 'f' });
  assert.deepEqual(codes(fine, '.dlm/training.yaml'), []);
});

test('metadata-tags-no-rows and pattern-matches-nothing', async () => {
  const m = await corpusDiagnostics({
    'a/.dlm/training.yaml': 'metadata: {k: v}\ninclude: ["nothing/**"]\nexclude: ["*.md"]\n', 'a/x.txt': 'x',
  });
  one(m, 'a/.dlm/training.yaml', 'metadata-tags-no-rows');
  assert.equal(codes(m, 'a/.dlm/training.yaml').filter((c) => c === 'pattern-matches-nothing').length, 2);
  // an include that matches nothing is a warning; an exclude only a hint (kept out of the Problems panel)
  const severities = (m.get('a/.dlm/training.yaml') ?? []).filter((d) => d.code === 'pattern-matches-nothing').map((d) => d.severity);
  assert.deepEqual(severities.sort(), ['hint', 'warning']);
  const ok = await corpusDiagnostics({ 'a/.dlm/training.yaml': 'metadata: {k: v}\ninclude: ["a/**"]\nexclude: ["*.md"]\n', 'a/x.txt': 'x', 'a/y.md': 'y' });
  assert.deepEqual(codes(ok, 'a/.dlm/training.yaml'), []);
});

test('ignore rules that match nothing, and a bare name that names a folder', async () => {
  const m = await corpusDiagnostics({ '.dlm/ignore': 'vendor\nnope.txt\n*.log\n', 'vendor/lib.js': 'v', 'a.log': 'l', 'k.txt': 'k' });
  const bare = one(m, '.dlm/ignore', 'ignore-bare-name-matches-folder');
  assert.equal(bare.fixes?.[0]?.edits[0]?.newText, 'vendor/');
  const none = one(m, '.dlm/ignore', 'ignore-rule-matches-nothing');
  assert.equal(none.range.start.line, 1);
});

test('per-file ignore checks: dropped lines and directory rules that never match', () => {
  const d = diagnoseIgnoreText('!\n/\ndocs/generated/\n/scripts/\nbuild/\n');
  assert.deepEqual(d.map((x) => [x.code, x.range.start.line]), [
    ['ignore-line-dropped', 0], ['ignore-line-dropped', 1],
    ['ignore-dir-rule-never-matches', 2], ['ignore-dir-rule-never-matches', 3],
  ]);
  assert.equal(d[2]!.fixes?.[0]?.edits[0]?.newText, 'docs/generated/**');
  assert.deepEqual(diagnoseIgnoreText('build/\n*.md\n!keep.md\n'), []);
  // lines split by Python line breaks map back to the editor's positions
  const odd = diagnoseIgnoreText('ok\x0c!\n');
  assert.deepEqual(odd[0]!.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } });
});

test('per-file training.yaml warnings: exclude_defaults off, duplicate keys', () => {
  const v = diagnoseTrainingYamlText('exclude_defaults: false\nmetadata: {k: a}\nmetadata: {k: b}\n');
  assert.equal(v.dlmAccepts, true);
  assert.deepEqual(v.diagnostics.map((d) => d.code).sort(), ['duplicate-key', 'exclude-defaults-off']);
  assert.ok(v.diagnostics.every((d) => d.severity === 'warning'));
  assert.deepEqual(diagnoseTrainingYamlText('exclude_defaults: true\nmetadata: {k: a}\n').diagnostics, []);
});

test('errors exactly when dlm rejects or crashes', () => {
  const bad = diagnoseTrainingYamlText('weights:\n  generated:\n    true: 0.1\n');
  assert.equal(bad.dlmAccepts, false);
  assert.equal(bad.diagnostics[0]!.severity, 'error');
  assert.equal(bad.diagnostics[0]!.fixes?.[0]?.edits[0]?.newText, "'true'");
  const nan = diagnoseTrainingYamlText('weights: {k: {v: .nan}}\n');
  assert.equal(nan.dlmAccepts, true);
  assert.ok(nan.diagnostics.some((d) => d.severity === 'error' && d.code === 'weight-nonfinite'));
});

test('training-yml-ignored offers a rename only when no training.yaml exists', () => {
  assert.equal(trainingYmlDiagnostic('/r/.dlm/training.yml', false).fixes?.[0]?.renameTo, '/r/.dlm/training.yaml');
  assert.equal(trainingYmlDiagnostic('/r/.dlm/training.yml', true).fixes, undefined);
});

test('leak + override of one cause: reported once, on the winner, naming the dead weight and the folders', async () => {
  const m = await corpusDiagnostics({
    '.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 2.5\n', 'top.py': 't',
    'src/.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 0.5\n', 'src/a.py': 'a',
    'notes/.dlm/training.yaml': 'metadata:\n  lang: py\n', 'notes/n.py': 'n',
  });
  // src/'s 0.5 reaches top.py and notes/n.py, and that is why root's 2.5 is dead: one warning, on src/'s line
  assert.ok(!codes(m, '.dlm/training.yaml').includes('weight-overridden'), JSON.stringify(m.get('.dlm/training.yaml')));
  const d = one(m, 'src/.dlm/training.yaml', 'weight-leaks');
  assert.match(d.message, /^2 rows tagged `lang=py` outside `src\/` also get this weight, 0\.5 .* There it overrides `\.dlm\/training\.yaml`'s 2\.5, which dlm drops\.$/);
  const related = (d.related ?? []).map((r) => [r.path.split(/dlmw-diag-[^/]+\//)[1], r.range.start.line, r.message]);
  assert.deepEqual(related, [
    ['.dlm/training.yaml', 4, "sets lang=py to 2.5: dlm drops it for this weight's 0.5"],
    ['notes/.dlm/training.yaml', 1, 'notes/: 1 row tagged lang=py gets 0.5 from this weight'],
    ['.dlm/training.yaml', 1, './: 1 row tagged lang=py gets 0.5 from this weight'],
  ]);
  // the winner's value reaching none of the loser's rows: the loser is overridden, alone
  const alone = await corpusDiagnostics({
    '.dlm/training.yaml': 'metadata:\n  kind: doc\nweights:\n  lang:\n    py: 2.5\n', 'top.md': 't',
    'src/.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 0.5\n', 'src/a.py': 'a',
  });
  one(alone, '.dlm/training.yaml', 'weight-overridden');
  assert.deepEqual(codes(alone, 'src/.dlm/training.yaml'), []);
  // rows under a config that sets the same value get what it says: no leak
  const same = await corpusDiagnostics({
    '.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 0.5\n', 'top.py': 't',
    'src/.dlm/training.yaml': 'metadata:\n  lang: py\nweights:\n  lang:\n    py: 0.5\n', 'src/a.py': 'a',
  });
  assert.deepEqual([...same.values()].flat().map((x) => x.code), []);
});
