// Live updates without re-sending or rebuilding everything: report patches
// (applyReportPatch, the client's LiveReports), the view-model fast path and
// the webview's row updates, each checked against the full path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeldReport, LiveReports } from '../../src/client/liveReports';
import type { DryRunReport } from '../../src/engine/types';
import { parseReportJson, reportToJson } from '../../src/report/contractJson';
import type { ViewModelDetails } from '../../src/report/viewModel';
import { isHostToWebviewMessage } from '../../src/shared/view/messages';
import { applyReportPatch, PatchError, reportHeadJson, rowChangesOf, rowNumbersOf, sameReport } from '../../src/report/reportPatch';
import { applyRowUpdates, rowUpdates } from '../../src/shared/view/rowUpdates';
import { buildViewModel, sameRowStatics } from '../../src/report/viewModel';
import type { ReportChangedParams } from '../../src/shared/protocol';
import { allCases, loadCase } from './fixtures';
import { bigReport, reweighted } from './syntheticReports';

const cases = allCases();

const details = (r: DryRunReport): ViewModelDetails => ({
  root: '/work/corpus',
  skippedFiles: r.rows.slice(0, 2).map((x, i) => ({ source: '.', path: `skipped/${i}-${x.origin}`, reason: 'excluded' as const })),
});

// ------------------------------------------------------------ report patches

test('a patch applied to the previous report gives the new report (contract JSON), on every case', () => {
  for (const c of cases) {
    for (const bad of [false, true]) {
      const target = reweighted(c.report, 1, bad);
      const base = parseReportJson(c.text); // the client's copy: other objects than the server's
      const patched = applyReportPatch(base, reportHeadJson(target), JSON.parse(JSON.stringify(rowNumbersOf(target.rows))));
      assert.equal(reportToJson(patched), reportToJson(target), `${c.name}${bad ? ' (non-finite weights)' : ''}`);
      assert.ok(patched.rows.every((r, i) => r.tags === base.rows[i]!.tags && r.origin === base.rows[i]!.origin), `${c.name}: rows keep their tags`);
      assert.ok(sameReport(patched, target), c.name);
    }
  }
});

test("a patch's head is written without reading the rows (a live report makes its row objects lazily)", () => {
  const { report } = loadCase('008-fractional-weights');
  let reads = 0;
  const live = { ...report } as DryRunReport;
  Object.defineProperty(live, 'rows', { enumerable: true, configurable: true, get: () => { reads++; return report.rows; } });
  assert.equal(reportHeadJson(live), reportToJson({ ...report, rows: [] }));
  assert.equal(reads, 0, 'the rows getter ran');
});

test('a patch lists each distinct weight once and gives every row a position in that list', () => {
  const report = bigReport(3_000);
  const nums = rowNumbersOf(reweighted(report, 1, true).rows);
  const distinct = new Set(reweighted(report, 1, true).rows.map((r) => (Number.isFinite(r.weight) ? r.weight : null)));
  assert.equal(nums.weights.length, distinct.size);
  assert.ok(nums.weights.length < 100, `${nums.weights.length} weights for 3,000 rows`);
  assert.ok(nums.weightAt.every((x) => Number.isInteger(x) && x >= 0 && x < nums.weights.length));
});

test('a patch that does not fit the base report is refused', () => {
  const { report, text } = loadCase('008-fractional-weights');
  const head = reportHeadJson(report);
  const nums = rowNumbersOf(report.rows);
  const n = report.rows.length;
  assert.ok(n > 1);
  const bad: Array<[string, string, unknown]> = [
    ['one row short', head, { ...nums, copies: nums.copies.slice(1) }],
    ['weights missing', head, { copies: nums.copies, valCopies: nums.valCopies }],
    ['positions missing', head, { weights: nums.weights, copies: nums.copies, valCopies: nums.valCopies }],
    ['a position past the weights', head, { ...nums, weightAt: nums.weightAt.map((x, i) => (i === 1 ? nums.weights.length : x)) }],
    ['a fractional position', head, { ...nums, weightAt: nums.weightAt.map((x, i) => (i === 1 ? 0.5 : x)) }],
    ['negative copies', head, { ...nums, copies: nums.copies.map((x, i) => (i === 1 ? -1 : x)) }],
    ['fractional copies', head, { ...nums, valCopies: nums.valCopies.map((x, i) => (i === 0 ? 0.5 : x)) }],
    ['infinite weight as a number', head, { ...nums, weights: nums.weights.map((x, i) => (i === 0 ? Infinity : x)) }],
    ['a head with rows', text, nums],
    ['a head of another row count', reportHeadJson({ ...report, totals: { ...report.totals, rows: n + 1 } }), nums],
  ];
  for (const [what, h, rows] of bad) {
    assert.throws(() => applyReportPatch(parseReportJson(text), h, rows as never), (e: Error) => e instanceof PatchError || e.name === 'ContractError', what);
  }
  assert.throws(() => applyReportPatch(parseReportJson(text), '{', nums));
});

