// Checks of one training.yaml that need no corpus: every reason dlm rejects
// or crashes on it (errors, from the loader), and local likely mistakes.
import { loadTrainingYamlBytes, loadTrainingYamlText, type ConfigIssue, type LoadResult } from '../config/index.js';
import { isDiagnosticCode } from './codes.js';
import type { Diagnostic } from './types.js';

export interface FileVerdict {
  /** Would dlm's loader return a config for this file? */
  dlmAccepts: boolean;
  diagnostics: Diagnostic[];
  result: LoadResult;
}

export function diagnoseTrainingYamlText(text: string): FileVerdict {
  return verdictOf(loadTrainingYamlText(text));
}

/** The file's bytes as dlm reads them (strict UTF-8: an encoding error is located). */
export function diagnoseTrainingYamlBytes(bytes: Uint8Array): FileVerdict {
  return verdictOf(loadTrainingYamlBytes(bytes));
}

/**
 * A loader issue as a diagnostic. Rule of truth: an error iff dlm refuses the
 * file or dlm train crashes on it — which is what every loader issue means.
 */
export function configIssueDiagnostic(issue: ConfigIssue): Diagnostic {
  return {
    severity: 'error',
    // the loader's codes are plain strings; test/shared/diagnosticCodes.test.ts
    // proves each one is registered, so the fallback never shows
    code: isDiagnosticCode(issue.code) ? issue.code : 'schema-invalid',
    message: issue.message,
    range: issue.range,
    // the loader's one quick fix is quoting a scalar PyYAML would type
    fixes: issue.fix ? [{ kind: 'quote', title: issue.fix.title, edits: [{ range: issue.fix.range, newText: issue.fix.newText }] }] : undefined,
  };
}

/** The diagnostics of a loader verdict (e.g. from loadTrainingYamlRead). */
export function verdictOf(result: LoadResult): FileVerdict {
  const diagnostics: Diagnostic[] = result.issues.map(configIssueDiagnostic);
  const loc = result.locations;
  if (result.accepted && result.config && loc) {
    if (!result.config.excludeDefaults) {
      const range = loc.topKeys.get('exclude_defaults')!;
      diagnostics.push({
        severity: 'warning', code: 'exclude-defaults-off', range,
        message: 'With `exclude_defaults: false` dlm trains on what it normally skips under this folder: secrets (`.env`, `*.pem`, `*.key`, `id_rsa`), VCS folders (`.git/`), lock files, build output, and this folder\'s own `.dlm/training.yaml` and `.dlm/ignore`.',
      });
    }
  }
  if (loc) {
    for (const d of loc.duplicateKeys) {
      diagnostics.push({
        severity: 'warning', code: 'duplicate-key', range: d.firstRange,
        message: `\`${d.key}\` appears again on line ${d.winnerRange.start.line + 1}; dlm (PyYAML) silently keeps the last one and ignores this one.`,
        related: undefined,
      });
    }
  }
  return { dlmAccepts: result.accepted, diagnostics, result };
}
