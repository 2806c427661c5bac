import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildViewModel } from '../../src/report/viewModel';
import { isReportViewModel } from '../../src/shared/view/validateViewModel';
import type { DryRunReport } from '../../src/engine/types';
import { allCases, loadCase } from './fixtures';
import { insideOf } from '../../src/report/paths';

const cases = allCases();

test('headline numbers equal the JSON on every case', () => {
  for (const c of cases) {
    const vm = buildViewModel(c.report);
    const p = c.plain;
    const files = p.sources.reduce((n: number, s: any) => n + s.files, 0);
    const skipped = p.sources.reduce((n: number, s: any) => n + Object.values(s.skipped as Record<string, number>).reduce((a, b) => a + b, 0), 0);
    assert.deepEqual(vm.headline, { filesRead: files, filesSkipped: skipped, ...p.totals }, c.name);
    assert.equal(vm.rows.length, p.rows.length, c.name);
    assert.equal(vm.seed, /"seed": (-?\d+)/.exec(c.text)![1], c.name);
    assert.equal(vm.weightsActive, Object.keys(p.mergedWeights).length > 0, c.name);
    assert.equal(vm.trainError?.code ?? null, p.trainError, c.name);
    if (vm.trainError) assert.ok(vm.trainError.explanation.length > 20, c.name);
  }
});

test('per tag: rows equal the distribution, copies are summed from rows', () => {
  for (const c of cases) {
    const vm = buildViewModel(c.report);
    const p = c.plain;
    for (const [key, values] of Object.entries(p.distribution as Record<string, Record<string, number>>)) {
      for (const [value, n] of Object.entries(values)) {
        const t = vm.tags.find((x) => x.key === key && x.value === value);
        assert.ok(t, `${c.name}: ${key}=${value}`);
        assert.equal(t.rows, n, `${c.name}: rows of ${key}=${value}`);
        const tagged = p.rows.filter((r: any) => r.tags[key] === value);
        assert.equal(t.rows, tagged.length, `${c.name}: distribution vs rows for ${key}=${value}`);
        assert.equal(t.copies, tagged.reduce((s: number, r: any) => s + r.copies, 0), `${c.name}: copies of ${key}=${value}`);
        assert.equal(t.valCopies, tagged.reduce((s: number, r: any) => s + r.valCopies, 0), `${c.name}: val of ${key}=${value}`);
        assert.equal(t.valShare, t.copies ? t.valCopies / t.copies : null);
        const merged = p.mergedWeights[key]?.[value];
        assert.equal(t.weightText === '', merged === undefined, `${c.name}: weight of ${key}=${value}`);
        if (typeof merged === 'number') assert.equal(t.weight, merged);
      }
    }
  }
});

test('the view-model is plain JSON and passes its own validator', () => {
  for (const c of cases) {
    const vm = buildViewModel(c.report);
    assert.deepEqual(JSON.parse(JSON.stringify(vm)), vm, c.name);
    assert.ok(isReportViewModel(vm), c.name);
  }
});

test('configs keep merge order; the last config setting a weight wins (003-anchor-order-by-string-length)', () => {
  const { report, plain } = loadCase('003-anchor-order-by-string-length');
  const vm = buildViewModel(report);
  assert.deepEqual(vm.configs.map((c) => c.anchor), plain.configs.map((c: any) => c.anchor));
  assert.deepEqual(vm.configs.map((c) => c.order), plain.configs.map((_: unknown, i: number) => i + 1));
  const last = vm.configs[vm.configs.length - 1];
  for (const c of vm.configs.slice(0, -1)) {
    for (const w of c.weights) assert.equal(w.overriddenBy, last.anchor, `${c.anchor} ${w.key}=${w.value}`);
  }
  for (const w of last.weights) {
    assert.equal(w.overriddenBy, null);
    assert.equal(w.weight, plain.mergedWeights[w.key][w.value]);
  }
  const tag = vm.tags.find((t) => t.key === 'team' && t.value === 'x')!;
  assert.equal(tag.weightSetBy, last.anchor);
});

