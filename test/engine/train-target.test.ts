// `dlm train DIR` resolution (resolveTrainTarget, planCorpus on a folder) and
// what planDocument reads from a document's frontmatter, on an in-memory disk.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTrainTarget, resolveTrainTarget } from '../../src/engine/corpus/trainTarget';
import { planDocument } from '../../src/engine/corpus/directives';
import { planCorpus } from '../../src/engine/dryRun';
import { MemoryFs } from '../../src/engine/fs';
import { CorpusError } from '../../src/engine/problems';
import { CorpusIndex } from '../../src/engine/corpus/corpusIndex';
import { diagnoseCorpus } from '../../src/engine/diagnostics';
import { CorpusFacts } from '../../src/engine/diagnostics/corpusFacts';

const ULID = '01HZ4X7TGZM3J1A2B3C4D5E6F7';
const doc = (sources = '    - path: .\n', extra = '') => `---\ndlm_id: ${ULID}\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  seed: 5\n${extra}  sources:\n${sources}---\nBody.\n`;

describe('resolveTrainTarget: what dlm train DIR trains', () => {
  test('DIR/.dlm/corpus.dlm wins over other documents', () => {
    const fs = new MemoryFs({ '/r/.dlm/a.dlm': doc(), '/r/.dlm/corpus.dlm': doc(), '/r/.dlm/z.dlm': doc() });
    assert.deepEqual(resolveTrainTarget('/r', fs), { kind: 'document', path: '/r/.dlm/corpus.dlm', reason: 'corpus' });
  });

  test('the only DIR/.dlm/*.dlm, whatever its name', () => {
    const fs = new MemoryFs({ '/r/.dlm/notes.dlm': doc(), '/r/.dlm/training.yaml': 'weights: {}\n', '/r/.dlm/ignore': '' });
    assert.deepEqual(resolveTrainTarget('/r', fs), { kind: 'document', path: '/r/.dlm/notes.dlm', reason: 'only' });
  });

  test('several and no corpus.dlm: ambiguous, listed in dlm\'s sorted (code point) order', () => {
    const fs = new MemoryFs({ '/r/.dlm/b.dlm': doc(), '/r/.dlm/a.dlm': doc(), '/r/.dlm/Z.dlm': doc() });
    assert.deepEqual(resolveTrainTarget('/r', fs), { kind: 'ambiguous', documents: ['/r/.dlm/Z.dlm', '/r/.dlm/a.dlm', '/r/.dlm/b.dlm'] });
  });

  test('no document in DIR/.dlm (or no DIR/.dlm, or a file named .dlm): directory mode', () => {
    assert.deepEqual(resolveTrainTarget('/r', new MemoryFs({ '/r/.dlm/training.yaml': 'weights: {}\n', '/r/corpus.dlm': doc() })), { kind: 'directory' });
    assert.deepEqual(resolveTrainTarget('/r', new MemoryFs({ '/r/a.md': 'a' })), { kind: 'directory' });
    assert.deepEqual(resolveTrainTarget('/r', new MemoryFs({ '/r/.dlm': 'not a folder' })), { kind: 'directory' });
    // documents deeper down are not dlm train DIR's concern
    assert.deepEqual(resolveTrainTarget('/r', new MemoryFs({ '/r/sub/.dlm/corpus.dlm': doc() })), { kind: 'directory' });
  });

  test('an unlistable DIR/.dlm finds nothing, as Python\'s glob', () => {
    const fs = new MemoryFs({ '/r/.dlm/corpus.dlm': doc() }).lock('/r/.dlm');
    assert.deepEqual(resolveTrainTarget('/r', fs), { kind: 'directory' });
  });

  test('every name ending in .dlm counts (a folder too, as glob("*.dlm") lists it)', () => {
    const fs = new MemoryFs({ '/r/.dlm/a.dlm': doc() }).mkdir('/r/.dlm/b.dlm');
    assert.equal(resolveTrainTarget('/r', fs).kind, 'ambiguous');
  });

  test('the sentences name the document and the rule', () => {
    const label = (p: string) => p.replace('/r/', 'r/');
    assert.match(describeTrainTarget({ kind: 'document', path: '/r/.dlm/corpus.dlm', reason: 'corpus' }, 'r', label), /^using r\/\.dlm\/corpus\.dlm, as `dlm train r` does \(it trains r\/\.dlm\/corpus\.dlm when there is one\)$/);
    assert.match(describeTrainTarget({ kind: 'ambiguous', documents: ['/r/.dlm/a.dlm', '/r/.dlm/b.dlm'] }, 'r', label), /r\/\.dlm\/a\.dlm, r\/\.dlm\/b\.dlm.*refuses to choose/);
    assert.match(describeTrainTarget({ kind: 'directory' }, '.'), /^directory mode: \.dlm\/ holds no \.dlm document/);
  });
});

