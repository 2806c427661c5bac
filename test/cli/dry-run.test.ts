// End-to-end: the built CLI binary (`node dist/cli.js dry-run`), spawned as
// users run it. JSON output against the engine and against upstream dlm's
// own reports (every parity case), the human summary, the HTML/CSV exports,
// and exit codes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildCli, describeRun, runCli, type CliResult } from '../helpers/cli';
import { loadParityCase, parityCaseNames, type ParityCase } from '../helpers/shared';
import { makeTempDir, materialize, removeDir, snapshotTree, withCorpus, writeTree } from '../helpers/tmp';
import { dryRun } from '../../src/engine/dryRun';
import { parseReportJson, reportToJson } from '../../src/report/contractJson';
import { CSV_HEADER } from '../../src/report/csv';
import type { DryRunReport } from '../../src/engine/types';
import type { ReportViewModel } from '../../src/shared/view/viewModelTypes';

// read at load time: a missing vendored file fails this file instead of skipping it
const CASES = parityCaseNames();

before(async () => {
  await buildCli();
});

/** Contract JSON in canonical form (key order and number spelling normalised). */
function canonical(jsonText: string): string {
  return reportToJson(parseReportJson(jsonText));
}

/** `dry-run` arguments for a parity case run with cwd = the corpus root (directory mode asked for, as the case means it). */
function caseArgs(c: ParityCase, extra: string[] = []): string[] {
  const args = ['dry-run', ...(c.corpus.doc ? [c.corpus.doc] : ['.', '--directory']), '--json', ...extra];
  if (c.corpus.seed !== null) args.push('--seed', c.corpus.seed);
  return args;
}

function assertCleanJsonRun(r: CliResult, what: string): void {
  assert.ok(!r.timedOut, `${what}: timed out\n${describeRun(r)}`);
  assert.equal(r.stderr, '', `${what}: nothing on stderr with --json and a non-TTY stderr\n${describeRun(r)}`);
  assert.ok(r.stdout.endsWith('}\n'), `${what}: one JSON object and a newline\n${describeRun(r)}`);
  assert.equal(r.stdout, `${canonical(r.stdout)}\n`, `${what}: stdout is the exact contract rendering`);
}

describe('dry-run --json matches upstream dlm for every parity case', { concurrency: 8 }, () => {
  test('the parity cases are all there', () => assert.ok(CASES.length >= 59, `only ${CASES.length} cases`));
  for (const name of CASES) {
    test(name, async () => {
      const c = loadParityCase(name);
      const expected = parseReportJson(c.expectedText);
      await withCorpus(c.corpus, async (root) => {
        const r = await runCli(caseArgs(c), { cwd: root });
        assertCleanJsonRun(r, name);
        assert.equal(r.code, expected.trainError ? 1 : 0, `exit code\n${describeRun(r)}`);
        assert.equal(canonical(r.stdout), reportToJson(expected));
        if (c.corpus.seed !== null) {
          // the seed as printed, digit for digit (JSON.parse would round it)
          assert.match(r.stdout, new RegExp(`\\n  "seed": ${c.corpus.seed.replace(/^\+/, '')},\\n`));
        }
      });
    });
  }
});

