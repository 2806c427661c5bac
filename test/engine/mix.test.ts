// The training mix: row texts and their character counts, the aggregation
// before and after the weights, the `mix` JSON section and the summary lines,
// and the second pass that measures a real dry run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from '../helpers/rng';
import { withCorpus } from '../helpers/tmp';
import { parseDocument } from '../../src/engine/document';
import { dryRun } from '../../src/engine/dryRun';
import { codePointLength } from '../../src/engine/pytext';
import { diskTextReader, type TextReader } from '../../src/engine/store/textReader';
import { estimatingCounter, ESTIMATE_METHOD, TokenCountCache, tokenizerCounter } from '../../src/engine/tokens/index';
import {
  bodySectionRowTexts, collectMixRows, computeMix, fileRowChars, fileRowText, mixJson, mixJsonValue, mixSummaryLines,
  newMeasureCaches, topFolder, type Mix, type MixPart, type MixRow,
} from '../../src/engine/mix/index';
import type { TagMap } from '../../src/engine/types';

const enc = (s: string) => Buffer.from(s, 'utf8');

test('fileRowText: header, BOM and CRs handled, trailing Python whitespace stripped into the header', () => {
  assert.equal(fileRowText('\ufeffa\r\nb\rc \u3000\n', 'x.py'), '# source: x.py\n\na\nb\nc');
  assert.equal(fileRowText('', 'x.py'), '# source: x.py');
  assert.equal(fileRowText(' \n\t\x1c', 'x.py'), '# source: x.py');
  assert.equal(fileRowText('  lead', 'x.py'), '# source: x.py\n\n  lead');
  assert.equal(fileRowText('', 'dir/trailing '), '# source: dir/trailing');
});

test('fileRowChars on bytes equals the code points of fileRowText (seeded fuzz)', () => {
  const pieces = ['a', 'é', '中', '🎉', ' ', '\t', '\n', '\r', '\r\n', '\u3000', '\u0085', '\u2028', '\u00a0', '\x1c', '\ufeff', 'x\u0301', '#'];
  const rand = rng(1234);
  const names = ['a.py', 'src/ü.md', 'dir/trailing ', '🎉.txt'];
  for (let i = 0; i < 3000; i++) {
    const bom = rand() < 0.2 ? '\ufeff' : '';
    let text = bom;
    const n = Math.floor(rand() * 12);
    for (let j = 0; j < n; j++) text += pieces[Math.floor(rand() * pieces.length)];
    const name = names[i % names.length]!;
    const want = codePointLength(fileRowText(text, name));
    assert.equal(fileRowChars(enc(text), name), want, JSON.stringify({ text, name }));
  }
  // a big file takes the same path
  const big = 'line\r\n'.repeat(50000) + '  \r\n';
  assert.equal(fileRowChars(enc(big), 'b.txt'), codePointLength(fileRowText(big, 'b.txt')));
});

test('document sections: one row text per prose section, Q/A pair and preference triple', () => {
  const doc = parseDocument([
    '---', 'dlm_id: X', '---', 'Intro prose.  ', '', '::instruction::', '### Q', 'What?', '### A', 'This.', '',
    '### Q !probe', 'Again?', '### A', 'Yes.', '::preference::', '<!-- dlm-auto-mined: x -->', '### Prompt', 'p', '### Chosen', 'c', '### Rejected', 'r',
  ].join('\n'));
  const [prose, instruction, preference] = doc.sections;
  assert.deepEqual(bodySectionRowTexts(prose!), ['Intro prose.']);
  assert.deepEqual(bodySectionRowTexts(instruction!), ['### Q\nWhat?\n### A\nThis.', '### Q !probe\nAgain?\n### A\nYes.']);
  assert.deepEqual(bodySectionRowTexts(preference!), ['### Prompt\np\n### Chosen\nc\n### Rejected\nr']);
  // a malformed section (fewer blocks than rows) still gives rowCount texts
  assert.deepEqual(bodySectionRowTexts({ type: 'instruction', content: 'no headers', rowCount: 2 }), ['', '']);
  assert.deepEqual(bodySectionRowTexts({ type: 'instruction', content: '', rowCount: 0 }), []);
});

