import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReportJson, reportToJson } from '../../src/report/contractJson';
import { allCases, keySequences, loadCase, minifyJson } from './fixtures';

const cases = allCases();

test('there are parity cases to test with', () => {
  assert.ok(cases.length >= 59, `found ${cases.length}`);
});

test('round trip: reportToJson(parseReportJson(t)) equals t up to whitespace, on every case', () => {
  for (const c of cases) {
    const out = reportToJson(c.report);
    assert.equal(minifyJson(out), minifyJson(c.text), c.name);
  }
});

test('round trip keeps every object\'s key sequence, integer-like keys included', () => {
  for (const c of cases) {
    assert.deepEqual(keySequences(reportToJson(c.report)), keySequences(c.text), c.name);
  }
});

test('round trip is a fixed point', () => {
  for (const c of cases) {
    const once = reportToJson(c.report);
    assert.equal(reportToJson(parseReportJson(once)), once, c.name);
  }
});

test('output is 2-space indented JSON, like JSON.stringify(…, null, 2) where that keeps order', () => {
  for (const c of cases) {
    const out = reportToJson(c.report);
    const plainOrderSafe = !/"\d+"\s*:/.test(c.text) && Number.isSafeInteger(c.plain.seed);
    if (plainOrderSafe) assert.equal(out, JSON.stringify(c.plain, null, 2), c.name);
    assert.deepEqual(JSON.parse(out), c.plain, c.name);
  }
});

test('integer-like keys keep their order (006-integer-like-keys)', () => {
  const c = loadCase('006-integer-like-keys');
  const config = c.report.configs[0];
  assert.deepEqual([...config.metadata.keys()], ['10', '2', 'b', '1']);
  assert.deepEqual([...config.weights.keys()], ['10', '2', 'b']);
  assert.deepEqual([...config.weights.get('2')!.keys()], ['two', '10']);
  assert.match(reportToJson(c.report), /"metadata": \{\n\s+"10": "ten",\n\s+"2": "two",\n\s+"b": "bee",\n\s+"1": "one"\n/);
});

test('seeds beyond 2^53 are exact bigints and print exactly', () => {
  for (const name of ['024-seed-beyond-2-64-doc', '025-seed-huge-negative-cli-overrides-doc', '023-seed-negative-doc']) {
    const c = loadCase(name);
    const seedText = /"seed": (-?\d+)/.exec(c.text)![1];
    assert.equal(c.report.seed, BigInt(seedText));
    assert.match(reportToJson(c.report), new RegExp(`"seed": ${seedText},`));
  }
});

test('null weights read as NaN and print back as null', () => {
  const c = loadCase('027-nan-weight');
  assert.ok(Number.isNaN(c.report.rows[0].weight));
  assert.match(reportToJson(c.report), /"weight": null/);
  const inf = { ...c.report, rows: [{ ...c.report.rows[0], weight: Infinity }] };
  assert.match(reportToJson(inf), /"weight": null/);
});

test('numbers print as JavaScript prints them', () => {
  const c = loadCase('001-basic-directory');
  const r = { ...c.report, valFraction: 1e-7, rows: c.report.rows.map((row) => ({ ...row, weight: 0.1 + 0.2 })) };
  const out = reportToJson(r);
  assert.match(out, /"valFraction": 1e-7,/);
  assert.match(out, /"weight": 0\.30000000000000004,/);
});

test('empty maps and arrays print compactly', () => {
  const c = loadCase('031-no-rows');
  const out = reportToJson(c.report);
  assert.match(out, /"rows": \[\],/);
  assert.match(out, /"mergedWeights": \{\},/);
});

test('parseReportJson rejects what is not the contract', () => {
  const good = loadCase('001-basic-directory').text;
  assert.throws(() => parseReportJson('{'), SyntaxError);
  assert.throws(() => parseReportJson(`${good} x`), SyntaxError);
  assert.throws(() => parseReportJson(good.replace('"formatVersion": 1', '"formatVersion": 2')), /unsupported version/);
  assert.throws(() => parseReportJson(good.replace('"mode": "directory"', '"mode": "folder"')), /mode/);
  assert.throws(() => parseReportJson(good.replace('"seed": 42', '"seed": 4.2')), /seed/);
  assert.throws(() => parseReportJson(good.replace(/"totals": \{\s*"rows": \d+/, '"totals": {"rows": -1')), /totals\.rows/);
  assert.throws(() => parseReportJson(good.replace('"trainError": null', '"trainError": "oops"')), /trainError/);
  assert.throws(() => parseReportJson(good.replace(/"copies": (\d+)/, '"copies": "$1"')), /copies/);
});

test('strings with escapes and astral characters survive', () => {
  const c = loadCase('001-basic-directory');
  const origin = 'a "quoted"\\path\u0001\u2028😀.txt';
  const r = { ...c.report, rows: [{ ...c.report.rows[0], origin }] };
  const back = parseReportJson(reportToJson(r));
  assert.equal(back.rows[0].origin, origin);
  assert.equal(parseReportJson(reportToJson(r).replace('😀', '\\ud83d\\ude00')).rows[0].origin, origin);
});
