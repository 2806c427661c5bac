// The complexity check itself: it must catch quadratic work and pass linear work.
// The quadratic size keeps the small run well above timer and scheduler noise
// (at n = 1500 it took ~2 ms, and a busy machine's noise hid the 16× growth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertScalesLinearly } from './complexity';
test('quadratic is caught', () => {
  assert.throws(() => assertScalesLinearly('quad', (n) => { let s = 0; for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += i ^ j; return s; }, 4000));
});
test('linear passes', () => { assertScalesLinearly('lin', (n) => { let s = 0; for (let i = 0; i < n * 1000; i++) s += i; return s; }, 5000); });