describe('planCorpus on a folder follows the rule', () => {
  const fs = () => new MemoryFs({ '/r/.dlm/corpus.dlm': doc(), '/r/src/a.py': 'print(1)\n' });

  test('document mode on DIR/.dlm/corpus.dlm, labelled under the folder as given', async () => {
    const plan = await planCorpus('/r', { fs: fs(), documentLabel: 'r' });
    assert.deepEqual([plan.mode, plan.documentAbs, plan.documentLabel, plan.seed], ['document', '/r/.dlm/corpus.dlm', 'r/.dlm/corpus.dlm', 5n]);
    // `path: .` in a document inside .dlm/ is the folder above it
    assert.deepEqual(plan.directives.map((d) => d.abs), ['/r']);
  });

  test('directory: true forces directory mode', async () => {
    const plan = await planCorpus('/r', { fs: fs(), directory: true });
    assert.deepEqual([plan.mode, plan.documentAbs, plan.seed], ['directory', null, 42n]);
  });

  test('several documents: a CorpusError naming them, nothing planned', async () => {
    const many = new MemoryFs({ '/r/.dlm/a.dlm': doc(), '/r/.dlm/b.dlm': doc() });
    await assert.rejects(planCorpus('/r', { fs: many }), (e: unknown) => e instanceof CorpusError && e.kind === 'several-documents' && /a\.dlm, .*b\.dlm/.test(e.message));
  });
});

describe('planDocument reads the frontmatter from the validator', () => {
  test('a document dlm refuses still shows its sources; the parse problem comes first, then the missing path at its `path:`', async () => {
    const text = doc('    - path: src\n    - path: nowhere\n', '  sources_policy: permissive\n').replace(ULID, 'not-a-ulid');
    const fs = new MemoryFs({ '/r/c.dlm': text, '/r/src/a.py': 'x\n' });
    const plan = await planDocument('/r/c.dlm', undefined, undefined, 'c.dlm', fs);
    assert.deepEqual(plan.directives.map((d) => [d.path, d.include]), [['src', ['**/*']]]);
    assert.deepEqual(plan.problems.map((p) => `${p.stage}/${p.kind}`), ['parse/frontmatter-schema', 'sources/source-path-missing']);
    const line = text.split('\n').findIndex((l) => l.includes('nowhere'));
    assert.deepEqual(plan.problems[1]!.location?.range.start.line, line);
    assert.equal(plan.seed, 5n, 'the seed written, read leniently');
    assert.equal(plan.sourceEntries, 2);
  });

  test('strict policy: a path outside the root is refused before the disk is asked', async () => {
    const fs = new MemoryFs({ '/r/d/c.dlm': doc('    - path: ../elsewhere\n', '  sources_policy: strict\n'), '/r/elsewhere/x.md': 'x' });
    const plan = await planDocument('/r/d/c.dlm', undefined, undefined, undefined, fs);
    assert.deepEqual(plan.problems.map((p) => p.kind), ['source-outside-root']);
    assert.deepEqual(plan.directives, []);
    assert.ok(!fs.listLog.some((p) => p.startsWith('/r/elsewhere')), 'never listed');
  });
});

describe('cross-file diagnostics of a document in .dlm/ name files from the folder dlm trains', () => {
  test('the same names as check on that folder (no ../)', async () => {
    const fs = new MemoryFs({
      '/r/.dlm/corpus.dlm': doc(),
      '/r/.dlm/training.yaml': 'weights:\n  lang:\n    python: 2\n',
      '/r/src/.dlm/training.yaml': 'metadata:\n  lang: python\nweights:\n  lang:\n    python: 1.5\n',
      '/r/src/a.py': 'a\n',
      '/r/scripts/.dlm/training.yaml': 'metadata:\n  lang: python\n',
      '/r/scripts/b.py': 'b\n',
    });
    const messages = async (plan: Awaited<ReturnType<typeof planCorpus>>) => {
      const index = await CorpusIndex.build(plan, { fs });
      const { report, details } = await index.report();
      return [...diagnoseCorpus(index, report, details)].flatMap(([file, ds]) => ds.map((d) => `${file} ${d.code} ${d.message}`)).sort();
    };
    const asDocument = await messages(await planCorpus('/r', { fs }));
    assert.equal(asDocument.length, 2, asDocument.join('\n'));
    assert.ok(asDocument.every((m) => !m.includes('../')), asDocument.join('\n'));
    assert.match(asDocument.join('\n'), /weight-overridden .*`lang=python` gets 1\.5 from `src\/\.dlm\/training\.yaml`/);
    assert.match(asDocument.join('\n'), /weight-leaks .*outside `src\/`.*E\.g\. `scripts\/b\.py`/);
    assert.deepEqual(asDocument, await messages(await planCorpus('/r', { fs, directory: true })), 'as check (directory mode) names them');
  });

  test('hover labels (CorpusFacts.configLabel) name configs from that folder too', async () => {
    const fs = new MemoryFs({ '/r/.dlm/corpus.dlm': doc(), '/r/src/.dlm/training.yaml': 'metadata:\n  lang: python\n', '/r/src/a.py': 'a\n' });
    const index = await CorpusIndex.build(await planCorpus('/r', { fs }), { fs });
    const { report, details } = await index.report();
    const facts = new CorpusFacts(index, report, details);
    assert.equal(facts.configLabel('/r/src'), 'src/.dlm/training.yaml');
    assert.equal(facts.configLabel('/r'), '.dlm/training.yaml');
  });
});
