// What `dry-run PATH` / `suggest PATH` run: a `.dlm` document as given, or a
// folder as `dlm train PATH` takes it (engine/corpus/trainTarget.ts), said on
// stderr so stdout stays the report. `--directory` forces directory mode.
import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describeTrainTarget, resolveTrainTarget } from '../engine/corpus/trainTarget.js';
import { UsageError } from './args.js';

export interface CliTarget {
  /** What to plan: a document, or a folder in directory mode. */
  path: string;
  directory: boolean;
  /** How the report names the document: as given, or relative to the cwd when given absolute. */
  documentLabel: string;
  /** Which document a folder led to and why (null when the user named it, or forced directory mode). */
  note: string | null;
}

const posix = (p: string): string => p.split(sep).join('/');

/** A path for messages: as given, or relative to the cwd when absolute. */
function asGiven(p: string): string {
  return posix(isAbsolute(p) ? relative(process.cwd(), p) || '.' : p);
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The note to print once the run has printed its output (a failing run says
 * only its one-line error): always in human mode; with --json only when a
 * folder led to a document (the report's `mode` already says directory mode).
 */
export function targetNote(t: CliTarget, json: boolean): string {
  return t.note && (!json || !t.directory) ? `dlm-weights: ${t.note}\n` : '';
}

export function resolveCliTarget(command: string, path: string, forceDirectory: boolean): CliTarget {
  const label = asGiven(path);
  if (!isDirectory(path)) {
    if (forceDirectory) throw new UsageError(`--directory needs a folder, and ${path} is not one`);
    return { path, directory: false, documentLabel: label, note: null };
  }
  if (forceDirectory) return { path, directory: true, documentLabel: label, note: null };
  const abs = resolve(path);
  const target = resolveTrainTarget(abs);
  const named = (doc: string) => posix(join(label, relative(abs, doc)));
  switch (target.kind) {
    case 'document':
      return { path: target.path, directory: false, documentLabel: named(target.path), note: describeTrainTarget(target, label, named) };
    case 'directory':
      return { path, directory: true, documentLabel: label, note: describeTrainTarget(target, label, named) };
    case 'ambiguous':
      throw new UsageError(`${describeTrainTarget(target, label, named)}; name the document (dlm-weights ${command} ${named(target.documents[0]!)}) or pass --directory`);
  }
}
