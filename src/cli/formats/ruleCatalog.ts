// The rule list of the SARIF output (tool.driver.rules): every diagnostic
// code, from the one registry (src/shared/diagnosticCodes.ts), each summary
// written as a plain-text sentence.
import { DIAGNOSTIC_CODES, type Severity } from '../../shared/diagnosticCodes.js';

export interface RuleInfo {
  summary: string;
  /** The usual severity (a few codes vary per finding; each result carries its own). */
  severity: Severity;
}

/** "`weights` is null" -> "weights is null." (SARIF's shortDescription is plain text). */
function sentence(markdown: string): string {
  const plain = markdown.replace(/`/g, '');
  return `${plain.charAt(0).toUpperCase()}${plain.slice(1)}${/[.!?]$/.test(plain) ? '' : '.'}`;
}

/** Code -> rule, in the registry's order (configs, then `.dlm` documents). */
export const RULES: ReadonlyMap<string, RuleInfo> = new Map(
  Object.entries(DIAGNOSTIC_CODES).map(([code, info]): [string, RuleInfo] => [code, { summary: sentence(info.summary), severity: info.severity }]),
);
