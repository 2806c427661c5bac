// The live report a client already holds is not sent again: a dry run of the
// folder's live corpus names it (liveKey); a dry run or a subscription that
// names it back (knownKey) while it is still the live report gets no JSON, and
// patches follow on the report held. Any other key gets the whole report.
import { after, before, describe, it } from 'node:test';
import { TEST_TIMEOUT_MS } from '../helpers/limits';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { HeldReport, LiveReports } from '../../src/client/liveReports';
import { reportToJson } from '../../src/report/contractJson';
import type { DryRunResult, ReportChangedParams } from '../../src/shared/protocol';
import { buildServer, LspClient, makeTree, uriOf } from './lspHarness';
import { liveTree, liveYaml } from './liveTree';

const yaml = liveYaml;

describe('the live report the client holds', { timeout: TEST_TIMEOUT_MS }, () => {
  let root: string;
  let client: LspClient;
  /** What the client holds from dry runs, by liveKey. */
  const held = new Map<string, { held: HeldReport; details: DryRunResult['details'] }>();
  let live: LiveReports;
  const folderUri = () => uriOf(root);
  const file = () => join(root, '.dlm/training.yaml');

  before(async () => {
    root = makeTree(liveTree(20, 20));
    client = LspClient.start(await buildServer());
    live = new LiveReports(undefined, (key) => held.get(key));
    client.onReport = (p) => { live.receive(p); };
    await client.initialize([root]);
    await client.indexed(root);
  });

  after(async () => {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const dryRun = (knownKey?: string): Promise<DryRunResult> =>
    client.request<DryRunResult>('dlm/dryRun', { folderUri: folderUri(), ...(knownKey ? { knownKey } : {}) });
  const nextReport = async (n: number): Promise<ReportChangedParams> =>
    client.until(`dlm/reportChanged #${n + 1}`, () => client.reports[n]);

  it('a dry run of the live corpus names its report; named back, the answer leaves the JSON out', async () => {
    const first = await dryRun();
    assert.ok(first.liveKey, 'a liveKey');
    assert.ok(first.reportJson.length > 0);
    assert.equal(first.known, undefined);
    held.set(first.liveKey!, { held: HeldReport.fromJson(first.reportJson), details: first.details });
    const again = await dryRun(first.liveKey);
    assert.equal(again.known, true);
    assert.equal(again.reportJson, '');
    assert.equal(again.liveKey, first.liveKey);
    // a key the server never gave, or a one-off run (another seed): the whole report
    const other = await dryRun('live-unknown');
    assert.equal(other.known, undefined);
    assert.equal(other.reportJson, first.reportJson);
    const oneOff = await client.request<DryRunResult>('dlm/dryRun', { folderUri: folderUri(), seed: '7', knownKey: first.liveKey });
    assert.equal(oneOff.known, undefined);
    assert.equal(oneOff.liveKey, undefined);
    assert.ok(oneOff.reportJson.length > 0);
  });

  it('subscribing with the key held gets `known`, and patches apply to the report held', async () => {
    const first = await dryRun();
    const key = first.liveKey!;
    held.set(key, { held: HeldReport.fromJson(first.reportJson), details: first.details });
    const n = client.reports.length;
    await client.request('dlm/subscribeReport', { folderUri: folderUri(), enabled: true, patches: true, knownKey: key });
    const r = await nextReport(n);
    assert.equal(r.kind, 'known');
    assert.ok(!('reportJson' in r), 'no report JSON');
    assert.equal(live.get(folderUri())!.held, held.get(key)!.held, 'the report held is the live one');
    // a weight edit: a patch of that report, equal to a fresh run
    const m = client.reports.length;
    client.open(file(), yaml('2.5'));
    let p: ReportChangedParams;
    for (let k = m; ; k++) {
      p = await nextReport(k);
      if (p.kind === 'patch') break;
    }
    const now = await dryRun();
    assert.notEqual(now.liveKey, key, 'a new live report, a new key');
    assert.equal(reportToJson(live.get(folderUri())!.held.report), now.reportJson);
  });

  it('a key that is no longer the live report gets the whole report', async () => {
    const old = await dryRun();
    client.change(file(), yaml('0.25'));
    // (the dry run waits for the edit's recompute)
    for (let tries = 0; (await dryRun()).liveKey === old.liveKey; tries++) {
      assert.ok(tries < 100, 'the edit never made a new live report');
      await new Promise((r) => setTimeout(r, 50));
    }
    const answer = await dryRun(old.liveKey);
    assert.equal(answer.known, undefined);
    assert.ok(answer.reportJson.length > 0);
    await client.request('dlm/subscribeReport', { folderUri: folderUri(), enabled: false });
    const n = client.reports.length;
    await client.request('dlm/subscribeReport', { folderUri: folderUri(), enabled: true, patches: true, knownKey: old.liveKey });
    const r = await nextReport(n);
    assert.equal(r.kind, 'full');
    assert.equal((r as { reportJson: string }).reportJson, answer.reportJson);
  });
});
