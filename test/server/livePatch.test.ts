// Protocol tests of live report patches (dlm/subscribeReport with patches):
// a weights edit comes as a patch whose application equals a fresh full report,
// a resolution edit (include) comes as a full report, a client out of step
// re-subscribes for a full one, and clients without patch support always get
// full reports.
import { after, before, describe, it } from 'node:test';
import { TEST_TIMEOUT_MS } from '../helpers/limits';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LiveReports } from '../../src/client/liveReports';
import { reportToJson } from '../../src/report/contractJson';
import type { ReportChangedParams } from '../../src/shared/protocol';
import { buildServer, LspClient, makeTree, uriOf } from './lspHarness';
import { liveTree, liveYaml } from './liveTree';

const yaml = liveYaml;

describe('live report patches', { timeout: TEST_TIMEOUT_MS }, () => {
  let root: string;
  let client: LspClient;
  let live: LiveReports;
  const resyncs: string[] = [];
  const folderUri = () => uriOf(root);
  const file = () => join(root, '.dlm/training.yaml');

  before(async () => {
    root = makeTree(liveTree(40, 30, 10));
    client = LspClient.start(await buildServer());
    live = new LiveReports();
    // the client's own code applies every report as it arrives, in order
    client.onReport = (p) => {
      const o = live.receive(p);
      if (o.kind === 'resync') resyncs.push(o.reason);
    };
    await client.initialize([root]);
    await client.indexed(root);
  });

  after(async () => {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** The next dlm/reportChanged after `n` received. */
  const nextReport = async (n: number): Promise<ReportChangedParams> =>
    client.until(`dlm/reportChanged #${n + 1}`, () => client.reports[n]);

  /** What a fresh full report of the live corpus (unsaved edits included) says. */
  const fresh = async (): Promise<string> =>
    (await client.request<{ reportJson: string }>('dlm/dryRun', { folderUri: folderUri() })).reportJson;

  const shownJson = (): string => reportToJson(live.get(folderUri())!.held.report);

  it('subscribing sends a full report first', async () => {
    const n = client.reports.length;
    await client.request('dlm/subscribeReport', { folderUri: folderUri(), enabled: true, patches: true });
    const r = await nextReport(n);
    assert.equal(r.kind, 'full');
    assert.equal(r.seq, 1);
    assert.equal(live.get(folderUri())!.held.json, await fresh());
    // opening the config (same text as on disk) recomputes: whatever comes, the client stays equal
    const m = client.reports.length;
    client.open(file(), yaml('0.5'));
    await nextReport(m);
    assert.equal(shownJson(), await fresh());
  });

  it('a weights edit comes as a patch whose application equals a fresh full report', async () => {
    let sparse = 0;
    for (const w of ['0.75', '2.5', '0']) {
      const before = live.get(folderUri())!;
      const n = client.reports.length;
      client.change(file(), yaml(w));
      const r = await nextReport(n);
      assert.equal(r.kind, 'patch', `weight ${w}: expected a patch`);
      if (r.kind !== 'patch') return;
      assert.equal(r.baseSeq, before.seq);
      assert.equal(r.seq, before.seq + 1);
      assert.match(r.headJson, /"rows": \[\]/);
      // the rows that changed (at most half of them), else every row
      const n0 = before.held.report.rows.length;
      if (r.rows.at) sparse++;
      if (r.rows.at) assert.ok(r.rows.at.length * 2 <= n0 && r.rows.copies.length === r.rows.at.length, `weight ${w}: ${r.rows.at.length} changed rows of ${n0}`);
      else assert.equal(r.rows.copies.length, n0);
      assert.ok(r.headJson.length + JSON.stringify(r.rows).length < (before.held.knownJson ?? before.held.json).length, 'a patch is smaller than the report');
      const now = live.get(folderUri())!;
      assert.equal(now.seq, r.seq);
      assert.equal(now.patched, true);
      assert.notEqual(now.held.report.totals.expandedRows, before.held.report.totals.expandedRows, `weight ${w}: the edit should change the copies (fixture assumption)`);
      // rows keep their identity objects (origin, tags) from the full report
      assert.equal(now.held.report.rows[0]!.tags, before.held.report.rows[0]!.tags);
      assert.equal(shownJson(), await fresh(), `weight ${w}`);
    }
    assert.ok(sparse > 0, 'no edit came as a patch of the changed rows only');
    assert.deepEqual(resyncs, []);
  });

  it('an include edit changes resolution and comes as a full report', async () => {
    const before = live.get(folderUri())!;
    const n = client.reports.length;
    client.change(file(), yaml('0.75', "include:\n  - 'docs/**'\n  - 'src/**'\n"));
    const r = await nextReport(n);
    assert.equal(r.kind, 'full');
    assert.equal(r.seq, before.seq + 1);
    const now = live.get(folderUri())!;
    assert.equal(now.patched, false);
    assert.notEqual(now.held.report.rows.length, before.held.report.rows.length, 'the include should drop rows (fixture assumption)');
    assert.equal(now.held.json, await fresh());
    // and weights edits after it are patches against the new rows
    const m = client.reports.length;
    client.change(file(), yaml('1.25', "include:\n  - 'docs/**'\n  - 'src/**'\n"));
    const p = await nextReport(m);
    assert.equal(p.kind, 'patch');
    assert.equal(shownJson(), await fresh());
  });

  it('half-typed YAML in the editor is not published as the new report: the client keeps the last one and learns why', async () => {
    const good = yaml('1.25', "include:\n  - 'docs/**'\n  - 'src/**'\n");
    const before = live.get(folderUri())!;
    const n = client.reports.length;
    client.change(file(), `${good}  extra: [1,\n`);
    const r = await nextReport(n);
    assert.equal(r.kind, 'stale', `expected the last report kept, got ${r.kind}`);
    if (r.kind !== 'stale') return;
    assert.equal(r.path, file());
    assert.ok(r.line >= 0 && r.message.length > 0, JSON.stringify(r));
    assert.equal(live.get(folderUri()), before, 'the client still holds the last valid report');
    // typing on to valid text publishes again, equal to a fresh run
    const m = client.reports.length;
    client.change(file(), good);
    const next = await nextReport(m);
    assert.notEqual(next.kind, 'stale');
    assert.equal(shownJson(), await fresh());
  });

  it('a patch the client cannot place asks for a resync; subscribing again sends a full report', async () => {
    const held = live.get(folderUri())!;
    live.forget(folderUri());
    const n = client.reports.length;
    client.change(file(), yaml('0.5', "include:\n  - 'docs/**'\n  - 'src/**'\n"));
    const r = await nextReport(n);
    assert.equal(r.kind, 'patch');
    assert.equal(resyncs.length, 1, 'the client notices it holds no base report');
    assert.match(resyncs[0]!, /no report held/);
    assert.equal(live.get(folderUri()), undefined);
    await client.request('dlm/subscribeReport', { folderUri: folderUri(), enabled: true, patches: true });
    const full = await nextReport(n + 1);
    assert.equal(full.kind, 'full');
    assert.ok(full.seq > held.seq, 'seq keeps counting across subscriptions');
    assert.equal(shownJson(), await fresh());
    resyncs.length = 0;
  });

  it('a client that did not ask for patches gets full reports only', async () => {
    const n = client.reports.length;
    await client.request('dlm/subscribeReport', { folderUri: folderUri(), enabled: true });
    assert.equal((await nextReport(n)).kind, 'full');
    const m = client.reports.length;
    client.change(file(), yaml('3', "include:\n  - 'docs/**'\n  - 'src/**'\n"));
    const r = await nextReport(m);
    assert.equal(r.kind, 'full');
    if (r.kind === 'full') assert.equal(r.reportJson, await fresh());
    await client.request('dlm/subscribeReport', { folderUri: folderUri(), enabled: false });
  });
});
