// Anchors (directories holding `.dlm/`): loading their config and ignore
// file, and ordering them as dlm merges them.
import { join } from 'node:path';
import { loadTrainingYamlRead, loadTrainingYamlText, TRAINING_YAML_READ, type LoadResult } from '../config/index.js';
import { nodeFs, type EngineFs } from '../fs/index.js';
import { MAX_IGNORE_BYTES, parseIgnore, type IgnoreFile } from '../ignore.js';
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
  /**
   * Size in bytes of a `.dlm/ignore` over MAX_IGNORE_BYTES: dlm applies its
   * rules, dlm-weights did not evaluate them (`ignore` is then null).
   */
  ignoreTooLarge?: number;
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

/** Decode `.dlm/ignore`; undecodable bytes become U+FFFD rather than failing. */
export function decodeIgnoreText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
}

/** Read options for `.dlm/ignore`: the cap is checked from the file's size, before reading. */
export const IGNORE_READ = { maxBytes: MAX_IGNORE_BYTES } as const;

export interface ConfigOverrides {
  /** Unsaved editor text by absolute file path (training.yaml or ignore). */
  texts?: ReadonlyMap<string, string>;
}

export async function loadAnchor(rel: string, abs: string, overrides?: ConfigOverrides, fs: EngineFs = nodeFs): Promise<AnchorState> {
  return loadAnchorSync(rel, abs, overrides, fs);
}

/** loadAnchor without a promise (the walk loads anchors as it finds them). */
export function loadAnchorSync(rel: string, abs: string, overrides?: ConfigOverrides, fs: EngineFs = nodeFs): AnchorState {
  const yPath = trainingYamlPath(abs);
  const iPath = ignorePath(abs);
  const yText = overrides?.texts?.get(yPath);
  const iText = overrides?.texts?.get(iPath);
  // a config that is absent, or not a regular file, or unreadable, is treated as absent
  const yaml = yText !== undefined ? loadTrainingYamlText(yText) : loadTrainingYamlRead(fs.read(yPath, TRAINING_YAML_READ));
  let ignoreText: string | undefined;
  let ignoreTooLarge: number | undefined;
  if (iText !== undefined) {
    const size = Buffer.byteLength(iText, 'utf8');
    if (size > MAX_IGNORE_BYTES) ignoreTooLarge = size;
    else ignoreText = iText;
  } else if (fs.stat(iPath) !== null) {
    // most anchors have no ignore file: a stat says so more cheaply than a failed open
    const r = fs.read(iPath, IGNORE_READ);
    if (r.kind === 'ok') ignoreText = decodeIgnoreText(r.bytes);
    else if (r.kind === 'too-large') ignoreTooLarge = r.size;
  }
  const ignore = ignoreText !== undefined ? parseIgnore(normalizeText(ignoreText)) : null;
  // every field set at once, in one order: all anchors share one hidden class (the walk's
  // per-folder code reads them, and stays optimised only while they do)
  return { rel, abs, yaml, ignore, ignoreText, ignoreTooLarge };
}

/** dlm's merge order: Python path order, then stably by absolute path length in code points. */
export function orderAnchors<T extends { abs: string }>(anchors: T[]): T[] {
  return [...anchors]
    .sort((a, b) => comparePyPaths(a.abs, b.abs))
    .sort((a, b) => codePointLength(a.abs) - codePointLength(b.abs));
}
