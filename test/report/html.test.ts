import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeAttr, escapeHtml, jsonForScript, renderStandaloneHtml, webviewHtml } from '../../src/report/html';
import { buildViewModel } from '../../src/report/viewModel';
import { loadCase } from './fixtures';

const HOSTILE = '</script><img src=x onerror=alert(1)>.txt';

function hostileVm() {
  const { report } = loadCase('001-basic-directory');
  const r = {
    ...report,
    document: `<!--<script>${HOSTILE}`,
    rows: report.rows.map((row) => ({ ...row, origin: HOSTILE, tags: new Map([['</style>', '\u2028&amp;']]) })),
  };
  return buildViewModel(r, { root: '/tmp/<b>', skippedFiles: [{ source: '.', path: HOSTILE, reason: 'excluded' }] });
}

test('jsonForScript leaves no <, >, & or line separators, and parses back identically', () => {
  const value = { a: HOSTILE, b: '<!-- x -->', c: 'a&b', d: '\u2028\u2029' };
  const s = jsonForScript(value);
  assert.doesNotMatch(s, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(s), value);
});

test('escapeHtml escapes markup and quotes', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
});

test('standalone HTML: hostile names stay inside the data block', () => {
  const vm = hostileVm();
  const html = renderStandaloneHtml(vm, { js: 'console.log(1)', css: 'body{}' }, { nonce: 'TESTNONCE' });
  // exactly our three script/style elements, nothing injected
  assert.equal(html.match(/<script\b/gi)?.length, 2);
  assert.equal(html.match(/<\/script>/gi)?.length, 2);
  assert.equal(html.match(/<style\b/gi)?.length, 1);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<img[^>]*onerror/i);
  const data = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html)![1];
  assert.deepEqual(JSON.parse(data), vm);
  const title = /<title>([^]*?)<\/title>/.exec(html)![1];
  assert.doesNotMatch(title, /[<>]/);
});

test('standalone HTML: strict CSP with the nonce on every inline element, no remote resources', () => {
  const vm = buildViewModel(loadCase('008-fractional-weights').report);
  const html = renderStandaloneHtml(vm, { js: 'var a = "</script>";', css: 'a::after{content:"</style>"}' }, { theme: 'dark' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  assert.ok(nonce.length >= 16);
  assert.equal(csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:`);
  assert.match(html, new RegExp(`<style nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}">`));
  assert.match(html, /<body class="vscode-dark" data-standalone="true">/);
  assert.doesNotMatch(html, /https?:\/\//);
  assert.doesNotMatch(html, /\ssrc=/);
  assert.doesNotMatch(html, /\sstyle=/);
  assert.match(html, /var a = "<\\\/script>";/, 'an inlined bundle cannot close its own script element');
  assert.match(html, /content:"<\\\/style>"/);
  const other = renderStandaloneHtml(vm, { js: '', css: '' });
  assert.notEqual(/'nonce-([^']+)'/.exec(other)![1], nonce, 'a fresh nonce each time');
});

test('webview HTML: CSP from the host, assets by URI, attributes escaped', () => {
  const html = webviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abc123',
    assets: { scriptUri: 'https://x/dist/webview.js?a=1&b="2"', styleUri: 'https://x/dist/webview.css' },
  });
  const src = 'https://file+.vscode-resource.vscode-cdn.net';
  const csp = `default-src 'none'; script-src 'nonce-abc123'; style-src ${src} 'nonce-abc123'; img-src ${src} data:; font-src ${src}`;
  assert.ok(html.includes(`content="${escapeAttr(csp)}"`));
  assert.match(html, /<script nonce="abc123" src="https:\/\/x\/dist\/webview\.js\?a=1&#38;b=&#34;2&#34;"><\/script>/);
  assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/dist\/webview\.css" nonce="abc123">/);
  assert.match(html, /<main id="app"/);
});

test('webview HTML: assets inlined under the same CSP nonce, unable to close their own elements', () => {
  const html = webviewHtml({ cspSource: 'vscode-resource:', nonce: 'abc123', assets: { js: 'var a = "</script>"; go();', css: '.x{content:"</style>"}' } });
  assert.doesNotMatch(html, /\ssrc=|<link/);
  assert.match(html, /<style nonce="abc123">\n\.x\{content:"<\\\/style>"\}\n<\/style>/);
  assert.match(html, /<script nonce="abc123">\nvar a = "<\\\/script>"; go\(\);\n<\/script>/);
  assert.ok(html.includes(`script-src 'nonce-abc123'`));
});
