// The explanation features over a snapshot of an in-memory corpus: the weight
// hover's headline, CodeLens on weight lines, the dead-weight hint, and
// dlm/explain (answers only for the report the asker shows).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeLenses } from '../../src/server/features/codeLens';
import { corpusDiagnostics, toLspDiagnostic } from '../../src/server/features/diagnostics';
import { explain } from '../../src/server/features/explain';
import { hover } from '../../src/server/features/hover';
import { DiagnosticTag } from 'vscode-languageserver-types';
import { hoverText, memoryCorpus, ROOT } from './corpus';

const FILES = {
  '.dlm/training.yaml': 'metadata:\n  lang: en\nweights:\n  kind:\n    doc: 0.5\n  lang:\n    en: 1.5\n',
  'docs/.dlm/training.yaml': 'metadata:\n  kind: doc\nweights:\n  kind:\n    doc: 2\n',
  'docs/a.md': 'alpha\n',
  'docs/b.md': 'beta\n',
  'notes/n.md': 'a note\n',
  'notes/m.md': 'more\n',
  'node_modules/x.js': 'x\n',
};

describe('weight hover leads with the applied value', () => {
  test('a dead local value: the headline is what dlm applies, then why this entry is dead', async () => {
    const c = await memoryCorpus(FILES);
    const h = hoverText(hover({ path: c.path('.dlm/training.yaml'), text: c.text('.dlm/training.yaml'), position: { line: 4, character: 6 }, snapshot: c.snapshot }));
    const first = h.split('\n\n')[0]!;
    assert.match(first, /^\*\*`kind=doc`: × 2 applies corpus-wide\*\* \(set by \[docs\/\.dlm\/training\.yaml:5\]\(file:\/\/\/w\/docs\/\.dlm\/training\.yaml#L5\)\) · 2 rows → \d+ copies/, first);
    assert.doesNotMatch(first, /0\.5/, 'the local value is not the headline');
    assert.match(h, /This entry \(× 0\.5\) is dead\*\*: overridden by/);
  });

  test('fractional copies: the rows line says how many fractions the rolls kept', async () => {
    const c = await memoryCorpus(FILES);
    const h = hoverText(hover({ path: c.path('.dlm/training.yaml'), text: c.text('.dlm/training.yaml'), position: { line: 6, character: 5 }, snapshot: c.snapshot }));
    const rows = c.snapshot.report.rows.filter((r) => r.tags.get('lang') === 'en');
    const copies = rows.reduce((n, r) => n + r.copies, 0);
    assert.match(h.split('\n\n')[0]!, new RegExp(`× 1\\.5 applies corpus-wide.* · ${rows.length} rows → ${copies} copies \\(\\d+ whole \\+ \\d+ of \\d+ fractional kept by their rolls at seed 42; 2 also weighted by other tags\\)`));
  });
});

describe('CodeLens on weight lines', () => {
  test('every weight line: the applied value and rows → copies; a dead one names its winner', async () => {
    const c = await memoryCorpus(FILES);
    const lenses = codeLenses({ path: c.path('.dlm/training.yaml'), text: c.text('.dlm/training.yaml'), snapshot: c.snapshot });
    assert.deepEqual(lenses.map((l) => l.range.start.line), [4, 6]);
    assert.match(lenses[0]!.command!.title, /^dead: overridden by docs\/:5 \(× 2 applies corpus-wide\) · 2 rows → \d+ copies/);
    assert.match(lenses[1]!.command!.title, /^applies × 1\.5 corpus-wide · 4 rows → \d+ copies/);
    const docs = codeLenses({ path: c.path('docs/.dlm/training.yaml'), text: c.text('docs/.dlm/training.yaml'), snapshot: c.snapshot });
    assert.match(docs[0]!.command!.title, /^applies × 2 corpus-wide · 2 rows → \d+ copies/);
    assert.deepEqual(codeLenses({ path: c.path('.dlm/training.yaml'), text: c.text('.dlm/training.yaml'), snapshot: null }), []);
    assert.deepEqual(codeLenses({ path: c.path('.dlm/ignore'), text: 'x\n', snapshot: c.snapshot }), []);
  });

  test('a config dlm ignores: its lenses say so', async () => {
    const c = await memoryCorpus({ ...FILES, 'notes/.dlm/training.yaml': 'metadata:\n  generated: true\nweights:\n  kind:\n    doc: 3\n' });
    const lenses = codeLenses({ path: c.path('notes/.dlm/training.yaml'), text: c.text('notes/.dlm/training.yaml'), snapshot: c.snapshot });
    assert.match(lenses[0]!.command!.title, /^not applied: dlm ignores this file · kind=doc gets × 2 from docs\/:5/);
  });
});

describe('dead weights are greyed', () => {
  test('a hint with the Unnecessary tag on the overridden entry, naming the winner', async () => {
    const c = await memoryCorpus(FILES);
    const diags = corpusDiagnostics(c.snapshot).get(c.path('.dlm/training.yaml')) ?? [];
    const dead = diags.filter((d) => d.code === 'weight-dead');
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.severity, 'hint');
    assert.match(dead[0]!.message, /^overridden by docs\/:5: dlm applies × 2/);
    assert.deepEqual(dead[0]!.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 12 } });
    assert.deepEqual(toLspDiagnostic(dead[0]!, true).tags, [DiagnosticTag.Unnecessary]);
    assert.equal((corpusDiagnostics(c.snapshot).get(c.path('docs/.dlm/training.yaml')) ?? []).filter((d) => d.code === 'weight-dead').length, 0);
  });
});

