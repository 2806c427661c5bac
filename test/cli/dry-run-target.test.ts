// `dlm-weights dry-run DIR` takes a folder as `dlm train DIR` does: its
// .dlm/corpus.dlm, else its only .dlm/*.dlm, else (none) directory mode; with
// several it stops and asks. Which one, and why, is one line on stderr; stdout
// stays the report. `--directory` forces directory mode. And a document dlm
// cannot train is stated in one sentence with its place (file:line), exit 1.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { loadParityCase, parityPath } from '../helpers/shared';
import { withCorpus, writeTree } from '../helpers/tmp';
import { parseReportJson, reportToJson } from '../../src/report/contractJson';

before(async () => { await buildCli(); });

const ULID = '01HZ4X7TGZM3J1A2B3C4D5E6F7';
const doc = (seed: number, source = '.') => `---\ndlm_id: ${ULID}\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  seed: ${seed}\n  sources:\n    - path: ${source}\n---\nBody ${seed}.\n`;
const canonical = (json: string) => reportToJson(parseReportJson(json));
const NO_FILES = { files: [] };

describe('dry-run DIR resolves like dlm train DIR', { concurrency: 4 }, () => {
  test('DIR/.dlm/corpus.dlm: the upstream report of 032 from `dry-run .`, the choice on stderr', async () => {
    const c = loadParityCase('032-scaffolded-doc-in-dot-dlm');
    await withCorpus(c.corpus, async (root) => {
      const r = await runCli(['dry-run', '.', '--json'], { cwd: root });
      assert.equal(r.code, 0, describeRun(r));
      assert.equal(canonical(r.stdout), canonical(c.expectedText), 'the same report as `dry-run .dlm/corpus.dlm`');
      assert.equal(r.stderr, 'dlm-weights: using .dlm/corpus.dlm, as `dlm train .` does (it trains .dlm/corpus.dlm when there is one)\n');
    });
  });

  test('a failing corpus found the same way: documentError, exit 1', async () => {
    const dir = parityPath('failing-cases', '017-fail-strict-policy-doc-in-dot-dlm');
    const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
    await withCorpus(corpus, async (root) => {
      const r = await runCli(['dry-run', '.', '--json'], { cwd: root });
      assert.equal(r.code, 1, describeRun(r));
      const report = parseReportJson(r.stdout);
      assert.deepEqual([report.document, report.documentError?.stage, report.documentError?.kind], ['.dlm/corpus.dlm', 'sources', 'source-outside-root']);
    });
  });

  test('corpus.dlm wins over other documents; the document is named under the folder as given', async () => {
    await withCorpus(NO_FILES, async (root) => {
      writeTree(root, { 'proj/.dlm/corpus.dlm': doc(3), 'proj/.dlm/other.dlm': doc(4), 'proj/a.md': 'a\n' });
      const r = await runCli(['dry-run', 'proj', '--json'], { cwd: root });
      assert.equal(r.code, 0, describeRun(r));
      const report = parseReportJson(r.stdout);
      assert.deepEqual([report.mode, report.document, report.seed], ['document', 'proj/.dlm/corpus.dlm', 3n]);
      assert.match(r.stderr, /^dlm-weights: using proj\/\.dlm\/corpus\.dlm, as `dlm train proj` does/);
    });
  });

  test('the only DIR/.dlm/*.dlm, whatever its name; human mode says so on stderr too', async () => {
    await withCorpus(NO_FILES, async (root) => {
      writeTree(root, { '.dlm/notes.dlm': doc(9), '.dlm/training.yaml': 'metadata:\n  k: v\n', 'a.md': 'a\n' });
      const r = await runCli(['dry-run'], { cwd: root });
      assert.equal(r.code, 0, describeRun(r));
      assert.match(r.stdout, /^dlm-weights dry run \(document \.dlm\/notes\.dlm, seed 9\)$/m);
      assert.equal(r.stderr, 'dlm-weights: using .dlm/notes.dlm, as `dlm train .` does (the only document in .dlm/)\n');
    });
  });

  test('several documents and no corpus.dlm: exit 2, one line naming them, nothing on stdout', async () => {
    await withCorpus(NO_FILES, async (root) => {
      writeTree(root, { '.dlm/b.dlm': doc(1), '.dlm/a.dlm': doc(2) });
      const r = await runCli(['dry-run', '.', '--json'], { cwd: root });
      assert.equal(r.code, 2, describeRun(r));
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, /^dlm-weights: \.dlm\/ holds 2 documents \(\.dlm\/a\.dlm, \.dlm\/b\.dlm\) and none is corpus\.dlm: `dlm train \.` refuses to choose; name the document \(dlm-weights dry-run \.dlm\/a\.dlm\) or pass --directory/);
    });
  });

  test('no document in DIR/.dlm: directory mode, the same report as --directory; the reason on stderr in human mode', async () => {
    const c = loadParityCase('001-basic-directory');
    await withCorpus(c.corpus, async (root) => {
      const plain = await runCli(['dry-run', '.', '--json'], { cwd: root });
      const forced = await runCli(['dry-run', '.', '--json', '--directory'], { cwd: root });
      assert.equal(plain.code, 0, describeRun(plain));
      assert.equal(plain.stdout, forced.stdout);
      assert.equal(canonical(plain.stdout), canonical(c.expectedText));
      // with --json the report's mode says it; a document chosen from the folder would be named on stderr
      assert.deepEqual([plain.stderr, forced.stderr], ['', '']);
      const human = await runCli(['dry-run', '.'], { cwd: root });
      assert.match(human.stderr, /^dlm-weights: directory mode: \.dlm\/ holds no \.dlm document, so `dlm train \.` would scaffold one/);
      const asked = await runCli(['dry-run', '.', '--directory'], { cwd: root });
      assert.equal(asked.stderr, '', 'asked for: nothing to explain');
    });
  });

  test('--directory ignores the folder\'s documents; on a document it is a usage error', async () => {
    await withCorpus(NO_FILES, async (root) => {
      writeTree(root, { '.dlm/corpus.dlm': doc(3), 'a.md': 'a\n' });
      const r = await runCli(['dry-run', '.', '--directory', '--json'], { cwd: root });
      assert.equal(r.code, 0, describeRun(r));
      assert.deepEqual([parseReportJson(r.stdout).mode, parseReportJson(r.stdout).seed], ['directory', 42n]);
      const bad = await runCli(['dry-run', '.dlm/corpus.dlm', '--directory'], { cwd: root });
      assert.equal(bad.code, 2, describeRun(bad));
      assert.match(bad.stderr, /^dlm-weights: --directory needs a folder/);
    });
  });
});

describe('a document dlm cannot train, in the human summary', () => {
  test('the first failure in a sentence with file:line, the next ones after it, no corpus figures, exit 1', async () => {
    const dir = parityPath('failing-cases', '024-fail-missing-source-before-bad-instruction');
    const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
    await withCorpus(corpus, async (root) => {
      const r = await runCli(['dry-run', 'corpus.dlm'], { cwd: root });
      assert.equal(r.code, 1, describeRun(r));
      // `- path: gone` is on line 7; the unanswered question's section ends the file
      assert.match(r.stdout, /^ {2}✖ dlm train would stop while expanding training\.sources \(source-path-missing\): corpus\.dlm:7: training\.sources\[0\]\.path does not exist: gone$/m);
      assert.match(r.stdout, /^ {4}✖ \(instruction-body\) corpus\.dlm:\d+: /m);
      assert.doesNotMatch(r.stdout, /files read|after expansion|train \/ val/, 'no figures of a corpus dlm never builds');
    });
  });
});
