// A report sent as columns (dlm/dryRun and dlm/reportChanged with `columns`)
// reads back as a report whose contract JSON is byte for byte the original's:
// every parity case, integer-like tag keys and non-finite weights included,
// through a real JSON round trip as the transport does it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reportToJson } from '../../src/report/contractJson';
import { reportColumnsOf, reportFromColumns } from '../../src/report/reportColumns';
import type { ReportColumns } from '../../src/shared/protocol';
import { allCases } from './fixtures';
import { bigReport, reweighted } from './syntheticReports';

const wire = (c: ReportColumns): ReportColumns => JSON.parse(JSON.stringify(c));

describe('reports as columns', () => {
  it('every parity case reads back as the same contract JSON', () => {
    const cases = allCases();
    assert.ok(cases.length > 10);
    for (const c of cases) assert.equal(reportToJson(reportFromColumns(wire(reportColumnsOf(c.report)))), reportToJson(c.report), c.name);
  });

  it('integer-like tag keys keep their order; non-finite weights read back as the JSON does', () => {
    const base = bigReport(300);
    const tags = new Map([['2', 'b'], ['10', 'a'], ['lang', 'en']]);
    const report = reweighted({ ...base, rows: base.rows.map((r, i) => (i % 7 ? r : { ...r, tags })) }, 1, true);
    const back = reportFromColumns(wire(reportColumnsOf(report)));
    assert.equal(reportToJson(back), reportToJson(report));
    assert.deepEqual([...back.rows[0]!.tags.keys()], ['2', '10', 'lang']);
  });

  it('each distinct tag map goes once', () => {
    const report = bigReport(4_000);
    const cols = reportColumnsOf(report);
    const distinct = new Set(report.rows.map((r) => JSON.stringify([...r.tags]))).size;
    assert.equal(cols.tagSets.length, distinct);
    assert.ok(distinct < report.rows.length / 10);
  });

  it('malformed columns are refused, not half read', () => {
    const cols = reportColumnsOf(bigReport(50));
    assert.throws(() => reportFromColumns({ ...cols, copies: cols.copies.slice(1) }), /different lengths/);
    assert.throws(() => reportFromColumns({ ...cols, tags: cols.tags.map(() => cols.tagSets.length) }), /bad row 0/);
    assert.throws(() => reportFromColumns({ ...cols, copies: cols.copies.map(() => -1) }), /bad row 0/);
    assert.throws(() => reportFromColumns({ ...cols, tagSets: [[['k', 1]]] as never }), /tag set 0/);
    assert.throws(() => reportFromColumns({ ...cols, headJson: '{' }));
  });
});