describe('dlm/explain', () => {
  test('a row of the report on screen; another seed, corpus or row is unavailable, never a wrong number', async () => {
    const c = await memoryCorpus(FILES);
    const rows = c.snapshot.report.rows;
    const i = rows.findIndex((r) => r.origin === 'docs/a.md');
    const target = { kind: 'row' as const, row: i, origin: 'docs/a.md', sectionId: rows[i]!.sectionId };
    const a = explain({ target, seed: '42', corpusPath: ROOT, currentCorpusPath: ROOT, snapshot: c.snapshot });
    assert.equal(a.row?.copies, rows[i]!.copies);
    assert.match(a.row!.formula, /^lang=en × 1\.5 · kind=doc × 2 = 3 → 3 copies → /);
    assert.equal(a.row!.factors[1]!.setBy!.label, 'docs/.dlm/training.yaml:5');
    assert.match(explain({ target, seed: '7', snapshot: c.snapshot }).unavailable!, /seed 7/);
    assert.ok(explain({ target, corpusPath: '/elsewhere', currentCorpusPath: ROOT, snapshot: c.snapshot }).unavailable);
    assert.ok(explain({ target: { ...target, origin: 'notes/n.md' }, snapshot: c.snapshot }).unavailable);
    assert.ok(explain({ target: { ...target, row: 1e9 }, snapshot: c.snapshot }).unavailable);
    assert.ok(explain({ target: null as never, snapshot: c.snapshot }).unavailable);
    assert.match(explain({ target, snapshot: null, unavailable: 'Indexing.' }).unavailable!, /Indexing/);
  });

  test('skipped groups and ignored configs', async () => {
    const c = await memoryCorpus({ ...FILES, 'bad/.dlm/training.yaml': 'weights:\n  k:\n    true: 1\n' });
    const s = explain({ target: { kind: 'skipped' }, snapshot: c.snapshot }).skipped!;
    assert.ok(s.some((g) => /default excludes `node_modules\/\*\*`/.test(g.text) && g.files.includes('node_modules/x.js')), JSON.stringify(s));
    const cfg = explain({ target: { kind: 'configs' }, snapshot: c.snapshot }).configs!;
    assert.equal(cfg.length, 1);
    assert.equal(cfg[0]!.cause!.link.label, 'bad/.dlm/training.yaml:3');
  });
});
