// Settings under `dlmWeights`: pulled per workspace folder (workspace/configuration),
// pushed by the client (workspace/didChangeConfiguration, the only way for
// clients without workspace/configuration, e.g. Neovim 0.7), or given once in
// initializationOptions.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_MAX_FILES, type DlmSettings } from '../shared/protocol';

export const SECTION = 'dlmWeights';

/** A decimal integer (dlm seeds are arbitrary-precision), or undefined. */
export function parseSeedSetting(v: unknown): bigint | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return /^[+-]?\d+$/.test(s) ? BigInt(s) : undefined;
}

export function normalizeSettings(raw: unknown): DlmSettings {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const seed = parseSeedSetting(o.seed);
  const doc = typeof o.corpusDocument === 'string' && o.corpusDocument.trim() !== '' ? o.corpusDocument.trim() : undefined;
  const max = typeof o.maxFiles === 'number' && Number.isFinite(o.maxFiles) && o.maxFiles > 0 ? Math.floor(o.maxFiles) : DEFAULT_MAX_FILES;
  return { seed: seed === undefined ? undefined : seed.toString(), corpusDocument: doc, maxFiles: max };
}

export function sameSettings(a: DlmSettings, b: DlmSettings): boolean {
  return a.seed === b.seed && a.corpusDocument === b.corpusDocument && a.maxFiles === b.maxFiles;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The `dlmWeights` section carried by a settings object, or undefined when it
 * carries none. Accepts `{ dlmWeights: {...} }` (the `settings` of a
 * didChangeConfiguration push, Helix's `config`) and
 * `{ settings: { dlmWeights: {...} } }` (the documented initializationOptions).
 */
export function sectionOf(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if (Object.hasOwn(value, SECTION)) return value[SECTION] ?? {};
  const nested = value.settings;
  if (isObject(nested) && Object.hasOwn(nested, SECTION)) return nested[SECTION] ?? {};
  return undefined;
}

/**
 * Reads the settings of one folder: pulled when the client answers
 * workspace/configuration with an object, else `fallback` (the last pushed or
 * initial section; undefined: the defaults).
 */
export async function fetchSettings(connection: Connection, folderUri: string, supported: boolean, fallback?: unknown): Promise<DlmSettings> {
  if (supported) {
    try {
      const raw: unknown = await connection.workspace.getConfiguration({ scopeUri: folderUri, section: SECTION });
      if (isObject(raw)) return normalizeSettings(raw);
    } catch {
      /* a client that fails to answer: as if it had no answer */
    }
  }
  return normalizeSettings(fallback);
}
