// Diagnostics as plain data: per-file checks of a text or of a file on an
// in-memory disk (FIFOs, oversized files), cross-file checks of a snapshot,
// and their LSP shape.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFs } from '../../src/engine/fs/index';
import {
  corpusDiagnostics, documentProblems, fileDiagnostics, fileDiagnosticsFromDisk, MAX_DIAGNOSTICS_PER_FILE, mostSevere, toLspDiagnostic,
} from '../../src/server/features/diagnostics';
import { memoryCorpus } from './corpus';

const codes = (list: Array<{ code: string }> | null | undefined) => (list ?? []).map((d) => d.code);

describe('per-file checks', () => {
  test('of an editor text: training.yaml, .dlm/ignore, training.yml', () => {
    assert.deepEqual(codes(fileDiagnostics('/w/.dlm/training.yaml', 'metadata:\n  generated: true\n')), ['metadata-not-string']);
    assert.deepEqual(codes(fileDiagnostics('/w/.dlm/ignore', 'docs/gen/\n!\n')), ['ignore-line-dropped', 'ignore-dir-rule-never-matches']);
    const fs = new MemoryFs({ '/w/.dlm/training.yaml': '{}\n' });
    assert.match(fileDiagnostics('/w/.dlm/training.yml', '', fs)[0]!.message, /beside it is never loaded/);
    assert.match(fileDiagnostics('/v/.dlm/training.yml', '', fs)[0]!.message, /Rename it/);
    assert.deepEqual(fileDiagnostics('/w/notes.txt', 'x'), []);
  });

  test('of a file on disk, read safely: missing, a FIFO, oversized, not UTF-8', () => {
    const fs = new MemoryFs({ '/w/a/.dlm/training.yaml': 'weights: {k: {v: -1}}\n', '/w/c/.dlm/training.yaml': new Uint8Array([0x6b, 0x3a, 0x20, 0xff, 0x0a]) })
      .mkOther('/w/b/.dlm/training.yaml').mkOther('/w/b/.dlm/ignore')
      .writeFile('/w/d/.dlm/ignore', 'x\n'.repeat(600_000));
    assert.equal(fileDiagnosticsFromDisk('/w/none/.dlm/training.yaml', fs), null);
    assert.deepEqual(codes(fileDiagnosticsFromDisk('/w/a/.dlm/training.yaml', fs)), ['weight-negative']);
    assert.deepEqual(codes(fileDiagnosticsFromDisk('/w/b/.dlm/training.yaml', fs)), ['file-unreadable']);
    assert.deepEqual(codes(fileDiagnosticsFromDisk('/w/b/.dlm/ignore', fs)), ['file-unreadable']);
    assert.deepEqual(codes(fileDiagnosticsFromDisk('/w/c/.dlm/training.yaml', fs)), ['encoding-invalid-utf8']);
    assert.deepEqual(codes(fileDiagnosticsFromDisk('/w/d/.dlm/ignore', fs)), ['ignore-too-large']);
    assert.deepEqual(fs.readLog.filter((p) => p.startsWith('/w/d/')), [], 'an oversized ignore file is judged from its size, never read');
  });
});

describe('cross-file checks of a snapshot', () => {
  test('a leaking weight, an unknown tag with its fix', async () => {
    const c = await memoryCorpus({
      'a/.dlm/training.yaml': 'metadata: {lang: python}\nweights:\n  lang:\n    python: 2\n  langs:\n    python: 2\n',
      'a/x.py': 'x', 'b/.dlm/training.yaml': 'metadata: {lang: python}\n', 'b/y.py': 'y',
    });
    const d = corpusDiagnostics(c.snapshot).get(c.path('a/.dlm/training.yaml'))!;
    assert.deepEqual(codes(d), ['weight-leaks', 'weight-tag-key-unknown']);
    const lsp = toLspDiagnostic(d[1]!, true);
    assert.equal(lsp.source, 'dlm-weights');
    assert.deepEqual((lsp.data as { fixes: Array<{ kind: string }> }).fixes.map((f) => f.kind), ['did-you-mean']);
  });

  test('a document dlm cannot train: its problems on the document', async () => {
    const doc = '---\ndlm_id: 01HZ4X7TGZM3J1A2B3C4D5E6F7\ndlm_version: 15\nbase_model: smollm2-135m\ntraining:\n  sources:\n    - path: src\n    - path: gone\n---\n\n::poem::\nroses\n';
    const c = await memoryCorpus({ 'corpus.dlm': doc, 'src/a.py': 'a\n' }, { document: 'corpus.dlm' });
    const d = documentProblems(c.snapshot, c.path('corpus.dlm'));
    assert.deepEqual(d.map((x) => [x.code, x.range.start.line]), [['body-fence', 10], ['source-path-missing', 7]]);
  });

  test('LSP shape: severities, related locations only when the client shows them, faded when unnecessary', () => {
    const [yml] = fileDiagnostics('/w/.dlm/training.yml', '', new MemoryFs());
    const lsp = toLspDiagnostic(yml!, false);
    assert.equal(lsp.severity, 2);
    assert.deepEqual(lsp.tags, [1]);
    const related = { severity: 'warning' as const, code: 'weight-overridden' as const, message: 'm', range: yml!.range, related: [{ path: '/w/x', range: yml!.range, message: 'r' }] };
    assert.equal(toLspDiagnostic(related, false).relatedInformation, undefined);
    assert.equal(toLspDiagnostic(related, true).relatedInformation?.[0]?.location.uri, 'file:///w/x');
  });
});

test('a file with more findings than anyone reads publishes the most severe, in order', async () => {
  // 500k one-letter rules (under the 1 MiB cap, so evaluated), none matching a file
  const rules = Array.from({ length: 500_000 }, (_, i) => `${'abcdefghij'[i % 10]}\n`).join('');
  const c = await memoryCorpus({ '.dlm/ignore': `${rules}docs/gen/\n`, 'x.txt': 'x\n' });
  const all = [...(corpusDiagnostics(c.snapshot).get(c.path('.dlm/ignore')) ?? []), ...fileDiagnostics(c.path('.dlm/ignore'), c.text('.dlm/ignore'))];
  assert.equal(all.length, 500_001);
  const shown = mostSevere(all);
  assert.equal(shown.length, MAX_DIAGNOSTICS_PER_FILE);
  // the one warning (last in the list) is kept; the information ones are the first rules'
  assert.deepEqual(codes(shown.slice(-2)), ['ignore-rule-matches-nothing', 'ignore-dir-rule-never-matches']);
  assert.deepEqual(shown.slice(0, -1).map((d) => d.range.start.line), Array.from({ length: MAX_DIAGNOSTICS_PER_FILE - 1 }, (_, i) => i));
  assert.equal(mostSevere(all.slice(0, 10)).length, 10);
});
