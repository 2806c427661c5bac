// The vscode-free parts of the client's flow: where exports go by default and
// which paths are refused, the status bar's words per index state, and each
// file's fate for the Explorer decorations and "Why?".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { corpusRoots, defaultExportDir, exportFileName, insideAny } from '../../src/client/exportTarget';
import { explainFate, fateLabel, FileFates, shortWeight } from '../../src/client/fileFates';
import { filesSoFar, statusBarView } from '../../src/client/statusText';
import type { DryRunReport, ReportDetailsJson, ReportRow } from '../../src/shared/reportModel';

const root = path.resolve('/corpora/proj');
const dirCorpus = { kind: 'directory' as const, path: root };
const docCorpus = { kind: 'document' as const, path: path.join(root, 'docs', 'my corpus.dlm') };

test('export file names name the corpus and the seed', () => {
  assert.equal(exportFileName(dirCorpus, 7n, 'csv'), 'dlm-dry-run-proj-seed7.csv');
  assert.equal(exportFileName(docCorpus, 42n, 'json'), 'dlm-dry-run-my-corpus-seed42.json');
  assert.equal(exportFileName(docCorpus, null, 'html'), 'dlm-dry-run-my-corpus.html');
  assert.notEqual(exportFileName(dirCorpus, 7n, 'csv'), exportFileName(dirCorpus, 8n, 'csv'));
});

test('the corpus roots: the folder in directory mode, every source of a document', () => {
  const report = { sources: [{ path: '../src' }, { path: 'notes' }] } as unknown as DryRunReport;
  const roots = corpusRoots(report, { root: path.join(root, 'docs') }, docCorpus);
  assert.deepEqual(roots, [path.join(root, 'src'), path.join(root, 'docs', 'notes')]);
  assert.deepEqual(corpusRoots({ sources: [{ path: '.' }] } as unknown as DryRunReport, { root }, dirCorpus), [root]);
});

test('a path inside a corpus root is found; siblings with a common prefix are not', () => {
  const roots = [root];
  assert.equal(insideAny(path.join(root, 'dlm-dry-run.csv'), roots, false), root);
  assert.equal(insideAny(path.join(root, 'a', 'b.csv'), roots, false), root);
  assert.equal(insideAny(root, roots, false), root);
  assert.equal(insideAny(`${root}-exports${path.sep}x.csv`, roots, false), undefined);
  assert.equal(insideAny(path.resolve('/tmp/x.csv'), roots, false), undefined);
  assert.equal(insideAny(path.join(root.toUpperCase(), 'x.csv'), roots, true), root);
});

test('the default export folder is the last one unless it lies in the corpus, else the temp dir', () => {
  const tmp = path.resolve('/tmp');
  assert.equal(defaultExportDir(undefined, [root], tmp), tmp);
  assert.equal(defaultExportDir(path.resolve('/home/me/exports'), [root], tmp), path.resolve('/home/me/exports'));
  assert.equal(defaultExportDir(path.join(root, 'out'), [root], tmp), tmp);
});

test('status bar: a spinner with the files so far while indexing, nothing while idle', () => {
  const corpus = { kind: 'directory' as const, folderUri: 'file:///p', path: '/p' };
  assert.equal(filesSoFar('listing: 1200 files'), '1,200 files');
  assert.equal(filesSoFar('reading 300/5000 files'), '300/5,000 files');
  assert.equal(filesSoFar('waiting for the corpus index'), undefined);
  const indexing = statusBarView({ folderUri: 'file:///p', state: 'indexing', corpus, message: 'reading 300/5000 files' }, 'directory mode');
  assert.match(indexing.text, /^\$\(sync~spin\) dlm: indexing 300\/5,000 files$/);
  assert.equal(statusBarView({ folderUri: 'file:///p', state: 'indexing', corpus }, 'directory mode').text, '$(sync~spin) dlm: indexing…');
  assert.equal(statusBarView({ folderUri: 'file:///p', state: 'idle', corpus }, 'directory mode').text, '');
  const ready = statusBarView({
    folderUri: 'file:///p', state: 'ready', corpus, trainError: null,
    totals: { rows: 9771, expandedRows: 12000, droppedRows: 3, trainRows: 11000, valRows: 1000, leakedRows: 0, files: 9800 },
  }, 'directory mode', 'proj');
  assert.equal(ready.text, '$(database) proj: 9,771 rows → 12,000 copies');
  assert.match(ready.tooltip, /^\*\*9,771 rows → 12,000 copies\*\*/);
  assert.match(statusBarView({ folderUri: 'file:///p', state: 'tooLarge', corpus, message: 'more than 5 files' }, 'x').text, /not indexed/);
});