/** `r` with every `every`-th row's numbers changed (one of them to a non-finite weight). */
function someRowsChanged(r: DryRunReport, every: number): DryRunReport {
  return { ...r, rows: r.rows.map((row, i) => (i % every !== 0 ? row : { ...row, weight: i === every ? NaN : row.weight * 2 + 0.5, copies: row.copies + 1, valCopies: row.valCopies })) };
}

test('a patch of only the rows that changed gives the new report, on every case and on 3,000 rows', () => {
  const reports = [...cases.map((c) => c.report), bigReport(3_000)];
  let sparse = 0;
  for (const report of reports) {
    const target = someRowsChanged(report, 7);
    const nums = JSON.parse(JSON.stringify(rowChangesOf(target, report))) as ReturnType<typeof rowNumbersOf>;
    const changed = report.rows.filter((_, i) => i % 7 === 0).length;
    if (changed * 2 <= report.rows.length) {
      assert.deepEqual(nums.at, report.rows.map((_, i) => i).filter((i) => i % 7 === 0));
      sparse++;
    } else assert.equal(nums.at, undefined, 'most rows changed: every row is sent');
    const base = parseReportJson(reportToJson(report));
    const patched = applyReportPatch(base, reportHeadJson(target), nums);
    assert.equal(reportToJson(patched), reportToJson(target));
    assert.ok(patched.rows.every((r, i) => i % 7 === 0 || r === base.rows[i]), 'a row not listed stays the same object');
  }
  assert.ok(sparse > 3, `${sparse} reports got a patch of changed rows only`);
  // nothing changed: an empty list; everything changed: all rows
  const big = bigReport(3_000);
  assert.deepEqual(rowChangesOf(big, big).at, []);
  assert.equal(rowChangesOf(reweighted(big, 1), big).at, undefined);
});

test('a patch of changed rows with bad positions is refused', () => {
  const report = bigReport(50);
  const head = reportHeadJson(report);
  const nums = rowChangesOf(someRowsChanged(report, 7), report);
  assert.ok(nums.at && nums.at.length >= 3);
  const at = nums.at;
  for (const [what, bad] of [
    ['out of order', [at[1]!, at[0]!, ...at.slice(2)]],
    ['repeated', [at[0]!, at[0]!, ...at.slice(2)]],
    ['past the rows', [...at.slice(0, -1), 50]],
    ['negative', [-1, ...at.slice(1)]],
    ['one short', at.slice(1)],
  ] as const) {
    assert.throws(() => applyReportPatch(parseReportJson(reportToJson(report)), head, { ...nums, at: [...bad] }), PatchError, what);
  }
});

test('sameReport: same contract JSON or not', () => {
  const { report, text } = loadCase('008-fractional-weights');
  assert.ok(sameReport(report, parseReportJson(text)));
  assert.ok(!sameReport(report, reweighted(report, 1)));
  assert.ok(!sameReport(report, { ...report, trainError: 'all-dropped' }));
  assert.ok(!sameReport(report, { ...report, rows: report.rows.slice(1) }));
  assert.ok(!sameReport(report, { ...report, rows: report.rows.map((r, i) => (i === 0 ? { ...r, tags: new Map([...r.tags, ['x', 'y']]) } : r)) }));
  // non-finite weights are all null in the JSON
  const inf = { ...report, rows: report.rows.map((r) => ({ ...r, weight: Infinity })) };
  assert.ok(sameReport(inf, { ...report, rows: report.rows.map((r) => ({ ...r, weight: NaN })) }));
});

// ------------------------------------------------------------ the client's live reports

