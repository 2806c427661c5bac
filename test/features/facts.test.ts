// The cross-file facts belong to a snapshot: one "files under this folder"
// for hover and for the "matches nothing" checks (they agree, even where
// sources overlap), computed on first use, and handed to the next snapshot
// only while they still hold.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseCorpus } from '../../src/engine/diagnostics/index';
import { loadConfigText } from '../../src/server/features/configText';
import { corpusDiagnostics } from '../../src/server/features/diagnostics';
import { hover } from '../../src/server/features/hover';
import { Snapshot } from '../../src/server/features/snapshot';
import { hoverText, memoryCorpus } from './corpus';

const DOC = '---\ndlm_id: 01HZ4X7TGZM3J1A2B3C4D5E6F7\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  sources:\n    - path: .\n    - path: sub\n---\n\nSome prose.\n';
const SUB_YAML = "metadata:\n  part: sub\ninclude:\n  - 'sub/x.md'\n  - 'y.md'\n  - 'nothing.md'\n  - '**/*.md'\nexclude:\n  - 'z.md'\n  - 'nope.md'\n";
const SUB_IGNORE = 'x.md\nnone.txt\n*.md\n';
/** `.` and `sub` both list sub/: its config sees `sub/x.md` from the first source and `x.md` from the second. */
const OVERLAP = {
  'corpus.dlm': DOC,
  'sub/.dlm/training.yaml': SUB_YAML,
  'sub/.dlm/ignore': SUB_IGNORE,
  'sub/x.md': 'x\n', 'sub/y.md': 'y\n', 'sub/z.md': 'z\n',
  'top.md': 'top\n',
};

describe('one set of files under an anchor', () => {
  test('hover\'s matches and the matches-nothing checks agree where sources overlap', async () => {
    const c = await memoryCorpus(OVERLAP, { document: 'corpus.dlm' });
    const diags = corpusDiagnostics(c.snapshot);
    const yamlPath = c.path('sub/.dlm/training.yaml');
    const ignorePath = c.path('sub/.dlm/ignore');
    const loc = loadConfigText(SUB_YAML)!.locations!;
    const verdicts: string[] = [];
    for (const kind of ['include', 'exclude'] as const) {
      for (const pat of loc[kind]) {
        const h = hoverText(hover({ path: yamlPath, text: SUB_YAML, position: pat.range.start, snapshot: c.snapshot }));
        const count = Number(/Matches \*\*(\d+)\*\*/.exec(h)?.[1]);
        const flagged = (diags.get(yamlPath) ?? []).some((d) => d.code === 'pattern-matches-nothing' && d.range.start.line === pat.range.start.line);
        assert.equal(flagged, count === 0, `${kind} ${pat.pattern}: hover says ${count}, matches-nothing ${flagged}`);
        verdicts.push(`${kind} ${pat.pattern}: ${count}`);
      }
    }
    // include is matched against each source's own root: `sub/x.md` (from .) and `y.md` (from sub) both match
    assert.deepEqual(verdicts, [
      'include sub/x.md: 1', 'include y.md: 1', 'include nothing.md: 0', 'include **/*.md: 3',
      'exclude z.md: 1', 'exclude nope.md: 0',
    ]);
    SUB_IGNORE.split('\n').slice(0, 3).forEach((rule, line) => {
      const h = hoverText(hover({ path: ignorePath, text: SUB_IGNORE, position: { line, character: 0 }, snapshot: c.snapshot }));
      const count = Number(/Matches \*\*(\d+)\*\*/.exec(h)?.[1]);
      const flagged = (diags.get(ignorePath) ?? []).some((d) => d.code === 'ignore-rule-matches-nothing' && d.range.start.line === line);
      assert.equal(flagged, count === 0, `ignore ${rule}: hover says ${count}, matches-nothing ${flagged}`);
    });
  });

  test('an anchor two sources list is checked once: no duplicate diagnostics', async () => {
    const c = await memoryCorpus(OVERLAP, { document: 'corpus.dlm' });
    const list = diagnoseCorpus(c.index, c.snapshot.report, c.snapshot.details).get(c.path('sub/.dlm/training.yaml')) ?? [];
    const keys = list.map((d) => `${d.code}@${d.range.start.line}`);
    assert.deepEqual(keys, [...new Set(keys)]);
  });
});

