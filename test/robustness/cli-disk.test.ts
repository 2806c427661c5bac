// The CLI on real, awkward disks: file names that are not UTF-8, 1 GB
// (sparse) configs, configs that are FIFOs or directories, folders an
// unprivileged user cannot read, exports that cannot be written, a reader
// that closes the pipe early, and CSV cells a spreadsheet would run. Every
// run ends with exit 0, 1 or 2 and at most one line on stderr per problem:
// never a hang, never exit 3, never a stack trace.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { buildCli, describeRun, runCli, type CliResult } from '../helpers/cli';
import { makeTempDir, removeDir, writeTree } from '../helpers/tmp';
import { parseReportJson } from '../../src/report/contractJson';

const GB = 1024 ** 3;

before(async () => { await buildCli(); });

async function withTree(files: Record<string, string | Uint8Array>, fn: (root: string) => Promise<void>): Promise<void> {
  const root = makeTempDir('dlmw-disk-');
  try {
    writeTree(root, files);
    await fn(root);
  } finally {
    removeDir(root);
  }
}

/** A file of `size` bytes that takes no disk space (a hole), as a 1 GB config would be in a hostile workspace. */
function sparse(path: string, size: number, head = ''): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    if (head) writeFileSync(fd, head);
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

function assertClean(r: CliResult, codes: number[]): void {
  assert.ok(!r.timedOut, `hung\n${describeRun(r)}`);
  assert.ok(codes.includes(r.code ?? -1), describeRun(r));
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, describeRun(r));
}

describe('file names that are not UTF-8', () => {
  test('listed and read as dlm does (surrogate escapes), in Python order, with a warning that the id is not predicted', async () => {
    await withTree({ 'fé.txt': 'e\n', 'f\ue000.txt': 'p\n', 'f😀.txt': 's\n' }, async (root) => {
      // names as raw bytes: 'f' 0xff '.txt', and a folder 'd' 0xfe holding a config and a file
      const bad = Buffer.concat([Buffer.from(root + '/f'), Buffer.of(0xff), Buffer.from('.txt')]);
      writeFileSync(bad, 'x\n');
      const dir = Buffer.concat([Buffer.from(root + '/d'), Buffer.of(0xfe)]);
      mkdirSync(Buffer.concat([dir, Buffer.from('/.dlm')]), { recursive: true });
      writeFileSync(Buffer.concat([dir, Buffer.from('/.dlm/training.yaml')]), 'metadata: {k: v}\n');
      writeFileSync(Buffer.concat([dir, Buffer.from('/in.txt')]), 'in\n');
      const r = await runCli(['dry-run', '.', '--json'], { cwd: root });
      assertClean(r, [0]);
      const report = parseReportJson(r.stdout);
      // Python's order by code point: é (U+E9) < the escaped 0xfe / 0xff (U+DCFE, U+DCFF) < U+E000 < U+1F600
      assert.deepEqual(report.rows.map((x) => x.origin), ['d\udcfe/in.txt', 'fé.txt', 'f\udcff.txt', 'f\ue000.txt', 'f😀.txt']);
      assert.deepEqual([...report.rows[0]!.tags], [['k', 'v']], 'the config under the odd folder is loaded');
      const id = createHash('sha256').update('prose\n# source: f\ufffd.txt\n\nx\n').digest('hex').slice(0, 16);
      assert.equal(report.rows[2]!.sectionId, id, 'the id is computed with U+FFFD for the bad byte');
      const warnings = r.stderr.trim().split('\n');
      assert.equal(warnings.length, 2, r.stderr);
      for (const w of warnings) assert.match(w, /^dlm-weights: warning: .*not valid UTF-8.*not predicted/);

      const human = await runCli(['dry-run', '.'], { cwd: root });
      assertClean(human, [0]);
      assert.match(human.stdout, /Not predicted by dlm-weights/);
      const check = await runCli(['check', '.', '--json'], { cwd: root });
      assertClean(check, [0]);
      assert.deepEqual(JSON.parse(check.stdout).map((f: { file: string }) => f.file), ['d\udcfe/.dlm/training.yaml']);
    });
  });
});

