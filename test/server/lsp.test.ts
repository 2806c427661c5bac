// Protocol tests of the language server: dist/server.js over stdio on fixture
// workspaces in temp dirs.
import { after, before, describe, it } from 'node:test';
import { TEST_TIMEOUT_MS } from '../helpers/limits';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { dryRun } from '../../src/engine/dryRun';
import { reportToJson } from '../../src/report/contractJson';
import { buildServer, LspClient, makeTree, uriOf, writeFile, type LspDiag, type Rng } from './lspHarness';

const ROOT_YAML = 'metadata:\n  lang: en\nweights:\n  kind:\n    doc: 0.5\n';
const DOCS_YAML = 'metadata:\n  kind: doc\nweights:\n  kind:\n    doc: 2\n';
const NOTES_YAML = 'metadata:\n  kind: doc\n';
const SRC_YAML = "metadata:\n  kind: code\n  generated: 'true'\n";

function hoverText(h: unknown): string {
  const c = (h as { contents?: { value?: string } } | null)?.contents;
  return typeof c?.value === 'string' ? c.value : '';
}

let server = '';

describe('language server over stdio', { timeout: TEST_TIMEOUT_MS }, () => {
  let root: string;
  let client: LspClient;
  const p = (rel: string) => join(root, rel);

  before(async () => {
    server = await buildServer();
    root = makeTree({
      '.dlm/training.yaml': ROOT_YAML,
      'docs/.dlm/training.yaml': DOCS_YAML,
      'docs/a.md': 'alpha\n',
      'docs/b.md': 'beta\n',
      'notes/.dlm/training.yaml': NOTES_YAML,
      'notes/n.md': 'a note\n',
      'src/.dlm/training.yaml': SRC_YAML,
      'src/x.py': 'print(1)\n',
      'old/.dlm/training.yml': 'metadata:\n  kind: old\n',
      'old/o.md': 'old\n',
    });
    client = LspClient.start(server);
    await client.initialize([root]);
    await client.indexed(root);
  });

  after(async () => {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('indexes in the background with work-done progress and reports the totals', () => {
    const kinds = client.progress.map((p) => (p as { value?: { kind?: string } }).value?.kind);
    assert.ok(kinds.includes('begin') && kinds.includes('end'), JSON.stringify(client.progress));
    const ready = client.statuses.find((s) => s.state === 'ready');
    assert.equal(ready?.totals?.rows, 5);
  });

  it('a .dlm/training.yml gets a warning whose quick fix renames it', async () => {
    const yml = p('old/.dlm/training.yml');
    const d = await client.diagnosticsFor(yml, (list) => list.some((x) => x.code === 'training-yml-ignored'));
    const diag = d.find((x) => x.code === 'training-yml-ignored')!;
    assert.equal(diag.severity, 2);
    assert.deepEqual(diag.tags, [1], 'faded as unnecessary (DiagnosticTag.Unnecessary)');
    const actions = await client.request<Array<{ edit: { documentChanges: Array<{ kind?: string; oldUri?: string; newUri?: string }> } }>>(
      'textDocument/codeAction', { textDocument: { uri: uriOf(yml) }, range: diag.range, context: { diagnostics: [diag] } },
    );
    const rename = actions[0]?.edit.documentChanges.find((c) => c.kind === 'rename');
    assert.deepEqual(rename && { oldUri: rename.oldUri, newUri: rename.newUri }, { oldUri: uriOf(yml), newUri: uriOf(p('old/.dlm/training.yaml')) });
  });

  it('dlm/dryRun returns the report the CLI engine computes', async () => {
    const expected = reportToJson((await dryRun(root)).report);
    const r = await client.request<{ reportJson: string; details: { root: string } }>('dlm/dryRun', { folderUri: uriOf(root) });
    assert.equal(r.reportJson, expected);
    assert.equal(r.details.root, root);
    const seeded = await client.request<{ reportJson: string }>('dlm/dryRun', { folderUri: uriOf(root), seed: '7' });
    assert.equal(seeded.reportJson, reportToJson((await dryRun(root, { seed: 7n })).report));
  });

  it('dlm/dryRun of a folder inside the workspace runs directory mode on it (the Explorer\'s folder menu)', async () => {
    const r = await client.request<{ reportJson: string; corpus: { kind: string; path: string } }>('dlm/dryRun', { documentUri: uriOf(p('docs')), folderUri: uriOf(root) });
    assert.deepEqual({ kind: r.corpus.kind, path: r.corpus.path }, { kind: 'directory', path: p('docs') });
    assert.equal(r.reportJson, reportToJson((await dryRun(p('docs'))).report));
    // the workspace folder itself is its live corpus (directory mode here)
    const whole = await client.request<{ reportJson: string }>('dlm/dryRun', { documentUri: uriOf(root), folderUri: uriOf(root) });
    assert.equal(whole.reportJson, reportToJson((await dryRun(root)).report));
  });

  it('an unquoted `true:` tag value is an error at its exact range, with a quoting fix; fixing it clears it', async () => {
    const file = p('src/.dlm/training.yaml');
    const bad = `${SRC_YAML}weights:\n  generated:\n    true: 0.1\n`;
    client.open(file, bad);
    const range: Rng = { start: { line: 5, character: 4 }, end: { line: 5, character: 8 } };
    const diags = await client.diagnosticsFor(file, (d) => d.some((x) => x.severity === 1));
    const err = diags.find((d) => d.severity === 1)!;
    assert.deepEqual(err.range, range, JSON.stringify(diags));

    const actions = await client.request<Array<{ title: string; kind: string; edit: { changes: Record<string, Array<{ range: Rng; newText: string }>> } }>>(
      'textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range, context: { diagnostics: [err] } },
    );
    const fix = actions.find((a) => a.kind === 'quickfix');
    assert.ok(fix, `no quick fix in ${JSON.stringify(actions)}`);
    const edits = fix.edit.changes[uriOf(file)]!;
    assert.deepEqual(edits[0]!.range, range);
    assert.match(edits[0]!.newText, /^(['"])true\1$/);

    client.change(file, `${SRC_YAML}weights:\n  generated:\n    'true': 0.1\n`);
    await client.diagnosticsFor(file, (d) => d.length === 0);
  });

  it('completion inside `weights:` offers tag keys and values from metadata, quoted when needed', async () => {
    const file = p('src/.dlm/training.yaml');
    const text = `${SRC_YAML}weights:\n  \n`;
    client.change(file, text);
    const keys = await client.request<Array<{ label: string }>>('textDocument/completion', { textDocument: { uri: uriOf(file) }, position: { line: 4, character: 2 } });
    const labels = keys.map((k) => k.label);
    for (const k of ['kind', 'lang', 'generated']) assert.ok(labels.includes(k), `missing ${k} in ${labels}\n${client.logs.slice(-10).join("\n")}`);

    client.change(file, `${SRC_YAML}weights:\n  generated:\n    \n`);
    const values = await client.request<Array<{ label: string; textEdit?: { newText: string } }>>('textDocument/completion', { textDocument: { uri: uriOf(file) }, position: { line: 5, character: 4 } });
    const t = values.find((v) => v.label === 'true');
    assert.ok(t, JSON.stringify(values));
    assert.equal(t.textEdit?.newText, "'true': ${1:1.0}", 'quoted, with its factor as a placeholder');

    client.change(file, `${SRC_YAML}weights:\n  kind:\n    \n`);
    const kinds = await client.request<Array<{ label: string }>>('textDocument/completion', { textDocument: { uri: uriOf(file) }, position: { line: 5, character: 4 } });
    assert.deepEqual(kinds.map((k) => k.label).sort(), ['code', 'doc']);

    const top = await client.request<Array<{ label: string }>>('textDocument/completion', { textDocument: { uri: uriOf(file) }, position: { line: 7, character: 0 } });
    assert.ok(top.some((k) => k.label === 'include'), JSON.stringify(top.map((k) => k.label)));
    client.change(file, SRC_YAML);
    client.close(file);
  });

  it('hover on a weight shows the ancestor chain, the corpus-wide value and the leak', async () => {
    const docs = p('docs/.dlm/training.yaml');
    const rootYaml = p('.dlm/training.yaml');
    client.open(docs, DOCS_YAML);
    client.open(rootYaml, ROOT_YAML);
    const h = hoverText(await client.request('textDocument/hover', { textDocument: { uri: uriOf(docs) }, position: { line: 4, character: 9 } }));
    assert.match(h, /docs\/\.dlm\/training\.yaml:5\]\(file:\/\/[^)]*#L5\) — 2/, h);
    assert.match(h, /\[\.dlm\/training\.yaml:5\]\(file:\/\/[^)]*#L5\) — 0\.5/, h);
    assert.ok(h.indexOf('docs/.dlm/training.yaml:5') < h.indexOf('[.dlm/training.yaml:5'), 'nearest first');
    assert.match(h, /corpus \(last config in its merge order\): \*\*2\*\*/, h);
    assert.match(h, /Leak:\*\* 1 row .*notes\/n\.md/, h);

    const r = hoverText(await client.request('textDocument/hover', { textDocument: { uri: uriOf(rootYaml) }, position: { line: 4, character: 9 } }));
    assert.match(r, /reading the nearest config[^*]*\*\*0\.5\*\*/, r);
    assert.match(r, /\*\*2\*\*/, r);
    assert.match(r, /docs\/\.dlm\/training\.yaml:5\]\([^)]*\) sets 2 and comes later in dlm's merge order \(longer path\)/, r);
  });

  it('hover on a .dlm/ignore line counts the files it matches', async () => {
    const ignore = writeFile(root, 'docs/.dlm/ignore', '# drafts\nb.md\n!\n');
    client.filesChanged([[ignore, 1]]);
    client.open(ignore, '# drafts\nb.md\n!\n', 'dlm-ignore');
    await client.diagnosticsFor(ignore, (d) => d.some((x) => x.code === 'ignore-line-dropped'));
    const h = hoverText(await client.request('textDocument/hover', { textDocument: { uri: uriOf(ignore) }, position: { line: 1, character: 1 } }));
    assert.match(h, /Matches \*\*1\*\* of the \d+ files under `docs\/`, e\.g\. `b\.md`/, h);
    const dropped = hoverText(await client.request('textDocument/hover', { textDocument: { uri: uriOf(ignore) }, position: { line: 2, character: 0 } }));
    assert.match(dropped, /drops/);
    client.close(ignore);
    rmSync(ignore);
    client.filesChanged([[ignore, 3]]);
  });

  it('a leaking weight is warned about, and the warning goes when a sibling config changes on disk', async () => {
    const docs = p('docs/.dlm/training.yaml');
    const leak = (d: LspDiag[]) => d.find((x) => x.code === 'weight-leaks');
    const before = await client.diagnosticsFor(docs, (d) => !!leak(d));
    assert.equal(leak(before)!.severity, 2);
    assert.match(leak(before)!.message, /notes\/n\.md/);

    const notes = writeFile(root, 'notes/.dlm/training.yaml', 'metadata:\n  kind: note\n');
    client.filesChanged([[notes, 2]]);
    await client.diagnosticsFor(docs, (d) => !leak(d));

    writeFile(root, 'notes/.dlm/training.yaml', NOTES_YAML);
    client.filesChanged([[notes, 2]]);
    await client.diagnosticsFor(docs, (d) => !!leak(d));
  });

  it('garbage bytes as training.yaml do not kill the server', async () => {
    const junk = writeFile(root, 'junk/.dlm/training.yaml', Buffer.concat([randomBytes(2048), Buffer.from([0, 0xff, 0xfe, 9, 10, 58, 32, 123])]));
    writeFile(root, 'junk/j.txt', 'junk\n');
    client.filesChanged([[junk, 1], [join(root, 'junk/j.txt'), 1]]);
    client.open(junk, '\u0000\ufffd{{[[: : :\t\t-\n  - ]: &a *b !!int x\n\u2028\u0085');
    await client.diagnosticsFor(junk, (d) => d.some((x) => x.severity === 1));
    const h = await client.request('textDocument/hover', { textDocument: { uri: uriOf(junk) }, position: { line: 0, character: 2 } });
    void h;
    const docs = p('docs/.dlm/training.yaml');
    const after = hoverText(await client.request('textDocument/hover', { textDocument: { uri: uriOf(docs) }, position: { line: 4, character: 9 } }));
    assert.match(after, /kind=doc/);
    client.close(junk);
    assert.equal(client.proc.exitCode, null);
  });
});

describe('language server limits', { timeout: TEST_TIMEOUT_MS }, () => {
  before(async () => {
    server = await buildServer();
  });

  it('stops indexing above dlmWeights.maxFiles and says so', async () => {
    const root = makeTree({ 'a.md': 'a\n', 'b.md': 'b\n', 'c.md': 'c\n', 'd/e.md': 'e\n', '.dlm/training.yaml': 'weights:\n  true: {x: 1}\n' });
    const client = LspClient.start(server);
    client.settings = { maxFiles: 2 };
    try {
      await client.initialize([root]);
      await client.indexed(root);
      const last = client.statuses.filter((s) => s.folderUri === uriOf(root)).at(-1)!;
      assert.equal(last.state, 'tooLarge');
      await client.until('a warning message', () => client.logs.some((l) => l.startsWith('[show]') && /maxFiles/.test(l)));
      // per-file checks of open files still work
      const file = join(root, '.dlm/training.yaml');
      client.open(file, 'metadata:\n  generated: true\n');
      await client.diagnosticsFor(file, (d) => d.some((x) => x.severity === 1));
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a dry run asked for right at start-up waits for the workspace folders instead of refusing them', async () => {
    const dir = makeTree({ '.dlm/training.yaml': 'metadata:\n  k: v\n', 'a.txt': 'a\n' });
    const client = LspClient.start(server);
    try {
      // no wait for the index: the request goes out as soon as initialize has been sent and answered
      await client.initialize([dir]);
      const r = await client.request<{ reportJson: string }>('dlm/dryRun', { folderUri: uriOf(dir) });
      assert.equal(r.reportJson, reportToJson((await dryRun(dir)).report));
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dlm/dryRun runs a one-off (another seed) with progress, and honours cancellation', async () => {
    const files: Record<string, string> = { '.dlm/training.yaml': 'metadata:\n  k: v\nweights:\n  k:\n    v: 1.5\n' };
    for (let i = 0; i < 3000; i++) files[`f${i}.txt`] = `file ${i}\n`;
    const dir = makeTree(files);
    const client = LspClient.start(server);
    try {
      await client.initialize([dir]);
      await client.indexed(dir, 60_000);
      // the start-up indicator: while indexing, the status carries the files counted so far
      const counted = client.statuses.filter((s) => s.state === 'indexing' && /\d+ files/.test((s as { message?: string }).message ?? ''));
      assert.ok(counted.length >= 1, JSON.stringify(client.statuses.map((s) => [s.state, (s as { message?: string }).message])));
      const source = new CancellationTokenSource();
      // the live index runs at seed 42: seed 7 is a one-off run of the folder
      const pending = client.conn.sendRequest('dlm/dryRun', { folderUri: uriOf(dir), seed: '7', workDoneToken: 'w1' }, source.token);
      // cancel once the run has reported progress (as a user would, from the progress notification)
      await client.until('progress of the dry run', () => client.progress.some((p) => (p as { token?: string }).token === 'w1'));
      source.cancel();
      await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
      const r = await client.request<{ reportJson: string }>('dlm/dryRun', { folderUri: uriOf(dir), seed: '7' });
      assert.equal(r.reportJson, reportToJson((await dryRun(dir, { seed: 7n })).report));
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
