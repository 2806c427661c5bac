// `check --format sarif`: the check result as a SARIF 2.1.0 log, for code
// scanning tools. Rules are the diagnostic codes (ruleCatalog.ts); every
// checked file is an artifact (with dlm's load verdict), every diagnostic a
// result. Regions are 1-based; columns count UTF-16 code units, as the LSP
// ranges the engine produces do (SARIF's default columnKind).
import { pathToFileURL } from 'node:url';
import type { CheckedFile } from '../../engine/check/checkPaths.js';
import type { Range } from '../../engine/types.js';
import type { Severity } from '../../engine/diagnostics/index.js';
import { RULES } from './ruleCatalog.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const BASE_ID = 'SRCROOT';

type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifOptions {
  /** Paths are written relative to this folder (the base URI SRCROOT). */
  cwd: string;
  toolVersion: string;
  /** POSIX path of an absolute path relative to `cwd`. */
  relative: (abs: string) => string;
}

/** A relative POSIX path as a URI reference: each segment percent-encoded. */
export function pathToUriReference(posixPath: string): string {
  return posixPath.split('/').map(encodeURIComponent).join('/');
}

function region(r: Range): Record<string, number> {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

export function checkSarif(files: readonly CheckedFile[], opts: SarifOptions): object {
  const ruleIds = [...RULES.keys()];
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => ruleObject(id, RULES.get(id)!.summary, LEVEL[RULES.get(id)!.severity]));
  const ruleFor = (code: string, severity: Severity): number => {
    let i = ruleIndex.get(code);
    if (i === undefined) {
      // a code this catalog does not know yet still gets a rule of its own
      ruleIndex.set(code, (i = rules.length));
      rules.push(ruleObject(code, `dlm-weights diagnostic ${code}.`, LEVEL[severity]));
    }
    return i;
  };
  const location = (abs: string) => ({ uri: pathToUriReference(opts.relative(abs)), uriBaseId: BASE_ID });
  const artifacts = files.map((f) => ({ location: location(f.path), properties: { dlmAccepts: f.dlmAccepts } }));
  const results = files.flatMap((f, index) => f.diagnostics.map((d) => {
    const result: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: ruleFor(d.code, d.severity),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: { ...location(f.path), index }, region: region(d.range) } }],
    };
    if (d.related?.length) {
      result.relatedLocations = d.related.map((r, id) => ({
        id, message: { text: r.message },
        physicalLocation: { artifactLocation: location(r.path), region: region(r.range) },
      }));
    }
    return result;
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'dlm-weights', semanticVersion: opts.toolVersion, rules } },
      originalUriBaseIds: { [BASE_ID]: { uri: pathToFileURL(opts.cwd.endsWith('/') ? opts.cwd : opts.cwd + '/').href } },
      columnKind: 'utf16CodeUnits',
      artifacts,
      results,
    }],
  };
}

function ruleObject(id: string, summary: string, level: SarifLevel): object {
  return { id, shortDescription: { text: summary }, defaultConfiguration: { level } };
}
