// The pieces of the document validator that mirror Python or pydantic
// behaviour: fromisoformat, marker validation, fence classification, the
// Q/A and preference grammar, pydantic's lax readings, ULIDs, PyYAML marks.
// Expected values were checked against Python 3.11 / pydantic 2.13 / PyYAML 6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pyFromIsoformatOk } from '../../src/engine/document/isoformat';
import { readMarker } from '../../src/engine/document/markers';
import { classifyLine } from '../../src/engine/document/fences';
import { parseInstructionRows, parsePreferenceRows } from '../../src/engine/document/rows';
import { laxBool, laxFloat, laxInt } from '../../src/engine/document/coerce';
import { freshUlid, isValidDlmId, ulidTime } from '../../src/engine/document/ulid';
import { firstYamlIssue } from '../../src/engine/document/yamlMark';
import { pyyamlSafeLoad } from '../../src/engine/config/pyyaml';
import { pyFloat, pyInt } from '../../src/engine/config/pyvalue';

test('fromisoformat (Python 3.11)', () => {
  const yes = ['2024-01-01', '20240101', '2024-01-01T10:00:00', '2024-01-01 10:00', '2024-01-01T10', '2024-01-01T1000', '2024-01-01T10:00:00.5',
    '2024-01-01T10:00:00,123456789', '2024-01-01T10:00:00+00:00', '2024-01-01T10:00+0530', '2024-01-01T10:00-05', '2024-W01', '2024W013', '2024-W01-7',
    '2020-W53', '2024-02-29', '2024-01-01x10:00', '2024-01-01T10:00Z'];
  const no = ['yesterday', '2024-1-1', '2024-13-01', '2023-02-29', '2024-01-01T24:00', '2024-01-01T10:60', '2024-01-01T10:00:00+24:00', '2021-W53', '2024-W00',
    '2024-01-01T', '2024-01-01T10:00:00.', '2024-01-01T10:0', '2024-0101', '202401-01', '0000-01-01', '2024-01-01T10:00:00+0'];
  for (const s of yes) assert.ok(pyFromIsoformatOk(s), s);
  for (const s of no) assert.ok(!pyFromIsoformatOk(s), s);
});

test('mined and synth markers are validated strictly; harvest markers are free-form', () => {
  const mined = (attrs: string) => readMarker(`<!-- dlm-auto-mined:${attrs} -->`, 'preference');
  const good = ' judge_name="j" judge_score_chosen="0.9" judge_score_rejected="1_0" mined_at="2024-01-01T00:00:00Z" mined_run_id="+7"';
  const g = mined(good);
  assert.ok(g.kind === 'mined' && g.error === null);
  for (const bad of [' judge_name=j', good + ' extra="x"', good.replace('judge_name="j"', 'judge_name="j" judge_name="k"'), ' judge_name="j"',
    good.replace('"0.9"', '"nan"'), good.replace('"0.9"', '"-inf"'), good.replace('"0.9"', '"x"'), good.replace('"+7"', '"0"'), good.replace('"+7"', '"1.0"'),
    good.replace('2024-01-01T00:00:00Z', 'yesterday'), '', '  judge_name="j"']) {
    const m = mined(bad);
    assert.ok(m.kind === 'mined' && m.error !== null, bad);
  }
  assert.equal(readMarker('<!-- dlm-auto-mined: judge_name="j" -->', 'instruction').kind, 'none', 'mined markers belong to preference sections');
  assert.equal(readMarker('<!-- dlm-auto-mined: a="b"-->', 'preference').kind, 'none', 'not the exact outer form: plain content');
  const synth = readMarker('<!-- dlm-auto-synth: synth_teacher="" synth_strategy="s" synth_at="2024-01-01" source_section_id="0123456789abcdef" -->', 'instruction');
  assert.ok(synth.kind === 'synth' && synth.error === null, 'an empty teacher passes the marker check');
  const badId = readMarker('<!-- dlm-auto-synth: synth_teacher="t" synth_strategy="s" synth_at="2024-01-01" source_section_id="0123456789ABCDEF" -->', 'instruction');
  assert.ok(badId.kind === 'synth' && badId.error !== null);
  assert.equal(readMarker('<!-- dlm-auto-harvest: source="run 3" -->', 'preference').kind, 'harvest');
  assert.equal(readMarker('<!-- dlm-auto-harvest: src="x" -->', 'instruction').kind, 'none');
});

test('fence lines: bare, attribute, refused, and plain content', () => {
  const kind = (l: string) => classifyLine(l).kind;
  for (const l of ['::prose::', '::instruction#tone::', '::preference#a_1::', '::image path="a" alt="b"::', '::image\tpath="a" ::', '::audio path="a" transcript=""::']) assert.equal(kind(l), 'fence', l);
  for (const l of ['::PROSE::', '::poem::', '::#a::', '::prose#::', '::prose#a-b::', '::prose#a#b::', '::image::', '::audio#x::', '::prose path="a"::',
    '::video path="a"::', '::image path="a" path="b"::', '::image size="1" path="a"::', '::image path="café"::', '::audio path="a"::',
    `::prose#a${'b'.repeat(32)}::`]) assert.equal(kind(l), 'bad', l);
  for (const l of ['::instruction:: ', ' ::prose::', ':: prose ::', '::::', "::image path='a'::", '::image path=a::', '::Image path="a"::', '::image PATH="a"::',
    '::image#a path="a"::', 'text ::prose:: text', ':prose:']) assert.equal(kind(l), 'content', l);
  // Python's \s: U+001C is whitespace there (not in JavaScript), U+FEFF is not (it is in JavaScript)
  assert.equal(kind('::image\x1cpath="a"::'), 'fence');
  assert.equal(kind('::image\ufeffpath="a"::'), 'content');
});

