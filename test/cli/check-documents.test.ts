// `dlm-weights check` on `.dlm` documents (docs/spec/check-json.md, ".dlm
// documents"): a document is validated as a document — never as a
// training.yaml — whether it is named or found in the tree; one entry each.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildCli, describeRun, runCli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/shared';
import { withCorpus, writeTree } from '../helpers/tmp';

before(async () => { await buildCli(); });

interface CliFile { file: string; dlmAccepts: boolean; diagnostics: Array<{ severity: string; code: string; range: { start: { line: number } } }> }

const ULID = '01HZ4X7TGZM3J1A2B3C4D5E6F7';
const GOOD = `---\ndlm_id: ${ULID}\ndlm_version: 15\nbase_model: smollm2-135m\n---\nSome prose.\n\n::instruction::\n### Q\nWhy?\n### A\nBecause.\n`;
const BAD_ID = GOOD.replace(ULID, '01JDEMO0000000000000000000');
const BAD_BODY = GOOD.replace('### A\nBecause.\n', '');

describe('check on .dlm documents', () => {
  test('the demo document: exit 0, one entry, no error (it was once read as a training.yaml: yaml-multiple-documents)', async () => {
    const r = await runCli(['check', 'examples/demo/.dlm/corpus.dlm', '--json'], { cwd: REPO_ROOT });
    assert.equal(r.code, 0, describeRun(r));
    const files = JSON.parse(r.stdout) as CliFile[];
    assert.deepEqual(files.map((f) => [f.file, f.dlmAccepts, f.diagnostics.filter((d) => d.severity === 'error').length]), [['examples/demo/.dlm/corpus.dlm', true, 0]]);
  });

  test('found in the tree next to the configs: each document once, coded by kind, on its line; exit 1', async () => {
    await withCorpus({ files: [] }, async (root) => {
      writeTree(root, {
        '.dlm/corpus.dlm': GOOD, '.dlm/training.yaml': 'metadata:\n  k: v\n',
        'notes/bad-id.dlm': BAD_ID, 'notes/bad-body.dlm': BAD_BODY, 'src/a.py': 'x\n',
      });
      const r = await runCli(['check', '--json'], { cwd: root });
      assert.equal(r.code, 1, describeRun(r));
      const byFile = new Map((JSON.parse(r.stdout) as CliFile[]).map((f) => [f.file, f]));
      assert.deepEqual([...byFile.keys()].sort(), ['.dlm/corpus.dlm', '.dlm/training.yaml', 'notes/bad-body.dlm', 'notes/bad-id.dlm']);
      const errors = (f: string) => byFile.get(f)!.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.range.start.line}`);
      assert.deepEqual(errors('.dlm/corpus.dlm'), []);
      assert.deepEqual(errors('notes/bad-id.dlm'), ['frontmatter-schema@1'], 'on the dlm_id line');
      assert.equal(byFile.get('notes/bad-id.dlm')!.dlmAccepts, false);
      // dlm parses it; dlm train fails on the section: an error, with dlmAccepts true
      assert.equal(byFile.get('notes/bad-body.dlm')!.dlmAccepts, true);
      assert.deepEqual(errors('notes/bad-body.dlm').map((e) => e.split('@')[0]), ['instruction-body']);

      const human = await runCli(['check'], { cwd: root });
      assert.equal(human.code, 1, describeRun(human));
      assert.match(human.stdout, /^notes\/bad-id\.dlm:2:\d+ error frontmatter-schema /m);
      assert.match(human.stderr, /^4 file\(s\) checked, \d+ diagnostic\(s\), 1 document\(s\) dlm refuses$/m);
    });
  });

  test('a folder named like a document is not one; a document found and named is one entry', async () => {
    await withCorpus({ files: [] }, async (root) => {
      writeTree(root, { 'x.dlm/inner.txt': 'x\n', 'ok.dlm': GOOD });
      const r = await runCli(['check', '.', join(root, 'ok.dlm'), '--json'], { cwd: root });
      assert.equal(r.code, 0, describeRun(r));
      assert.deepEqual((JSON.parse(r.stdout) as CliFile[]).map((f) => f.file), ['ok.dlm'], 'named twice, one entry');
    });
  });
});
