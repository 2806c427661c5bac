// Hostile corpora: binary, invalid UTF-8, empty and 20 MB files, FIFOs,
// dangling symlinks, symlink loops, a file deleted between listing and
// reading. The dry run (and check) must complete and account for every file.
// FIFOs go through the CLI binary in a child process with a deadline, since a
// blocking open() of a FIFO would hang this test process for good.
import { before, describe, test } from 'node:test';
import { TEST_TIMEOUT_MS } from '../helpers/limits';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { makeTempDir, removeDir, writeTree } from '../helpers/tmp';
import { dryRun } from '../../src/engine/dryRun';
import { CorpusIndex } from '../../src/engine/corpus/corpusIndex';
import { planDirectory } from '../../src/engine/corpus/directives';
import { parseReportJson, reportToJson } from '../../src/report/contractJson';
import type { ReportDetails } from '../../src/engine/corpus/corpusIndex';
import type { DryRunReport } from '../../src/engine/types';

const MB = 1024 * 1024;

/** Where each path ended up: row, skipped (with reason) or unreadable; throws on duplicates. */
function accounting(report: DryRunReport, details: ReportDetails): Map<string, string> {
  const where = new Map<string, string>();
  const put = (p: string, what: string) => {
    assert.ok(!where.has(p), `${p} accounted twice: ${where.get(p)} and ${what}`);
    where.set(p, what);
  };
  for (const r of report.rows) put(r.origin, 'row');
  for (const s of details.skippedFiles) put(s.path, `skipped:${s.reason}`);
  for (const u of details.unreadableFiles) put(u.path, `unreadable:${u.error}`);
  return where;
}

function assertConsistent(report: DryRunReport): void {
  // the contract JSON round-trips and totals are sums over rows
  assert.equal(reportToJson(parseReportJson(reportToJson(report))), reportToJson(report));
  const t = report.totals;
  assert.equal(t.rows, report.rows.length);
  assert.equal(t.expandedRows, report.rows.reduce((n, r) => n + r.copies, 0));
  assert.equal(t.valRows, report.rows.reduce((n, r) => n + r.valCopies, 0));
  assert.equal(t.trainRows, t.expandedRows - t.valRows);
}

describe('a corpus of odd files (in-process engine)', () => {
  let root: string;
  before(() => {
    root = makeTempDir('dlmw-odd-');
    const big = Buffer.alloc(20 * MB, 'lorem ipsum dolor sit amet\n');
    const bigBad = Buffer.alloc(9 * MB, 'abc\n');
    bigBad[bigBad.length - 1] = 0xff; // invalid UTF-8 only at the very end (streamed read)
    writeTree(root, {
      '.dlm/training.yaml': 'metadata:\n  kind: odd\nweights:\n  kind:\n    odd: 1.5\n',
      'text.txt': 'hello\n',
      'bin.dat': Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
      'bad.txt': Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      'empty.txt': '',
      'big.txt': big,
      'big-bad.txt': bigBad,
      'gone.txt': 'soon deleted\n',
      'sub/ok.md': '# ok\n',
    });
    symlinkSync(join(root, 'missing-target'), join(root, 'dangling.txt'));
    symlinkSync(join(root, 'loopB'), join(root, 'loopA'));
    symlinkSync(join(root, 'loopA'), join(root, 'loopB'));
    symlinkSync(root, join(root, 'sub', 'up')); // a directory symlink back to the root
    symlinkSync(join(root, 'text.txt'), join(root, 'link.txt'));
  });

  test('dry run completes and accounts for every file', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { report, details } = await dryRun(root);
    assertConsistent(report);
    assert.equal(report.trainError, null);
    const where = accounting(report, details);
    assert.deepEqual(Object.fromEntries([...where].sort()), {
      '.dlm/training.yaml': 'skipped:excluded',
      'bad.txt': 'skipped:encoding',
      'big-bad.txt': 'skipped:encoding',
      'big.txt': 'row',
      'bin.dat': 'skipped:binary',
      'empty.txt': 'row',
      'gone.txt': 'row',
      'link.txt': 'row',
      'sub/ok.md': 'row',
      'text.txt': 'row',
    }, 'dangling links, link loops and the directory link are not files dlm walks');
    const s = report.sources[0]!;
    assert.equal(s.files, 6);
    assert.deepEqual(s.skipped, { excluded: 1, binary: 1, encoding: 2, overSize: 0, image: 0, audio: 0, maxFiles: 0 });
    for (const r of report.rows) assert.equal(r.weight, 1.5, `${r.origin} tagged and weighted`);
  });

  test('a file deleted between listing and reading: reported as unreadable, not a crash', { timeout: TEST_TIMEOUT_MS }, async () => {
    const index = await CorpusIndex.build(await planDirectory(root));
    const before = await index.report();
    assert.ok(before.report.rows.some((r) => r.origin === 'gone.txt'));
    unlinkSync(join(root, 'gone.txt'));
    assert.equal(index.invalidateFile(join(root, 'gone.txt')), true);
    const { report, details } = await index.report();
    assertConsistent(report);
    const where = accounting(report, details);
    assert.match(where.get('gone.txt') ?? '', /^unreadable:ENOENT$/);
    assert.equal(report.rows.length, before.report.rows.length - 1);
    assert.deepEqual(report.rows.map((r) => r.origin), before.report.rows.map((r) => r.origin).filter((o) => o !== 'gone.txt'));
    // and a file that turned into a directory meanwhile
    unlinkSync(join(root, 'text.txt'));
    mkdirSync(join(root, 'text.txt'));
    index.invalidateFile(join(root, 'text.txt'));
    const again = await index.report();
    assertConsistent(again.report);
    assert.match(accounting(again.report, again.details).get('text.txt') ?? '', /^unreadable:/);
  });

  test('cleanup', () => removeDir(root));
});

