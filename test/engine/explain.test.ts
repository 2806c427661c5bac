// "Why this number?" on in-memory corpora: every explanation agrees with the
// report it explains (weights, copies, validation copies, skip reasons), the
// roll agrees with upstream's keep vectors, and each skip names its rule.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROOT, memoryIndex } from '../helpers/memoryIndex';
import {
  explainConfigs, explainRow, explainSkipped, explainSkippedGroups, traceResolution, uniqueRowLabels, weightSummary, type ExplainInput,
} from '../../src/engine/explain/index';
import type { DryRunReport } from '../../src/engine/types';


async function corpus(files: Record<string, string | Uint8Array>, opts: { document?: string; seed?: bigint } = {}): Promise<ExplainInput> {
  const { index, report, details } = await memoryIndex(files, opts);
  return { index, report, details };
}

const WEIGHTED: Record<string, string> = {
  '.dlm/training.yaml': 'metadata:\n  lang: md\nweights:\n  lang:\n    python: 1.5\n    md: 0.7\n  kind:\n    test: 0.5\n',
  'src/.dlm/training.yaml': 'metadata:\n  lang: python\nweights:\n  lang:\n    python: 2.5\n',
  'src/tests/.dlm/training.yaml': 'metadata:\n  kind: test\n',
};
for (let i = 0; i < 12; i++) {
  WEIGHTED[`src/m${i}.py`] = `print(${i})\n`;
  WEIGHTED[`src/tests/t${i}.py`] = `assert ${i}\n`;
  WEIGHTED[`docs/d${i}.md`] = `doc ${i}\n`;
}

describe('row explanations', () => {
  test('agree with the report on every row: weight, copies, validation copies, formula', async () => {
    for (const seed of [42n, 7n, -3n, 2n ** 70n]) {
      const input = await corpus(WEIGHTED, { seed });
      const rows = input.report.rows;
      assert.ok(rows.length >= 36);
      for (let i = 0; i < rows.length; i++) {
        const e = explainRow(input, i)!;
        assert.ok(Object.is(e.weight, rows[i]!.weight), `${rows[i]!.origin}: ${e.weight} vs ${rows[i]!.weight}`);
        assert.equal(e.copies, rows[i]!.copies, rows[i]!.origin);
        assert.equal(e.valCopies, rows[i]!.valCopies, rows[i]!.origin);
        assert.equal(e.copyFates.length, e.copies);
        assert.equal(e.seed, String(seed));
      }
    }
  });

  test('the factors in tag order, each with the config line of the applied value; the overridden one named', async () => {
    const input = await corpus(WEIGHTED);
    const i = input.report.rows.findIndex((r) => r.origin === 'src/tests/t0.py');
    const e = explainRow(input, i)!;
    assert.deepEqual(e.factors.map((f) => `${f.key}=${f.value} × ${f.factorText} @ ${f.setBy?.label}`), [
      'lang=python × 2.5 @ src/.dlm/training.yaml:5',
      'kind=test × 0.5 @ .dlm/training.yaml:8',
    ]);
    assert.deepEqual(e.factors[0]!.overridden.map((o) => `${o.label} × ${o.factorText}`), ['.dlm/training.yaml:5 × 1.5']);
    assert.deepEqual(e.tags.map((t) => `${t.key}=${t.value} @ ${t.setBy?.label}`), ['lang=python @ src/.dlm/training.yaml:2', 'kind=test @ src/tests/.dlm/training.yaml:2']);
    assert.equal(e.weight, 1.25);
    assert.equal(e.whole, 1);
    assert.match(e.formula, /^lang=python × 2\.5 · kind=test × 0\.5 = 1\.25 → 1 copy \+ [01] \(roll 0\.\d+ [<≥] 0\.25\) → /);
  });

  test('two rows with the same weight: the roll says why one gets an extra copy', async () => {
    const input = await corpus(WEIGHTED);
    const py = input.report.rows.map((r, i) => ({ r, i })).filter(({ r }) => /^src\/m\d+\.py$/.test(r.origin));
    const counts = new Set(py.map(({ r }) => r.copies));
    assert.deepEqual([...counts].sort(), [2, 3], 'weight 2.5: some rows keep the half copy, some do not');
    for (const { i } of py) {
      const e = explainRow(input, i)!;
      assert.equal(e.fraction, 0.5);
      assert.equal(e.extra, e.roll! < 0.5);
      assert.equal(e.copies, 2 + (e.extra ? 1 : 0));
      assert.match(e.formula, e.extra ? /\+ 1 \(roll 0\.\d+ < 0\.5\)/ : /\+ 0 \(roll 0\.\d+ ≥ 0\.5\)/);
    }
  });

  test('the validation split per copy: sub index counts earlier copies of the same section id', async () => {
    // the same text in several files: one section id, copies numbered across rows
    const files: Record<string, string> = { '.dlm/training.yaml': 'metadata:\n  k: v\nweights:\n  k:\n    v: 3\n' };
    for (let i = 0; i < 8; i++) files[`same${i}.txt`] = 'same text\n';
    const input = await corpus(files);
    const ids = new Set(input.report.rows.map((r) => r.sectionId));
    assert.equal(ids.size, 8, '# source: header differs per file');
    const e = explainRow(input, 3)!;
    assert.deepEqual(e.copyFates.map((c) => c.subIndex), [0, 1, 2]);
    assert.equal(e.copyFates.filter((c) => c.validation).length, input.report.rows[3]!.valCopies);
  });

  test('no weights anywhere: one copy each, expansion off', async () => {
    const input = await corpus({ '.dlm/training.yaml': 'metadata:\n  k: v\n', 'a.txt': 'a\n' });
    const e = explainRow(input, 0)!;
    assert.equal(e.weighted, false);
    assert.equal(e.copies, 1);
    assert.match(e.formula, /^no config sets a weight/);
  });

  test('a dropped row: weight 0', async () => {
    const input = await corpus({ '.dlm/training.yaml': 'metadata:\n  k: v\nweights:\n  k:\n    v: 0\n', 'a.txt': 'a\n', 'b/.dlm/training.yaml': 'metadata:\n  k: w\n', 'b/b.txt': 'b\n' });
    const i = input.report.rows.findIndex((r) => r.origin === 'a.txt');
    const e = explainRow(input, i)!;
    assert.equal(e.dropped, true);
    assert.equal(e.copies, 0);
    assert.match(e.formula, /k=v × 0 = 0 → dropped/);
    assert.equal(explainRow(input, 99), null);
    assert.equal(explainRow(input, -1), null);
  });
});

