// What the CI integration ships besides the formats: the SARIF rule catalog
// kept in step with the README's diagnostic codes, the pre-commit hooks
// (definition and entry script), and the README's CI snippets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildCli } from '../helpers/cli';
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
  const dir = makeTempDir('dlmw-precommit-');
  before(async () => {
    // pre-commit's copy of the repository once the first run has built the CLI
    mkdirSync(join(dir, 'hookrepo/scripts'), { recursive: true });
    mkdirSync(join(dir, 'hookrepo/dist'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'scripts/pre-commit-hook.sh'), join(dir, 'hookrepo/scripts/pre-commit-hook.sh'));
    copyFileSync(await buildCli(), join(dir, 'hookrepo/dist/cli.js'));
    writeTree(dir, {
      'good/.dlm/training.yaml': 'metadata: {lang: python}\nweights: {lang: {python: 2}}\n',
      'good/a.py': 'print(1)\n', 'good/README': 'readme\n',
      'bad/.dlm/training.yaml': 'weights:\n  generated: {true: 0}\n',
    });
  });
  after(() => removeDir(dir));

  test('the hook list: unique ids, script entries that exist and are executable, the check hook triggered by configs and documents', () => {
    assert.deepEqual(hooks.map((h) => h.id), ['dlm-weights-check', 'dlm-weights-max-share']);
    for (const h of hooks) {
      assert.equal(h.language, 'script');
      assert.equal(h.pass_filenames, false, 'the corpus is checked as a whole');
      accessSync(join(REPO_ROOT, h.entry.split(' ')[0]!), constants.X_OK);
    }
    const files = new RegExp(hooks[0]!.files!);
    for (const p of ['.dlm/training.yaml', 'src/.dlm/training.yaml', 'a/.dlm/ignore', 'x/.dlm/training.yml', 'corpus.dlm']) assert.match(p, files);
    for (const p of ['training.yaml', 'src/app.py', '.dlm/other', 'a.dlm.txt']) assert.doesNotMatch(p, files);
  });

  test('each hook (entry + args) through the entry script: runs the built CLI, passes its exit code through', () => {
    const run = (cwd: string, id: string, args?: string[]) => {
      const h = hooks.find((x) => x.id === id)!;
      const [script, ...entryArgs] = h.entry.split(' ');
      return spawnSync('sh', [join(dir, 'hookrepo', script!), ...entryArgs, ...(args ?? h.args ?? [])], { cwd, encoding: 'utf8', timeout: 120_000 });
    };
    const ok = run(join(dir, 'good'), 'dlm-weights-check');
    assert.equal(ok.status, 0, ok.stderr);
    const bad = run(join(dir, 'bad'), 'dlm-weights-check');
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stdout, /error tag-key-not-string/);
    const mix = run(join(dir, 'good'), 'dlm-weights-max-share');
    assert.equal(mix.status, 0, mix.stderr);
    const over = run(join(dir, 'good'), 'dlm-weights-max-share', ['.', '--max-share', 'lang=python:0.5']);
    assert.equal(over.status, 1, over.stderr);
    assert.match(over.stderr, /✖ max-share: lang=python is 100\.0% of the expanded rows \(4 of 4\)/);
    assert.doesNotMatch(ok.stderr + bad.stderr + over.stderr, /installing and building/, 'built already: nothing installed');
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
