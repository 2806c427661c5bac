// The PyYAML layer (src/engine/config/yaml/) relies on a few things the
// `yaml` package does not promise: three private members of its Lexer, and
// where its composer reports some errors. `yaml` is pinned to an exact
// version; when it is upgraded, these tests say by name what moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Composer, CST, Lexer, Parser, type ErrorCode } from 'yaml';
import { LEXER_INTERNALS, PyYamlLexer } from '../../src/engine/config/yaml/lexer.js';
import { REPO_ROOT } from '../helpers/shared';

const lexerProto = Lexer.prototype as unknown as Record<string, unknown>;

test('yaml is pinned to an exact version, the one installed', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const pinned = pkg.devDependencies.yaml;
  assert.match(pinned ?? '', /^\d+\.\d+\.\d+$/, `package.json: yaml must be an exact version, not ${pinned}`);
  const installed = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'yaml', 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(installed, pinned, 'node_modules/yaml is not the pinned version (run npm ci)');
});

test(`yaml internals: Lexer.prototype.${LEXER_INTERNALS.parseQuotedScalar} is a generator method`, () => {
  const fn = lexerProto[LEXER_INTERNALS.parseQuotedScalar];
  assert.equal(typeof fn, 'function', `yaml internals: Lexer.prototype.${LEXER_INTERNALS.parseQuotedScalar} is gone`);
  assert.equal((fn as () => unknown).constructor.name, 'GeneratorFunction', `yaml internals: Lexer.prototype.${LEXER_INTERNALS.parseQuotedScalar} is no longer a generator`);
});

for (const field of [LEXER_INTERNALS.flowLevel, LEXER_INTERNALS.indentNext]) {
  test(`yaml internals: the Lexer constructor sets the number Lexer#${field}`, () => {
    const lexer = new Lexer() as unknown as Record<string, unknown>;
    assert.equal(typeof lexer[field], 'number', `yaml internals: Lexer#${field} is gone (not a number after construction)`);
  });
}

test(`yaml internals: Lexer#${LEXER_INTERNALS.flowLevel} is assigned, not defined as a class field`, () => {
  // A class field would be defined on the instance and hide the accessor PyYamlLexer puts on its prototype.
  const lexer = new PyYamlLexer();
  assert.equal(Object.prototype.hasOwnProperty.call(lexer, LEXER_INTERNALS.flowLevel), false,
    `yaml internals: Lexer#${LEXER_INTERNALS.flowLevel} is now an own field of each lexer; the PyYAML lexer's accessor no longer runs`);
});

test('yaml internals: the lexer reads quoted scalars through this.parseQuotedScalar (PyYAML: no indentation minimum)', () => {
  for (const src of ['k: "a\nb"\n', "k: 'a\nb'\n"]) {
    const quoted = src.slice(3, 8);
    assert.ok(![...new Lexer().lex(src)].includes(quoted), 'the plain yaml lexer ends a quoted scalar at an unindented line (the probe is wrong)');
    assert.ok([...new PyYamlLexer().lex(src)].includes(quoted),
      `yaml internals: ${JSON.stringify(src)} is not one quoted scalar: the lexer no longer calls this.${LEXER_INTERNALS.parseQuotedScalar}() or ignores ${LEXER_INTERNALS.indentNext}`);
  }
});

test('yaml internals: entering [ ] moves Lexer#flowLevel (PyYAML: no indentation minimum inside brackets)', () => {
  const src = 'k: [a,\nb]\n';
  const items = (tokens: CST.Token[]): number => {
    const doc = tokens.find((t): t is CST.Document => t.type === 'document')!;
    const map = doc.value as CST.BlockMap;
    const flow = map.items[0]!.value as CST.FlowCollection;
    return flow.items.length;
  };
  const parse = (lexer: Lexer): CST.Token[] => {
    const parser = new Parser();
    const out: CST.Token[] = [];
    for (const lexeme of lexer.lex(src)) out.push(...parser.next(lexeme));
    out.push(...parser.end());
    return out;
  };
  assert.equal(items(parse(new PyYamlLexer())), 2,
    `yaml internals: ${JSON.stringify(src)} is not one flow sequence of two items: Lexer#${LEXER_INTERNALS.flowLevel} no longer tracks [ ]`);
});

test('yaml internals: CST.resolveAsScalar resolves plain, quoted and block scalars', () => {
  assert.equal(typeof CST.resolveAsScalar, 'function', 'yaml internals: CST.resolveAsScalar is gone');
  const doc = new Parser().parse('a: "x\\ty"\n').next().value as CST.Document;
  const item = (doc.value as CST.BlockMap).items[0]!;
  assert.equal(CST.resolveAsScalar(item.value)?.value, 'x\ty');
});

/** The composer's errors for a text: code and the range it reports. */
function composerErrors(src: string): Array<[ErrorCode, number, number]> {
  const tokens = [...new Parser().parse(src)];
  const out: Array<[ErrorCode, number, number]> = [];
  for (const doc of new Composer({ schema: 'failsafe', strict: false, uniqueKeys: false }).compose(tokens, true, src.length)) {
    for (const e of doc.errors) out.push([e.code, e.pos[0], e.pos[1]]);
  }
  return out;
}

// Where the PyYAML layer reinterprets a composer error, it finds the error by code and offset (and end).
const REINTERPRETED: Array<{ what: string; src: string; code: ErrorCode; at: number; end?: number }> = [
  { what: 'a comment right after `[` (PyYAML: a comment)', src: 'k: [#c\n a]\n', code: 'MISSING_CHAR', at: 4, end: 6 },
  { what: 'a key with no `:` (PyYAML\'s mark is its next token)', src: 'a: 1\nb\nc: 2\n', code: 'MISSING_CHAR', at: 5 },
  { what: 'a mapping on the line of a key (PyYAML\'s mark is its `:`)', src: 'k: a: b\n', code: 'BLOCK_AS_IMPLICIT_KEY', at: 3 },
  { what: 'the props of a mapping and of its first key (PyYAML: two nodes)', src: 'k: !!map\n  !!str : b\n', code: 'MULTIPLE_TAGS', at: 11 },
];

for (const r of REINTERPRETED) {
  test(`yaml internals: the composer reports ${r.what} as ${r.code} at offset ${r.at}`, () => {
    assert.ok(composerErrors(r.src).some(([code, at, end]) => code === r.code && at === r.at && (r.end === undefined || end === r.end)),
      `yaml internals: ${JSON.stringify(r.src)} no longer gives ${r.code} at ${r.at} (it gives ${JSON.stringify(composerErrors(r.src))})`);
  });
}
