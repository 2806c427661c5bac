// The report page's script and stylesheet, read once from the extension's
// dist/ folder. The panel inlines them in its HTML: a resource a webview
// loads by URI is a round trip through VS Code's webview resource loader
// (in a browser, its service worker and the remote file system) before the
// page can run. The HTML export inlines the same text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: { dir: string; assets: { js: string; css: string } } | undefined;

/** The bundles in `distDir` (read on first use, then kept: they change only with the extension). */
export function webviewAssets(distDir: string): { js: string; css: string } {
  if (cached?.dir !== distDir) {
    cached = { dir: distDir, assets: { js: readFileSync(join(distDir, 'webview.js'), 'utf8'), css: readFileSync(join(distDir, 'webview.css'), 'utf8') } };
  }
  return cached.assets;
}