describe('dry-run --json is exactly reportToJson(engine report)', { concurrency: 4 }, () => {
  const HUGE = '123456789012345678901234567890';
  const variants: Array<{ name: string; extra: string[]; seed?: string; absolute?: boolean; seedText?: string }> = [
    { name: '001-basic-directory', extra: [] },
    { name: '001-basic-directory', extra: ['--seed', HUGE], seed: HUGE, seedText: HUGE },
    { name: '001-basic-directory', extra: ['--seed=-9007199254740993'], seed: '-9007199254740993', seedText: '-9007199254740993' },
    { name: '008-fractional-weights', extra: [] },
    { name: '019-invalid-training-yaml-kinds', extra: [] },
    { name: '020-document-body-sections', extra: [] },
    { name: '020-document-body-sections', extra: ['--seed', '0'], seed: '0' },
    { name: '020-document-body-sections', extra: [], absolute: true },
    { name: '024-seed-beyond-2-64-doc', extra: [] },
    { name: '025-seed-huge-negative-cli-overrides-doc', extra: [] },
    { name: '032-scaffolded-doc-in-dot-dlm', extra: [] },
    { name: '027-nan-weight', extra: [] },
  ];
  for (const v of variants) {
    const label = `${v.name} ${v.extra.join(' ')}${v.absolute ? ' (absolute document path)' : ''}`.trim();
    test(label, async () => {
      const c = loadParityCase(v.name);
      await withCorpus(c.corpus, async (root) => {
        const seedText = v.seed ?? c.corpus.seed;
        const pathArgs = c.corpus.doc ? [v.absolute ? join(root, c.corpus.doc) : c.corpus.doc] : ['.', '--directory'];
        const args = ['dry-run', ...pathArgs, '--json', ...(v.seed === undefined && c.corpus.seed !== null ? ['--seed', c.corpus.seed] : []), ...v.extra];
        const r = await runCli(args, { cwd: root });
        assertCleanJsonRun(r, label);
        const target = c.corpus.doc ? join(root, c.corpus.doc) : root;
        const { report } = await dryRun(target, {
          seed: seedText === null ? undefined : BigInt(seedText),
          documentLabel: c.corpus.doc ?? undefined,
        });
        assert.equal(r.stdout, `${reportToJson(report)}\n`);
        assert.equal(r.code, report.trainError ? 1 : 0, describeRun(r));
        if (v.seedText) assert.ok(r.stdout.includes(`\n  "seed": ${v.seedText},\n`), `seed ${v.seedText} printed exactly`);
        if (c.corpus.doc) assert.equal(parseReportJson(r.stdout).document, c.corpus.doc, 'document label relative to the cwd');
      });
    });
  }
});

// ------------------------------------------------------------ a corpus with everything

const INVALID_UTF8 = Uint8Array.from([0x68, 0x69, 0xff, 0xfe, 0x0a]);
const BINARY = Uint8Array.from([0x89, 0x00, 0x01, 0x02, 0x00, 0x41]);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const MIXED: Record<string, string | Uint8Array> = {
  '.dlm/training.yaml': 'weights:\n  lang:\n    python: 2\n    markdown: 0.5\n    text: 0\n',
  'src/.dlm/training.yaml': 'metadata:\n  lang: python\n',
  'src/a.py': 'print("a")\n',
  'src/b.py': 'print("b")\n',
  'src/pkg/c.py': 'print("c")\n',
  'docs/.dlm/training.yaml': 'metadata:\n  lang: markdown\n',
  'docs/x.md': '# x\n',
  'docs/y.md': '# y\n',
  'notes/.dlm/training.yaml': 'metadata:\n  lang: text\n',
  'notes/n.txt': 'n\n',
  'broken/.dlm/training.yaml': 'metadata: [unclosed\n',
  'broken/z.txt': 'z\n',
  'bin/blob.bin': BINARY,
  'latin1.txt': INVALID_UTF8,
  '.env': 'SECRET=1\n',
  'img/logo.png': PNG,
  'README.md': 'readme\n',
};

function mixedCorpus(): string {
  const root = makeTempDir('dlmw-mixed-');
  writeTree(root, MIXED);
  return root;
}

