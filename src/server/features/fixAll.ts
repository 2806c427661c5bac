// "Fix all unquoted booleans/numbers in the workspace": every quoting fix of
// `tag-key-not-string` and `metadata-not-string` in every config given, as
// one WorkspaceEdit (a source.fixAll code action, and a server command that
// applies it).
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { decodeUtf8Strict } from '../../engine/config/decode';
import { TRAINING_YAML_READ } from '../../engine/config/index';
import { trainingYamlPath } from '../../engine/corpus/anchors';
import { diagnoseTrainingYamlText } from '../../engine/diagnostics/index';
import type { EngineFs } from '../../engine/fs/index';
import type { Snapshot } from './snapshot';
import { pathToUri } from './uri';

/** Server command: apply the fix-all edit with `workspace/applyEdit`. */
export const FIX_ALL_UNQUOTED_COMMAND = 'dlmWeights.fixAllUnquoted';

/** The codes whose quoting fix the fix-all applies: a YAML 1.1 boolean, number, date or null where dlm wants a string. */
export const UNQUOTED_CODES: ReadonlySet<string> = new Set(['tag-key-not-string', 'metadata-not-string']);

export interface ConfigText {
  /** Absolute path of a `.dlm/training.yaml`. */
  path: string;
  text: string;
}

export interface FixAllEdit {
  edit: WorkspaceEdit;
  files: number;
  values: number;
}

/** The quoting edits of every config, as one WorkspaceEdit; null when nothing needs quoting. */
export function fixAllUnquoted(configs: Iterable<ConfigText>): FixAllEdit | null {
  const changes: Record<string, TextEdit[]> = {};
  let files = 0;
  let values = 0;
  for (const c of configs) {
    const edits: TextEdit[] = [];
    for (const d of diagnoseTrainingYamlText(c.text).diagnostics) {
      if (!UNQUOTED_CODES.has(d.code)) continue;
      const quote = d.fixes?.find((f) => f.kind === 'quote');
      if (quote) edits.push(...quote.edits);
    }
    if (!edits.length) continue;
    changes[pathToUri(c.path)] = edits;
    files++;
    values += edits.length;
  }
  return values ? { edit: { changes }, files, values } : null;
}

/**
 * Every training.yaml of the snapshots' corpora (loaded or not, wherever it
 * lies), as the editor holds it when open (`open`), else as read from disk
 * with the engine's safe read. A file that is not UTF-8 is left out.
 */
export function workspaceConfigs(snapshots: Iterable<Snapshot>, open: ReadonlyMap<string, string>, fs: EngineFs): ConfigText[] {
  const paths = new Set<string>();
  for (const s of snapshots) for (const a of s.index.allAnchors()) if (a.yaml) paths.add(trainingYamlPath(a.abs));
  for (const p of open.keys()) if (p.endsWith('/.dlm/training.yaml') || p.endsWith('\\.dlm\\training.yaml')) paths.add(p);
  const out: ConfigText[] = [];
  for (const path of paths) {
    const text = open.get(path);
    if (text !== undefined) { out.push({ path, text }); continue; }
    const r = fs.read(path, TRAINING_YAML_READ);
    if (r.kind !== 'ok' || !decodeUtf8Strict(r.bytes).ok) continue;
    // the editor's view keeps a BOM: ranges are in that text
    out.push({ path, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(r.bytes) });
  }
  return out;
}
