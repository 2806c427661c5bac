// Settings under `dlmWeights`, pulled per workspace folder.
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

/**
 * Reads the settings of one folder. Clients without `workspace/configuration`
 * (or that fail to answer) get the defaults.
 */
export async function fetchSettings(connection: Connection, folderUri: string, supported: boolean): Promise<DlmSettings> {
  if (!supported) return normalizeSettings(undefined);
  try {
    const raw: unknown = await connection.workspace.getConfiguration({ scopeUri: folderUri, section: SECTION });
    return normalizeSettings(raw);
  } catch {
    return normalizeSettings(undefined);
  }
}
