// `pyyamlSafeLoad` on a `.dlm` frontmatter: for a YAML error, PyYAML's mark
// line (upstream reports it + 2 as the file line), or null when PyYAML gives
// no mark; for a non-YAML crash, the Python exception class; otherwise a
// value. Checked against every doc-cases.json document with valid delimiters
// (upstream's verdicts), then a few marks that differ from where the
// problem starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pyyamlSafeLoad } from '../../src/engine/config/pyyaml.js';
import { parityPath } from '../helpers/shared';

interface DocCase { name: string; b64: string; verdict: { kind?: string; line?: number | null; exception?: string } }

/** The frontmatter dlm hands to PyYAML: the lines between the first two `---` lines, or null without them. */
function frontmatter(bytes: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  if (text.startsWith('\ufeff')) text = text.slice(1);
  const lines = text.replace(/\r\n/g, '\n').replace(/\r/g, '\n').split('\n');
  const close = lines.indexOf('---', 1);
  return lines[0] === '---' && close > 0 ? lines.slice(1, close).join('\n') : null;
}

test('doc-cases.json: each frontmatter loads, is refused with PyYAML\'s mark line, or crashes, as upstream', () => {
  const cases = (JSON.parse(readFileSync(parityPath('doc-cases.json'), 'utf8')) as { cases: DocCase[] }).cases;
  const failures: string[] = [];
  let yamlCases = 0;
  let crashCases = 0;
  let loaded = 0;
  for (const c of cases) {
    const kind = c.verdict.kind;
    const fm = frontmatter(Buffer.from(c.b64, 'base64'));
    if (fm === null) continue;
    const r = pyyamlSafeLoad(fm);
    if (kind !== 'frontmatter-yaml' && kind !== 'frontmatter-yaml-crash') {
      // dlm got past its YAML stage
      loaded++;
      if (r.kind !== 'ok') failures.push(`${c.name}: ${r.kind === 'yaml' ? `refused (${r.issues[0]!.code}: ${r.issues[0]!.message})` : `crash ${r.exception}`}, upstream loaded it`);
    } else if (kind === 'frontmatter-yaml') {
      yamlCases++;
      if (r.kind !== 'yaml') { failures.push(`${c.name}: ${r.kind}, not a YAML error`); continue; }
      const line = r.markLine === null ? null : r.markLine + 2;
      if (line !== c.verdict.line) failures.push(`${c.name}: line ${line} (${r.issues[0]!.code}: ${r.issues[0]!.message}), upstream ${c.verdict.line}`);
    } else {
      crashCases++;
      if (r.kind !== 'crash') { failures.push(`${c.name}: ${r.kind}, not a crash`); continue; }
      if (r.exception !== c.verdict.exception) failures.push(`${c.name}: ${r.exception}, upstream ${c.verdict.exception}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(yamlCases >= 15 && crashCases >= 4 && loaded >= 300, `only ${yamlCases} YAML, ${crashCases} crash and ${loaded} loaded cases were usable`);
});

const markLine = (text: string): number | null => {
  const r = pyyamlSafeLoad(text);
  assert.equal(r.kind, 'yaml', JSON.stringify(text));
  return r.kind === 'yaml' ? r.markLine : -1;
};

test('PyYAML marks where it notices, not where the problem starts', () => {
  // a key with no `:`: noticed where the scanner first stands on a later line: after the line
  // breaks a plain scalar's scan takes (stopping at a `#`), else at the next token, or the end
  assert.equal(markLine('a: 1\nb\n\n# c\nd: 2\n'), 3);
  assert.equal(markLine('a: 1\nb # c\n\nd: 2\n'), 3);
  assert.equal(markLine('a: 1\n"b"\n\n# c\nd: 2\n'), 4);
  assert.equal(markLine('a: 1\n[b,\n c]\nd: 2\n'), 2);
  assert.equal(markLine('a: 1\n&x\n\nd: 2\n'), 3);
  assert.equal(markLine('a: 1\nb\n'), 2);
  assert.equal(markLine('a: 1\nb'), 1);
  // …unless a token on its line drops the pending key first
  assert.equal(markLine('a: 1\n"b", c\nd: 2\n'), 1);
  // a composer error (an undefined alias) comes after what the scanner read ahead to place it
  assert.equal(markLine('a: 1\n*x\n\nd: 2\n'), 3);
  assert.equal(markLine('a: *x\nb: 1\nc: 2\nd\n'), 0);
  // a plain value running into a `:` on a later line ("mapping values are not allowed here")
  assert.equal(markLine('k:\n  a: 1\n   b: 2\n'), 2);
  assert.equal(markLine('k: a: b\n'), 0);
  // a key whose `:` is on a later line: noticed at the `:`
  assert.equal(markLine('k:\n  "a\n  b": 1\n'), 2);
  // a second document: at its `---`
  assert.equal(markLine('a: 1\n\n--- \nb: 2\n'), 2);
  // a constructor error: at the node's first property
  assert.equal(markLine('k:\n  !x\n  v\n'), 1);
  // a reader error has no mark
  assert.equal(markLine('a: 1\n\u0007\n'), null);
});
