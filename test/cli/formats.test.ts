// CI output formats through the real CLI on real files: `check --format
// sarif` (validated against the vendored SARIF 2.1.0 schema), `--format
// github` (workflow-command syntax and escaping), `--format json` (= --json),
// and `dry-run --max-share`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { loadYamlCases, parityPath, REPO_ROOT } from '../helpers/shared';
import { parse as parseYaml } from 'yaml';
import { makeTempDir, removeDir, writeTree } from '../helpers/tmp';
import { escapeData, escapeProperty } from '../../src/cli/formats/github';
import { parseFraction } from '../../src/cli/formats/maxShare';

interface JsonDiagnostic {
  severity: string;
  code: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
interface JsonEntry { file: string; dlmAccepts: boolean; diagnostics: JsonDiagnostic[] }

// The official OASIS schema is draft-07, Ajv's default draft. Its strict mode
// also lints schema style (e.g. `required` names not under `properties`), which
// this schema does not follow: off, so only the draft-07 rules apply.
function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
const validateSarif = sarifValidator();

function assertValidSarif(log: unknown): void {
  const ok = validateSarif(log);
  assert.ok(ok, `SARIF does not validate:\n${JSON.stringify(validateSarif.errors?.slice(0, 10), null, 2)}`);
}

/** A corpus with errors, warnings and information, a path with `,` and `:` and a message with `%`. */
const TREE: Record<string, string> = {
  '.dlm/training.yaml': 'metadata:\n  lang: py\n"50%_off,x": 1\nweights:\n  lang: {py: 2}\n',
  'we,ird:dir/.dlm/training.yaml': 'metadata: {lang: py}\nweights:\n  lang: {py: 3, "a:b": 1}\n  kind: {gen: 0}\n',
  'we,ird:dir/a.py': 'print(1)\n',
  'docs/.dlm/training.yaml': 'metadata: {lang: md}\nweights:\n  generated: {true: 0.1}\n',
  'docs/.dlm/ignore': '!\n/scripts/\n*.bak\n',
  'docs/a.md': '# a\n',
  'tools/.dlm/training.yml': 'metadata: {a: b}\n',
};

const ROOT = makeTempDir('dlmw-formats-');
const CASES_ROOT = makeTempDir('dlmw-formats-cases-');
const DOCS_ROOT = makeTempDir('dlmw-formats-docs-');
const CASES = loadYamlCases();
/** Every .dlm document of the parity data (`check` takes documents given by path). */
const DOC_CASES = (parseYaml(readFileSync(parityPath('doc-cases.json'), 'utf8'), { intAsBigInt: true }) as { cases: Array<{ b64: string }> }).cases;
const DOC_PATHS = DOC_CASES.map((_, i) => `c${String(i).padStart(4, '0')}/doc.dlm`);
before(async () => {
  writeTree(ROOT, TREE);
  CASES.forEach((c, i) => {
    const dir = join(CASES_ROOT, `case-${String(i).padStart(3, '0')}`, '.dlm');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'training.yaml'), Buffer.from(c.b64, 'base64'));
  });
  DOC_CASES.forEach((c, i) => writeTree(DOCS_ROOT, { [DOC_PATHS[i]!]: Buffer.from(c.b64, 'base64') }));
  await buildCli();
});
after(() => {
  removeDir(ROOT);
  removeDir(CASES_ROOT);
  removeDir(DOCS_ROOT);
});

/** `check` arguments for a tree: the documents are named one by one. */
const checkPathsOf = (cwd: string): string[] => (cwd === DOCS_ROOT ? DOC_PATHS : []);

async function checkJson(cwd: string): Promise<JsonEntry[]> {
  const r = await runCli(['check', ...checkPathsOf(cwd), '--json'], { cwd, timeoutMs: 120_000 });
  assert.ok(r.code === 0 || r.code === 1, describeRun(r));
  return JSON.parse(r.stdout) as JsonEntry[];
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string; index: number }; region: Record<string, number> } }>;
}