const row = (origin: string, weight: number, copies: number, valCopies = 0, tags: [string, string][] = []): ReportRow => ({
  sectionId: `${origin}#0`, origin, tags: new Map(tags), weight, copies, valCopies,
});

test('file fates: weight, dropped, excluded, skipped; paths outside the root are unknown', () => {
  const report = {
    rows: [row('a.py', 1.5, 2, 1, [['lang', 'py']]), row('b.md', 0, 0), row('c.txt', 1, 1), row('d/e.py', 2, 2), row('f.txt', 0.3, 0)],
    mergedWeights: new Map([['lang', new Map([['py', 1.5]])]]),
  } as unknown as DryRunReport;
  const details = { root, skippedFiles: [{ source: '.', path: 'x.bin', reason: 'binary' }, { source: '.', path: 'node_modules/y.js', reason: 'excluded' }] } as unknown as ReportDetailsJson;
  const fates = new FileFates(report, details);
  const label = (rel: string) => fateLabel(fates.fateOf(path.join(root, ...rel.split('/')))!);
  assert.deepEqual(label('a.py'), { badge: '↑', tooltip: '× 1.5 · 1 row → 2 copies', dimmed: false });
  assert.deepEqual(label('b.md'), { badge: '×0', tooltip: 'dropped (weight 0)', dimmed: true });
  assert.equal(label('c.txt').badge, undefined);
  assert.equal(label('d/e.py').badge, '×2');
  assert.match(label('f.txt').tooltip, /^dropped \(× 0\.3 rounded to 0 copies/);
  assert.deepEqual(label('x.bin'), { badge: '⊘', tooltip: 'skipped: binary', dimmed: true });
  assert.equal(label('node_modules/y.js').tooltip, 'excluded');
  assert.equal(fates.fateOf(path.resolve('/elsewhere/a.py')), undefined);
  assert.equal(fates.fateOf(path.join(root, 'zzz')), undefined);
  // every badge fits VS Code's two characters
  for (const rel of ['a.py', 'b.md', 'd/e.py', 'f.txt', 'x.bin', 'node_modules/y.js']) assert.ok((label(rel).badge ?? '').length <= 2, rel);

  const why = explainFate('a.py', fates.fateOf(path.join(root, 'a.py')), report.mergedWeights);
  assert.equal(why, 'a.py\na.py#0: lang=py × 1.5 = × 1.5 → 2 copies (1 train, 1 validation)');
  assert.match(explainFate('x.bin', fates.fateOf(path.join(root, 'x.bin')), report.mergedWeights), /^x\.bin: skipped: binary/);
  assert.match(explainFate('q', undefined, report.mergedWeights), /not in this corpus' report/);
});

test('weights read with 4 significant digits', () => {
  assert.equal(shortWeight(0.15000000000000002), '0.15');
  assert.equal(shortWeight(1.23456), '1.235');
  assert.equal(shortWeight(2), '2');
});

test('status bar: a document dlm train cannot train says so instead of counts', () => {
  const corpus = { kind: 'document' as const, folderUri: 'file:///p', path: '/p/.dlm/corpus.dlm', uri: 'file:///p/.dlm/corpus.dlm' };
  const v = statusBarView({
    folderUri: 'file:///p', state: 'ready', corpus, trainError: null,
    totals: { rows: 0, expandedRows: 0, droppedRows: 0, trainRows: 0, valRows: 0, leakedRows: 0, files: 0 },
    documentError: { stage: 'parse', kind: 'frontmatter-yaml', message: 'bad `dlm_id`' },
  } as Parameters<typeof statusBarView>[0], '.dlm/corpus.dlm');
  assert.equal(v.text, '$(error) dlm: document error');
  assert.match(v.tooltip, /stops while reading the document \(`frontmatter-yaml`\): bad \\`dlm\\_id\\`/);
});
