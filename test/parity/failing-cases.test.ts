// Corpora upstream dlm cannot train (test/parity/data/failing-cases): the
// report's documentError (stage, kind) and the fields the contract still
// defines (formatVersion, mode, document, seed, valFraction), in-process and
// through the CLI binary (exit 1, the same report).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { parityPath, rawSeed } from '../helpers/shared';
import { withCorpus } from '../helpers/tmp';
import { dryRun } from '../../src/engine/dryRun';
import { parseReportJson } from '../../src/report/contractJson';
import type { DryRunReport } from '../../src/engine/types';

const dir = parityPath('failing-cases');
const NAMES = readdirSync(dir).sort();

interface FailingCase {
  corpus: { files: Array<{ path: string; b64: string }>; dirs?: string[]; doc: string | null };
  seed: string | null;
  expected: Map<string, unknown>;
}

function load(name: string): FailingCase {
  const text = readFileSync(join(dir, name, 'corpus.json'), 'utf8');
  // seeds go past 2^53: read the expected report with exact integers
  const expected = parseYaml(readFileSync(join(dir, name, 'expected.json'), 'utf8'), { mapAsMap: true, intAsBigInt: true }) as Map<string, unknown>;
  return { corpus: JSON.parse(text), seed: rawSeed(text), expected };
}

function compare(report: DryRunReport, expected: Map<string, unknown>, where: string): void {
  const err = expected.get('documentError') as Map<string, unknown>;
  assert.ok(report.documentError, `${where}: no documentError (expected ${err.get('stage')}/${err.get('kind')})`);
  assert.equal(`${report.documentError.stage}/${report.documentError.kind}`, `${err.get('stage')}/${err.get('kind')}`, `${where}: documentError`);
  assert.equal(report.formatVersion, Number(expected.get('formatVersion')), `${where}: formatVersion`);
  assert.equal(report.mode, expected.get('mode'), `${where}: mode`);
  assert.equal(report.document, expected.get('document'), `${where}: document`);
  assert.equal(report.seed, expected.get('seed') ?? null, `${where}: seed (exact)`);
  assert.equal(report.valFraction, expected.get('valFraction'), `${where}: valFraction`);
  // the rest are placeholders
  assert.deepEqual([report.sources, report.configs, report.rows, report.trainError], [[], [], [], null], `${where}: placeholders`);
  assert.equal(report.mergedWeights.size + report.distribution.size, 0, `${where}: empty maps`);
  assert.ok(Object.values(report.totals).every((n) => n === 0), `${where}: zero totals`);
}

test('the failing cases are all there', () => assert.ok(NAMES.length >= 30, `only ${NAMES.length} failing cases`));

describe('failing cases: documentError in-process', () => {
  for (const name of NAMES) {
    test(name, async () => {
      const c = load(name);
      await withCorpus(c.corpus, async (root) => {
        const target = c.corpus.doc ? join(root, c.corpus.doc) : root;
        const { report } = await dryRun(target, { seed: c.seed === null ? undefined : BigInt(c.seed), documentLabel: c.corpus.doc ?? undefined });
        compare(report, c.expected, name);
      });
    });
  }
});

describe('failing cases: the CLI exits 1 with the same report', () => {
  before(async () => { await buildCli(); });
  for (const name of NAMES) {
    test(name, async () => {
      const c = load(name);
      await withCorpus(c.corpus, async (root) => {
        const args = ['dry-run', ...(c.corpus.doc ? [c.corpus.doc] : ['.', '--directory']), '--json', '--no-progress'];
        if (c.seed !== null) args.push('--seed', c.seed);
        const r = await runCli(args, { cwd: root, timeoutMs: 60_000 });
        assert.equal(r.code, 1, describeRun(r));
        compare(parseReportJson(r.stdout), c.expected, name);
      });
    });
  }
});
