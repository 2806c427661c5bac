// Standalone HTML export: the webview bundle (dist/webview.js + .css, next to
// this CLI bundle) inlined into one self-contained file with a strict CSP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DryRunReport, ReportDetails } from '../shared/reportModel.js';
import { buildViewModel } from '../report/viewModel.js';
import { renderStandaloneHtml } from '../report/html.js';

export function standaloneReportHtml(report: DryRunReport, details: ReportDetails): string {
  const dist = __dirname;
  const js = readFileSync(join(dist, 'webview.js'), 'utf8');
  const css = readFileSync(join(dist, 'webview.css'), 'utf8');
  return renderStandaloneHtml(buildViewModel(report, details), { js, css });
}
