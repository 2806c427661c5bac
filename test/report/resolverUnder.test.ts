// The view-model's per-row path resolver gives what resolveUnder gives, for
// plain paths (its fast path) and for the others alike.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveUnder } from '../../src/report/paths';
import { resolverUnder } from '../../src/report/viewModel';

describe('resolverUnder', () => {
  it('agrees with resolveUnder', () => {
    const roots = [null, '', '/', '/a/b', '/a/b/', 'C:\\corpus', 'C:\\corpus\\', '\\\\server\\share', 'rel/dir', '/mixed\\dir/x'];
    const rels = ['x.py', 'src/x.py', 'a/b/c/d.txt', './x', 'a/./b', 'a/../b', '../up.txt', '..', '.', '', '/abs', 'a//b', 'a/', 'dir\\file', '.hidden/x', 'a/..b/c', '...', 'x#3'];
    for (const root of roots) {
      const under = resolverUnder(root);
      for (const rel of rels) assert.equal(under(rel), resolveUnder(root, rel), `${JSON.stringify(root)} + ${JSON.stringify(rel)}`);
    }
  });
});