test('non-overridden entries agree with mergedWeights on every case', () => {
  for (const c of cases) {
    const vm = buildViewModel(c.report);
    for (const cfg of vm.configs) {
      for (const w of cfg.weights) {
        if (w.overriddenBy !== null) continue;
        assert.equal(w.weightText, vm.tags.find((t) => t.key === w.key && t.value === w.value)?.weightText, `${c.name} ${cfg.anchor} ${w.key}=${w.value}`);
      }
    }
  }
});

test('a subtree weight that reaches rows outside the subtree is flagged (035-global-weights-leak)', () => {
  const { report, plain } = loadCase('035-global-weights-leak');
  const vm = buildViewModel(report);
  const vendor = vm.configs.find((c) => c.anchor === 'vendor')!;
  const w = vendor.weights[0];
  const anchorRows = plain.rows.filter((r: any) => r.tags[w.key] === w.value);
  assert.equal(w.rowsAffected, anchorRows.length);
  assert.equal(w.rowsOutsideAnchor, anchorRows.filter((r: any) => !r.origin.startsWith('vendor/')).length);
  assert.ok(w.rowsOutsideAnchor > 0);
  assert.ok(vm.notes.some((n) => n.level === 'warning' && n.text.includes('vendor/') && n.text.includes('global')));
});

test('ignored configs say why, in words (019-invalid-training-yaml-kinds)', () => {
  const { report, plain } = loadCase('019-invalid-training-yaml-kinds');
  const vm = buildViewModel(report);
  for (const [i, c] of vm.configs.entries()) {
    const p = plain.configs[i];
    assert.equal(c.status, p.trainingYaml === 'valid' ? 'loaded' : p.trainingYaml === 'absent' ? 'absent' : 'ignored');
    assert.equal(c.problem, p.problem);
    if (c.status === 'ignored') {
      assert.match(c.statusText, /ignored/);
      // the outcome first: a line cut short still says that nothing of the file applies
      assert.match(c.explanation, /^None of this file applies .*dlm ignores it whole/);
    }
    assert.equal(c.path, c.anchor === '.' ? '.dlm/training.yaml' : `${c.anchor}/.dlm/training.yaml`);
  }
  const byProblem = new Map(vm.configs.filter((c) => c.problem).map((c) => [c.problem, c.explanation]));
  assert.match(byProblem.get('yaml')!, /YAML/);
  assert.match(byProblem.get('encoding')!, /UTF-8/);
  assert.match(byProblem.get('schema')!, /schema/);
  assert.match(byProblem.get('not-mapping')!, /mapping/);
  assert.ok(vm.notes.some((n) => n.level === 'warning' && /^The tags and weights of .* do not apply: dlm ignores their training.yaml/.test(n.text)));
});

test('skipped files: counts from sources, lists and absolute paths from details', () => {
  const { report, plain } = loadCase('015-media-image-audio');
  const bare = buildViewModel(report);
  for (const g of bare.skipped) {
    assert.equal(g.count, plain.sources.reduce((n: number, s: any) => n + s.skipped[g.reason], 0));
    assert.equal(g.files, null);
  }
  assert.equal(bare.skipped.reduce((n, g) => n + g.count, 0), bare.headline.filesSkipped);
  const vm = buildViewModel(report, {
    root: '/work/corpus',
    skippedFiles: [
      { source: '.', path: 'img/a.png', reason: 'image' },
      { source: '.', path: 'snd/b.wav', reason: 'audio' },
    ],
  });
  const image = vm.skipped.find((g) => g.reason === 'image')!;
  assert.deepEqual(image.files, [{ source: '.', path: 'img/a.png', openPath: '/work/corpus/img/a.png' }]);
  assert.equal(vm.root, '/work/corpus');
  assert.equal(vm.title, 'corpus');
  assert.ok(vm.rows.every((r) => r.openPath.startsWith('/work/corpus/')));
  assert.ok(vm.configs.every((c) => c.path.startsWith('/work/corpus/')));
});

