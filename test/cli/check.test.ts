// `dlm-weights check` against dlm's own load verdicts (test/parity/data/yaml-cases.json):
// every case in-process through the engine's checkPaths, the CLI binary on all
// of them at once and on a sample one by one (wiring, exit codes, both output formats).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { loadYamlCases, type YamlCase } from '../helpers/shared';
import { makeTempDir, removeDir, writeTree } from '../helpers/tmp';
import { checkPaths, type CheckedFile } from '../../src/engine/check/checkPaths';

const CASES = loadYamlCases(); // a missing vendored file fails this file
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const HUMAN_LINE = /^[^:]+:\d+:\d+ (error|warning|information|hint) [a-z0-9-]+ .+$/;

const ROOT = makeTempDir('dlmw-check-');
const caseDir = (i: number) => `case-${String(i).padStart(3, '0')}`;
const yamlRel = (i: number) => `${caseDir(i)}/.dlm/training.yaml`;
CASES.forEach((c, i) => {
  mkdirSync(join(ROOT, caseDir(i), '.dlm'), { recursive: true });
  writeFileSync(join(ROOT, yamlRel(i)), Buffer.from(c.b64, 'base64'));
});

before(async () => {
  await buildCli();
});
after(() => removeDir(ROOT));

function category(c: YamlCase): string {
  const v = c.verdict;
  if (v.dlmAccepts) return v.crash ? 'accepted, crashes dlm train' : 'accepted';
  return `rejected (${v.problem})`;
}

function wantsError(c: YamlCase): boolean {
  return !c.verdict.dlmAccepts || c.verdict.crash;
}

/** The lines an LSP client sees (\n, \r\n and \r break lines; nothing else does). */
function lspLines(bytes: Buffer): string[] {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes).split(/\r\n|\r|\n/);
}