test('instruction and preference grammar, with dlm\'s relative error lines', () => {
  const ins = (s: string) => { const r = parseInstructionRows(s); return r.error ? r.error.line : r.rows; };
  assert.equal(ins('### Q\nq\n### A\na\n\n  ### Q  \nq2\n\nmore q2\n### A\na2'), 2, 'blank lines inside a body are kept');
  assert.equal(ins('### Q !probe\nq\n### A\na'), 1);
  assert.equal(ins('### Q  !probe\nq\n### A\na'), 1, 'surrounding whitespace is stripped before the probe check');
  assert.equal(ins('### Q\nq\x0b### A\na'), 1, 'splitlines breaks at \\x0b');
  assert.equal(ins(''), 1);
  assert.equal(ins('### A\nx'), 1);
  assert.equal(ins('### Q\nquestion'), 3);
  assert.equal(ins('### Q\n### A\nx'), 2);
  assert.equal(ins('### Q\nq\n### A'), 4);
  assert.equal(ins('### Q\na\n### Q\nb\n### A\nc'), 3);
  assert.equal(ins('### Q !probe\nq\n\n'), 3, 'the probe rewrite re-joins the lines, dropping a trailing empty one');
  const pref = (s: string) => { const r = parsePreferenceRows(s); return r.error ? r.error.line : r.rows; };
  assert.equal(pref('### Prompt\np\n### Chosen\nc\n### Rejected\nr\n\n### Prompt\np\n### Chosen\nc\n### Rejected\nr'), 2);
  assert.equal(pref('### Prompt\np\n### Chosen\nc'), 5);
  assert.equal(pref('### Prompt\np\n### Chosen\n### Rejected\nr'), 4);
  assert.equal(pref('### Chosen\nc'), 1);
});

test('pydantic lax int / float / bool', () => {
  const i = (v: Parameters<typeof laxInt>[0]) => { const r = laxInt(v); return r.ok ? r.value : r.type; };
  assert.equal(i(' 8 '), 8n);
  assert.equal(i('1_0'), 10n);
  assert.equal(i('+8.00'), 8n);
  assert.equal(i('8.'), 'int_parsing');
  assert.equal(i('1e3'), 'int_parsing');
  assert.equal(i('_1'), 'int_parsing');
  assert.equal(i(true), 1n);
  assert.equal(i(pyFloat(8)), 8n);
  assert.equal(i(pyFloat(8.5)), 'int_from_float');
  assert.equal(i(pyFloat(Infinity)), 'finite_number');
  assert.equal(i(pyFloat(2 ** 63)), 'int_parsing_size');
  assert.equal(i(null), 'int_type');
  const f = (v: Parameters<typeof laxFloat>[0]) => { const r = laxFloat(v); return r.ok ? r.value : r.type; };
  assert.equal(f('1_e5'), 1e5);
  assert.equal(f('iNf'), Infinity);
  assert.equal(f('0x1'), 'float_parsing');
  assert.equal(f(pyInt(10n ** 400n)), 'float_type');
  const b = (v: Parameters<typeof laxBool>[0]) => { const r = laxBool(v); return r.ok ? r.value : r.type; };
  assert.equal(b('Y'), true);
  assert.equal(b(' yes '), 'bool_parsing');
  assert.equal(b(pyInt(2n)), 'bool_parsing');
  assert.equal(b(pyInt(2n ** 63n)), 'bool_type');
  assert.equal(b(pyFloat(1)), true);
  assert.equal(b(pyFloat(2)), 'bool_parsing');
  assert.equal(b(pyFloat(0.5)), 'bool_type');
  assert.equal(b(null), 'bool_type');
});

test('fresh ULIDs: Crockford alphabet, 26 characters, the given time', () => {
  const id = freshUlid(1_700_000_000_123, new Uint8Array(10).fill(255));
  assert.ok(isValidDlmId(id));
  assert.equal(id.length, 26);
  assert.equal(ulidTime(id), 1_700_000_000_123);
  assert.ok(id.endsWith('Z'.repeat(16)));
  assert.ok(!isValidDlmId('01JDEMO0000000000000000000'));
  assert.ok(isValidDlmId('Z'.repeat(26)));
});

test('PyYAML marks: a key without `:` is reported where the next token starts; NEL breaks lines', () => {
  const line = (y: string) => { const r = pyyamlSafeLoad(y); assert.ok(r.kind === 'yaml'); return firstYamlIssue(y, r.issues).line; };
  assert.equal(line('a: 1\nsystem_prompt a\nb: 2'), 2);
  assert.equal(line('a: 1\nsystem_prompt: x\x85b'), 2);
  assert.equal(line('training:\n  seed: 1\n   lora_r: 2'), 2);
  assert.equal(line('a: "x'), 0);
  const bad = pyyamlSafeLoad('a: "\x00"');
  assert.equal(bad.kind === 'yaml' && firstYamlIssue('a: "\x00"', bad.issues).line, null, 'no mark for an unacceptable character');
});