test('problems from the details become error notes, first; gaps become warnings', () => {
  const { report } = loadCase('021-document-two-directives');
  const vm = buildViewModel(report, { skippedFiles: [], problems: [{ message: 'training.sources[1].path does not exist' }], gaps: [{ message: 'not evaluated' }] });
  assert.deepEqual(vm.notes[0], { level: 'error', text: 'training.sources[1].path does not exist' });
  assert.ok(vm.notes.some((n) => n.level === 'warning' && n.text === 'not evaluated'));
  assert.ok(isReportViewModel(vm));
});

test('without details, a documentError is the report\'s own section (no place), not a note; an unknown seed reads "unknown"', () => {
  const { report } = loadCase('021-document-two-directives');
  const blocked = { ...report, seed: null, documentError: { stage: 'parse' as const, kind: 'body-fence' as const, message: 'unknown fence' } };
  const vm = buildViewModel(blocked);
  assert.deepEqual(vm.documentError, { stage: 'parse', kind: 'body-fence', title: 'dlm train stops while reading the document', message: 'unknown fence', place: null, then: [] });
  assert.ok(!vm.notes.some((n) => n.level === 'error'), JSON.stringify(vm.notes));
  assert.equal(vm.seed, 'unknown');
  assert.ok(isReportViewModel(vm));
});

test('with the typed problems, the documentError links to its place (relative to the root when inside it) and lists what comes next', () => {
  const { report } = loadCase('021-document-two-directives');
  const at = (file: string, line: number) => ({ file, range: { start: { line, character: 2 }, end: { line, character: 9 } } });
  const blocked = { ...report, documentError: { stage: 'sources' as const, kind: 'source-path-missing' as const, message: 'gone is missing' } };
  const vm = buildViewModel(blocked, {
    root: '/w/proj/.dlm', skippedFiles: [],
    problems: [
      { stage: 'sources', kind: 'source-path-missing', message: 'gone is missing', location: at('/w/proj/.dlm/corpus.dlm', 6) },
      { stage: 'sources', kind: 'config-loader-crash', message: 'PyYAML crashes', location: at('/w/other/.dlm/training.yaml', 0) },
      { stage: 'rows', kind: 'instruction-body', message: 'no answer', location: null },
    ],
  });
  assert.deepEqual(vm.documentError, {
    stage: 'sources', kind: 'source-path-missing', title: 'dlm train stops while expanding training.sources', message: 'gone is missing',
    place: { path: '/w/proj/.dlm/corpus.dlm', label: 'corpus.dlm', line: 7 },
    then: [
      { kind: 'config-loader-crash', message: 'PyYAML crashes', place: { path: '/w/other/.dlm/training.yaml', label: '/w/other/.dlm/training.yaml', line: 1 } },
      { kind: 'instruction-body', message: 'no answer', place: null },
    ],
  });
  assert.ok(isReportViewModel(vm));
  assert.ok(!isReportViewModel({ ...vm, documentError: { ...vm.documentError!, kind: 'made-up' } }), 'kinds are the closed list');
});

test('document rows open the document; ../ origins resolve against the root', () => {
  const { report } = loadCase('034-doc-in-subdir-parent-directive');
  const vm = buildViewModel(report, { root: '/w/docs', skippedFiles: [] });
  assert.equal(vm.title, report.document);
  assert.deepEqual(vm.rows.map((r) => r.openPath), report.rows.map((r) =>
    r.origin.endsWith('.dlm#0') ? '/w/docs/corpus.dlm' : `/w/${r.origin.replace(/^\.\.\//, '')}`));
});