test('LiveReports: full, then patches in sequence; out of step → resync; JSON written lazily', () => {
  const { report, text } = loadCase('035-global-weights-leak');
  const corpus = { kind: 'directory' as const, folderUri: 'file:///w', path: '/w' };
  const detailsJson = { root: '/w', skippedFiles: [], unreadableFiles: [], rowSources: [], problems: [], gaps: [] };
  const patch = (r: DryRunReport, seq: number, baseSeq: number): ReportChangedParams => ({
    kind: 'patch', folderUri: 'file:///w', corpus, seq, baseSeq, headJson: reportHeadJson(r), rows: rowNumbersOf(r.rows),
  });
  const live = new LiveReports();
  assert.equal(live.receive(patch(report, 1, 0)).kind, 'resync', 'a patch before any full report');
  const first = live.receive({ kind: 'full', folderUri: 'file:///w', corpus, seq: 1, reportJson: text, details: detailsJson });
  assert.equal(first.kind, 'report');
  assert.equal(live.get('file:///w')!.held.knownJson, text);

  const second = reweighted(report, 1);
  const o = live.receive(patch(second, 2, 1));
  assert.equal(o.kind, 'report');
  const held = live.get('file:///w')!;
  assert.equal(held.seq, 2);
  assert.equal(held.details, detailsJson, 'details carry over from the full report');
  assert.equal(held.held.knownJson, undefined, 'no JSON written until asked');
  const json = held.held.json;
  assert.equal(json, reportToJson(second));
  assert.equal(held.held.knownJson, json, 'then cached');

  const stale = live.receive(patch(reweighted(report, 2), 4, 3));
  assert.equal(stale.kind, 'resync');
  assert.match((stale as { reason: string }).reason, /report 3 .*report 2 held/);
  assert.equal(live.get('file:///w'), undefined, 'state dropped until the full report');
  assert.equal(live.receive(patch(reweighted(report, 2), 5, 4)).kind, 'resync');

  // a full report equal to one already held is not parsed again
  const shown = HeldReport.fromJson(text);
  const reuse = new LiveReports((j) => (j === text ? shown : undefined));
  const r = reuse.receive({ kind: 'full', folderUri: 'file:///w', corpus, seq: 7, reportJson: text, details: detailsJson });
  assert.equal(r.kind === 'report' && r.live.held, shown);
  // a patch whose rows do not match the held report
  const short = reuse.receive(patch({ ...second, rows: second.rows.slice(1), totals: { ...second.totals, rows: second.rows.length - 1 } }, 8, 7));
  assert.equal(short.kind, 'resync');
});

// ------------------------------------------------------------ view-model fast path

test('view-model fast path: equal to a fresh build, on every case and a chain of edits', () => {
  for (const c of cases) {
    const d = details(c.report);
    let prev = c.report;
    let prevVm = buildViewModel(prev, d);
    for (let step = 1; step <= 3; step++) {
      // as the client gets it: a patch applied onto the previous report
      const target = reweighted(c.report, step, step === 3);
      const next = applyReportPatch(prev, reportHeadJson(target), rowNumbersOf(target.rows));
      const fast = buildViewModel(next, d, prev, prevVm);
      assert.deepEqual(fast, buildViewModel(next, d, prev), `${c.name} step ${step}`);
      assert.ok(sameRowStatics(fast, prevVm), `${c.name} step ${step}: rows reused`);
      assert.notEqual(fast.changes, null);
      prev = next;
      prevVm = fast;
    }
  }
});

test('view-model fast path: a report parsed anew (same rows, other objects) and a 20k-row report', () => {
  const big = bigReport(20_000);
  for (const report of [loadCase('035-global-weights-leak').report, big]) {
    const d = details(report);
    const vm = buildViewModel(report, d);
    const next = parseReportJson(reportToJson(reweighted(report, 1)));
    const fast = buildViewModel(next, d, report, vm);
    assert.deepEqual(fast, buildViewModel(next, d, report));
    assert.ok(sameRowStatics(fast, vm));
    assert.ok(fast.changes!.rowsWithNewCopies > 0, 'deltas still show');
    if ([...report.mergedWeights.values()].some((vs) => [...vs.values()].some((w) => w !== 0))) assert.ok(fast.changes!.weights.length > 0);
    assert.ok(fast.tags.some((t) => t.delta !== null && t.delta.copies !== 0));
  }
});

