// A lone edit is applied almost at once; keys typed in a burst wait for a pause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDebounce, EDIT_BURST_GAP_MS, EDIT_DEBOUNCE_MS, LONE_EDIT_DEBOUNCE_MS } from '../../src/server/editDebounce';

test('the first edit and one after a pause get the short wait; one within a burst the long one', () => {
  assert.ok(LONE_EDIT_DEBOUNCE_MS < EDIT_DEBOUNCE_MS);
  assert.equal(editDebounce(1000, undefined), LONE_EDIT_DEBOUNCE_MS);
  assert.equal(editDebounce(1000, 1000 - EDIT_BURST_GAP_MS - 1), LONE_EDIT_DEBOUNCE_MS);
  assert.equal(editDebounce(1000, 1000 - EDIT_BURST_GAP_MS + 1), EDIT_DEBOUNCE_MS);
  assert.equal(editDebounce(1000, 990), EDIT_DEBOUNCE_MS);
});
