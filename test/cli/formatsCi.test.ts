// What the CI integration ships besides the formats: the SARIF rule catalog
// kept in step with the README's diagnostic codes, the pre-commit hooks
// (definition and entry script), and the README's CI snippets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/shared';
import { makeTempDir, removeDir, writeTree } from '../helpers/tmp';
import { RULES } from '../../src/cli/formats/ruleCatalog';
import { DOCUMENT_ERROR_KINDS } from '../../src/engine/problems';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README has a "${title}" section`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

describe('SARIF rule catalog', () => {
  test('every code the README documents is a rule with a summary, and every document error kind too', () => {
    const documented = new Set<string>();
    for (const line of section('Diagnostics').split('\n')) {
      const first = /^\| ([^|]+)\|/.exec(line)?.[1] ?? '';
      for (const m of first.matchAll(/`([a-z0-9-]+)`/g)) documented.add(m[1]!);
    }
    assert.ok(documented.size >= 45, `found ${documented.size} codes in the README`);
    const missing = [...documented, ...DOCUMENT_ERROR_KINDS].filter((c) => !RULES.has(c));
    assert.deepEqual(missing, [], 'codes without a SARIF rule');
    for (const [code, rule] of RULES) {
      assert.match(code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(rule.summary.length > 15 && rule.summary.endsWith('.'), `${code}: ${rule.summary}`);
    }
  });
});

interface Hook { id: string; entry: string; language: string; files?: string; pass_filenames?: boolean; args?: string[] }

describe('pre-commit hooks', () => {
  const hooks = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const dir = makeTempDir('dlmw-precommit-');
  before(async () => {
    writeTree(dir, {
      'good/.dlm/training.yaml': 'metadata: {lang: python}\nweights: {lang: {python: 2}}\n',
      'good/a.py': 'print(1)\n', 'good/README': 'readme\n',
      'bad/.dlm/training.yaml': 'weights:\n  generated: {true: 0}\n',
    });
    await buildCli();
  });
  after(() => removeDir(dir));

  test('Node hooks running the package\'s own command, which the installed package carries (prepare builds it, files ship it)', () => {
    assert.deepEqual(hooks.map((h) => h.id), ['dlm-weights-check', 'dlm-weights-max-share']);
    for (const h of hooks) {
      assert.equal(h.language, 'node');
      assert.equal(h.pass_filenames, false, 'the corpus is checked as a whole');
      assert.ok(h.entry.split(' ')[0]! in pkg.bin, `${h.entry}: a bin of package.json`);
    }
    assert.equal(pkg.bin['dlm-weights'], 'dist/cli.js');
    assert.ok(pkg.files.includes('dist/*.js'), 'npm pack ships dist/cli.js');
    assert.ok(typeof pkg.scripts.prepare === 'string', 'npm pack builds dist/ first');
    const files = new RegExp(hooks[0]!.files!);
    for (const p of ['.dlm/training.yaml', 'src/.dlm/training.yaml', 'a/.dlm/ignore', 'x/.dlm/training.yml', 'corpus.dlm']) assert.match(p, files);
    for (const p of ['training.yaml', 'src/app.py', '.dlm/other', 'a.dlm.txt']) assert.doesNotMatch(p, files);
  });

  test('each hook\'s command line (entry + args) does its job on real trees, with dlm-weights\' exit codes', async () => {
    const hookArgs = (id: string, extra: string[] = []) => {
      const h = hooks.find((x) => x.id === id)!;
      return [...h.entry.split(' ').slice(1), ...(extra.length ? extra : h.args ?? [])];
    };
    const ok = await runCli(hookArgs('dlm-weights-check'), { cwd: join(dir, 'good') });
    assert.equal(ok.code, 0, describeRun(ok));
    const bad = await runCli(hookArgs('dlm-weights-check'), { cwd: join(dir, 'bad') });
    assert.equal(bad.code, 1, describeRun(bad));
    assert.match(bad.stdout, /error tag-key-not-string/);
    const mix = await runCli(hookArgs('dlm-weights-max-share'), { cwd: join(dir, 'good') });
    assert.equal(mix.code, 0, describeRun(mix));
    const over = await runCli(hookArgs('dlm-weights-max-share', ['.', '--max-share', 'lang=python:0.5']), { cwd: join(dir, 'good') });
    assert.equal(over.code, 1, describeRun(over));
    assert.match(over.stderr, /✖ max-share: lang=python is 100\.0% of the expanded rows \(4 of 4\)/);
  });
});

describe('README CI snippets', () => {
  test('the GitHub Actions job and the pre-commit config are valid YAML naming real commands, flags and hook ids', () => {
    const blocks = [...section('Use it in CI').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!));
    assert.equal(blocks.length, 2);
    const steps = blocks[0].jobs['dlm-weights'].steps as Array<{ run?: string }>;
    const runs = steps.map((s) => s.run ?? '').join('\n');
    assert.match(runs, /dlm-weights check --format github/);
    assert.match(runs, /dry-run \S+ --max-share lang=python:0\.6/);
    const ids = new Set(parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')).map((h: Hook) => h.id));
    for (const h of blocks[1].repos[0].hooks as Hook[]) assert.ok(ids.has(h.id), h.id);
  });
});