describe('the roll agrees with upstream\'s keep vectors', () => {
  test('explainRow on a row of weight = fractional decides as dlm\'s _keep_fraction', () => {
    const data = JSON.parse(readFileSync('test/parity/data/vectors/keep.json', 'utf8')) as { vectors: Array<{ seedDecimal: string; sectionId: string; fractional: number; roll?: number; rollBits: string; expected: boolean; weight?: number; copies?: number }> };
    assert.ok(data.vectors.length > 10);
    let checked = 0;
    for (const v of data.vectors) {
      const weight = v.weight ?? v.fractional;
      // _keep_fraction is also probed outside (0, 1): a row's fraction is always inside
      if (!(weight > 0) || !(v.fractional > 0 && v.fractional < 1)) continue;
      const report: DryRunReport = {
        formatVersion: 1, mode: 'directory', document: null, seed: BigInt(v.seedDecimal), valFraction: 0.1,
        sources: [], configs: [], mergedWeights: new Map([['t', new Map([['x', weight]])]]),
        rows: [{ sectionId: v.sectionId, origin: 'r', tags: new Map([['t', 'x']]), weight, copies: 0, valCopies: 0 }],
        distribution: new Map(), totals: { rows: 1, expandedRows: 0, droppedRows: 0, trainRows: 0, valRows: 0, leakedRows: 0 }, trainError: null, documentError: null,
      };
      const index = { plan: { base: '/', documentAbs: null, document: null }, directives: [], allAnchors: () => [], fs: null } as unknown as ExplainInput['index'];
      const e = explainRow({ index, report, details: { skippedFiles: [], unreadableFiles: [], rowSources: [], problems: [], gaps: [], unblocked: null } }, 0)!;
      if (v.roll !== undefined) assert.equal(e.roll, v.roll, `${v.seedDecimal}:${v.sectionId}`);
      assert.equal(e.fraction, v.fractional);
      assert.equal(e.rollBits, v.rollBits);
      assert.equal(e.extra, v.expected, `${v.seedDecimal}:${v.sectionId} f=${v.fractional}`);
      assert.equal(e.copies, v.copies ?? (v.expected ? 1 : 0));
      checked++;
    }
    assert.ok(checked > 10, `${checked} vectors`);
  });
});

