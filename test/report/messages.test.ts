import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostToWebviewMessage, isWebviewToHostMessage } from '../../src/shared/view/messages';
import { buildViewModel } from '../../src/report/viewModel';
import { loadCase } from './fixtures';

const vm = buildViewModel(loadCase('008-fractional-weights').report);

test('host -> webview: valid messages pass', () => {
  assert.ok(isHostToWebviewMessage({ type: 'report', vm }));
  assert.ok(isHostToWebviewMessage(JSON.parse(JSON.stringify({ type: 'report', vm }))));
  assert.ok(isHostToWebviewMessage({ type: 'progress', message: 'Walking files…' }));
  assert.ok(isHostToWebviewMessage({ type: 'progress', message: 'Hashing', done: 3, total: 10 }));
  assert.ok(isHostToWebviewMessage({ type: 'error', message: 'boom' }));
});

test('host -> webview: unknown or malformed messages are rejected', () => {
  const bad: unknown[] = [
    null, undefined, 42, 'report', [], {},
    { type: 'unknown' },
    { type: 'toString' },
    { type: '__proto__' },
    { type: 'report' },
    { type: 'report', vm: {} },
    { type: 'report', vm, extra: 1 },
    { type: 'report', vm: { ...vm, headline: { ...vm.headline, rows: -1 } } },
    { type: 'report', vm: { ...vm, rows: [...vm.rows, { ...vm.rows[0], status: 'weird' }] } },
    { type: 'report', vm: { ...vm, rows: [{ ...vm.rows[0], weight: Infinity }] } },
    { type: 'report', vm: { ...vm, tags: [{ ...vm.tags[0], label: 7 }] } },
    { type: 'report', vm: { ...vm, seed: '4.2' } },
    { type: 'report', vm: { ...vm, version: 2 } },
    { type: 'progress' },
    { type: 'progress', message: 1 },
    { type: 'progress', message: 'x', done: -1 },
    { type: 'progress', message: 'x', done: 1.5 },
    { type: 'error', message: null },
    { type: 'openFile', path: 'x' },
  ];
  for (const m of bad) assert.equal(isHostToWebviewMessage(m), false, JSON.stringify(m)?.slice(0, 120));
});

test('webview -> host: valid messages pass', () => {
  assert.ok(isWebviewToHostMessage({ type: 'ready' }));
  assert.ok(isWebviewToHostMessage({ type: 'rerun' }));
  assert.ok(isWebviewToHostMessage({ type: 'openFile', path: 'src/a.py' }));
  assert.ok(isWebviewToHostMessage({ type: 'openFile', path: '/abs/a.py', line: 0 }));
  for (const format of ['json', 'csv', 'html']) assert.ok(isWebviewToHostMessage({ type: 'export', format }));
});

test('webview -> host: unknown or malformed messages are rejected', () => {
  const bad: unknown[] = [
    null, 'ready', { type: 'READY' }, { type: 'ready', extra: true },
    { type: 'openFile' }, { type: 'openFile', path: '' }, { type: 'openFile', path: 3 },
    { type: 'openFile', path: 'a', line: -1 }, { type: 'openFile', path: 'a', line: '2' },
    { type: 'export' }, { type: 'export', format: 'pdf' }, { type: 'export', format: 'json', path: '/tmp/x' },
    { type: 'rerun', force: true }, { type: 'report', vm },
    Object.create({ type: 'ready' }),
  ];
  for (const m of bad) assert.equal(isWebviewToHostMessage(m), false, JSON.stringify(m));
});
