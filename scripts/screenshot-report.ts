// Renders the README screenshots of the report (media/report-dark.png and
// media/report-light.png) from a made-up but plausible corpus, in headless
// Chromium. Usage: node --import tsx scripts/screenshot-report.ts
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
    // dark: the top of the report (headline, what changed, tags);
    // light: further down (configs, skipped files, the rows table filtered and sorted).
    for (const theme of ['dark', 'light'] as const) {
      const { page, problems } = await newPage(browser, { width: 1280, height: 1400, colorScheme: theme });
      await openFile(page, writeTemp(`demo-${theme}.html`, renderStandaloneHtml(vm, assets, { theme })));
      await page.waitForSelector('.report');
      const out = resolve(__dirname, `../media/report-${theme}.png`);
      if (theme === 'dark') {
        await page.screenshot({ path: out });
      } else {
        await page.click('details.skip-group summary');
        await page.fill('#rows-filter', 'kind=docs');
        await page.click('button[data-sort="copies"]');
        await page.waitForFunction(() => /of/.test(document.getElementById('rows-count')?.textContent ?? ''));
        await page.mouse.move(0, 0);
        const top = await page.$eval('#configs', (el) => el.getBoundingClientRect().top + window.scrollY - 16);
        const bottom = await page.$eval('#rows', (el) => el.getBoundingClientRect().bottom + window.scrollY + 24);
        await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: top, width: 1280, height: Math.min(1400, bottom - top) } });
      }
      if (problems.csp.length || problems.errors.length) throw new Error(JSON.stringify(problems));
      console.log(`wrote ${out}`);
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
