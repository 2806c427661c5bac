// The document validator beyond dlm's verdict: where each problem is, the
// warnings for what dlm accepts but the author probably did not mean, and
// the quick fixes (each fix is applied and the document validated again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument, isValidDlmId, validateDocument } from '../../src/engine/document/index';
import { ulidTime } from '../../src/engine/document/ulid';
import type { Fix } from '../../src/engine/diagnostics/types';
import type { Range } from '../../src/engine/types';

const ID = '01HZ4X7TGZM3J1A2B3C4D5E6F7';
const doc = (frontmatter: string, body = 'Some prose.\n'): string => `---\n${frontmatter}\n---\n${body}`;
const ok = (extra = '', body?: string): string => doc(`dlm_id: ${ID}\ndlm_version: 15\nbase_model: smollm2-135m${extra ? '\n' + extra : ''}`, body);

function offset(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  let o = 0;
  for (let i = 0; i < p.line; i++) o += lines[i]!.length + 1;
  return o + p.character;
}
function apply(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => offset(text, b.range.start) - offset(text, a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(text, e.range.start)) + e.newText + out.slice(offset(text, e.range.end));
  return out;
}
function slice(text: string, r: Range): string {
  return text.slice(offset(text, r.start), offset(text, r.end));
}

test('a valid document: accepted, typed frontmatter with defaults, no warnings', () => {
  const v = validateDocument(ok('training:\n  seed: 123456789012345678901234567890\n  sources:\n    - path: src'));
  assert.equal(v.dlmAccepts, true);
  assert.deepEqual(v.warnings, []);
  assert.equal(v.frontmatter!.training.seed, 123456789012345678901234567890n);
  assert.equal(v.frontmatter!.training.lora_r, 8);
  assert.deepEqual(v.frontmatter!.training.sources, [{ path: 'src', include: ['**/*'], exclude: [], max_bytes_per_file: null, max_files: null }]);
  assert.equal(v.frontmatter!.training.sources_policy, 'permissive');
  assert.equal(v.frontmatter!.dlm_version, 15);
});

test('problems sit on the offending key, value or fence', () => {
  const text = ok('training:\n  lora_r: 300\n  seeed: 1', '::instruction#Tone::\n### Q\nq\n### A\na\n');
  const v = validateDocument(text);
  assert.equal(v.dlmAccepts, false);
  const byType = new Map(v.problems.map((p) => [p.pydanticType ?? p.kind, p]));
  assert.equal(slice(text, byType.get('less_than_equal')!.range), '300');
  assert.equal(slice(text, byType.get('extra_forbidden')!.range), 'seeed');
  assert.equal(slice(text, byType.get('body-fence')!.range), 'Tone');
  assert.equal(v.problems[0]!.upstreamLine, 2, 'dlm itself says line 2 for every schema error');
});

test('an unclosed code block points at its opening backticks; dlm reports the section start', () => {
  const text = ok('', 'intro\n\n```python\ncode\n');
  const p = validateDocument(text).problems[0]!;
  assert.equal(p.kind, 'body-code-block');
  assert.equal(p.range.start.line, 7);
  assert.equal(p.upstreamLine, 6);
});

test('editor text with CRLF and a BOM: ranges are in the editor text', () => {
  const text = `\ufeff---\r\ndlm_id: nope\r\nbase_model: x\r\n---\r\n`;
  const p = validateDocument(text).problems[0]!;
  assert.deepEqual(p.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 12 } });
  const bytes = validateDocument(new Uint8Array(Buffer.from(text, 'utf8'))).problems[0]!;
  assert.equal(bytes.kind, 'frontmatter-schema');
});

test('rows problems: an instruction body dlm train cannot parse, and in-body media', () => {
  const v = validateDocument(ok('', '::instruction::\n### A\nx\n::image path="a.png"::\n'));
  assert.equal(v.dlmAccepts, true);
  assert.deepEqual(v.rowsProblems.map((p) => [p.kind, p.upstreamLine]), [['instruction-body', 7], ['media-section', null]]);
  assert.equal(v.rowsError!.kind, 'instruction-body');
  const c = checkDocument(ok('', '::image path="a.png"::\n'));
  assert.deepEqual(c.diagnostics.map((d) => [d.code, d.severity]), [['media-section', 'warning']], 'media parses: not an error for check');
});

test('warning dlm-version-missing, with a fix that adds dlm_version: 15', () => {
  const text = doc(`dlm_id: ${ID}\nbase_model: smollm2-135m`);
  const w = validateDocument(text).warnings;
  assert.deepEqual(w.map((x) => x.code), ['dlm-version-missing']);
  const fixed = apply(text, w[0]!.fixes![0]!);
  assert.match(fixed, /^---\ndlm_version: 15\n/);
  assert.deepEqual(validateDocument(fixed).warnings, []);
  assert.deepEqual(validateDocument(ok()).warnings, [], 'no warning when dlm_version is written');
});