interface JsonDiagnostic {
  severity: string;
  code: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** Problems with one diagnostic's shape, '' when fine. */
function shapeProblem(d: JsonDiagnostic, lines: string[] | null): string {
  const keys = Object.keys(d).sort().join(',');
  if (keys !== 'code,message,range,severity') return `keys ${keys}`;
  if (!SEVERITIES.has(d.severity)) return `severity ${d.severity}`;
  if (!KEBAB.test(d.code)) return `code ${JSON.stringify(d.code)} is not kebab-case`;
  if (typeof d.message !== 'string' || d.message.trim() === '') return 'empty message';
  if (/[\r\n]/.test(d.message)) return `message spans lines: ${JSON.stringify(d.message)}`;
  const { start, end } = d.range ?? ({} as JsonDiagnostic['range']);
  for (const p of [start, end]) {
    if (!p || !Number.isSafeInteger(p.line) || !Number.isSafeInteger(p.character) || p.line < 0 || p.character < 0) return `range ${JSON.stringify(d.range)}`;
    if (lines && (p.line >= lines.length || p.character > lines[p.line]!.length)) {
      return `range ${JSON.stringify(d.range)} outside the text (${lines.length} lines; line ${p.line} has ${lines[p.line]?.length} UTF-16 units)`;
    }
  }
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return `range end before start ${JSON.stringify(d.range)}`;
  return '';
}

function report(failures: string[]): void {
  assert.equal(failures.length, 0, `${failures.length} case(s):\n${failures.slice(0, 25).join('\n')}${failures.length > 25 ? '\n…' : ''}`);
}

// ------------------------------------------------------------ in-process, every case

describe('checkPaths (engine) agrees with dlm on every yaml case', () => {
  const results = new Map<number, CheckedFile | Error>();
  before(async () => {
    for (let i = 0; i < CASES.length; i++) {
      const dir = join(ROOT, caseDir(i));
      try {
        const files = await checkPaths([dir]);
        assert.equal(files.length, 1, `one checked file, got ${files.map((f) => f.path).join(', ')}`);
        assert.equal(files[0]!.path, join(ROOT, yamlRel(i)));
        results.set(i, files[0]!);
      } catch (e) {
        results.set(i, e as Error);
      }
    }
  });

  test('there are yaml cases', () => assert.ok(CASES.length >= 700, `only ${CASES.length}`));

  const byCategory = new Map<string, number[]>();
  CASES.forEach((c, i) => {
    const k = category(c);
    byCategory.set(k, [...(byCategory.get(k) ?? []), i]);
  });
  for (const [cat, indexes] of [...byCategory].sort()) {
    test(`${cat}: ${indexes.length} cases — no throw, dlmAccepts and the error rule match`, () => {
      const failures: string[] = [];
      for (const i of indexes) {
        const c = CASES[i]!;
        const r = results.get(i);
        if (r instanceof Error || r === undefined) {
          failures.push(`${c.name}: threw ${r instanceof Error ? r.stack?.split('\n').slice(0, 3).join(' | ') : 'nothing recorded'}`);
          continue;
        }
        const hasError = r.diagnostics.some((d) => d.severity === 'error');
        if (r.dlmAccepts !== c.verdict.dlmAccepts) failures.push(`${c.name}: dlmAccepts ${r.dlmAccepts}, dlm says ${c.verdict.dlmAccepts}`);
        if (hasError !== wantsError(c)) {
          failures.push(`${c.name}: ${hasError ? 'has' : 'no'} error diagnostic, want ${wantsError(c) ? 'one' : 'none'} [${r.diagnostics.map((d) => `${d.severity} ${d.code}`).join('; ')}]`);
        }
      }
      report(failures);
    });
  }

  test('every diagnostic is well-formed: severity, kebab-case code, one-line message, 0-based range inside the text', () => {
    const failures: string[] = [];
    CASES.forEach((c, i) => {
      const r = results.get(i);
      if (!r || r instanceof Error) return;
      const lines = lspLines(Buffer.from(c.b64, 'base64'));
      for (const d of r.diagnostics) {
        const p = shapeProblem({ severity: d.severity, code: d.code, message: d.message, range: d.range }, lines);
        if (p) failures.push(`${c.name}: ${d.code}: ${p}`);
      }
    });
    report(failures);
  });
});

// ------------------------------------------------------------ the CLI binary

interface JsonEntry {
  file: string;
  dlmAccepts: boolean;
  diagnostics: JsonDiagnostic[];
}

function parseCheckJson(stdout: string): JsonEntry[] {
  const v = JSON.parse(stdout) as unknown;
  assert.ok(Array.isArray(v), 'a JSON array');
  for (const e of v as JsonEntry[]) {
    assert.deepEqual(Object.keys(e).sort(), ['diagnostics', 'dlmAccepts', 'file']);
    assert.equal(typeof e.file, 'string');
    assert.equal(typeof e.dlmAccepts, 'boolean');
    assert.ok(Array.isArray(e.diagnostics));
  }
  return v as JsonEntry[];
}

describe('dlm-weights check (CLI binary)', { concurrency: 6 }, () => {
  test('--json over all cases at once: one entry per file, POSIX paths relative to the cwd, verdicts match, exit 1', async () => {
    const r = await runCli(['check', '--json'], { cwd: ROOT, timeoutMs: 60_000 });
    assert.equal(r.code, 1, `some cases have errors\n${describeRun(r)}`);
    const entries = parseCheckJson(r.stdout);
    assert.deepEqual(entries.map((e) => e.file).sort(), CASES.map((_, i) => yamlRel(i)).sort());
    const failures: string[] = [];
    for (const e of entries) {
      const i = Number(/^case-(\d+)\//.exec(e.file)![1]);
      const c = CASES[i]!;
      const lines = lspLines(Buffer.from(c.b64, 'base64'));
      if (e.dlmAccepts !== c.verdict.dlmAccepts) failures.push(`${c.name}: dlmAccepts ${e.dlmAccepts}, dlm says ${c.verdict.dlmAccepts}`);
      const hasError = e.diagnostics.some((d) => d.severity === 'error');
      if (hasError !== wantsError(c)) failures.push(`${c.name}: error diagnostic ${hasError}, want ${wantsError(c)}`);
      for (const d of e.diagnostics) {
        const p = shapeProblem(d, lines);
        if (p) failures.push(`${c.name}: ${d.code}: ${p}`);
      }
    }
    report(failures);
  });

  test('human format over all cases: every line is FILE:LINE:COL SEVERITY CODE MESSAGE, same diagnostics as --json', async () => {
    const [human, json] = await Promise.all([
      runCli(['check'], { cwd: ROOT, timeoutMs: 60_000 }),
      runCli(['check', '.', '--json'], { cwd: ROOT, timeoutMs: 60_000 }),
    ]);
    assert.equal(human.code, 1, describeRun(human));
    const lines = human.stdout.split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    const bad = lines.filter((l) => !HUMAN_LINE.test(l));
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} malformed line(s)`);
    const expected = parseCheckJson(json.stdout).flatMap((e) =>
      e.diagnostics.map((d) => `${e.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`));
    assert.deepEqual(lines, expected);
    assert.match(human.stderr, new RegExp(`^${CASES.length} file\\(s\\) checked, ${expected.length} diagnostic\\(s\\)`));
    assert.doesNotMatch(human.stderr + human.stdout, /\x1b/, 'no ANSI escapes when not a TTY');
  });

  // a spread over every verdict category, run one file at a time
  const sample: number[] = [];
  const want: Record<string, number> = {
    accepted: 6, 'accepted, crashes dlm train': 4, 'rejected (loader-crash)': 4, 'rejected (encoding)': 2,
    'rejected (not-mapping)': 2, 'rejected (yaml)': 5, 'rejected (schema)': 7,
  };
  for (const [cat, n] of Object.entries(want)) {
    const idx = CASES.map((c, i) => [c, i] as const).filter(([c]) => category(c) === cat).map(([, i]) => i);
    for (let k = 0; k < Math.min(n, idx.length); k++) sample.push(idx[Math.floor((k * idx.length) / n)]!);
  }
  test('the sample covers every category', () => assert.equal(sample.length, 30));

  sample.forEach((i, k) => {
    const c = CASES[i]!;
    // alternate how the path is given: none (cwd), relative, absolute
    const how = k % 3;
    test(`${c.name} [${category(c)}] exit ${wantsError(c) ? 1 : 0}`, async () => {
      const cwd = how === 0 ? join(ROOT, caseDir(i)) : ROOT;
      const args = how === 0 ? ['check', '--json'] : how === 1 ? ['check', caseDir(i), '--json'] : ['check', '--json', join(ROOT, caseDir(i))];
      const r = await runCli(args, { cwd });
      assert.equal(r.code, wantsError(c) ? 1 : 0, describeRun(r));
      const entries = parseCheckJson(r.stdout);
      assert.equal(entries.length, 1, describeRun(r));
      const e = entries[0]!;
      assert.equal(e.file, how === 0 ? '.dlm/training.yaml' : yamlRel(i), 'file: POSIX, relative to the cwd');
      assert.equal(e.dlmAccepts, c.verdict.dlmAccepts);
      assert.equal(e.diagnostics.some((d) => d.severity === 'error'), wantsError(c));
      if (k % 5 === 0) {
        const h = await runCli(['check'], { cwd: join(ROOT, caseDir(i)) });
        assert.equal(h.code, r.code, describeRun(h));
        for (const line of h.stdout.split('\n').filter(Boolean)) assert.match(line, HUMAN_LINE);
        assert.equal(h.stdout.split('\n').filter(Boolean).length, e.diagnostics.length);
      }
    });
  });

  test('an .dlm/ignore and a stray training.yml are checked too; exit 0 with warnings only', async () => {
    const dir = makeTempDir('dlmw-check-ignore-');
    try {
      writeTree(dir, {
        '.dlm/training.yaml': 'metadata:\n  lang: en\n',
        '.dlm/ignore': '# comment\n*.log\n!\n/\n',
        'sub/.dlm/training.yml': 'metadata: {a: b}\n',
        'a.txt': 'a\n',
      });
      const r = await runCli(['check', '--json'], { cwd: dir });
      const entries = parseCheckJson(r.stdout);
      assert.deepEqual(entries.map((e) => e.file).sort(), ['.dlm/ignore', '.dlm/training.yaml', 'sub/.dlm/training.yml']);
      for (const e of entries) for (const d of e.diagnostics) assert.equal(shapeProblem(d, null), '', `${e.file}: ${d.code}`);
      const hasError = entries.some((e) => e.diagnostics.some((d) => d.severity === 'error'));
      assert.equal(r.code, hasError ? 1 : 0, describeRun(r));
      assert.ok(entries.find((e) => e.file === '.dlm/ignore')!.diagnostics.length > 0, 'the empty-after-! / bare / lines are reported');
      assert.ok(entries.find((e) => e.file === 'sub/.dlm/training.yml')!.diagnostics.length > 0, 'training.yml is not read by dlm');
    } finally {
      removeDir(dir);
    }
  });

  // PyYAML raises RecursionError past ~480 levels (a loader crash: exit 1); the
  // CLI must say so, not abort (V8 fatal errors cannot be caught).
  for (const n of [1000, 3000, 10_000]) {
    test(`a training.yaml nested ${n} deep: exit 1 with a loader-crash error, no abort`, async () => {
      const dir = makeTempDir('dlmw-check-deep-');
      try {
        writeTree(dir, { '.dlm/training.yaml': `metadata: ${'['.repeat(n)}${']'.repeat(n)}\n` });
        const r = await runCli(['check', '--json'], { cwd: dir });
        assert.equal(r.signal, null, `killed by ${r.signal}\n${describeRun(r)}`);
        assert.equal(r.code, 1, describeRun(r));
        const [e] = parseCheckJson(r.stdout);
        assert.equal(e!.dlmAccepts, false);
        assert.ok(e!.diagnostics.some((d) => d.severity === 'error' && d.code === 'loader-crash'), JSON.stringify(e!.diagnostics));
      } finally {
        removeDir(dir);
      }
    });
  }

  test('exit 2 with a one-line message for a missing path, an unknown option', async () => {
    for (const args of [['check', 'no/such/path'], ['check', '--frobnicate'], ['check', '.', 'missing-too', '--json']]) {
      const r = await runCli(args, { cwd: ROOT });
      assert.equal(r.code, 2, describeRun(r));
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.match(lines[0]!, /^dlm-weights: \S/);
      assert.ok(lines.length <= 2 && (lines.length === 1 || /--help/.test(lines[1]!)), r.stderr);
    }
  });
});