test('view-model: rows that changed, or another root, take the full path (and still equal a fresh build)', () => {
  const { report } = loadCase('035-global-weights-leak');
  const d = details(report);
  const vm = buildViewModel(report, d);
  const fewer = { ...report, rows: report.rows.slice(1), totals: { ...report.totals, rows: report.rows.length - 1 } };
  const a = buildViewModel(fewer, d, report, vm);
  assert.deepEqual(a, buildViewModel(fewer, d, report));
  assert.ok(!sameRowStatics(a, vm));
  assert.equal(a.changes!.rowsRemoved, 1);
  const retagged = { ...report, rows: report.rows.map((r, i) => (i === 0 ? { ...r, tags: new Map([['other', 'x']]) } : r)) };
  const b = buildViewModel(retagged, d, report, vm);
  assert.deepEqual(b, buildViewModel(retagged, d, report));
  assert.ok(!sameRowStatics(b, vm));
  const moved = { ...d, root: '/elsewhere' };
  const c = buildViewModel(report, moved, report, vm);
  assert.deepEqual(c, buildViewModel(report, moved, report));
  assert.ok(!sameRowStatics(c, vm));
  // no previous report: still the fast path for the rows, no deltas
  const e = buildViewModel(reweighted(report, 1), d, undefined, vm);
  assert.deepEqual(e, buildViewModel(reweighted(report, 1), d));
  assert.equal(e.changes, null);
});

// ------------------------------------------------------------ row updates for the webview

test('row updates turn the old rows into the new ones (sparse or dense), and refuse rows they do not fit', () => {
  const report = bigReport(2_000);
  const d = details(report);
  const vm = buildViewModel(report, d);
  const clone = () => JSON.parse(JSON.stringify(vm.rows));

  // non-finite weights and a train error (every row 'stopped')
  const dense = buildViewModel(reweighted(report, 1, true), d, report, vm);
  const u = rowUpdates(vm.rows, dense.rows);
  assert.equal(u.index, null, 'most rows changed: every row is sent');
  assert.deepEqual(new Set(u.nonFiniteText), new Set(['NaN', '∞']));
  const rows = clone();
  // as a webview message carries it (structured clone: typed arrays stay typed arrays)
  assert.ok(applyRowUpdates(rows, structuredClone(u), dense.trainError !== null));
  assert.deepEqual(rows, dense.rows);
  // back to finite weights and no train error
  const back = buildViewModel(reweighted(report, 2), d, undefined, dense);
  assert.ok(applyRowUpdates(rows, rowUpdates(dense.rows, back.rows), back.trainError !== null));
  assert.deepEqual(rows, back.rows);
  // only the train error changes: the statuses follow
  const stopped = buildViewModel({ ...report, trainError: 'all-dropped' }, d, undefined, vm);
  const su = rowUpdates(vm.rows, stopped.rows);
  assert.equal(su.index, null);
  const rows3 = clone();
  assert.ok(applyRowUpdates(rows3, su, true));
  assert.deepEqual(rows3, stopped.rows);

  const few = { ...report, rows: report.rows.map((r, i) => (i % 100 === 7 ? { ...r, copies: r.copies + 1 } : r)) };
  const sparseVm = buildViewModel(few, d, report, vm);
  const s = rowUpdates(vm.rows, sparseVm.rows);
  assert.equal(s.index!.length, 20);
  const rows2 = clone();
  assert.ok(applyRowUpdates(rows2, s, false));
  assert.deepEqual(rows2, sparseVm.rows);

  assert.ok(!applyRowUpdates(clone().slice(1), u, false), 'one row short');
  assert.ok(!applyRowUpdates(clone().slice(0, 500), s, false), 'an index past the end');
  const untouched = clone();
  assert.ok(!applyRowUpdates(untouched, { ...s, copies: s.copies.slice(1) }, false));
  assert.ok(!applyRowUpdates(untouched, { ...u, nonFiniteText: u.nonFiniteText.slice(1) }, true));
  assert.deepEqual(untouched, vm.rows, 'nothing applied');
});

