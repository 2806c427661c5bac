// The rows of a `report` message as columns: they read back as the same rows
// (null weights and a train error included), the message validator takes
// them, each tag text goes once, and a path under the common prefix is not
// repeated.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildViewModel } from '../../src/report/viewModel';
import { isHostToWebviewMessage } from '../../src/shared/view/messages';
import { rowColumnsFit, rowColumnsOf, rowsFromColumns } from '../../src/shared/view/rowColumns';
import { bigReport, demoReports, reweighted } from './syntheticReports';

describe('rows as columns', () => {
  it('read back as the same rows, with null weights and a train error', () => {
    const { current, details } = demoReports();
    for (const report of [current, reweighted(current, 1, true), bigReport(2_000), reweighted(bigReport(500), 2, true)]) {
      const vm = buildViewModel(report, details);
      const cols = rowColumnsOf(vm.rows);
      assert.ok(rowColumnsFit(cols));
      assert.deepEqual(rowsFromColumns(cols, vm.trainError !== null), vm.rows);
      assert.ok(isHostToWebviewMessage({ type: 'report', vm: { ...vm, rows: [] }, id: 1, rowColumns: cols }));
    }
  });

  it('each tag text once; paths under the prefix not repeated', () => {
    const { details } = demoReports();
    const vm = buildViewModel(bigReport(4_000), details);
    const cols = rowColumnsOf(vm.rows);
    assert.equal(cols.tagTexts.length, new Set(vm.rows.map((r) => r.tags)).size);
    assert.ok(cols.tagTexts.length < vm.rows.length / 10, 'few distinct tag texts');
    const prefixed = vm.rows.filter((r) => r.openPath === cols.openPrefix + r.origin).length;
    assert.equal(cols.openPath.filter((p) => p === null).length, prefixed);
    assert.ok(prefixed > vm.rows.length / 2, 'most rows share the prefix');
  });

  it('the validator refuses columns that do not fit, and rows sent both ways', () => {
    const vm = buildViewModel(demoReports().current, demoReports().details);
    const cols = rowColumnsOf(vm.rows);
    const msg = (c: unknown, rows = vm.rows.slice(0, 0)) => ({ type: 'report', vm: { ...vm, rows }, id: 1, rowColumns: c });
    assert.ok(isHostToWebviewMessage(msg(cols)));
    assert.equal(isHostToWebviewMessage(msg({ ...cols, copies: cols.copies.slice(1) })), false, 'a short column');
    assert.equal(isHostToWebviewMessage(msg({ ...cols, tags: cols.tags.map(() => cols.tagTexts.length) })), false, 'a tag slot out of range');
    assert.equal(isHostToWebviewMessage(msg({ ...cols, nonFiniteText: [...cols.nonFiniteText, 'NaN'] })), false, 'a text for no null weight');
    assert.equal(isHostToWebviewMessage(msg(cols, vm.rows)), false, 'rows and columns both');
  });
});