// ------------------------------------------------------------ FIFOs, through the CLI

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

// a hang guard only: far above what a busy machine needs
const DEADLINE_MS = 120_000;

describe('FIFOs never hang the CLI', { concurrency: 4 }, () => {
  before(async () => {
    await buildCli();
  });

  async function withTree(files: Record<string, string>, fifos: string[], fn: (root: string) => Promise<void>): Promise<void> {
    const root = makeTempDir('dlmw-fifo-');
    try {
      writeTree(root, files);
      for (const f of fifos) {
        mkdirSync(join(root, f, '..'), { recursive: true });
        mkfifo(join(root, f));
      }
      await fn(root);
    } finally {
      removeDir(root);
    }
  }

  test('a FIFO among the corpus files (directory mode): skipped like dlm (not a regular file)', async () => {
    await withTree({ 'a.txt': 'a\n', 'sub/b.txt': 'b\n' }, ['pipe', 'sub/pipe.txt'], async (root) => {
      const r = await runCli(['dry-run', '.', '--json'], { cwd: root, timeoutMs: DEADLINE_MS });
      assert.ok(!r.timedOut, `hung\n${describeRun(r)}`);
      assert.equal(r.code, 0, describeRun(r));
      const report = parseReportJson(r.stdout);
      assert.deepEqual(report.rows.map((x) => x.origin), ['a.txt', 'sub/b.txt']);
    });
  });

  test('a symlink to a FIFO among the corpus files', async () => {
    await withTree({ 'a.txt': 'a\n' }, ['p'], async (root) => {
      symlinkSync(join(root, 'p'), join(root, 'link-to-pipe.txt'));
      const r = await runCli(['dry-run', '.', '--json'], { cwd: root, timeoutMs: DEADLINE_MS });
      assert.ok(!r.timedOut, `hung\n${describeRun(r)}`);
      assert.equal(r.code, 0, describeRun(r));
      assert.deepEqual(parseReportJson(r.stdout).rows.map((x) => x.origin), ['a.txt']);
    });
  });

  for (const which of ['training.yaml', 'ignore'] as const) {
    test(`.dlm/${which} is a FIFO: dry-run completes`, async () => {
      await withTree({ 'a.txt': 'a\n', 'sub/b.txt': 'b\n' }, [`sub/.dlm/${which}`], async (root) => {
        const r = await runCli(['dry-run', '.', '--json'], { cwd: root, timeoutMs: DEADLINE_MS });
        assert.ok(!r.timedOut, `hung\n${describeRun(r)}`);
        assert.ok(r.code === 0 || r.code === 1, describeRun(r));
        const report = parseReportJson(r.stdout);
        assert.deepEqual(report.rows.map((x) => x.origin), ['a.txt', 'sub/b.txt']);
        assert.ok(report.configs.some((c) => c.anchor === 'sub'), 'the anchor is still listed');
      });
    });

    test(`.dlm/${which} is a FIFO: check completes`, async () => {
      await withTree({ 'a.txt': 'a\n', '.dlm/training.yaml': 'metadata: {k: v}\n' }, [`sub/.dlm/${which}`], async (root) => {
        const r = await runCli(['check', '--json'], { cwd: root, timeoutMs: DEADLINE_MS });
        assert.ok(!r.timedOut, `hung\n${describeRun(r)}`);
        assert.ok(r.code === 0 || r.code === 1, describeRun(r));
        const files = JSON.parse(r.stdout) as Array<{ file: string }>;
        assert.ok(files.some((f) => f.file === '.dlm/training.yaml'));
      });
    });
  }

  test('a document whose source directive is a FIFO: dry-run completes', async () => {
    const doc = '---\ndlm_id: 01HZ4X7TGZM3J1A2B3C4D5E6F7\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  sources:\n    - path: pipe\n    - path: docs\n---\nbody\n';
    await withTree({ 'corpus.dlm': doc, 'docs/a.md': 'a\n' }, ['pipe'], async (root) => {
      const r = await runCli(['dry-run', 'corpus.dlm', '--json'], { cwd: root, timeoutMs: DEADLINE_MS });
      assert.ok(!r.timedOut, `hung\n${describeRun(r)}`);
      assert.ok(r.code === 0 || r.code === 1, describeRun(r));
      assert.ok(parseReportJson(r.stdout).rows.some((x) => x.origin === 'docs/a.md'));
    });
  });

  test('dry-run on a FIFO given as the document: exit 2 with a message, no hang', async () => {
    await withTree({}, ['corpus.dlm'], async (root) => {
      const r = await runCli(['dry-run', 'corpus.dlm'], { cwd: root, timeoutMs: DEADLINE_MS });
      assert.ok(!r.timedOut, `hung\n${describeRun(r)}`);
      assert.equal(r.code, 2, describeRun(r));
      assert.match(r.stderr, /^dlm-weights: .*corpus\.dlm/);
    });
  });

  test('check on a FIFO given as the path: exit 2 with a message, no hang', async () => {
    await withTree({}, ['training.yaml'], async (root) => {
      const r = await runCli(['check', 'training.yaml'], { cwd: root, timeoutMs: DEADLINE_MS });
      assert.ok(!r.timedOut, `hung\n${describeRun(r)}`);
      assert.equal(r.code, 2, describeRun(r));
      assert.doesNotMatch(r.stderr, /internal error/);
    });
  });
});

