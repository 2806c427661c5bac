import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/engine/document';

const doc = (body: string) => parseDocument(`---\ntraining:\n  seed: 1\n---\n${body}`);

test('frontmatter and body split; one leading and trailing newline dropped', () => {
  const d = doc('\nHello.\n');
  assert.equal(d.frontmatter, 'training:\n  seed: 1');
  assert.equal(d.sections.length, 1);
  assert.equal(d.sections[0]!.content, 'Hello.');
  assert.equal(d.problems.length, 0);
});

test('fences start sections; whitespace-only prose is dropped', () => {
  const d = doc('\nIntro\n\n::prose::\n   \n::instruction::\n### Q\nq?\n### A\na\n\n  ### Q  \nq2\n### A\na2\n');
  assert.deepEqual(d.sections.map((s) => [s.type, s.rowCount]), [['prose', 1], ['instruction', 2]]);
  assert.equal(d.sections[0]!.content, 'Intro\n');
});

test('fences inside code blocks are content; unterminated blocks are problems', () => {
  const d = doc('\n```\n::instruction::\n```\n');
  assert.equal(d.sections.length, 1);
  assert.equal(d.sections[0]!.type, 'prose');
  assert.ok(doc('\n```\nopen\n').problems.length > 0);
});

test('preference triples, probes, adapters and unknown fences', () => {
  const d = doc('\n::preference::\n### Prompt\np\n### Chosen\nc\n### Rejected\nr\n::instruction#tone::\n### Q !probe\nq\n### A\na\n');
  assert.deepEqual(d.sections.map((s) => [s.type, s.adapter, s.rowCount]), [['preference', null, 1], ['instruction', 'tone', 1]]);
  assert.ok(doc('\n::weird::\nx\n').problems.some((p) => /unknown section/.test(p.message)));
  assert.ok(doc('\n::instruction::\n### A\nx\n').problems.length > 0, 'answer before question');
});

test('a document without frontmatter is a problem, not a crash', () => {
  assert.ok(parseDocument('no frontmatter').problems.length > 0);
  assert.ok(parseDocument('---\nunclosed').problems.length > 0);
});
