// Completion writes a tag key or value plain only when PyYAML reads it back
// as the same string (YAML 1.1 implicit typing, as the config loader resolves it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsQuotes, yamlScalar } from '../../src/server/features/yamlScalar';

test('values PyYAML would type are quoted; look-alikes it keeps as strings are not', () => {
  for (const s of ['yes', 'No', 'ON', 'true', '~', 'null', 'NULL', '', '1', '-0', '0x1F', '0b101', '017', '1_000', '1:30', '1.5', '.5', '1.', '.inf', '-.INF', '.NaN', '2024-01-01', '2024-1-1 1:02:03', '<<', '=']) {
    assert.equal(needsQuotes(s), true, JSON.stringify(s));
  }
  for (const s of ['python', 'y', 'n', 'Yes please', '1e3', '0o17', '08', '1-2', 'v1.5', 'docs/guide.md', '2024']) {
    assert.equal(needsQuotes(s), s === '2024', JSON.stringify(s));
  }
  assert.equal(yamlScalar('yes'), "'yes'");
  assert.equal(yamlScalar("it's"), "'it''s'");
  assert.equal(yamlScalar('python'), 'python');
});