// ------------------------------------------------------------ hostile config contents, through the CLI

describe('hostile .dlm/ignore and training.yaml contents: dry-run and check complete', { concurrency: 4 }, () => {
  before(async () => {
    await buildCli();
  });
  const cases: Array<[string, Record<string, string>, string[]]> = [
    // Python's re compiles this fine; the rule just matches nothing here
    ['an ignore pattern 100k characters long', { '.dlm/ignore': `${'a'.repeat(100_000)}\n` }, ['a.txt', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.txt']],
    ['an include pattern 100k characters long', { '.dlm/training.yaml': `include: ["${'a'.repeat(100_000)}", "**/*"]\n` }, ['a.txt', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.txt']],
    ['an ignore line of 100k spaces before the pattern', { '.dlm/ignore': `${' '.repeat(100_000)}x\n` }, ['a.txt', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.txt']],
    // a glob whose backtracking regex is exponential on a long name that almost matches
    ['a backtracking-heavy ignore glob', { '.dlm/ignore': `${'*a'.repeat(14)}*b\n` }, ['a.txt', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.txt']],
    ['a backtracking-heavy exclude glob', { '.dlm/training.yaml': `exclude: ["${'*a'.repeat(14)}*b"]\n` }, ['a.txt', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.txt']],
  ];
  for (const [name, files, rows] of cases) {
    for (const command of ['dry-run', 'check'] as const) {
      test(`${name}: ${command}`, async () => {
        const root = makeTempDir('dlmw-hostile-');
        try {
          writeTree(root, { ...files, 'a.txt': 'a\n', [`${'a'.repeat(40)}.txt`]: 'long\n' });
          const r = await runCli([command, '.', '--json'], { cwd: root, timeoutMs: DEADLINE_MS });
          assert.ok(!r.timedOut, `hung\n${describeRun(r)}`);
          assert.doesNotMatch(r.stderr, /internal error/, describeRun(r));
          assert.ok(r.code === 0 || r.code === 1, describeRun(r));
          if (command === 'dry-run') assert.deepEqual(parseReportJson(r.stdout).rows.map((x) => x.origin), rows);
        } finally {
          removeDir(root);
        }
      });
    }
  }
});

// ------------------------------------------------------------ the same odd corpus through the CLI

test('CLI dry-run on the odd corpus (+ a FIFO): completes, exit 0, human summary mentions the skips', { timeout: TEST_TIMEOUT_MS }, async () => {
  await buildCli();
  const root = makeTempDir('dlmw-odd-cli-');
  try {
    writeTree(root, { 'a.txt': 'a\n', 'bin.dat': Uint8Array.from([0, 1, 2]), 'bad.txt': Uint8Array.from([0xff]), 'empty.txt': '' });
    writeFileSync(join(root, 'big.txt'), Buffer.alloc(20 * MB, 'x\n'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    symlinkSync(join(root, 'l2'), join(root, 'l1'));
    symlinkSync(join(root, 'l1'), join(root, 'l2'));
    mkfifo(join(root, 'fifo'));
    const r = await runCli(['dry-run', '.'], { cwd: root, timeoutMs: DEADLINE_MS });
    assert.ok(!r.timedOut, `hung\n${describeRun(r)}`);
    assert.equal(r.code, 0, describeRun(r));
    assert.match(r.stdout, /^\s+files read\s+3$/m);
    assert.match(r.stdout, /^Skipped files: 1 binary, 1 not UTF-8$/m);
  } finally {
    removeDir(root);
  }
});