test('warning dpo-migrated names the keys dlm drops and the block it replaces (no version fix then)', () => {
  const text = doc(`dlm_id: ${ID}\nbase_model: x\ntraining:\n  preference: {method: orpo}\n  dpo: {beta: 0.2, alpha: 1, gamma: 2}`);
  const v = validateDocument(text);
  assert.equal(v.dlmAccepts, true);
  const dpo = v.warnings.find((w) => w.code === 'dpo-migrated')!;
  assert.match(dpo.message, /`alpha`, `gamma`/);
  assert.match(dpo.message, /replaces/);
  assert.equal(slice(text, dpo.range), 'dpo');
  assert.equal(v.frontmatter!.training.preference.method, 'dpo', 'the migrated block wins');
  assert.deepEqual(v.warnings.find((w) => w.code === 'dlm-version-missing')!.fixes, []);
});

test('warning adapter-undeclared, with the nearest declared name as a fix', () => {
  const fm = 'training:\n  adapters:\n    tone: {}\n    knowledge: {}';
  const text = ok(fm, '::instruction#tome::\n### Q\nq\n### A\na\n::prose#knowledge::\nx\n');
  const w = validateDocument(text).warnings;
  assert.deepEqual(w.map((x) => x.code), ['adapter-undeclared']);
  assert.equal(slice(text, w[0]!.range), 'tome');
  assert.deepEqual(validateDocument(apply(text, w[0]!.fixes![0]!)).warnings, []);
  const none = validateDocument(ok('', '::prose#tone::\nx\n')).warnings;
  assert.equal(none[0]!.code, 'adapter-undeclared');
  assert.deepEqual(none[0]!.fixes, []);
});

test('warning fence-lookalike for text dlm silently reads as content, with the fence it was probably meant to be', () => {
  const cases: Array<[string, string | null]> = [
    ['::instruction:: ', '::instruction::'],
    [' ::prose::', '::prose::'],
    [':: prose ::', '::prose::'],
    ['::Instruction#tone :: ', '::instruction#tone::'],
    ["::image path='a.png'::", '::image path="a.png"::'],
    ['::image path=a.png::', '::image path="a.png"::'],
    ['::Image path="a"::', '::image path="a"::'],
    ['::image PATH="a"::', '::image path="a"::'],
    ['::image#a path="a"::', '::image path="a"::'],
  ];
  for (const [line, intended] of cases) {
    const text = ok('', `intro\n${line}\nmore\n`);
    const w = validateDocument(text).warnings;
    assert.deepEqual(w.map((x) => x.code), ['fence-lookalike'], line);
    assert.equal(w[0]!.range.start.line, 6, line);
    assert.equal(w[0]!.fixes![0]?.edits[0]!.newText ?? null, intended, line);
    const fixed = validateDocument(apply(text, w[0]!.fixes![0]!));
    assert.deepEqual(fixed.warnings.filter((x) => x.code === 'fence-lookalike'), [], `${line} fixed`);
    assert.notEqual(fixed.sections.length, 1, `${line}: the fix makes it a fence`);
  }
  for (const quiet of ['text ::instruction:: text', '```\n::instruction:: \n```', '::note about things', 'a :: b']) {
    assert.deepEqual(validateDocument(ok('', `${quiet}\n`)).warnings, [], quiet);
  }
});

test('quick fix: a fresh ULID (current time) for a bad or missing dlm_id', () => {
  const now = Date.UTC(2026, 0, 2, 3, 4, 5);
  for (const text of [doc('dlm_id: 01JDEMO0000000000000000000\ndlm_version: 15\nbase_model: x'), doc('dlm_version: 15\nbase_model: x'), doc('dlm_id: 12345678901234567890123456\ndlm_version: 15\nbase_model: x')]) {
    const p = validateDocument(text, { now: () => now }).problems[0]!;
    const fix = p.fixes![0]!;
    const id = /[0-9A-Z]{26}/.exec(fix.title)![0];
    assert.ok(isValidDlmId(id));
    assert.equal(ulidTime(id), now);
    assert.equal(validateDocument(apply(text, fix)).dlmAccepts, true, text);
  }
  const a = validateDocument(doc('dlm_id: x\nbase_model: y')).problems[0]!.fixes![0]!.title;
  const b = validateDocument(doc('dlm_id: x\nbase_model: y')).problems[0]!.fixes![0]!.title;
  assert.notEqual(a, b, 'every fix gets its own id');
});

test('quick fix: quote a value YAML typed as something other than a string', () => {
  for (const [value, quoted] of [['true', "'true'"], ['2024-01-01', "'2024-01-01'"], ['1.5', "'1.5'"]]) {
    const text = ok(`system_prompt: ${value}`);
    const p = validateDocument(text).problems[0]!;
    assert.equal(p.fixes![0]!.edits[0]!.newText, quoted);
    const fixed = validateDocument(apply(text, p.fixes![0]!));
    assert.equal(fixed.dlmAccepts, true);
    assert.equal(fixed.frontmatter!.system_prompt, value);
  }
});