test('non-finite weights show as NaN and ∞ and are null as numbers', () => {
  const { report } = loadCase('029-inf-times-zero-is-nan');
  const weights = new Map([...report.mergedWeights].map(([k, vs]) => [k, new Map([...vs].map(([v]) => [v, Infinity]))]));
  const r: DryRunReport = { ...report, mergedWeights: weights, rows: report.rows.map((row) => ({ ...row, weight: NaN })) };
  const vm = buildViewModel(r);
  assert.ok(vm.rows.every((row) => row.weightText === 'NaN' && row.weight === null));
  assert.ok(vm.tags.filter((t) => t.weightText !== '').every((t) => t.weightText === '∞' && t.weight === null));
  assert.ok(vm.rows.every((row) => row.status === 'stopped'));
  assert.ok(isReportViewModel(JSON.parse(JSON.stringify(vm))));
});

test('row status: dropped, train, val, leaked', () => {
  const { report } = loadCase('008-fractional-weights');
  const vm = buildViewModel(report);
  vm.rows.forEach((row, i) => {
    const r = report.rows[i];
    const expected = r.copies === 0 ? 'dropped' : r.valCopies === 0 ? 'train' : r.valCopies === r.copies ? 'val' : 'both';
    assert.equal(row.status, expected);
    assert.equal(row.tags, [...r.tags].map(([k, v]) => `${k}=${v}`).join(', '));
  });
  assert.equal(vm.rows.filter((r) => r.status === 'both').length, report.totals.leakedRows);
  assert.equal(vm.rows.filter((r) => r.status === 'dropped').length, report.totals.droppedRows);
});

test('deltas against a previous report', () => {
  const { report } = loadCase('008-fractional-weights');
  // previous run: the first tag value weighed 1 (every row once), one row fewer
  const [key, values] = [...report.mergedWeights][0];
  const [value] = [...values][0];
  const previous: DryRunReport = {
    ...report,
    mergedWeights: new Map([[key, new Map([...values].map(([v, n]) => [v, v === value ? 1 : n]))]]),
    rows: report.rows.slice(1).map((r) => (r.tags.get(key) === value ? { ...r, copies: 1, valCopies: 0 } : r)),
    totals: { ...report.totals, rows: report.totals.rows - 1 },
  };
  const vm = buildViewModel(report, undefined, previous);
  const changes = vm.changes!;
  assert.equal(changes.rowsAdded, 1);
  assert.equal(changes.rowsRemoved, 0);
  assert.deepEqual(changes.weights, [{ label: `${key}=${value}`, before: '1', after: String(values.get(value)) }]);
  const tag = vm.tags.find((t) => t.key === key && t.value === value)!;
  const prevTagged = previous.rows.filter((r) => r.tags.get(key) === value);
  assert.deepEqual(tag.delta, { rows: tag.rows - prevTagged.length, copies: tag.copies - prevTagged.length });
  const removedTag = report.rows[0].tags.get(key);
  const untouched = vm.tags.find((t) => t.value !== value && t.value !== removedTag)!;
  assert.deepEqual(untouched.delta, { rows: 0, copies: 0 });
  assert.ok(changes.totals.find((t) => t.label === 'Rows')!.after - changes.totals.find((t) => t.label === 'Rows')!.before === 1);
  assert.equal(buildViewModel(report).changes, null);
  assert.ok(isReportViewModel(vm));
});

test('rows outside a weight\'s anchor: counted per folder, the same as testing every row (every case, and origins near the anchor\'s name)', () => {
  const tricky = ['vendor/', 'vendorx/', 'vendor//', '../', 'a/vendor/', ''];
  let checked = 0;
  for (const c of allCases()) {
    const variants: DryRunReport[] = [c.report, { ...c.report, rows: c.report.rows.map((r, i) => ({ ...r, origin: tricky[i % tricky.length] + r.origin })) }];
    for (const report of variants) {
      const vm = buildViewModel(report);
      for (const cfg of vm.configs) {
        const inside = insideOf(cfg.anchor);
        for (const w of cfg.weights) {
          const rows = report.rows.filter((r) => r.tags.get(w.key) === w.value);
          assert.equal(w.rowsOutsideAnchor, rows.filter((r) => !inside(r.origin)).length, `${c.name} ${cfg.anchor} ${w.key}=${w.value}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 50, `${checked} weights checked`);
});
