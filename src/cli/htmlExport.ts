// Standalone HTML export: the webview bundle (dist/webview.js + .css, next to
// this CLI bundle) inlined into one self-contained file with a strict CSP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DryRunReport, ReportDetails } from '../shared/reportModel.js';
import { buildViewModel } from '../report/viewModel.js';
import { renderStandaloneHtml } from '../report/html.js';
import { mixViewModel, sinceViewModel } from '../report/insightsView.js';
import type { Insights } from './insights.js';

/** The report page; with the training mix and since-last-run when they were computed. */
export function standaloneReportHtml(report: DryRunReport, details: ReportDetails, insights?: Insights): string {
  const dist = __dirname;
  const js = readFileSync(join(dist, 'webview.js'), 'utf8');
  const css = readFileSync(join(dist, 'webview.css'), 'utf8');
  const vm = buildViewModel(report, details);
  if (insights?.mix) vm.mix = mixViewModel(insights.mix, { tokenSource: insights.tokenSource ?? '' });
  if (insights?.since) vm.since = sinceViewModel(insights.since);
  return renderStandaloneHtml(vm, { js, css });
}
