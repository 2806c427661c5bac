// Hover as a plain function over a document, a position and a snapshot of an
// in-memory corpus: no server, no disk.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../src/server/features/hover';
import { hoverText, memoryCorpus, type MemoryCorpus } from './corpus';

const ROOT_YAML = 'metadata:\n  lang: en\nweights:\n  kind:\n    doc: 0.5\n';
const DOCS_YAML = 'metadata:\n  kind: doc\nweights:\n  kind:\n    doc: 2\ninclude:\n  - "docs/*.md"\nexclude:\n  - "*.tmp"\n';
const NOTES_YAML = 'metadata:\n  kind: doc\n';
const FILES = {
  '.dlm/training.yaml': ROOT_YAML,
  'docs/.dlm/training.yaml': DOCS_YAML,
  'docs/.dlm/ignore': '# drafts\nb.md\n!\n',
  'docs/a.md': 'alpha\n',
  'docs/b.md': 'beta\n',
  'docs/c.tmp': 'tmp\n',
  'notes/.dlm/training.yaml': NOTES_YAML,
  'notes/n.md': 'a note\n',
};

const at = (c: MemoryCorpus, rel: string, line: number, character: number, text = c.text(rel)) =>
  hoverText(hover({ path: c.path(rel), text, position: { line, character }, snapshot: c.snapshot }));

describe('hover on training.yaml', () => {
  test('a weight: the ancestor chain nearest first, the value dlm applies, the leak', async () => {
    const c = await memoryCorpus(FILES);
    const h = at(c, 'docs/.dlm/training.yaml', 4, 6);
    assert.match(h, /docs\/\.dlm\/training\.yaml:5\]\(file:\/\/\/w\/docs\/\.dlm\/training\.yaml#L5\) — 2/, h);
    assert.match(h, /\[\.dlm\/training\.yaml:5\]\(file:\/\/\/w\/\.dlm\/training\.yaml#L5\) — 0\.5/, h);
    assert.ok(h.indexOf('docs/.dlm/training.yaml:5') < h.indexOf('[.dlm/training.yaml:5'), 'nearest first');
    assert.match(h, /corpus \(last config in its merge order\): \*\*2\*\*/, h);
    assert.match(h, /Leak:\*\* 1 row .*notes\/n\.md/, h);
    const r = at(c, '.dlm/training.yaml', 4, 6);
    assert.match(r, /docs\/\.dlm\/training\.yaml:5\]\([^)]*\) sets 2 and comes later in dlm's merge order \(longer path\)/, r);
  });

  test('metadata, patterns and top-level keys', async () => {
    const c = await memoryCorpus(FILES);
    assert.match(at(c, 'notes/.dlm/training.yaml', 1, 3), /1 row under `notes\/` carry it, e\.g\. `notes\/n\.md`\. 1 more carry it elsewhere/);
    assert.match(at(c, 'docs/.dlm/training.yaml', 6, 6), /Matches \*\*2\*\* of the 5 files under `docs\/`, e\.g\. `docs\/a\.md`, `docs\/b\.md`\./);
    assert.match(at(c, 'docs/.dlm/training.yaml', 8, 6), /Matches \*\*1\*\* of the 5 files under `docs\/`, e\.g\. `c\.tmp`/);
    assert.match(at(c, '.dlm/training.yaml', 0, 2), /\*\*`metadata`\*\*/);
  });

  test('without a snapshot: what the file says, and why there is no more', async () => {
    const c = await memoryCorpus(FILES);
    const h = hoverText(hover({ path: c.path('docs/.dlm/training.yaml'), text: DOCS_YAML, position: { line: 4, character: 6 }, snapshot: null, unavailable: 'Stopped indexing.' }));
    assert.match(h, /`kind=doc` × 2/);
    assert.match(h, /_Stopped indexing\._/);
  });
});

describe('hover on .dlm/ignore', () => {
  test('a rule counts the files it matches; a dropped line says so', async () => {
    const c = await memoryCorpus(FILES);
    assert.match(at(c, 'docs/.dlm/ignore', 1, 1), /Matches \*\*1\*\* of the 5 files under `docs\/`, e\.g\. `b\.md`/);
    assert.match(at(c, 'docs/.dlm/ignore', 2, 0), /drops/);
    assert.equal(at(c, 'docs/.dlm/ignore', 0, 3), '', 'a comment');
  });

  test('an ignore file over 1 MiB is not evaluated (as its diagnostic says)', async () => {
    const c = await memoryCorpus(FILES);
    const big = 'abcdefgh\n'.repeat(200_000);
    assert.match(at(c, 'docs/.dlm/ignore', 7, 1, big), /over 1 MiB \(1\.7 MiB\): dlm train applies every rule in it, but dlm-weights does not evaluate it/);
  });
});

describe('hover at any position is the hover at the clamped position', () => {
  const WILD = [
    { line: 1e9, character: 1e8 }, { line: 4, character: 1e8 }, { line: -5, character: -3 }, { line: 2 ** 53, character: 2 ** 53 },
    { line: Number.NaN, character: 1 }, { line: 1.7, character: 6.9 }, { line: '4', character: '6' }, null,
  ];
  test('training.yaml and .dlm/ignore', async () => {
    const c = await memoryCorpus(FILES);
    const clampedOf = (p: unknown, lines: string[]) => {
      const q = (p ?? {}) as { line?: unknown; character?: unknown };
      const num = (n: unknown, max: number) => (typeof n === 'number' && n > 0 ? Math.min(Math.floor(n), max) : 0);
      const line = num(q.line, lines.length - 1);
      return { line, character: num(q.character, lines[line]!.length) };
    };
    for (const rel of ['docs/.dlm/training.yaml', 'docs/.dlm/ignore']) {
      const text = c.text(rel);
      const lines = text.split('\n');
      for (const p of WILD) {
        const wild = hover({ path: c.path(rel), text, position: p as never, snapshot: c.snapshot });
        const clamped = hover({ path: c.path(rel), text, position: clampedOf(p, lines), snapshot: c.snapshot });
        assert.deepEqual(wild, clamped, `${rel} at ${JSON.stringify(p)}`);
      }
    }
    // past the end of a weight's line is the end of that line: on its value
    assert.match(at(c, 'docs/.dlm/training.yaml', 4, 1e8), /`kind=doc`: × 2 applies corpus-wide/);
  });
});
