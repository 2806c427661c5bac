// README.md ships inside the .vsix and on the Marketplace page: every relative
// link must resolve to a file of this repository (vsce rewrites them to the
// repository's URL), never to a path outside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/shared';

function markdownLinks(text: string): string[] {
  const out: string[] = [];
  // inline links and images: [text](target) / ![alt](target); reference definitions: [x]: target
  for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) out.push(m[1]!);
  return out;
}

test('every relative link in README.md resolves inside the repository', () => {
  const text = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const links = markdownLinks(text);
  assert.ok(links.length > 5, 'the README has links to check');
  const problems: string[] = [];
  for (const link of links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('#')) continue; // https:, mailto:, in-page anchors
    const target = resolve(REPO_ROOT, decodeURI(link.split('#')[0]!));
    const rel = relative(REPO_ROOT, target);
    if (rel.startsWith('..')) problems.push(`${link}: points outside the repository`);
    else if (!existsSync(target)) problems.push(`${link}: no such file`);
  }
  assert.deepEqual(problems, []);
});

test('the link checker sees a link that leaves the repository', () => {
  assert.deepEqual(markdownLinks('see [x](../shared/spec/a.md) and ![i](media/a.png)'), ['../shared/spec/a.md', 'media/a.png']);
});
