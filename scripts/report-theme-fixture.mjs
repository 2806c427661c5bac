// Writes test/report/vscodeThemes.json — the theme variables VS Code gives a
// webview in Light Modern, Dark Modern and High Contrast — from what the e2e
// `layout` scenario saved (test-results/e2e/layout/theme-*.json), keeping the
// variables src/webview/report.css uses. Usage, after that scenario ran:
//   node scripts/report-theme-fixture.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const css = readFileSync(resolve(REPO, 'src/webview/report.css'), 'utf8');
const used = new Set(css.match(/--vscode-[\w-]+/g));
const out = {};
for (const theme of ['light', 'dark', 'high-contrast']) {
  const saved = JSON.parse(readFileSync(resolve(REPO, `test-results/e2e/layout/theme-${theme}.json`), 'utf8'));
  const variables = Object.fromEntries(Object.entries(saved.variables).filter(([k]) => used.has(k)).sort(([a], [b]) => a.localeCompare(b)));
  out[theme] = { bodyClass: saved.bodyClass, variables };
}
writeFileSync(resolve(REPO, 'test/report/vscodeThemes.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote test/report/vscodeThemes.json (${[...used].length} variables used by report.css)`);