test('quick fix: the nearest known key, and the nearest enum value', () => {
  for (const [bad, good] of [['training:\n  seeed: 1', 'seed'], ['exportt: {}', 'export'], ['training:\n  gate: {enabeld: false}', 'enabled'], ['training:\n  adapter: LoRA', 'lora']]) {
    const text = ok(bad);
    const p = validateDocument(text).problems[0]!;
    assert.equal(p.fixes![0]!.edits[0]!.newText, good, bad);
    assert.equal(validateDocument(apply(text, p.fixes![0]!)).dlmAccepts, true, bad);
  }
});

test('check: error codes are the kinds; warnings for what dlm accepts', () => {
  const c = checkDocument(doc('dlm_id: nope\nbase_model: x', '::poem::\n'));
  assert.equal(c.dlmAccepts, false);
  assert.deepEqual(c.diagnostics.map((d) => [d.severity, d.code]), [['error', 'frontmatter-schema'], ['error', 'body-fence'], ['warning', 'dlm-version-missing']]);
});

test('bad input never throws', () => {
  const inputs = ['', '---', '---\n---', '---\n[\n---', '---\n' + '['.repeat(5000) + '\n---', '---\na: *x\n---', '---\n---\n```', '\u0000\u0001', '---\n? [a]\n: b\n---'];
  for (const s of inputs) {
    assert.doesNotThrow(() => checkDocument(s), JSON.stringify(s.slice(0, 20)));
    assert.doesNotThrow(() => checkDocument(new Uint8Array(Buffer.from(s))), JSON.stringify(s.slice(0, 20)));
  }
  assert.equal(validateDocument(new Uint8Array([0xff, 0xfe, 0x2d])).problems[0]!.kind, 'frontmatter-encoding');
});

test('large documents: every line is looked at once (no quadratic offsets or regex backtracking)', () => {
  const sections = Array.from({ length: 20000 }, (_, i) => `::instruction#a${i % 7}::\n### Q\nq${i}\n### A\na`).join('\n');
  const v = validateDocument(ok('training:\n  adapters:\n    a0: {}\n    a1: {}', `${sections}\n::a${' '.repeat(20000)}x:\n${' '.repeat(20000)}::\n`));
  assert.equal(v.sections.length, 20000);
  assert.equal(v.warnings.filter((w) => w.code === 'adapter-undeclared').length, Array.from({ length: 20000 }, (_, i) => i % 7).filter((r) => r > 1).length);
  const big = validateDocument(doc(`dlm_id: ${ID}\nbase_model: x\nsystem_prompt: '${'x'.repeat(1 << 20)}'`));
  assert.equal(big.dlmAccepts, false, 'a frontmatter over 1 MiB is declined, not parsed');
});

test('the frontmatter schema documents every key and its default (hover, completion)', async () => {
  const { docAt, keysAt } = await import('../../src/engine/document/index.js');
  const paths: Array<Array<string | number>> = [[]];
  const seen: string[] = [];
  while (paths.length) {
    const p = paths.pop()!;
    for (const k of keysAt(p)) {
      const full = [...p, k.name];
      seen.push(full.join('.'));
      assert.ok(k.markdownDescription.length > 20, `${full.join('.')} has a description`);
      assert.ok(k.required || k.default !== undefined, `${full.join('.')} has a default`);
      paths.push(full);
    }
  }
  for (const key of ['training.seed', 'training.preference.hyperparams.beta', 'export.default_quant', 'training.gate.entropy_lambda']) assert.ok(seen.includes(key), key);
  assert.equal(docAt(['training', 'seed'])!.default, 42);
  assert.deepEqual(docAt(['training', 'lr_scheduler'])!.values, ['cosine', 'linear', 'constant']);
  assert.deepEqual(docAt(['training', 'micro_batch_size'])!.values, ['auto']);
  assert.equal(docAt(['dlm_id'])!.required, true);
  assert.equal(docAt(['training', 'adapters', 'tone', 'lora_r'])!.default, 8, 'adapter entries');
  assert.equal(docAt(['training', 'sources', 0, 'path'])!.required, true, 'source directives');
  assert.equal(docAt(['training', 'nope']), null);
});

test('documentError: the first parse problem, else the first section dlm train cannot use (media included)', async () => {
  const { parseErrorOf, rowsErrorOf } = await import('../../src/engine/document/index.js');
  const refused = validateDocument(ok('', '::poem::\n::instruction::\n### A\n'));
  assert.deepEqual(parseErrorOf(refused) && { ...parseErrorOf(refused)!, message: '' }, { stage: 'parse', kind: 'body-fence', message: '' });
  const media = validateDocument(ok('', '::image path="a.png"::\n::instruction::\n### A\nx\n'));
  assert.equal(parseErrorOf(media), null);
  assert.equal(rowsErrorOf(media)!.kind, 'media-section', 'dlm train meets the image section first');
  assert.equal(rowsErrorOf(media)!.stage, 'rows');
});

test('a missing key inside a list item is shown on that item', () => {
  const text = ok("training:\n  sources:\n    - include: ['*']");
  const p = validateDocument(text).problems[0]!;
  assert.deepEqual(p.loc, ['training', 'sources', 0, 'path']);
  assert.equal(p.range.start.line, 6);
});
