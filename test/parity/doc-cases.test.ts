// Every `.dlm` document of doc-cases.json (verdicts computed by running
// upstream's parser) through the engine's document validator: the verdict,
// the kind and dlm's line, pydantic's error locations and types, the parsed
// sections, the seed and the first instruction / preference body dlm train
// fails on. Then the same documents through `checkDocument` (check-json.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parityPath } from '../helpers/shared';
import { checkDocument, validateDocument } from '../../src/engine/document/index';
import { EXACT_LINE, editorLine } from './docCaseLines';

interface Verdict {
  dlmAccepts: boolean;
  kind: string | null;
  line: number | null;
  errorLocs: Array<Array<string | number>>;
  errorTypes: string[];
  rowsError: { kind: string; line: number } | null;
  sections: Array<{ type: string; line: number; adapter: string | null; sectionId: string; mediaPath?: string }>;
  seed: bigint | number | null;
}

const raw = readFileSync(parityPath('doc-cases.json'), 'utf8');
// seeds may exceed 2^53: read integers as bigint
const data = parseYaml(raw, { intAsBigInt: true }) as { cases: Array<{ name: string; b64: string; verdict: Verdict }> };
const cases = data.cases;
const num = (v: unknown): unknown => (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
const plainLoc = (loc: Array<string | number | bigint>): Array<string | number> => loc.map((x) => num(x) as string | number);


test('doc-cases.json holds all 406 documents', () => assert.equal(cases.length, 406));

for (const [i, c] of cases.entries()) {
  const v = c.verdict;
  const bytes = Buffer.from(c.b64, 'base64');
  test(`doc case ${String(i).padStart(3, '0')} ${c.name}`, () => {
    const r = validateDocument(new Uint8Array(bytes));
    assert.equal(r.dlmAccepts, v.dlmAccepts, 'dlmAccepts');
    if (!v.dlmAccepts) {
      const first = r.problems[0]!;
      assert.equal(first.kind, v.kind, `kind (ours: ${first.message})`);
      assert.equal(first.upstreamLine, num(v.line) ?? null, 'the line dlm reports');
      if (v.kind === 'frontmatter-schema' && v.errorLocs.length) {
        const ours = r.problems.filter((p) => p.stage === 'schema');
        assert.deepEqual(ours.map((p) => p.loc), v.errorLocs.map(plainLoc), 'pydantic error locations');
        assert.deepEqual(ours.map((p) => p.pydanticType), v.errorTypes, 'pydantic error types');
      }
      return;
    }
    assert.deepEqual(r.problems, [], 'no parse problems');
    const sections = r.sections.map((s) => ({ type: s.type, line: s.line, adapter: s.adapter, sectionId: s.sectionId, ...(s.mediaPath !== null ? { mediaPath: s.mediaPath } : {}) }));
    assert.deepEqual(sections, v.sections.map((s) => ({ ...s, line: num(s.line) })), 'sections');
    assert.equal(r.frontmatter?.training.seed, BigInt(v.seed as bigint), 'seed');
    // the verdicts judge instruction / preference bodies only (media sections need a blob store)
    const rows = r.rowsProblems.find((p) => p.kind !== 'media-section') ?? null;
    assert.deepEqual(rows && { kind: rows.kind, line: rows.upstreamLine }, v.rowsError && { kind: v.rowsError.kind, line: num(v.rowsError.line) }, 'rowsError');
  });

  test(`doc case ${String(i).padStart(3, '0')} ${c.name} (check)`, () => {
    const { dlmAccepts, diagnostics } = checkDocument(new Uint8Array(bytes));
    assert.equal(dlmAccepts, v.dlmAccepts, 'dlmAccepts');
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const expectedKind = v.dlmAccepts ? v.rowsError?.kind ?? null : v.kind;
    const expectedLine = v.dlmAccepts ? v.rowsError?.line : v.line;
    assert.equal(errors.length > 0, expectedKind !== null, `an error diagnostic exactly when dlm refuses (errors: ${errors.map((e) => e.code).join(', ')})`);
    if (expectedKind === null) return;
    const matching = errors.filter((e) => e.code === expectedKind);
    assert.ok(matching.length, `an error with code ${expectedKind}`);
    if (EXACT_LINE.has(expectedKind) && expectedLine !== null && expectedLine !== undefined) {
      const line = editorLine(bytes, Number(expectedLine));
      assert.ok(matching.some((e) => e.range.start.line === line), `on line ${line} (0-based), got ${matching.map((e) => e.range.start.line).join(', ')}`);
    }
  });
}
