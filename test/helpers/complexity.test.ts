// The complexity check itself: it must catch quadratic work and pass linear work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertScalesLinearly } from './complexity';
test('quadratic is caught', () => {
  assert.throws(() => assertScalesLinearly('quad', (n) => { let s = 0; for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += i ^ j; return s; }, 1500));
});
test('linear passes', () => { assertScalesLinearly('lin', (n) => { let s = 0; for (let i = 0; i < n * 1000; i++) s += i; return s; }, 5000); });
