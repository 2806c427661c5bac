// Parity: every training.yaml of test/parity/data/yaml-cases.json and
// yaml-edge-cases.json (corners found by differential fuzzing), loaded by our
// loader, gets the verdict the real dlm (PyYAML + pydantic) gave it.
// The data is vendored in test/parity/data; a missing file fails the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parityPath } from '../helpers/shared';
import { loadTrainingYamlBytes, loadTrainingYamlText, type LoadResult } from '../../src/engine/config/index.js';
import { parseOrderedJson, type JsonValue } from '../../src/report/orderedJson';


// ---- the case file, read keeping object key order (objects become Maps) ----
type J = null | boolean | number | string | J[] | Map<string, J>;
function toJ(v: JsonValue): J {
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, toJ(x)]));
  if (Array.isArray(v)) return v.map(toJ);
  if (v !== null && typeof v === 'object') return Number(v.num);
  return v;
}
const parseOrdered = (text: string): J => toJ(parseOrderedJson(text));

const get = (m: J, k: string): J => (m instanceof Map ? m.get(k) ?? null : null);

function expectNumber(x: J): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  throw new Error(`not a weight: ${JSON.stringify(x)}`);
}

function configDiff(got: LoadResult, want: Map<string, J>): string | null {
  const c = got.config;
  if (!c) return 'no config';
  const arr = (x: J): string[] => (Array.isArray(x) ? x.map(String) : []);
  if (JSON.stringify(c.include) !== JSON.stringify(arr(get(want, 'include')))) return `include ${JSON.stringify(c.include)}`;
  if (JSON.stringify(c.exclude) !== JSON.stringify(arr(get(want, 'exclude')))) return `exclude ${JSON.stringify(c.exclude)}`;
  if (c.excludeDefaults !== get(want, 'exclude_defaults')) return `exclude_defaults ${c.excludeDefaults}`;
  if (get(want, 'dlm_training_version') !== 1) return 'unexpected dlm_training_version in the case';
  const md = get(want, 'metadata') as Map<string, J>;
  if (JSON.stringify([...c.metadata]) !== JSON.stringify([...md])) return `metadata ${JSON.stringify([...c.metadata])}`;
  const w = get(want, 'weights') as Map<string, J>;
  const gotKeys = [...c.weights.keys()];
  if (JSON.stringify(gotKeys) !== JSON.stringify([...w.keys()])) return `weights keys ${JSON.stringify(gotKeys)}`;
  for (const [k, inner] of w) {
    const g = c.weights.get(k)!;
    const wantInner = [...(inner as Map<string, J>)];
    if (JSON.stringify([...g.keys()]) !== JSON.stringify(wantInner.map(([v]) => v))) return `weights.${k} keys ${JSON.stringify([...g.keys()])}`;
    for (const [v, x] of wantInner) {
      if (!Object.is(g.get(v), expectNumber(x)) && !(g.get(v) === expectNumber(x))) return `weights.${k}.${v} = ${g.get(v)}`;
    }
  }
  return null;
}

function checkAll(fileName: string): void {
  const file = parityPath(fileName);
  const root = parseOrdered(readFileSync(file, 'utf8'));
  const cases = get(root, 'cases') as J[];
  assert.ok(Array.isArray(cases) && cases.length > 0, `no cases in ${fileName}`);
  const failures: string[] = [];
  let locsExact = 0;
  let schemaCases = 0;
  for (const c of cases) {
    const name = get(c, 'name') as string;
    const verdict = get(c, 'verdict') as Map<string, J>;
    const bytes = Buffer.from(get(c, 'b64') as string, 'base64');
    const got = loadTrainingYamlBytes(bytes);
    const fail = (why: string): void => { failures.push(`${name}: ${why}`); };
    if (got.accepted !== get(verdict, 'dlmAccepts')) { fail(`accepted ${got.accepted} ${got.issues.map((i) => i.code + ' ' + i.message).join(' | ')}`); continue; }
    if (got.crash !== get(verdict, 'crash')) { fail(`crash ${got.crash}`); continue; }
    if (!got.accepted) {
      if (got.problem !== get(verdict, 'problem')) { fail(`problem ${got.problem}`); continue; }
      if (got.issues.length === 0) { fail('rejected without an issue'); continue; }
      if (got.issues.some((i) => i.problem !== got.problem)) { fail('issue problem differs from the result problem'); continue; }
    } else {
      const d = configDiff(got, get(verdict, 'config') as Map<string, J>);
      if (d) { fail(`config: ${d}`); continue; }
      if (got.crash && !got.issues.some((i) => i.code === 'weight-nonfinite')) { fail('crash without a weight-nonfinite issue'); continue; }
    }
    if (get(verdict, 'problem') === 'schema') {
      schemaCases++;
      const want = (get(verdict, 'errorLocs') as J[]).map((l) => (l as J[]).map((x) => (typeof x === 'number' ? x : String(x))));
      const firsts = new Set(got.issues.map((i) => String(i.path[0])));
      const missing = want.filter((l) => !firsts.has(String(l[0])));
      if (missing.length) { fail(`errorLocs not covered: ${JSON.stringify(missing)} (have ${JSON.stringify(got.issues.map((i) => i.path))})`); continue; }
      const norm = (l: (string | number)[]): string => JSON.stringify(l.map((x) => (typeof x === 'number' ? String(x) : x)));
      if (JSON.stringify(want.map(norm)) === JSON.stringify(got.issues.map((i) => norm(i.path)))) locsExact++;
    }
    // The editor path gives the same verdict as the bytes path (when the bytes are text).
    const text = get(c, 'text');
    if (typeof text === 'string') {
      const t = loadTrainingYamlText(text);
      if (t.accepted !== got.accepted || t.problem !== got.problem || t.crash !== got.crash) fail('text and bytes verdicts differ');
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases differ`);
  assert.ok(schemaCases > 0, 'no schema cases');
  // pydantic's exact error locations (order included) for the schema cases
  assert.equal(locsExact, schemaCases, `exact errorLocs for ${locsExact} of ${schemaCases} schema cases`);
}

test('yaml-cases.json: every training.yaml gets dlm\'s verdict', () => checkAll('yaml-cases.json'));

test('yaml-edge-cases.json: every YAML corner gets dlm\'s verdict', () => checkAll('yaml-edge-cases.json'));