describe('check --format sarif', { concurrency: 4 }, () => {
  test('the schema check can fail: a region with line 0 and a result without a message are rejected', () => {
    const bad = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'a', locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region: { startLine: 0 } } }] }] }],
    };
    assert.equal(validateSarif(bad), false);
  });

  for (const [name, cwd, cases] of [['a corpus with errors, warnings and information', ROOT, false], ['every yaml parity case', CASES_ROOT, true], ['every .dlm document parity case', DOCS_ROOT, true]] as const) {
    test(`${name}: validates; one result per --json diagnostic, 1-based regions, rules = codes with summaries`, async () => {
      const [r, entries] = await Promise.all([runCli(['check', ...checkPathsOf(cwd), '--format', 'sarif'], { cwd, timeoutMs: 120_000 }), checkJson(cwd)]);
      assert.equal(r.code, 1, describeRun(r));
      assert.equal(r.stderr, '', 'nothing on stderr');
      const log = JSON.parse(r.stdout);
      assertValidSarif(log);
      assert.equal(log.runs.length, 1);
      const run = log.runs[0];
      assert.equal(run.tool.driver.name, 'dlm-weights');
      assert.equal(run.originalUriBaseIds.SRCROOT.uri, pathToFileURL(cwd + '/').href);
      const rules = run.tool.driver.rules as Array<{ id: string; shortDescription: { text: string } }>;
      assert.equal(new Set(rules.map((x) => x.id)).size, rules.length, 'rule ids are unique');
      for (const rule of rules) assert.ok(rule.shortDescription.text.length > 10, `${rule.id} has a summary`);
      const expected = entries.flatMap((e) => e.diagnostics.map((d) => ({ e, d })));
      const results = run.results as SarifResult[];
      assert.equal(results.length, expected.length);
      assert.deepEqual(run.artifacts.map((a: { location: { uri: string } }) => decodeURIComponent(a.location.uri)), entries.map((e) => e.file));
      assert.deepEqual(run.artifacts.map((a: { properties: { dlmAccepts: boolean } }) => a.properties.dlmAccepts), entries.map((e) => e.dlmAccepts));
      const level: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
      results.forEach((res, i) => {
        const { e, d } = expected[i]!;
        assert.equal(res.ruleId, d.code);
        assert.equal(rules[res.ruleIndex]!.id, d.code, 'ruleIndex points at the rule');
        assert.doesNotMatch(rules[res.ruleIndex]!.shortDescription.text, /^dlm-weights diagnostic/, `${d.code} is in the rule catalog`);
        assert.equal(res.level, level[d.severity]);
        assert.equal(res.message.text, d.message);
        const loc = res.locations[0]!.physicalLocation;
        assert.equal(loc.artifactLocation.uriBaseId, 'SRCROOT');
        assert.equal(decodeURIComponent(loc.artifactLocation.uri), e.file);
        assert.equal(run.artifacts[loc.artifactLocation.index].location.uri, loc.artifactLocation.uri);
        assert.deepEqual(loc.region, {
          startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1,
          endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
        });
      });
      const codes = new Set(results.map((x) => x.ruleId)).size;
      if (cases) assert.ok(codes >= (cwd === DOCS_ROOT ? 10 : 20), `the parity cases reach many codes (${codes})`);
    });
  }

  test('exit 0 and a valid log with no results on a clean folder', async () => {
    const dir = makeTempDir('dlmw-formats-clean-');
    try {
      writeTree(dir, { '.dlm/training.yaml': 'metadata: {lang: en}\n', 'a.txt': 'a\n' });
      const r = await runCli(['check', '--format=sarif'], { cwd: dir });
      assert.equal(r.code, 0, describeRun(r));
      const log = JSON.parse(r.stdout);
      assertValidSarif(log);
      assert.deepEqual(log.runs[0].results, []);
    } finally {
      removeDir(dir);
    }
  });
});

