// HTML shells for the report: the VS Code webview page (assets by URI) and a
// self-contained standalone file (assets and data inlined, strict CSP).
import { randomBytes } from 'node:crypto';
import type { ReportViewModel } from '../shared/view/viewModelTypes';

/** A fresh CSP nonce (base64 of 18 random bytes). */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that is safe inside <script type="application/json">: no `<` (so no
 * `</script>` or `<!--`), `>` or `&`, and no U+2028/U+2029.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escapes a value for a double-quoted attribute (quotes ' stay readable, as in CSP). */
export function escapeAttr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Keeps an inlined bundle from closing its own element early. */
function inlineSafe(code: string, tag: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

export type StandaloneTheme = 'dark' | 'light' | 'high-contrast';

export interface StandaloneOptions {
  /** body class vscode-<theme>; without it the page follows prefers-color-scheme */
  theme?: StandaloneTheme;
  /** for tests; a fresh one otherwise */
  nonce?: string;
}

export function renderStandaloneHtml(
  vm: ReportViewModel,
  assets: { js: string; css: string },
  options: StandaloneOptions = {},
): string {
  const nonce = options.nonce ?? createNonce();
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:`;
  const bodyClass = options.theme ? ` class="vscode-${options.theme}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dlm-weights">
<title>${escapeHtml(`dlm dry run — ${vm.title}`)}</title>
<style nonce="${escapeAttr(nonce)}">
${inlineSafe(assets.css, 'style')}
</style>
</head>
<body${bodyClass} data-standalone="true">
<main id="app" aria-live="polite"></main>
<script type="application/json" id="report-data">${jsonForScript(vm)}</script>
<script nonce="${escapeAttr(nonce)}">
${inlineSafe(assets.js, 'script')}
</script>
</body>
</html>
`;
}

export interface WebviewHtmlOptions {
  cspSource: string;
  nonce: string;
  /**
   * The page's script and stylesheet: their text, inlined (the extension's
   * way: a resource loaded by URI is a round trip through VS Code's webview
   * resource loader before the page can run), or their URIs.
   */
  assets: { js: string; css: string } | { scriptUri: string; styleUri: string };
}

/** The page of the VS Code report panel; the report arrives by postMessage. */
export function webviewHtml(opts: WebviewHtmlOptions): string {
  const n = escapeAttr(opts.nonce);
  const src = opts.cspSource;
  const csp = `default-src 'none'; script-src 'nonce-${opts.nonce}'; style-src ${src} 'nonce-${opts.nonce}'; img-src ${src} data:; font-src ${src}`;
  const a = opts.assets;
  const style = 'css' in a ? `<style nonce="${n}">\n${inlineSafe(a.css, 'style')}\n</style>` : `<link rel="stylesheet" href="${escapeAttr(a.styleUri)}" nonce="${n}">`;
  const script = 'js' in a ? `<script nonce="${n}">\n${inlineSafe(a.js, 'script')}\n</script>` : `<script nonce="${n}" src="${escapeAttr(a.scriptUri)}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${style}
<title>dlm dry run</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="placeholder">Running the dry run…</p></main>
${script}
</body>
</html>
`;
}
