// Every upstream-computed corpus in test/parity/data/cases, materialised and
// dry-run, compared with dlm's own report field by field (map key order included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parityPath } from '../helpers/shared';
import { dryRun } from '../../src/engine/dryRun';
import { listTree } from '../../src/engine/corpus/tree';
import type { DryRunReport } from '../../src/engine/types';

const casesDir = join(parityPath(), 'cases');
const names = readdirSync(casesDir).sort();

/** Maps become [key, value] pair lists so key order is compared; numbers normalised. */
function plain(v: unknown): unknown {
  if (v instanceof Map) return [...v].map(([k, x]) => [String(k), plain(x)]);
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (v === 0) return 0; // numbers compare by value: -0 = 0 (JSON prints both as 0)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

const ORDERED = ['metadata', 'weights', 'mergedWeights', 'tags', 'distribution'];
function fromExpected(v: unknown, key = ''): unknown {
  if (v instanceof Map) {
    if (ORDERED.includes(key)) return [...v].map(([k, x]) => [String(k), fromExpected(x, key)]);
    return Object.fromEntries([...v].map(([k, x]) => [String(k), fromExpected(x, String(k))]));
  }
  if (Array.isArray(v)) return v.map((x) => fromExpected(x, key));
  if (typeof v === 'bigint') return Number(v);
  return v;
}

test('parity cases are present', () => assert.ok(names.length >= 50, `only ${names.length} cases`));

for (const name of names) {
  test(`parity case ${name}`, async () => {
    const corpus = JSON.parse(readFileSync(join(casesDir, name, 'corpus.json'), 'utf8'));
    const expectedText = readFileSync(join(casesDir, name, 'expected.json'), 'utf8');
    const rawExpected = parseYaml(expectedText, { mapAsMap: true, intAsBigInt: true }) as Map<string, unknown>;
    const root = mkdtempSync(join(tmpdir(), 'dlmw-parity-'));
    try {
      for (const d of corpus.dirs ?? []) mkdirSync(join(root, d), { recursive: true });
      for (const f of corpus.files) {
        mkdirSync(dirname(join(root, f.path)), { recursive: true });
        writeFileSync(join(root, f.path), Buffer.from(f.b64, 'base64'));
      }
      const seed = corpus.seed === null ? undefined : BigInt(rawSeed(readFileSync(join(casesDir, name, 'corpus.json'), 'utf8')));
      const target = corpus.doc ? join(root, corpus.doc) : root;
      const { report } = await dryRun(target, { seed, documentLabel: corpus.doc ?? undefined });
      compare(report, rawExpected);
      if (!corpus.doc) {
        // directory mode as the language server builds it: from the listing its corpus search made
        const listings = new Map([[root, await listTree(root)]]);
        compare((await dryRun(target, { seed, listings })).report, rawExpected);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

/** The corpus seed may exceed 2^53: read it from the raw text. */
function rawSeed(text: string): string {
  const m = /"seed"\s*:\s*(-?\d+)/.exec(text);
  if (!m) throw new Error('seed not found');
  return m[1]!;
}

function compare(report: DryRunReport, expected: Map<string, unknown>): void {
  assert.equal(report.seed, expected.get('seed'), 'seed (exact)');
  const got = plain(report) as Record<string, unknown>;
  for (const [key, value] of expected) {
    if (key === 'seed') continue;
    const want = fromExpected(value, key);
    if (key === 'rows') {
      const rows = got.rows as unknown[];
      const wantRows = want as unknown[];
      for (let i = 0; i < Math.max(rows.length, wantRows.length); i++) assert.deepStrictEqual(rows[i], wantRows[i], `rows[${i}]`);
    }
    assert.deepStrictEqual(got[key], want, key);
  }
  assert.deepStrictEqual(Object.keys(got).sort(), [...expected.keys()].sort(), 'report fields');
}