describe('human summary', () => {
  test('totals, per-tag table, ignored configs, skipped reasons; no ANSI with a non-TTY stderr', async () => {
    const root = mixedCorpus();
    try {
      const json = await runCli(['dry-run', root, '--directory', '--json']);
      assertCleanJsonRun(json, 'mixed --json');
      const report = parseReportJson(json.stdout);
      const r = await runCli(['dry-run', root], { cwd: root });
      assert.equal(r.code, 0, describeRun(r));
      const out = r.stdout;
      for (const s of [out, r.stderr]) {
        assert.doesNotMatch(s, /\x1b/, 'no escape sequences');
        assert.doesNotMatch(s, /\r/, 'no carriage returns');
      }
      // no document in .dlm/: which mode, and why, is the one line on stderr
      assert.match(r.stderr, /^dlm-weights: directory mode: \S*\.dlm\/ holds no \.dlm document, so `dlm train \S+` would scaffold one whose one source is the folder \(include \*\*\/\*\)\n$/, 'the mode on stderr');
      const t = report.totals;
      assert.match(out, /^dlm-weights dry run \(directory mode, seed 42\)$/m);
      assert.match(out, new RegExp(`^\\s+rows\\s+${t.rows}$`, 'm'));
      assert.match(out, new RegExp(`^\\s+after expansion\\s+${t.expandedRows}\\s+\\(${t.droppedRows} rows dropped\\)$`, 'm'));
      // "in both splits", not "leaked": the report keeps "leak" for weights that reach other folders
      assert.match(out, new RegExp(`^\\s+train / val\\s+${t.trainRows} / ${t.valRows}\\s+\\(${t.leakedRows} rows in both splits\\)$`, 'm'));
      assert.match(out, new RegExp(`^\\s+files read\\s+${report.sources[0]!.files}$`, 'm'));
      // per-tag table: one line per tag value with weight, rows and copies
      assert.match(out, /^Tags \(rows before → copies after\):$/m);
      const perTag = (label: string) => {
        const rows = report.rows.filter((x) => [...x.tags].some(([k, v]) => `${k}=${v}` === label));
        return { rows: rows.length, copies: rows.reduce((n, x) => n + x.copies, 0) };
      };
      for (const [label, weight] of [['lang=python', '2'], ['lang=markdown', '0.5'], ['lang=text', '0']] as const) {
        const e = perTag(label);
        assert.ok(e.rows > 0, `${label} has rows`);
        assert.match(out, new RegExp(`^\\s+${label}\\s+${weight.replace('.', '\\.')}\\s+${e.rows}\\s+${e.copies}\\s`, 'm'), `tag line ${label}`);
      }
      // the invalid config is called out
      assert.match(out, /^Configs dlm train IGNORES/m);
      assert.match(out, /broken\/\.dlm\/training\.yaml: YAML/);
      // skipped files by reason
      const skipped = /^Skipped files: (.*)$/m.exec(out);
      assert.ok(skipped, `a "Skipped files" line\n${out}`);
      const sk = report.sources[0]!.skipped;
      assert.ok(sk.binary === 1 && sk.encoding === 1 && sk.image === 1 && sk.excluded >= 1, JSON.stringify(sk));
      assert.match(skipped[1]!, new RegExp(`\\b${sk.excluded} excluded\\b`));
      assert.match(skipped[1]!, /\b1 binary\b/);
      assert.match(skipped[1]!, /\b1 not UTF-8\b/);
      assert.match(skipped[1]!, /\b1 image\b/);
    } finally {
      removeDir(root);
    }
  });

  test('a trainError is stated, and the report still printed (exit 1)', async () => {
    const c = loadParityCase('031-no-rows');
    await withCorpus(c.corpus, async (root) => {
      const r = await runCli(['dry-run', '.'], { cwd: root });
      assert.equal(r.code, 1, describeRun(r));
      assert.match(r.stdout, /dlm train would fail: no rows/);
      assert.match(r.stdout, /^\s+rows\s+0$/m);
    });
  });
});

// ------------------------------------------------------------ exports

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    assert.ok(ch !== '\r' && ch !== '\n', `bare line break outside quotes at ${i}`);
    field += ch; i++;
  }
  assert.equal(field, '', 'the last record ends with CRLF');
  assert.equal(row.length, 0, 'the last record ends with CRLF');
  return rows;
}

function sameWeight(vmWeight: number | null, w: number, where: string): void {
  if (Number.isFinite(w)) assert.equal(vmWeight, w, where);
  else assert.equal(vmWeight, null, where);
}

function checkViewModel(vm: ReportViewModel, report: DryRunReport): void {
  assert.equal(vm.version, 1);
  assert.equal(vm.seed, String(report.seed ?? 'unknown'));
  assert.equal(vm.mode, report.mode);
  assert.equal(vm.document, report.document);
  assert.equal(vm.valFraction, report.valFraction);
  const t = report.totals;
  const h = vm.headline;
  assert.deepEqual(
    [h.rows, h.expandedRows, h.droppedRows, h.trainRows, h.valRows, h.leakedRows],
    [t.rows, t.expandedRows, t.droppedRows, t.trainRows, t.valRows, t.leakedRows],
    'headline = totals',
  );
  assert.equal(h.filesRead, report.sources.reduce((n, s) => n + s.files, 0));
  assert.equal(vm.trainError?.code ?? null, report.trainError);
  assert.equal(vm.rows.length, report.rows.length, 'one row per report row');
  report.rows.forEach((r, i) => {
    const v = vm.rows[i]!;
    assert.equal(v.origin, r.origin, `rows[${i}].origin`);
    assert.equal(v.copies, r.copies, `rows[${i}].copies`);
    assert.equal(v.valCopies, r.valCopies, `rows[${i}].valCopies`);
    sameWeight(v.weight, r.weight, `rows[${i}].weight`);
    assert.equal(v.tags, [...r.tags].map(([k, x]) => `${k}=${x}`).join(', '), `rows[${i}].tags`);
  });
  for (const [k, values] of report.distribution) {
    for (const [value, n] of values) {
      const tag = vm.tags.find((x) => x.key === k && x.value === value);
      assert.ok(tag, `tag ${k}=${value} in the page`);
      assert.equal(tag.rows, n, `${k}=${value} rows`);
      const rows = report.rows.filter((r) => r.tags.get(k) === value);
      assert.equal(tag.copies, rows.reduce((s, r) => s + r.copies, 0), `${k}=${value} copies`);
      assert.equal(tag.valCopies, rows.reduce((s, r) => s + r.valCopies, 0), `${k}=${value} valCopies`);
      const w = report.mergedWeights.get(k)?.get(value);
      if (w !== undefined) sameWeight(tag.weight, w, `${k}=${value} weight`);
    }
  }
  assert.deepEqual(vm.sources.map((s) => [s.path, s.files]), report.sources.map((s) => [s.path, s.files]));
  assert.deepEqual(
    vm.configs.map((c) => [c.anchor, c.status]),
    report.configs.map((c) => [c.anchor, c.trainingYaml === 'valid' ? 'loaded' : c.trainingYaml === 'invalid' ? 'ignored' : 'absent']),
  );
}