describe('facts are owned by the snapshot', () => {
  test('each snapshot has its own facts, made on first use', async () => {
    const c = await memoryCorpus(OVERLAP, { document: 'corpus.dlm' });
    const again = new Snapshot(c.index, c.snapshot.report, c.snapshot.details);
    assert.notEqual(again.facts, c.snapshot.facts);
    assert.deepEqual([...again.facts.filesUnder(c.path('sub'))].map((f) => f.anchorRel), [...c.snapshot.facts.filesUnder(c.path('sub'))].map((f) => f.anchorRel));
  });

  test('the next snapshot of the same index keeps the listing facts, and the row facts while resolution holds', async () => {
    const c = await memoryCorpus({ '.dlm/training.yaml': 'metadata: {k: v}\nweights: {k: {v: 2}}\n', 'a.md': 'a\n', 'b/c.md': 'c\n' });
    const first = c.snapshot;
    const files = first.facts.filesUnder('/w');
    const rows = first.facts.rows();
    assert.equal(first.facts.tagStats('k', 'v').copies, 4);
    // a weights edit: same resolution, the index keeps its details
    c.fs.writeFile('/w/.dlm/training.yaml', 'metadata: {k: v}\nweights: {k: {v: 3}}\n');
    await c.index.reloadAnchor('/w');
    const r2 = await c.index.report();
    const second = new Snapshot(c.index, r2.report, r2.details, 1, first);
    assert.equal(second.facts.filesUnder('/w'), files, 'the listing is unchanged');
    assert.equal(second.facts.details, first.facts.details, 'resolution unchanged (the precondition)');
    assert.equal(second.facts.rows(), rows, 'row facts kept');
    assert.equal(second.facts.tagStats('k', 'v').copies, 6, 'but tag stats are the new report\'s (2 rows × 3)');
    // a metadata edit changes resolution: new row facts
    c.fs.writeFile('/w/.dlm/training.yaml', 'metadata: {k: w}\nweights: {k: {w: 3}}\n');
    await c.index.reloadAnchor('/w');
    const r3 = await c.index.report();
    const third = new Snapshot(c.index, r3.report, r3.details, 2, second);
    assert.notEqual(third.facts.rows(), rows);
    assert.equal(third.facts.tagStats('k', 'w').rows, 2);
    assert.equal(third.facts.tagStats('k', 'v').rows, 0);
  });

  test('a reloaded anchor is checked again; a new index starts over', async () => {
    const c = await memoryCorpus({ '.dlm/training.yaml': "include: ['*.md']\n", 'a.md': 'a\n' });
    const first = c.snapshot;
    assert.deepEqual(corpusDiagnostics(first).get('/w/.dlm/training.yaml') ?? [], []);
    c.fs.writeFile('/w/.dlm/training.yaml', "include: ['*.txt']\n");
    await c.index.reloadAnchor('/w');
    const r2 = await c.index.report();
    const second = new Snapshot(c.index, r2.report, r2.details, 1, first);
    assert.deepEqual((corpusDiagnostics(second).get('/w/.dlm/training.yaml') ?? []).map((d) => d.code), ['pattern-matches-nothing']);
    const other = await memoryCorpus({ '.dlm/training.yaml': "include: ['*.md']\n", 'a.md': 'a\n' });
    const fresh = new Snapshot(other.index, other.snapshot.report, other.snapshot.details, 3, second);
    assert.notEqual(fresh.facts.filesUnder('/w'), second.facts.filesUnder('/w'));
  });

  test('a weights edit keeps who-holds-which-rows of a tag value, and judges the leak on the new values', async () => {
    const c = await memoryCorpus({
      '.dlm/training.yaml': 'metadata: {k: v}\nweights: {k: {v: 2}}\n',
      'sub/.dlm/training.yaml': 'metadata: {k: v}\nweights: {k: {v: 5}}\n',
      'a.md': 'a\n', 'b.md': 'b\n', 'sub/c.md': 'c\n',
    });
    const root = c.path('sub').replace(/\/sub$/, '');
    const codes = (s: Snapshot, rel: string) => (corpusDiagnostics(s).get(c.path(rel)) ?? []).map((d) => d.code).sort();
    const first = c.snapshot;
    // sub/ is later in merge order: its 5 reaches a.md and b.md, where the root's 2 is dead
    assert.ok(codes(first, 'sub/.dlm/training.yaml').includes('weight-leaks'));
    const partition = first.facts.outsidePartition('k', 'v', c.path('sub'), [root]);
    assert.equal(partition.get(root)?.length, 2);
    const edit = async (rel: string, text: string, prev: Snapshot, gen: number) => {
      c.fs.writeFile(c.path(rel), text);
      await c.index.reloadAnchor(c.path(rel).replace(/\/\.dlm\/training\.yaml$/, ''));
      const r = await c.index.report();
      return new Snapshot(c.index, r.report, r.details, gen, prev);
    };
    // the same value in both: nothing leaks, and the partition was not worked out again
    const second = await edit('sub/.dlm/training.yaml', 'metadata: {k: v}\nweights: {k: {v: 2}}\n', first, 1);
    assert.equal(second.facts.details, first.facts.details, 'resolution unchanged (the precondition)');
    assert.ok(!codes(second, 'sub/.dlm/training.yaml').includes('weight-leaks'));
    assert.equal(second.facts.outsidePartition('k', 'v', c.path('sub'), [root]), partition);
    // values differ again, and the root's metadata line moved down: the related location follows it
    await edit('sub/.dlm/training.yaml', 'metadata: {k: v}\nweights: {k: {v: 7}}\n', second, 2);
    const fourth = await edit('.dlm/training.yaml', '# moved\n\nmetadata: {k: v}\nweights: {k: {v: 2}}\n', second, 3);
    const leak = corpusDiagnostics(fourth).get(c.path('sub/.dlm/training.yaml'))!.find((d) => d.code === 'weight-leaks')!;
    assert.match(leak.message, /^2 rows tagged `k=v`/);
    const folder = leak.related!.find((r) => r.path === c.path('.dlm/training.yaml') && /rows tagged/.test(r.message))!;
    assert.equal(folder.range.start.line, 2);
  });
});