test('topFolder: first component, "." at the root, leading ".." kept', () => {
  assert.equal(topFolder('a.py'), '.');
  assert.equal(topFolder('corpus.dlm#3'), '.');
  assert.equal(topFolder('src/a.py'), 'src');
  assert.equal(topFolder('src/deep/er/a.py'), 'src');
  assert.equal(topFolder('../a.py'), '..');
  assert.equal(topFolder('../src/a.py'), '../src');
  assert.equal(topFolder('../../x/y/z.md'), '../../x');
});

const tags = (o: Record<string, string>): TagMap => new Map(Object.entries(o));
function row(origin: string, t: Record<string, string>, copies: number, chars: number, tokens: number, exact = true): MixRow {
  return { origin, sectionId: `id-${origin}`, tags: tags(t), copies, chars, tokens, tokensExact: exact };
}

test('computeMix: before counts each row once, after counts its copies; rows without a key form the null value', () => {
  const rows = [
    row('src/a.py', { lang: 'python' }, 2, 100, 30),
    row('src/b.py', { lang: 'python', gen: 'true' }, 0, 50, 3000),
    row('docs/c.md', { lang: 'markdown' }, 1, 200, 60),
    row('top.txt', {}, 3, 10, 4, false),
  ];
  const mix = computeMix(rows, { sequenceLen: 2048, tokenizer: 'tok@rev', estimateMethod: ESTIMATE_METHOD });
  assert.deepEqual(mix.totals, { before: { rows: 4, chars: 360, tokens: 3094 }, after: { rows: 6, chars: 430, tokens: 132 } });
  assert.deepEqual(mix.tags.map((k) => k.key), ['lang', 'gen']);
  const lang = mix.tags[0]!.values;
  assert.deepEqual(lang.map((v) => v.value), ['python', 'markdown', null]);
  assert.deepEqual(lang[0], { value: 'python', before: { rows: 2, chars: 150, tokens: 3030 }, after: { rows: 2, chars: 200, tokens: 60 } });
  assert.deepEqual(lang[2], { value: null, before: { rows: 1, chars: 10, tokens: 4 }, after: { rows: 3, chars: 30, tokens: 12 } });
  assert.deepEqual(mix.tags[1]!.values.map((v) => [v.value, v.before.rows, v.after.rows]), [['true', 1, 0], [null, 3, 6]]);
  assert.deepEqual(mix.folders.map((f) => [f.folder, f.before.rows, f.after.rows]), [['src', 2, 2], ['docs', 1, 1], ['.', 1, 3]]);
  assert.deepEqual(mix.longRows, { rows: 1, expandedRows: 0, list: [{ origin: 'src/b.py', sectionId: 'id-src/b.py', tokens: 3000, copies: 0 }] });
  assert.deepEqual(mix.tokens, { method: 'tokenizer', tokenizer: 'tok@rev', exact: false, estimatedRows: 1 });
  const est = computeMix(rows.slice(0, 1), { sequenceLen: 2048, tokenizer: null, estimateMethod: ESTIMATE_METHOD });
  assert.deepEqual(est.tokens, { method: ESTIMATE_METHOD, tokenizer: null, exact: false, estimatedRows: 0 });
  assert.deepEqual(computeMix(rows.slice(0, 1), { sequenceLen: 2048, tokenizer: 't', estimateMethod: ESTIMATE_METHOD }).tokens.exact, true);
  // sequence_len bounds are strict: a row of exactly sequence_len tokens fits
  assert.equal(computeMix([row('a', {}, 1, 1, 64)], { sequenceLen: 64, tokenizer: null, estimateMethod: ESTIMATE_METHOD }).longRows.rows, 0);
});

