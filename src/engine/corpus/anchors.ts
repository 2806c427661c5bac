// Anchors (directories holding `.dlm/`): loading their config and ignore
// file, and ordering them as dlm merges them.
import { closeSync, constants, fstatSync, openSync, promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTrainingYamlBytes, loadTrainingYamlText, type LoadResult } from '../config/index.js';
import { parseIgnore, type IgnoreFile } from '../ignore.js';
import { codePointLength, comparePyPaths, normalizeText } from '../pytext.js';

export interface AnchorState {
  /** Relative to the directive root, POSIX; '' for the root itself. */
  rel: string;
  abs: string;
  /** null when `.dlm/training.yaml` is absent. */
  yaml: LoadResult | null;
  ignore: IgnoreFile | null;
  /** The ignore file's text as read (for editor ranges). */
  ignoreText?: string;
}

export function trainingYamlPath(anchorAbs: string): string {
  return join(anchorAbs, '.dlm', 'training.yaml');
}
export function ignorePath(anchorAbs: string): string {
  return join(anchorAbs, '.dlm', 'ignore');
}

/** Does a loaded config take part (dlm used it)? */
export function loaded(a: AnchorState): boolean {
  return a.yaml !== null && a.yaml.accepted;
}

/**
 * Read a file only if it is a regular file: a FIFO or device named like a
 * config would block a plain read forever (dlm itself would hang on it).
 */
export function readRegularFile(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error(`not a regular file: ${path}`), { code: 'ENOTREG' });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function readOptional(path: string): Promise<Buffer | null> {
  try {
    if (!(await fs.stat(path)).isFile()) return null;
    return readRegularFile(path);
  } catch {
    return null; // absent, or not a readable regular file: treated as absent
  }
}

/** Decode `.dlm/ignore`; undecodable bytes become U+FFFD rather than failing. */
export function decodeIgnoreText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
}

export interface ConfigOverrides {
  /** Unsaved editor text by absolute file path (training.yaml or ignore). */
  texts?: ReadonlyMap<string, string>;
}

export async function loadAnchor(rel: string, abs: string, overrides?: ConfigOverrides): Promise<AnchorState> {
  const yPath = trainingYamlPath(abs);
  const iPath = ignorePath(abs);
  const yText = overrides?.texts?.get(yPath);
  const iText = overrides?.texts?.get(iPath);
  let yaml: LoadResult | null;
  if (yText !== undefined) yaml = loadTrainingYamlText(yText);
  else {
    const bytes = await readOptional(yPath);
    yaml = bytes ? loadTrainingYamlBytes(bytes) : null;
  }
  let ignoreText = iText;
  if (ignoreText === undefined) {
    const bytes = await readOptional(iPath);
    if (bytes) ignoreText = decodeIgnoreText(bytes);
  }
  const ignore = ignoreText === undefined ? null : parseIgnore(normalizeText(ignoreText));
  return { rel, abs, yaml, ignore, ignoreText };
}

/** dlm's merge order: Python path order, then stably by absolute path length in code points. */
export function orderAnchors<T extends { abs: string }>(anchors: T[]): T[] {
  return [...anchors]
    .sort((a, b) => comparePyPaths(a.abs, b.abs))
    .sort((a, b) => codePointLength(a.abs) - codePointLength(b.abs));
}
