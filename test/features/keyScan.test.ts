// The key scanners of completion return what the regular expressions they
// replace returned (on random lines over the characters that matter), and
// stay linear on long lines where those expressions were quadratic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasOpenBrace, keyBeforeValue, leadingKey, openFlowAfterKey } from '../../src/server/features/keyScan';
import { assertScalesLinearly } from '../helpers/complexity';
import { rng } from '../helpers/rng';

const FLOW = /(?:^|[{,]\s*)((?:'[^']*'|"[^"]*"|[^:#{},'"]+?))\s*:\s*\{([^{}]*)$/;
const OPEN = /\{[^}]*$/;
const KEY_VALUE = /^((?:'[^']*'|"[^"]*"|[^:#]+?))\s*:\s*([^:]*)$/;
const LEADING = /^\s*((?:'[^']*'|"[^"]*"|[^:#]+?))\s*:/;

const ALPHABET = [' ', ' ', ' ', '\t', '\u00a0', 'a', 'b', 'a', ':', ':', '#', '{', '{', '}', ',', "'", '"', '-'];

test('the scanners agree with the expressions on 200k random lines', () => {
  const r = rng(20240611);
  for (let i = 0; i < 200_000; i++) {
    const n = Math.floor(r() * 14);
    let s = '';
    for (let k = 0; k < n; k++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
    const f = FLOW.exec(s);
    assert.deepEqual(openFlowAfterKey(s), f ? { key: f[1], inner: f[2] } : null, `openFlowAfterKey(${JSON.stringify(s)})`);
    assert.equal(hasOpenBrace(s), OPEN.test(s), `hasOpenBrace(${JSON.stringify(s)})`);
    const typed = s.trimStart();
    assert.equal(keyBeforeValue(typed), KEY_VALUE.exec(typed)?.[1] ?? null, `keyBeforeValue(${JSON.stringify(typed)})`);
    assert.equal(leadingKey(s), LEADING.exec(s)?.[1] ?? null, `leadingKey(${JSON.stringify(s)})`);
  }
});

test('the scanners are linear on long lines', () => {
  const shapes: Array<[string, (n: number) => string]> = [
    ['spaces then a key', (n) => `${' '.repeat(n)}k: `],
    ['a key, spaces, no colon', (n) => `a${' '.repeat(n)}b`],
    ['spaces, a colon, spaces, a colon', (n) => `k:${' '.repeat(n)}:`],
    ['open braces', (n) => 'a: {'.repeat(n / 4)],
    ['commas and quotes', (n) => ",'".repeat(n / 2)],
  ];
  for (const [label, make] of shapes) {
    assertScalesLinearly(label, (n) => {
      const s = make(n);
      openFlowAfterKey(s);
      hasOpenBrace(s);
      keyBeforeValue(s.trimStart());
      leadingKey(s);
    }, 50_000);
  }
});
