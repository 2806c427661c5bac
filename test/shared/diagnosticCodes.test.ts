// The diagnostic-code registry is complete and true: every code the engine
// and the server emit is registered (the loader's codes are plain strings,
// so they are collected here from real inputs and from the source), every
// registered code is emitted somewhere, each diagnostic's severity and quick
// fixes are the ones its entry lists, and the README's tables are the ones
// the registry generates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dryRun } from '../../src/engine/dryRun';
import {
  diagnoseCorpus, diagnoseIgnoreText, diagnoseTrainingYamlBytes, fileUnreadableDiagnostic, ignoreTooLargeDiagnostic, trainingYmlDiagnostic,
  type Diagnostic,
} from '../../src/engine/diagnostics/index';
import { checkDocument } from '../../src/engine/document/index';
import { DIAGNOSTIC_CODES, isDiagnosticCode } from '../../src/shared/diagnosticCodes';
import { withDiagnosticTables } from '../../scripts/docs/diagnosticTables';
import { parityPath } from '../helpers/shared';
import { makeTempDir, removeDir, writeTree } from '../helpers/tmp';

const REPO = join(__dirname, '..', '..');

/** training.yaml inputs for the loader codes the parity cases do not reach. */
const LOADER_TRIGGERS: Record<string, string> = {
  'yaml-duplicate-anchor': 'a: &x 1\nb: &x 2\n',
  'yaml-version': '%YAML 2.0\n---\na: 1\n',
  'yaml-bad-binary': 'metadata: {a: !!binary "é"}\n',
  'yaml-bad-omap': 'metadata: !!omap 5\n',
  'yaml-wrong-node': 'metadata: !!str [1]\n',
  'key-not-string': '1: x\n',
  'file-too-large': `metadata: {a: b}\n${'#'.repeat(1 << 20)}\n`,
};

function loaderInputs(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const file of ['yaml-cases.json', 'yaml-edge-cases.json']) {
    for (const c of JSON.parse(readFileSync(parityPath(file), 'utf8')).cases as Array<{ b64: string }>) out.push(Buffer.from(c.b64, 'base64'));
  }
  for (const text of Object.values(LOADER_TRIGGERS)) out.push(new TextEncoder().encode(text));
  return out;
}

/** A corpus that draws most cross-file checks. */
const CROSS_FILE_CORPUS: Record<string, string> = {
  '.dlm/training.yaml': 'weights:\n  lang: {python: 3, go: 2}\n',
  'a/.dlm/training.yaml': "metadata: {lang: python}\nweights:\n  lang: {python: 20}\n  langauge: {python: 2}\n  kind: {dcos: 2}\ninclude: ['**/*.py', 'zzz/**']\nexclude: ['nomatch/**']\n",
  'a/.dlm/ignore': 'vendor\nnothing-here\n',
  'a/x.py': 'x', 'a/vendor/v.py': 'v',
  'b/.dlm/training.yaml': 'metadata: {lang: python}\n', 'b/y.py': 'y',
  'c/.dlm/training.yaml': 'metadata: {kind: docs, lang: rust}\nweights: {lang: {rust: 0}}\n', 'c/readme.md': 'r',
  'd/.dlm/training.yaml': 'metadata: {lang: go}\n',
  // a leak no other config's weight is part of
  'e/.dlm/training.yaml': 'metadata: {tier: gold}\nweights: {tier: {gold: 2}}\n', 'e/e.md': 'e',
  'f/.dlm/training.yaml': 'metadata: {tier: gold}\n', 'f/f.md': 'f',
  // an override alone: the winner's rows are all under it
  'g/.dlm/training.yaml': 'weights: {tier: {silver: 5}}\n',
  'gg/.dlm/training.yaml': 'metadata: {tier: silver}\nweights: {tier: {silver: 1}}\n', 'gg/g.md': 'g',
};

/** The `.dlm` documents of the parity cases (every document-error kind, and the warnings). */
function documentInputs(): Uint8Array[] {
  return (JSON.parse(readFileSync(parityPath('doc-cases.json'), 'utf8')).cases as Array<{ b64: string }>).map((c) => Buffer.from(c.b64, 'base64'));
}