test('computeMix: every key\'s values and the folders add up to the totals (seeded random corpora)', () => {
  const rand = rng(99);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  for (let c = 0; c < 50; c++) {
    const rows: MixRow[] = [];
    const n = Math.floor(rand() * 40);
    for (let i = 0; i < n; i++) {
      const t: Record<string, string> = {};
      if (rand() < 0.7) t.lang = pick(['py', 'md', '10', '2']);
      if (rand() < 0.4) t.gen = pick(['true', 'false']);
      rows.push(row(`${pick(['.', 'src', 'docs', '..'])}/f${i}`, t, Math.floor(rand() * 4), Math.floor(rand() * 1000), Math.floor(rand() * 300)));
    }
    const mix = computeMix(rows, { sequenceLen: 128, tokenizer: null, estimateMethod: ESTIMATE_METHOD });
    const sum = (parts: MixPart[]) => {
      const s = { before: { rows: 0, chars: 0, tokens: 0 }, after: { rows: 0, chars: 0, tokens: 0 } };
      for (const p of parts) for (const w of ['before', 'after'] as const) for (const k of ['rows', 'chars', 'tokens'] as const) s[w][k] += p[w][k];
      return s;
    };
    for (const k of mix.tags) assert.deepEqual(sum(k.values), mix.totals);
    assert.deepEqual(sum(mix.folders), mix.totals);
    assert.equal(mix.longRows.rows, rows.filter((r) => r.tokens > 128).length);
    assert.deepEqual(mix.longRows.list.map((r) => r.origin), rows.filter((r) => r.tokens > 128).map((r) => r.origin));
  }
});

function sampleMix(): Mix {
  return computeMix([
    row('src/a.py', { n: '10' }, 2, 100, 30),
    row('src/b.py', { n: '2' }, 1, 300, 90),
    row('x.md', { n: '10' }, 0, 100, 5000),
  ], { sequenceLen: 2048, tokenizer: 'acme/tiny@r1', estimateMethod: ESTIMATE_METHOD });
}

test('mix JSON: documented key order, shares of the totals, values kept in order, byte-stable', () => {
  const mix = sampleMix();
  const text = mixJson(mix);
  assert.equal(text, mixJson(sampleMix()));
  const v = JSON.parse(text);
  assert.deepEqual(Object.keys(v), ['tokens', 'unreadRows', 'sequenceLen', 'totals', 'tags', 'folders', 'longRows']);
  assert.deepEqual(v.tokens, { method: 'tokenizer', tokenizer: 'acme/tiny@r1', exact: true, estimatedRows: 0 });
  assert.deepEqual(v.tags[0].values.map((x: { value: string }) => x.value), ['10', '2']); // not re-ordered like object keys
  assert.deepEqual(Object.keys(v.tags[0].values[0]), ['value', 'before', 'after']);
  assert.deepEqual(v.tags[0].values[0].before, { rows: 2, chars: 200, tokens: 5030, rowShare: 2 / 3, charShare: 0.4, tokenShare: 5030 / 5120 });
  assert.deepEqual(v.tags[0].values[0].after, { rows: 2, chars: 200, tokens: 60, rowShare: 2 / 3, charShare: 0.4, tokenShare: 60 / 150 });
  assert.deepEqual(v.folders.map((f: { folder: string }) => f.folder), ['src', '.']);
  assert.deepEqual(v.longRows, { rows: 1, expandedRows: 0, list: [{ origin: 'x.md', sectionId: 'id-x.md', tokens: 5000, copies: 0 }] });
  // nested under a key of an enclosing object
  assert.ok(mixJson(mix, '  ').includes('\n    "tokens": {'));
  assert.deepEqual(JSON.parse(mixJson(mix, '  ')), mixJsonValue(mix));
  // an empty corpus: shares are 0, not NaN (which JSON would print as null)
  const empty = JSON.parse(mixJson(computeMix([], { sequenceLen: 2048, tokenizer: null, estimateMethod: ESTIMATE_METHOD })));
  assert.deepEqual(empty.totals, { before: { rows: 0, chars: 0, tokens: 0 }, after: { rows: 0, chars: 0, tokens: 0 } });
});