const SKIPS: Record<string, string | Uint8Array> = {
  '.dlm/training.yaml': 'exclude:\n  - "*.log"\n',
  '.dlm/ignore': '# drafts\ndrafts/\n!keep.tmp\n*.tmp\n!final.tmp\n',
  'node_modules/x.js': 'x',
  '.env': 'SECRET=1',
  'a.log': 'log',
  'drafts/d.md': 'draft',
  'keep.tmp': 'tmp',
  'final.tmp': 'final',
  'docs/.dlm/training.yaml': 'include:\n  - "docs/*.md"\n',
  'docs/a.md': 'a',
  'docs/b.txt': 'b',
  'bin.dat': new Uint8Array([65, 0, 66]),
  'bad.txt': new Uint8Array([0x61, 0x62, 0xc3, 0x28, 0x63]),
  'pic.PNG': 'png',
  'ok.md': 'fine',
};

describe('skipped files: the rule that decided', () => {
  test('each reason names its rule and where it is written', async () => {
    const input = await corpus(SKIPS);
    const why = (path: string) => {
      const f = input.details.skippedFiles.find((s) => s.path === path);
      assert.ok(f, `${path} is skipped`);
      return explainSkipped(input, f)!;
    };
    assert.match(why('node_modules/x.js').text, /dlm's default excludes `node_modules\/\*\*`/);
    assert.match(why('.env').text, /default excludes `\.env`/);
    const log = why('a.log');
    assert.match(log.text, /excluded by `exclude` `\*\.log` \(\.dlm\/training\.yaml:2\)/);
    assert.equal(log.link?.range?.start.line, 1);
    assert.match(why('drafts/d.md').text, /ignore rule `drafts\/` \(\.dlm\/ignore:2\)/);
    // !keep.tmp comes before *.tmp: the later rule wins, the negation is named
    const keep = why('keep.tmp');
    assert.match(keep.text, /ignore rule `\*\.tmp` \(\.dlm\/ignore:4\); 1 `!` rule re-included it before/);
    assert.ok(!input.details.skippedFiles.some((s) => s.path === 'final.tmp'), '!final.tmp after *.tmp keeps it');
    const notIncluded = why('docs/b.txt');
    assert.equal(notIncluded.rule.kind, 'not-included');
    assert.match(notIncluded.text, /not matched by the `include` of docs\/\.dlm\/training\.yaml:1 \(`docs\/\*\.md`\)/);
    assert.match(why('bin.dat').text, /NUL byte .*at byte 1/);
    assert.match(why('bad.txt').text, /not valid UTF-8 \(first bad byte at 2\)/);
    assert.match(why('pic.PNG').text, /media file \(`\.png`\)/);
  });

  test('the trace agrees with the report: every row\'s file is kept, every excluded file is not', async () => {
    const input = await corpus(SKIPS);
    const d = input.index.directives[0]!;
    for (const r of input.report.rows) {
      const t = traceResolution(input.index, d, r.origin);
      assert.ok(t.included && !t.excluded, r.origin);
    }
    for (const f of input.details.skippedFiles.filter((s) => s.reason === 'excluded')) {
      const t = traceResolution(input.index, d, f.path);
      assert.ok(!t.included || t.excluded, f.path);
      assert.ok(explainSkipped(input, f), f.path);
    }
  });

  test('groups: one per reason and rule, files listed under it', async () => {
    const input = await corpus(SKIPS);
    const groups = explainSkippedGroups(input);
    const total = groups.reduce((n, g) => n + g.files.length, 0);
    assert.equal(total, input.details.skippedFiles.length);
    const texts = groups.map((g) => g.text);
    assert.ok(texts.some((t) => /`\*\.tmp`/.test(t)));
    assert.ok(texts.some((t) => /`drafts\/`/.test(t)));
    assert.ok(groups.filter((g) => g.reason === 'excluded').length >= 5, texts.join('\n'));
  });

  test('document sources: max_files and max_bytes_per_file with the numbers', async () => {
    const doc = '---\ndlm_id: 01HZ4X7TGZM3J1A2B3C4D5E6F7\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  sources:\n    - path: src\n      max_bytes_per_file: 4\n      max_files: 2\n---\n\n::instruction::\n### Q\none?\n### A\nyes\n### Q\ntwo?\n### A\nno\n';
    const input = await corpus({ 'c.dlm': doc, 'src/a.txt': 'aa', 'src/b.txt': 'bbbbbbbb', 'src/c.txt': 'cc', 'src/d.txt': 'dd' }, { document: 'c.dlm' });
    const over = input.details.skippedFiles.find((s) => s.reason === 'overSize')!;
    assert.match(explainSkipped(input, over)!.text, /\(8 bytes > 4\)/);
    const capped = input.details.skippedFiles.find((s) => s.reason === 'maxFiles')!;
    assert.match(explainSkipped(input, capped)!.text, /max_files: 2/);
    // the instruction section yields two rows with one origin: labels tell them apart
    const labels = uniqueRowLabels(input.report.rows.map((r) => r.origin), input.details.rowSources, input.index.plan);
    assert.deepEqual(labels.slice(0, 2), ['c.dlm#0 · pair 1', 'c.dlm#0 · pair 2']);
    assert.equal(new Set(labels).size, labels.length);
    assert.equal(explainRow(input, 1)!.label, 'c.dlm#0 · pair 2');
  });
});

describe('configs dlm ignores, weight summaries', () => {
  test('an ignored config: its first problem and line', async () => {
    const input = await corpus({ '.dlm/training.yaml': 'metadata:\n  k: v\n', 'a.txt': 'a', 'x/.dlm/training.yaml': 'weights:\n  generated:\n    true: 0.1\n' });
    const [e] = explainConfigs(input);
    assert.equal(e!.anchor, 'x');
    assert.equal(e!.state, 'invalid');
    assert.equal(e!.cause!.link.label, 'x/.dlm/training.yaml:3');
    assert.match(e!.cause!.code, /tag/);
  });

  test('a weight line: the applied value, dead entries, rows → copies with the rolls', async () => {
    const input = await corpus(WEIGHTED);
    const root = weightSummary(input, ROOT, 'lang', 'python');
    assert.equal(root.dead, true);
    assert.equal(root.applied, 2.5);
    assert.equal(root.setByShort, 'src/:5');
    assert.match(root.line, /^dead: overridden by src\/:5 \(× 2\.5 applies corpus-wide\) · 24 rows → \d+ copies/);
    const src = weightSummary(input, `${ROOT}/src`, 'lang', 'python');
    assert.equal(src.dead, false);
    const copies = input.report.rows.filter((r) => r.tags.get('lang') === 'python').reduce((n, r) => n + r.copies, 0);
    assert.equal(src.copies, copies);
    assert.equal(src.wholeCopies + src.fractionsKept, copies);
    assert.equal(src.line, `applies × 2.5 corpus-wide · 24 rows → ${copies} copies`);
    assert.match(src.rowsLine, new RegExp(`^24 rows → ${copies} copies \\(\\d+ whole \\+ \\d+ of \\d+ fractional kept by their rolls at seed 42; 12 also weighted by other tags\\)$`));
    const none = weightSummary(input, ROOT, 'kind', 'nothing');
    assert.match(none.line, /no row carries kind=nothing/);
  });
});

describe('skip explanations stay bounded on huge rule files', () => {
  test('an ignore file of 60k rules (under its 1 MiB cap) and a config of 5k excludes: every skipped file still named, by the deciding rule', async () => {
    const rules = Array.from({ length: 60_000 }, (_, i) => `f${i}.txt`);
    const excludes = Array.from({ length: 5000 }, (_, i) => `"g${i}.md"`);
    const files: Record<string, string> = {
      '.dlm/ignore': rules.join('\n') + '\n',
      '.dlm/training.yaml': `exclude: [${excludes.join(', ')}]\n`,
    };
    for (let i = 0; i < 300; i++) { files[`f${i * 200}.txt`] = 'x'; files[`g${i * 10}.md`] = 'y'; }
    const input = await corpus(files);
    const groups = explainSkippedGroups(input);
    const ignored = groups.filter((g) => /ignore rule `f\d+\.txt`/.test(g.text));
    assert.equal(ignored.reduce((n, g) => n + g.files.length, 0), 300);
    const excluded = groups.find((g) => /`\(one of 5000 patterns\)`/.test(g.text));
    assert.equal(excluded?.files.length, 300);
    assert.equal(excluded?.link?.label, '.dlm/training.yaml:1');
  });
});