async function allDiagnostics(): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const bytes of loaderInputs()) out.push(...diagnoseTrainingYamlBytes(bytes).diagnostics);
  for (const bytes of documentInputs()) out.push(...checkDocument(bytes, { now: () => 0 }).diagnostics);
  out.push(...diagnoseIgnoreText('/docs/generated/\n!/\n'), ignoreTooLargeDiagnostic(3 << 20));
  out.push(trainingYmlDiagnostic('/p/.dlm/training.yml', false), trainingYmlDiagnostic('/p/.dlm/training.yml', true));
  out.push(fileUnreadableDiagnostic({ kind: 'not-regular', what: 'dir' }));
  const root = makeTempDir('dlmw-codes-');
  try {
    writeTree(root, CROSS_FILE_CORPUS);
    const { report, details, index } = await dryRun(root);
    for (const list of diagnoseCorpus(index, report, details).values()) out.push(...list);
  } finally {
    removeDir(root);
  }
  return out;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const REGISTRY_FILES = new Set([join(REPO, 'src/engine/diagnostics/codes.ts'), join(REPO, 'src/shared/diagnosticCodes.ts')]);
const KEBAB_LITERAL = /'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g;

/**
 * Kebab-case literals where the config loader names an issue code: after
 * `code:` (also in a conditional), and as the first argument of `issueFor(`,
 * `new YamlError(` and `issue(map, `.
 */
function loaderCodeLiterals(): Map<string, string> {
  const found = new Map<string, string>();
  const site = /(?:\bcode:\s*|\bissueFor\(|\bYamlError\(|\bissue\(map,\s*)([^,;\n]*)/g;
  for (const file of sourceFiles(join(REPO, 'src/engine/config'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(site)) for (const lit of m[1]!.matchAll(KEBAB_LITERAL)) found.set(lit[1]!, file.slice(REPO.length + 1));
  }
  return found;
}

test('every code the config loader produces is registered (parity inputs, triggers, source literals)', () => {
  const unregistered = new Set<string>();
  for (const bytes of loaderInputs()) {
    for (const issue of diagnoseTrainingYamlBytes(bytes).result.issues) if (!isDiagnosticCode(issue.code)) unregistered.add(issue.code);
  }
  for (const [code, file] of loaderCodeLiterals()) if (!isDiagnosticCode(code)) unregistered.add(`${code} (${file})`);
  assert.deepEqual([...unregistered], [], 'add these codes to src/engine/diagnostics/codes.ts');
  // the source scan does find the loader's codes (it would pass vacuously otherwise)
  assert.ok(loaderCodeLiterals().has('yaml-bad-omap') && loaderCodeLiterals().has('weight-negative'));
});

test('each trigger input draws the code it is named after', () => {
  for (const [code, text] of Object.entries(LOADER_TRIGGERS)) {
    const codes = diagnoseTrainingYamlBytes(new TextEncoder().encode(text)).diagnostics.map((d) => d.code);
    assert.ok((codes as string[]).includes(code), `${code}: got ${codes.join(', ')}`);
  }
});

test('every diagnostic has its registered severity and only its registered quick-fix kinds', async () => {
  const diagnostics = await allDiagnostics();
  const wrong = new Set<string>();
  for (const d of diagnostics) {
    const info = DIAGNOSTIC_CODES[d.code];
    if (d.severity !== info.severity && d.severity !== info.otherSeverity) wrong.add(`${d.code}: severity ${d.severity}`);
    for (const f of d.fixes ?? []) if (!info.fixes.includes(f.kind)) wrong.add(`${d.code}: fix kind ${f.kind}`);
  }
  assert.deepEqual([...wrong], []);
});

test('every registered code is emitted: by the inputs above, or named in the source', async () => {
  const seen = new Set<string>((await allDiagnostics()).map((d) => d.code));
  const source = sourceFiles(join(REPO, 'src')).filter((f) => !REGISTRY_FILES.has(f)).map((f) => readFileSync(f, 'utf8')).join('\n');
  const named = new Set([...source.matchAll(KEBAB_LITERAL)].map((m) => m[1]!));
  const dead = Object.keys(DIAGNOSTIC_CODES).filter((c) => !seen.has(c) && !named.has(c));
  assert.deepEqual(dead, [], 'registered but never emitted');
  // the inputs reach nearly every code by running the engine, not just by name
  const reached = Object.keys(DIAGNOSTIC_CODES).filter((c) => seen.has(c));
  // schema-invalid: the loader's catch-all, which no known input reaches; the sources-stage
  // document errors come from a document's dry run (the language server shows them)
  assert.deepEqual(Object.keys(DIAGNOSTIC_CODES).filter((c) => !seen.has(c)).sort(), ['config-loader-crash', 'schema-invalid', 'source-outside-root', 'source-path-missing']);
  assert.ok(reached.length > 70);
});

test('README diagnostic tables are generated from the registry (npm run docs:diagnostics)', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  assert.ok(readme === withDiagnosticTables(readme), 'README.md is stale: run `npm run docs:diagnostics`');
  for (const code of Object.keys(DIAGNOSTIC_CODES)) assert.ok(readme.includes(`| \`${code}\` |`), code);
});