describe('--html and --csv', () => {
  for (const source of ['mixed corpus', '058-gen-visible-13-nonfinite-weight-exclude-defaults-seed-huge', '020-document-body-sections'] as const) {
    test(`${source}: self-contained page and CSV, nothing written into the corpus`, async () => {
      const root = makeTempDir('dlmw-export-');
      const out = makeTempDir('dlmw-export-out-');
      try {
        let args: string[];
        if (source === 'mixed corpus') {
          writeTree(root, MIXED);
          args = ['dry-run', root];
        } else {
          const c = loadParityCase(source);
          materialize(root, c.corpus);
          args = ['dry-run', c.corpus.doc ? join(root, c.corpus.doc) : root, ...(c.corpus.seed !== null ? ['--seed', c.corpus.seed] : [])];
        }
        const before = snapshotTree(root);
        const r = await runCli([...args, '--json', '--html', 'reports/sub/report.html', '--csv', 'rows.csv'], { cwd: out });
        assert.ok(r.code === 0 || r.code === 1, describeRun(r));
        const report = parseReportJson(r.stdout);
        assert.equal(r.code, report.trainError ? 1 : 0);
        // a human run and a plain --json run write nothing either
        const plain = await runCli(args, { cwd: root });
        assert.equal(plain.code, r.code, describeRun(plain));
        assert.deepEqual(snapshotTree(root), before, 'the corpus directory is unchanged');
        assert.deepEqual(snapshotTree(out).map((l) => l.split(' ').slice(0, 2).join(' ')), [
          'd reports', 'd reports/sub', 'f reports/sub/report.html', 'f rows.csv',
        ], 'only the two requested files were written');

        // ---- HTML
        const html = readFileSync(join(out, 'reports/sub/report.html'), 'utf8');
        assert.match(html, /^<!DOCTYPE html>/);
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
        assert.ok(csp, 'a CSP meta element');
        assert.match(csp[1]!, /^default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+'; img-src data:$/);
        // XML namespace names are identifiers, never fetched; anything else would be a remote resource
        const urls = html.replace(/http:\/\/www\.w3\.org\/(2000\/svg|1999\/xhtml|1999\/xlink|XML\/1998\/namespace)/g, '').match(/https?:\/\/[^\s"'<>)]*/g);
        assert.equal(urls, null, `no http(s) URLs: ${urls?.slice(0, 5).join(' ')}`);
        assert.doesNotMatch(html, /<(link|iframe|object|embed|img)\b/i, 'no external resource elements');
        assert.doesNotMatch(html, /<script\b[^>]*\ssrc=/i, 'scripts are inline');
        const js = readFileSync(join(dirname(await buildCli()), 'webview.js'), 'utf8');
        assert.ok(html.length > js.length, 'the webview bundle is inlined');
        const data = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html);
        assert.ok(data, 'embedded report data');
        checkViewModel(JSON.parse(data[1]!) as ReportViewModel, report);

        // ---- CSV
        const csv = readFileSync(join(out, 'rows.csv'), 'utf8');
        const records = parseCsv(csv);
        assert.deepEqual(records[0], [...CSV_HEADER]);
        assert.equal(records.length, report.rows.length + 1, 'one line per row plus the header');
        report.rows.forEach((row, i) => {
          const f = records[i + 1]!;
          assert.equal(f.length, CSV_HEADER.length, `row ${i} field count`);
          assert.equal(f[0], row.sectionId);
          assert.equal(f[1], row.origin);
          assert.equal(f[2], [...row.tags].map(([k, v]) => `${k}=${v}`).join(', '));
          assert.equal(Number(f[3]), row.weight, `row ${i} weight`);
          assert.equal(Number(f[4]), row.copies);
          assert.equal(Number(f[5]), row.valCopies);
          assert.equal(Number(f[6]), row.copies - row.valCopies);
        });
      } finally {
        removeDir(root);
        removeDir(out);
      }
    });
  }
});

// ------------------------------------------------------------ exit codes

describe('exit codes', { concurrency: 6 }, () => {
  for (const [name, trainError] of [['031-no-rows', 'no-rows'], ['027-nan-weight', 'nan-weight'], ['028-inf-weight-string', 'inf-weight'], ['010-all-dropped', 'all-dropped']] as const) {
    test(`1 for ${name} (trainError ${trainError}), report still printed`, async () => {
      const c = loadParityCase(name);
      await withCorpus(c.corpus, async (root) => {
        const r = await runCli(caseArgs(c), { cwd: root });
        assert.equal(r.code, 1, describeRun(r));
        const report = parseReportJson(r.stdout);
        assert.equal(report.trainError, trainError);
        assert.equal(canonical(r.stdout), canonical(c.expectedText));
      });
    });
  }

  test('0 for a corpus dlm trains', async () => {
    const c = loadParityCase('001-basic-directory');
    await withCorpus(c.corpus, async (root) => {
      const r = await runCli(['dry-run'], { cwd: root }); // PATH defaults to .
      assert.equal(r.code, 0, describeRun(r));
      assert.match(r.stdout, /directory mode, seed 42/);
    });
  });

  /** Usage errors: exit 2, nothing on stdout, a one-line `dlm-weights: …` message (plus at most the --help hint). */
  function assertUsageError(r: CliResult, message: RegExp): void {
    assert.equal(r.code, 2, describeRun(r));
    assert.equal(r.stdout, '', 'nothing on stdout');
    const lines = r.stderr.trimEnd().split('\n');
    assert.match(lines[0]!, /^dlm-weights: \S/);
    assert.match(lines[0]!, message);
    assert.equal(lines.length, 1, `a one-line message, got:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|^\s+at /m, 'no stack trace');
  }

  const scratch = makeTempDir('dlmw-exit-');
  writeTree(scratch, { 'a.txt': 'a\n' });
  const usageCases: Array<[string, string[], RegExp]> = [
    ['missing directory', ['dry-run', 'no/such/dir'], /no such file or directory: no\/such\/dir/],
    ['missing document', ['dry-run', 'missing.dlm', '--json'], /missing\.dlm/],
    ['--seed abc', ['dry-run', '.', '--seed', 'abc'], /--seed/],
    ['--seed 1.5', ['dry-run', '.', '--seed=1.5'], /--seed/],
    ['--seed without a value', ['dry-run', '.', '--seed'], /--seed/],
    ['unknown option', ['dry-run', '.', '--frobnicate'], /unknown option --frobnicate/],
    ['unknown command', ['frobnicate'], /unknown command/],
    ['two paths', ['dry-run', '.', '.'], /one PATH/],
  ];
  for (const [what, args, message] of usageCases) {
    test(`2 for ${what}`, async () => {
      assertUsageError(await runCli(args, { cwd: scratch }), message);
    });
  }

  for (const args of [['--help'], ['-h'], ['dry-run', '--help'], ['help']]) {
    test(`0 for ${args.join(' ')}`, async () => {
      const r = await runCli(args, { cwd: scratch });
      assert.equal(r.code, 0, describeRun(r));
      assert.match(r.stdout, /^Usage:$/m);
      assert.match(r.stdout, /dlm-weights dry-run/);
      assert.equal(r.stderr, '');
    });
  }

  after(() => removeDir(scratch));
});

test('--html into a directory that does not exist yet is created', async () => {
  const c = loadParityCase('001-basic-directory');
  await withCorpus(c.corpus, async (root) => {
    const out = makeTempDir('dlmw-nested-');
    try {
      mkdirSync(join(out, 'x'));
      const r = await runCli(['dry-run', root, '--html', join(out, 'x/y/z/r.html')], { cwd: out });
      assert.equal(r.code, 0, describeRun(r));
      assert.match(readFileSync(join(out, 'x/y/z/r.html'), 'utf8'), /id="report-data"/);
    } finally {
      removeDir(out);
    }
  });
});