describe('configs of 1 GB (sparse): judged from their size, never read', () => {
  test('training.yaml: dry-run counts it as not checked, check reports file-too-large', async () => {
    await withTree({ 'a.txt': 'a\n', 'sub/b.txt': 'b\n' }, async (root) => {
      sparse(join(root, 'sub/.dlm/training.yaml'), GB, 'metadata: {k: v}\n');
      const r = await runCli(['dry-run', '.', '--json'], { cwd: root, timeoutMs: 60_000 });
      assertClean(r, [0]);
      const report = parseReportJson(r.stdout);
      assert.equal(report.configs.find((c) => c.anchor === 'sub')?.trainingYaml, 'invalid');
      assert.match(r.stderr, /^dlm-weights: warning: sub\/\.dlm\/training\.yaml is over 1 MiB/);
      const c = await runCli(['check', '.', '--json'], { cwd: root, timeoutMs: 60_000 });
      assertClean(c, [1]);
      const entry = JSON.parse(c.stdout).find((f: { file: string }) => f.file === 'sub/.dlm/training.yaml');
      assert.deepEqual(entry.diagnostics.map((d: { code: string }) => d.code), ['file-too-large']);
    });
  });

  test('.dlm/ignore: dry-run says the prediction is incomplete, check warns ignore-too-large', async () => {
    await withTree({ 'a.txt': 'a\n', 'sub/b.txt': 'b\n' }, async (root) => {
      sparse(join(root, 'sub/.dlm/ignore'), GB, '*.txt\n');
      const r = await runCli(['dry-run', '.'], { cwd: root, timeoutMs: 60_000 });
      assertClean(r, [0]);
      assert.match(r.stdout, /⚠ sub\/\.dlm\/ignore is over 1 MiB .*not predicted/);
      const c = await runCli(['check', '.', '--json'], { cwd: root, timeoutMs: 60_000 });
      assertClean(c, [0]);
      const entry = JSON.parse(c.stdout).find((f: { file: string }) => f.file === 'sub/.dlm/ignore');
      assert.deepEqual(entry.diagnostics.map((d: { code: string; severity: string }) => `${d.severity}:${d.code}`), ['warning:ignore-too-large']);
    });
  });
});

describe('check: configs it cannot read', () => {
  test('a FIFO and a directory named like configs are file-unreadable errors', async () => {
    await withTree({ 'a.txt': 'a\n', '.dlm/training.yaml': 'metadata: {k: v}\n' }, async (root) => {
      mkdirSync(join(root, 'sub/.dlm'), { recursive: true });
      execFileSync('mkfifo', [join(root, 'sub/.dlm/training.yaml')]);
      mkdirSync(join(root, 'other/.dlm/ignore'), { recursive: true });
      const r = await runCli(['check', '.', '--json'], { cwd: root, timeoutMs: 30_000 });
      assertClean(r, [1]);
      const byFile = new Map(JSON.parse(r.stdout).map((f: { file: string; diagnostics: Array<{ code: string }> }) => [f.file, f.diagnostics.map((d) => d.code)]));
      assert.deepEqual(byFile.get('sub/.dlm/training.yaml'), ['file-unreadable']);
      assert.deepEqual(byFile.get('other/.dlm/ignore'), ['file-unreadable']);
      assert.deepEqual(byFile.get('.dlm/training.yaml'), []);
    });
  });
});

// Root ignores permissions: these run the CLI as "nobody" when the system can.
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const canDropPrivileges = process.getuid?.() === 0 && spawnSync(NOBODY[0]!, [...NOBODY.slice(1), 'true']).status === 0;
const unprivileged = canDropPrivileges ? {} : { skip: 'needs root and setpriv to run the CLI as an unprivileged user' };

