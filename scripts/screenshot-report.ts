// Renders the README screenshot of the report (media/report-dark.png: the top
// of the standalone page at 1280 px, with what changed since a previous run)
// from a made-up but plausible corpus, in headless Chromium. The narrow one
// beside an editor, media/e2e-report-beside.png, comes from the real VS Code
// run (test-results/e2e/layout/beside-light.png). Usage:
// node --import tsx scripts/screenshot-report.ts
import { resolve } from 'node:path';
import { buildViewModel } from '../src/report/viewModel';
import { renderStandaloneHtml } from '../src/report/html';
import { buildWebviewAssets, launchBrowser, newPage, openFile, writeTemp } from '../test/report/browserHarness';
import { demoReports } from '../test/report/syntheticReports';

async function main(): Promise<void> {
  const { current, previous, details } = demoReports();
  const vm = buildViewModel(current, details, previous);
  const assets = await buildWebviewAssets();
  const browser = await launchBrowser();
  try {
    // the top of the report: headline tiles with their changes, what changed, notes, tags
    const { page, problems } = await newPage(browser, { width: 1280, height: 1000, colorScheme: 'dark' });
    await openFile(page, writeTemp('demo-dark.html', renderStandaloneHtml(vm, assets, { theme: 'dark' })));
    await page.waitForSelector('.report:not([aria-busy])');
    const bottom = await page.$eval('#tags', (el) => el.getBoundingClientRect().bottom + window.scrollY + 16);
    const out = resolve(__dirname, '../media/report-dark.png');
    await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.min(1200, bottom) } });
    if (problems.csp.length || problems.errors.length) throw new Error(JSON.stringify(problems));
    console.log(`wrote ${out}`);
    await page.context().close();
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