test('summary lines: shares before → after, the token source, estimates called estimates, long rows', () => {
  const lines = mixSummaryLines(sampleMix());
  assert.match(lines[1]!, /tokens counted with acme\/tiny@r1/);
  assert.ok(lines.some((l) => /^\s+n=10\s+66\.7% → 66\.7%\s+40\.0% → 40\.0%\s+98\.2% → 40\.0%$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^\s+src\//.test(l)) && lines.some((l) => /\(top level\)/.test(l)));
  assert.ok(lines.some((l) => /1 row longer than sequence_len 2048 tokens \(0 after expansion\): x\.md \(5000\)/.test(l)));
  const est = mixSummaryLines(computeMix([row('a', {}, 1, 4, 1, false)], { sequenceLen: 2048, tokenizer: null, estimateMethod: ESTIMATE_METHOD }));
  assert.match(est[1]!, /ESTIMATED/);
});

const FIXTURE = join(__dirname, '..', 'fixtures', 'tokenizer', 'byte-level-bpe', 'tokenizer.json');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

test('collectMixRows measures a real dry run (files and document sections) and reads nothing twice', async () => {
  const doc = [
    '---', 'dlm_id: 01HZZZZZZZZZZZZZZZZZZZZZZZ', 'base_model: qwen2.5-0.5b', 'training:', '  sources:', '    - path: src', '---',
    'Body prose.', '::instruction::', '### Q', 'Why?', '### A', 'Because.', '### Q', 'How?', '### A', 'So.', '',
  ].join('\n');
  await withCorpus({
    files: [
      { path: 'corpus.dlm', b64: b64(doc) },
      { path: 'src/.dlm/training.yaml', b64: b64('metadata: {lang: python}\nweights: {lang: {python: 2}}\n') },
      { path: 'src/a.py', b64: b64('\ufeffprint("hi")\r\n\r\n') },
      { path: 'src/pkg/b.py', b64: b64('x = 1\n') },
    ],
  }, async (root) => {
    const { report, details, index } = await dryRun(join(root, 'corpus.dlm'));
    assert.equal(report.rows.length, 5);
    const made = tokenizerCounter({ json: readFileSync(FIXTURE, 'utf8'), config: null, label: 'fixture' });
    assert.equal(made.kind, 'ok');
    if (made.kind !== 'ok') return;
    const paths: string[] = [];
    const reader: TextReader = { readText: (p, max) => { paths.push(p); return diskTextReader.readText(p, max); } };
    const caches = newMeasureCaches(new TokenCountCache(made.counter));
    const rows = collectMixRows(index, report, details, reader, caches);
    const texts = [
      'Body prose.', '### Q\nWhy?\n### A\nBecause.', '### Q\nHow?\n### A\nSo.',
      '# source: a.py\n\nprint("hi")', '# source: pkg/b.py\n\nx = 1',
    ];
    assert.deepEqual(rows.map((r) => r.chars), texts.map(codePointLength));
    assert.deepEqual(rows.map((r) => r.tokens), texts.map((t) => made.counter.count(t).tokens));
    assert.deepEqual(rows.map((r) => r.copies), [1, 1, 1, 2, 2]);
    assert.ok(rows.every((r) => r.tokensExact && !r.unread));
    assert.equal(paths.length, 2);
    // the instruction rows share a section id but are measured separately
    assert.equal(rows[1]!.sectionId, rows[2]!.sectionId);
    assert.notEqual(rows[1]!.chars, rows[2]!.chars);
    // a second pass over the same run reads and tokenizes nothing
    const again = collectMixRows(index, report, details, reader, caches);
    assert.deepEqual(again, rows);
    assert.equal(paths.length, 2);
    const mix = computeMix(rows, { sequenceLen: 2048, tokenizer: 'fixture', estimateMethod: ESTIMATE_METHOD });
    assert.deepEqual(mix.folders.map((f) => f.folder), ['.', 'src']);
    assert.equal(mix.tags[0]!.key, 'lang');
    assert.equal(mix.tags[0]!.values[0]!.after.rows, 4);
    // a file that vanished since the run: counted as an unread, empty row
    const gone = collectMixRows(index, report, details, { readText: () => null }, newMeasureCaches(new TokenCountCache(estimatingCounter)));
    assert.deepEqual(gone.filter((r) => r.unread).map((r) => r.origin), ['src/a.py', 'src/pkg/b.py']);
    assert.equal(computeMix(gone, { sequenceLen: 2048, tokenizer: null, estimateMethod: ESTIMATE_METHOD }).unreadRows, 2);
  });
});