async function runAsNobody(cli: string, args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(NOBODY[0]!, [...NOBODY.slice(1), process.execPath, cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut: signal === 'SIGKILL', ms: 0, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

describe('as an unprivileged user', unprivileged, () => {
  let cli: string;
  let root: string;
  before(async () => {
    cli = await buildCli();
    chmodSync(dirname(cli), 0o755); // the private CLI copy must be readable by nobody
    root = makeTempDir('dlmw-nobody-');
    chmodSync(root, 0o755);
    writeTree(root, { 'ok/a.txt': 'a\n', 'ok/.dlm/training.yaml': 'metadata: {k: v}\n', 'ok/secret/b.txt': 'b\n', 'private/c.txt': 'c\n', 'ro/keep.txt': 'k\n' });
    for (const d of ['ok', 'ok/.dlm', 'ro']) chmodSync(join(root, d), 0o755);
    for (const f of ['ok/a.txt', 'ok/.dlm/training.yaml']) chmodSync(join(root, f), 0o644);
    chmodSync(join(root, 'ok/secret'), 0o700);
    chmodSync(join(root, 'private'), 0o700);
    chmodSync(join(root, 'ro'), 0o555);
  });

  test('check on a folder it cannot list: exit 2, one line', async () => {
    const r = await runAsNobody(cli, ['check', 'private'], root);
    assertClean(r, [2]);
    assert.match(r.stderr, /^dlm-weights: cannot read directory private: EACCES[^\n]*\n$/);
    assert.equal(r.stdout, '');
  });

  test('check with an unreadable folder inside: an error entry for it, exit 1 (not "0 files checked")', async () => {
    const r = await runAsNobody(cli, ['check', 'ok', '--json'], root);
    assertClean(r, [1]);
    const entries = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Array<{ code: string; severity: string }> }>;
    assert.deepEqual(entries.map((e) => [e.file, e.diagnostics.map((d) => `${d.severity}:${d.code}`)]), [
      ['ok/.dlm/training.yaml', []],
      ['ok/secret', ['error:file-unreadable']],
    ]);
  });

  test('dry-run on a folder it cannot list: exit 2, one line; on one with an unreadable folder inside: a warning', async () => {
    const r = await runAsNobody(cli, ['dry-run', 'private'], root);
    assertClean(r, [2]);
    assert.match(r.stderr, /^dlm-weights: cannot read directory .*private: EACCES[^\n]*\n$/);
    const ok = await runAsNobody(cli, ['dry-run', 'ok', '--json'], root);
    assertClean(ok, [0]);
    assert.deepEqual(parseReportJson(ok.stdout).rows.map((x) => x.origin), ['a.txt']);
    assert.match(ok.stderr, /^dlm-weights: warning: `secret\/` cannot be listed \(EACCES\)/);
  });

  test('an export into a read-only folder: exit 2, one line', async () => {
    const r = await runAsNobody(cli, ['dry-run', 'ok', '--csv', 'ro/out.csv'], root);
    assertClean(r, [2]);
    assert.match(r.stderr, /^dlm-weights: cannot write --csv ro\/out\.csv: EACCES[^\n]*\n$/);
  });
});

describe('exports that cannot be written: one line on stderr, exit 2', () => {
  const cases: Array<[string, (root: string) => string[]]> = [
    ['--html to a directory', (root) => { mkdirSync(join(root, 'outdir')); return ['--html', 'outdir']; }],
    ['--csv under a file', () => ['--csv', 'a.txt/x.csv']],
    ["--html ''", () => ['--html', '']],
    ["--csv ''", () => ['--csv', '']],
  ];
  for (const [name, args] of cases) {
    test(name, async () => {
      await withTree({ 'a.txt': 'a\n' }, async (root) => {
        const r = await runCli(['dry-run', '.', ...args(root)], { cwd: root });
        assertClean(r, [2]);
        assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, describeRun(r));
        assert.match(r.stderr, /^dlm-weights: /);
      });
    });
  }
});

test('dry-run --json | head: a reader that closes early ends the run quietly', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) files[`d${i % 20}/file-${i}.txt`] = `${i}\n`;
  await withTree(files, async (root) => {
    const cli = await buildCli();
    const child = spawn(process.execPath, [cli, 'dry-run', '.', '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    // read the first chunk, then close the pipe, as `head -c` does
    await new Promise<void>((resolve) => child.stdout.once('data', () => { child.stdout.destroy(); resolve(); }));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (c) => { clearTimeout(timer); resolve(c); });
    });
    assert.equal(code, 0, err);
    assert.equal(err, '', 'no EPIPE trace');
  });
});

test('CSV: file names and tags a spreadsheet would run as formulas are neutralised', async () => {
  await withTree({
    '=cmd.txt': 'a\n', '+sum.txt': 'b\n', '-neg.txt': 'c\n', '@at.txt': 'd\n', 'plain.txt': 'e\n',
    '.dlm/training.yaml': "metadata:\n  '=k': v\n",
  }, async (root) => {
    const r = await runCli(['dry-run', '.', '--csv', 'out/rows.csv'], { cwd: root });
    assertClean(r, [0]);
    const lines = readFileSync(join(root, 'out/rows.csv'), 'utf8').split('\r\n').filter(Boolean).slice(1);
    // origin and tags cells, in Python path order
    assert.deepEqual(lines.map((l) => l.split(',').slice(1, 3)), [
      ["'+sum.txt", "'=k=v"], ["'-neg.txt", "'=k=v"], ["'=cmd.txt", "'=k=v"], ["'@at.txt", "'=k=v"], ['plain.txt', "'=k=v"],
    ]);
  });
});