/** `::LEVEL k=v,k=v::message` back into fields (undoing the escapes). */
function parseAnnotation(line: string): { level: string; props: Map<string, string>; message: string } {
  const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${JSON.stringify(line)}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = new Map<string, string>();
  for (const kv of m[2]!.split(',')) {
    const eq = kv.indexOf('=');
    assert.ok(eq > 0, `property without =: ${kv}`);
    assert.doesNotMatch(kv.slice(eq + 1), /[:,\r\n]|%(?!25|0D|0A|3A|2C)/, `unescaped character in ${kv}`);
    props.set(kv.slice(0, eq), unescape(kv.slice(eq + 1)));
  }
  assert.doesNotMatch(m[3]!, /[\r\n]|%(?!25|0D|0A)/, 'message escaped');
  return { level: m[1]!, props, message: unescape(m[3]!) };
}

describe('check --format github', { concurrency: 4 }, () => {
  test('escaping: % CR LF in messages; also : and , in property values', () => {
    assert.equal(escapeData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('we,ird:dir/100%.yaml\n'), 'we%2Cird%3Adir/100%25.yaml%0A');
    assert.equal(escapeData('%0A'), '%250A', '% first, so an escape is never read twice');
  });

  for (const [name, cwd] of [['a corpus with a path holding , and : and a message holding %', ROOT], ['every yaml parity case', CASES_ROOT], ['every .dlm document parity case', DOCS_ROOT]] as const) {
    test(`${name}: one annotation per --json diagnostic, fields round-trip`, async () => {
      const [r, entries] = await Promise.all([runCli(['check', ...checkPathsOf(cwd), '--format', 'github'], { cwd, timeoutMs: 120_000 }), checkJson(cwd)]);
      assert.equal(r.code, 1, describeRun(r));
      const lines = r.stdout.split('\n');
      assert.equal(lines.pop(), '');
      const expected = entries.flatMap((e) => e.diagnostics.map((d) => ({ e, d })));
      assert.equal(lines.length, expected.length);
      const levels: Record<string, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };
      lines.forEach((line, i) => {
        const { e, d } = expected[i]!;
        const a = parseAnnotation(line);
        assert.equal(a.level, levels[d.severity]);
        assert.equal(a.message, d.message);
        assert.equal(a.props.get('file'), e.file);
        assert.equal(a.props.get('title'), d.code);
        assert.equal(a.props.get('line'), String(d.range.start.line + 1));
        assert.equal(a.props.get('endLine'), String(d.range.end.line + 1));
        if (d.range.start.line === d.range.end.line) {
          assert.equal(a.props.get('col'), String(d.range.start.character + 1));
          assert.equal(a.props.get('endColumn'), String(Math.max(d.range.start.character + 1, d.range.end.character)));
          assert.deepEqual([...a.props.keys()], ['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
        } else {
          assert.deepEqual([...a.props.keys()], ['file', 'line', 'endLine', 'title'], 'columns only on single-line annotations');
        }
      });
      if (cwd === ROOT) {
        assert.ok(lines.some((l) => l.includes('file=we%2Cird%3Adir/.dlm/training.yaml,')), r.stdout);
        assert.ok(lines.some((l) => /::.*50%25_off,x/.test(l)), 'the % of the message is escaped, its comma is not');
        assert.deepEqual(new Set(lines.map((l) => l.slice(2, l.indexOf(' ')))), new Set(['error', 'warning', 'notice']));
      }
      assert.match(r.stderr, /file\(s\) checked/);
    });
  }
});

describe('check --format json and usage', { concurrency: 4 }, () => {
  test('--format json prints exactly what --json prints', async () => {
    const [a, b] = await Promise.all([runCli(['check', '--format', 'json'], { cwd: ROOT }), runCli(['check', '--json'], { cwd: ROOT })]);
    assert.equal(a.code, 1, describeRun(a));
    assert.equal(a.stdout, b.stdout);
    assert.equal(a.code, b.code);
  });

  test('--format human is the default output', async () => {
    const [a, b] = await Promise.all([runCli(['check', '--format', 'human'], { cwd: ROOT }), runCli(['check'], { cwd: ROOT })]);
    assert.equal(a.stdout, b.stdout);
    assert.match(a.stdout, /^\.dlm\/training\.yaml:3:1 error unknown-key /m);
  });

  test('an unknown format, or --json with another format: exit 2, one line', async () => {
    for (const args of [['check', '--format', 'xml'], ['check', '--json', '--format', 'sarif'], ['check', '--format']]) {
      const r = await runCli(args, { cwd: ROOT });
      assert.equal(r.code, 2, describeRun(r));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    }
  });
});

describe('dry-run --max-share', { concurrency: 4 }, () => {
  // 6 python rows ×2 = 12, 4 markdown rows ×1 = 4, 2 untagged rows: 18 expanded rows
  const MIX: Record<string, string> = {
    '.dlm/training.yaml': 'weights:\n  lang: {python: 2}\n',
    'src/.dlm/training.yaml': 'metadata: {lang: python}\n',
    'docs/.dlm/training.yaml': 'metadata: {lang: markdown}\n',
    'README': 'readme\n', 'LICENSE': 'license\n',
  };
  for (let i = 0; i < 6; i++) MIX[`src/m${i}.py`] = `print(${i})\n`;
  for (let i = 0; i < 4; i++) MIX[`docs/d${i}.md`] = `# doc ${i}\n`;
  const dir = makeTempDir('dlmw-maxshare-');
  before(() => writeTree(dir, MIX));
  after(() => removeDir(dir));

  test('fractions: decimals and percentages from 0 to 1, nothing else', () => {
    assert.equal(parseFraction('0.6'), 0.6);
    assert.equal(parseFraction('.25'), 0.25);
    assert.equal(parseFraction('60%'), 0.6);
    assert.equal(parseFraction('1'), 1);
    for (const bad of ['1.5', '-0.1', '120%', 'abc', '', '0x1', '1e-1', 'NaN']) assert.equal(parseFraction(bad), null, bad);
  });

  test('under every bound: exit 0, each bound reported on stderr, stdout untouched', async () => {
    const r = await runCli(['dry-run', '.', '--max-share', 'lang=python:0.7', '--max-share=lang=markdown:25%', '--json'], { cwd: dir });
    assert.equal(r.code, 0, describeRun(r));
    const report = JSON.parse(r.stdout);
    assert.equal(report.totals.expandedRows, 18);
    assert.match(r.stderr, /✔ max-share: lang=python is 66\.7% of the expanded rows \(12 of 18\), within 70\.0%/);
    assert.match(r.stderr, /✔ max-share: lang=markdown is 22\.2% of the expanded rows \(4 of 18\), within 25\.0%/);
  });

  test('over a bound: exit 1, the message says by how much', async () => {
    const r = await runCli(['dry-run', '--max-share', 'lang=python:0.6', '--max-share', 'lang=markdown:0.5'], { cwd: dir });
    assert.equal(r.code, 1, describeRun(r));
    assert.match(r.stderr, /✖ max-share: lang=python is 66\.7% of the expanded rows \(12 of 18\), 6\.7 points over the bound 60\.0%/);
    assert.match(r.stderr, /✔ max-share: lang=markdown/);
    assert.match(r.stdout, /dlm-weights dry run/, 'the summary is still printed');
  });

  test('exactly at the bound passes (the bound is inclusive)', async () => {
    const r = await runCli(['dry-run', '--max-share', `lang=markdown:${4 / 18}`], { cwd: dir });
    assert.equal(r.code, 0, describeRun(r));
  });

  test('a tag value no row carries passes with a hint', async () => {
    const r = await runCli(['dry-run', '--max-share', 'lang=pyhton:0.1'], { cwd: dir });
    assert.equal(r.code, 0, describeRun(r));
    assert.match(r.stderr, /no row carries lang=pyhton/);
  });

  test('malformed bounds: exit 2, one line', async () => {
    for (const spec of ['lang', 'lang=python', 'lang=python:2', '=python:0.5', 'lang=:0.5']) {
      const r = await runCli(['dry-run', '--max-share', spec], { cwd: dir });
      assert.equal(r.code, 2, `${spec}\n${describeRun(r)}`);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    }
  });
});
