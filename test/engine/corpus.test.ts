import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, unlinkSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dryRun } from '../../src/engine/dryRun';
import { listTree } from '../../src/engine/corpus/tree';
import { classifyBytes, readAndClassify } from '../../src/engine/corpus/readFile';
import { nodeFs } from '../../src/engine/fs';
import { trainingYamlPath } from '../../src/engine/corpus/anchors';

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'dlmw-corpus-'));
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), c);
  }
  return root;
}

test('the walk survives symlink loops and dangling links, and lists in Python order', async () => {
  const root = tree({ 'a/x.txt': 'x', 'a-b.txt': 'y', 'b/.dlm/training.yaml': '' });
  try {
    symlinkSync(root, join(root, 'a', 'loop'));
    symlinkSync(join(root, 'missing'), join(root, 'dangling'));
    symlinkSync(join(root, 'a-b.txt'), join(root, 'link.txt'));
    const l = await listTree(root);
    assert.deepEqual(l.files, ['a/x.txt', 'a-b.txt', 'b/.dlm/training.yaml', 'link.txt']);
    assert.deepEqual(l.anchors, ['b']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('classification: binary, encoding, BOM and CRLF normalised before hashing', () => {
  assert.equal(classifyBytes(Buffer.from('a\0b'), 'f').kind, 'binary');
  assert.equal(classifyBytes(Buffer.from([0xff, 0xfe, 0x41]), 'f').kind, 'encoding');
  const plain = classifyBytes(Buffer.from('x\ny\n'), 'f');
  assert.deepEqual(classifyBytes(Buffer.from('\ufeffx\r\ny\r'), 'f'), plain);
});

test('big files are streamed and hash exactly like small ones (CR split across chunks)', async () => {
  const line = 'word '.repeat(200) + '\r\n';
  const text = line.repeat(Math.ceil((9 << 20) / line.length));
  const root = tree({ 'big.txt': '\ufeff' + text });
  try {
    const streamed = await readAndClassify(nodeFs, join(root, 'big.txt'), 'big.txt', false);
    assert.deepEqual(streamed.content, classifyBytes(readFileSync(join(root, 'big.txt')), 'big.txt'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a weights edit recomputes from the index without re-reading any file', async () => {
  const root = tree({
    '.dlm/training.yaml': 'metadata: {team: a}\nweights: {team: {a: 2}}\n',
    'one.txt': 'one\n', 'two.txt': 'two\n',
  });
  try {
    const { report, index } = await dryRun(root);
    assert.equal(report.totals.expandedRows, 4);
    // if the index re-read files, these would now be unreadable and vanish from the rows
    unlinkSync(join(root, 'one.txt'));
    unlinkSync(join(root, 'two.txt'));
    await index.reloadAnchor(root, { texts: new Map([[trainingYamlPath(root), 'metadata: {team: a}\nweights: {team: {a: 3}}\n']]) });
    const again = await index.report();
    assert.equal(again.report.rows.length, 2);
    assert.equal(again.report.totals.expandedRows, 6);
    assert.equal(again.report.mergedWeights.get('team')?.get('a'), 3);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a cancelled dry run stops with an AbortError', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) files[`d${i % 30}/f${i}.txt`] = `file ${i}\n`;
  const root = tree(files);
  try {
    const ac = new AbortController();
    const run = dryRun(root, { signal: ac.signal, onProgress: () => ac.abort() });
    await assert.rejects(run, (e: Error) => e.name === 'AbortError');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