test('row updates cost a few bytes per row: weights as positions in a short list, counts in the narrowest array', () => {
  const report = bigReport(2_000);
  const d = details(report);
  const vm = buildViewModel(report, d);
  const next = buildViewModel(reweighted(report, 1), d, report, vm);
  const u = rowUpdates(vm.rows, next.rows);
  assert.equal(u.index, null);
  const bytes = [u.weights, u.weightAt, u.copies, u.valCopies].reduce((n, a) => n + a.byteLength, 0);
  const distinct = new Set(next.rows.map((r) => r.weightText)).size;
  assert.equal(u.weights.length, distinct, 'one entry per distinct weight');
  assert.ok(bytes <= 3 * next.rows.length + 8 * distinct, `${bytes} bytes for ${next.rows.length} rows`);
  // wider counts get wider arrays, exactly
  const big = next.rows.map((r, i) => ({ ...r, copies: i === 0 ? 70_000 : i === 1 ? 2 ** 40 : r.copies }));
  const w = rowUpdates(vm.rows, big);
  assert.ok(w.copies instanceof Float64Array && w.valCopies instanceof Uint8Array);
  const rows = JSON.parse(JSON.stringify(vm.rows));
  assert.ok(applyRowUpdates(rows, structuredClone(w), false));
  assert.deepEqual([rows[0].copies, rows[1].copies], [70_000, 2 ** 40]);
  assert.ok(rowUpdates(vm.rows, next.rows.map((r, i) => ({ ...r, copies: i ? r.copies : 300 }))).copies instanceof Uint16Array);
  // -0 and 0 keep their own texts
  const zeros = next.rows.map((r, i) => ({ ...r, weight: i % 2 ? 0 : -0, weightText: i % 2 ? '0' : '-0' }));
  const z = rowUpdates(vm.rows, zeros);
  assert.equal(z.weights.length, 2);
  const zr = JSON.parse(JSON.stringify(vm.rows));
  assert.ok(applyRowUpdates(zr, z, false));
  assert.ok(Object.is(zr[0].weight, -0) && Object.is(zr[1].weight, 0));
});

test('host -> webview: rows messages are validated like the others', () => {
  const report = bigReport(50);
  const vm = buildViewModel(report);
  const next = buildViewModel(reweighted(report, 1), undefined, report, vm);
  const rows = rowUpdates(vm.rows, next.rows);
  const msg = { type: 'rows', base: 3, vm: { ...next, rows: [] }, rows };
  assert.ok(isHostToWebviewMessage(msg));
  // a webview message is a structured clone: the numbers stay typed arrays
  assert.ok(isHostToWebviewMessage(structuredClone(msg)));
  assert.ok(isHostToWebviewMessage({ type: 'report', vm, id: 3 }));
  const sparse = { index: Uint32Array.of(1, 4), weights: Float64Array.of(1, NaN), weightAt: Uint8Array.of(0, 1), copies: Uint32Array.of(1, 0), valCopies: Uint8Array.of(0, 0), nonFiniteText: ['NaN'] };
  assert.ok(isHostToWebviewMessage({ ...msg, rows: sparse }));
  // counts past 32 bits come as doubles
  assert.ok(isHostToWebviewMessage({ ...msg, rows: { ...sparse, copies: Float64Array.of(2 ** 40, 0) } }));
  const bad: unknown[] = [
    // numbers as JSON arrays (not what the host sends)
    JSON.parse(JSON.stringify(msg)),
    { ...msg, rows: { ...sparse, index: [1, 4] } },
    { ...msg, rows: { ...sparse, copies: Float64Array.of(1.5, 0) } },
    { ...msg, vm: next }, // the vm of a rows message has no rows
    { ...msg, base: -1 },
    { ...msg, base: undefined },
    { ...msg, extra: 1 },
    { ...msg, rows: { ...rows, copies: rows.copies.slice(1) } },
    { ...msg, rows: { ...sparse, nonFiniteText: [] } },
    { ...msg, rows: { ...sparse, nonFiniteText: ['NaN', '∞'] } },
    { ...msg, rows: { ...sparse, nonFiniteText: [7] } },
    { ...msg, rows: { ...rows, valCopies: Float64Array.from(rows.valCopies, (x, i) => (i ? x : -1)) } },
    { ...msg, rows: { ...rows, weights: rows.weights.map((x, i) => (i ? x : Infinity)) } },
    { ...msg, rows: { ...sparse, weightAt: Uint8Array.of(0, 2) } }, // a weight past the list
    { ...msg, rows: { ...sparse, weightAt: Int8Array.of(0, 1) } },
    { ...msg, rows: { ...sparse, weightAt: [0, 1] } },
    { ...msg, rows: { ...sparse, index: Uint32Array.of(4, 1) } },
    { ...msg, rows: { ...sparse, index: Uint32Array.of(1) } },
    { ...msg, rows: { ...rows, html: '<b>' } },
    { type: 'report', vm, id: 'x' },
    // a part the webview keeps comes empty, and only the large parts can be kept
    { ...msg, same: ['tags'] },
    { ...msg, vm: { ...msg.vm, headline: {} }, same: ['headline'] },
  ];
  assert.ok(isHostToWebviewMessage({ ...msg, vm: { ...msg.vm, tags: [], configs: [] }, same: ['tags', 'configs'] }));
  for (const m of bad) assert.equal(isHostToWebviewMessage(m), false, JSON.stringify(m)?.slice(0, 160));
});
