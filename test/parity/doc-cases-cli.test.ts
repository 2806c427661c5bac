// Every `.dlm` document of doc-cases.json through the real CLI, as
// docs/spec/check-json.md (".dlm documents") asks: each written to
// `<tmp>/cNNNN/doc.dlm`, `check --json` on many of them per invocation, given
// by name; then the whole tree at once (documents found by the walk). A case
// agrees when `dlmAccepts` matches dlm's parse verdict and, when dlm refuses
// the document or `dlm train` fails on its body, an error diagnostic carries
// the verdict's kind as its code (on dlm's line when that line is exact);
// otherwise there is no error at all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { parityPath } from '../helpers/shared';
import { makeTempDir, removeDir } from '../helpers/tmp';
import { EXACT_LINE, editorLine } from './docCaseLines';

interface Verdict {
  dlmAccepts: boolean;
  kind: string | null;
  line: number | null;
  rowsError: { kind: string; line: number } | null;
}
interface CliFile {
  file: string;
  dlmAccepts: boolean;
  diagnostics: Array<{ severity: string; code: string; message: string; range: { start: { line: number; character: number } } }>;
}

const data = parseYaml(readFileSync(parityPath('doc-cases.json'), 'utf8')) as { cases: Array<{ name: string; b64: string; verdict: Verdict }> };
const CASES = data.cases;
const ROOT = makeTempDir('dlmw-doc-cli-');
const rel = (i: number) => `c${String(i).padStart(4, '0')}/doc.dlm`;
CASES.forEach((c, i) => {
  mkdirSync(join(ROOT, rel(i), '..'), { recursive: true });
  writeFileSync(join(ROOT, rel(i)), Buffer.from(c.b64, 'base64'));
});
/** Files per `check` invocation: a few invocations in all, command lines of a few KB. */
const BATCH = 110;


/** '' when the entry agrees with the verdict, else why not. */
function disagreement(i: number, f: CliFile | undefined): string {
  const c = CASES[i]!;
  const v = c.verdict;
  if (!f) return `${rel(i)} ${c.name}: no entry`;
  if (f.dlmAccepts !== v.dlmAccepts) return `${rel(i)} ${c.name}: dlmAccepts ${f.dlmAccepts}, dlm says ${v.dlmAccepts}`;
  const errors = f.diagnostics.filter((d) => d.severity === 'error');
  const kind = v.dlmAccepts ? v.rowsError?.kind ?? null : v.kind;
  const line = v.dlmAccepts ? v.rowsError?.line ?? null : v.line;
  if (kind === null) return errors.length ? `${rel(i)} ${c.name}: errors ${errors.map((e) => e.code).join(', ')} on a document dlm trains` : '';
  const matching = errors.filter((e) => e.code === kind);
  if (!matching.length) return `${rel(i)} ${c.name}: no error coded ${kind} (errors: ${errors.map((e) => e.code).join(', ') || 'none'})`;
  if (EXACT_LINE.has(kind) && line !== null) {
    const want = editorLine(Buffer.from(c.b64, 'base64'), Number(line));
    if (!matching.some((e) => e.range.start.line === want)) return `${rel(i)} ${c.name}: ${kind} on line ${matching.map((e) => e.range.start.line).join(', ')}, dlm's is ${want}`;
  }
  return '';
}

function entries(stdout: string): Map<string, CliFile> {
  return new Map((JSON.parse(stdout) as CliFile[]).map((f) => [f.file, f]));
}

before(async () => { await buildCli(); });
after(() => removeDir(ROOT));

describe('check --json on every doc-cases.json document (the CLI binary)', () => {
  test('doc-cases.json holds all 406 documents', () => assert.equal(CASES.length, 406));

  for (let from = 0; from < CASES.length; from += BATCH) {
    const to = Math.min(CASES.length, from + BATCH);
    test(`documents ${from}–${to - 1}, given by name: one entry each, dlm's verdict and kind, exit 1 exactly when one has an error`, async () => {
      const names = CASES.slice(from, to).map((_, k) => rel(from + k));
      const r = await runCli(['check', '--json', ...names], { cwd: ROOT });
      assert.ok(r.stdout.startsWith('['), describeRun(r));
      const got = entries(r.stdout);
      assert.deepEqual([...got.keys()].sort(), [...names].sort(), 'one entry per document, named as given');
      const failures = names.map((_, k) => disagreement(from + k, got.get(rel(from + k)))).filter(Boolean);
      assert.deepEqual(failures, []);
      const anyError = [...got.values()].some((f) => f.diagnostics.some((d) => d.severity === 'error'));
      assert.equal(r.code, anyError ? 1 : 0, describeRun(r));
    });
  }

  test('check on the folder finds every document and says the same', async () => {
    const r = await runCli(['check', '--json', '.'], { cwd: ROOT });
    assert.ok(r.stdout.startsWith('['), describeRun(r));
    const got = entries(r.stdout);
    assert.equal(got.size, CASES.length, 'one entry per document, nothing else');
    assert.deepEqual(CASES.map((_, i) => disagreement(i, got.get(rel(i)))).filter(Boolean), []);
    assert.equal(r.code, 1);
  });
});
