// dlm_version and the migrations dlm runs before validating the frontmatter
// (docs/spec/document.md §4). The version is read from the raw mapping;
// missing means 1. Of the migrators 1→2 … 14→15 only 1→2 changes anything:
// it moves `training.dpo` to `training.preference`.
import type { PyDict, PyEntry, PyValue, Span } from '../config/pyvalue.js';
import { describe, isDict, pyTypeName } from '../config/pyvalue.js';

export const CURRENT_DLM_VERSION = 15;

export type VersionCheck =
  | { ok: true; version: bigint; declared: PyEntry | null }
  | { ok: false; kind: 'frontmatter-schema' | 'frontmatter-version'; message: string; span: Span; upstreamLine: number | null };

export function entryOf(d: PyDict, key: string): PyEntry | undefined {
  return d.entries.find((e) => e.key === key);
}

export function checkVersion(root: PyDict): VersionCheck {
  const e = entryOf(root, 'dlm_version');
  if (!e) return { ok: true, version: 1n, declared: null };
  const v = e.value;
  if (v === null || typeof v !== 'object' || v.kind !== 'int') {
    const what = typeof v === 'string' ? `a string (${JSON.stringify(v)})` : pyTypeName(v) === 'bool' ? 'a boolean' : pyTypeName(v) === 'None' ? 'null' : `a ${pyTypeName(v)}`;
    return { ok: false, kind: 'frontmatter-schema', message: `dlm_version must be a YAML integer such as 15, but it is ${what}; dlm refuses the document`, span: e.valueSpan, upstreamLine: 2 };
  }
  if (v.value > BigInt(CURRENT_DLM_VERSION)) {
    return { ok: false, kind: 'frontmatter-version', message: `dlm_version ${v.value} is newer than the newest format dlm knows (${CURRENT_DLM_VERSION}); dlm refuses the document`, span: e.valueSpan, upstreamLine: 2 };
  }
  if (v.value < 1n) {
    return { ok: false, kind: 'frontmatter-version', message: `dlm_version ${v.value} has no migration path (versions start at 1); dlm refuses the document and names no line`, span: e.valueSpan, upstreamLine: null };
  }
  return { ok: true, version: v.value, declared: e };
}

export interface DpoMigration {
  /** Where `dpo:` is written. */
  keySpan: Span;
  /** Keys of the dpo mapping that the migration drops silently. */
  dropped: Array<{ name: string; span: Span }>;
  /** True when an existing `training.preference` block was replaced. */
  replacedPreference: boolean;
  /** `dpo: ~`: dropped entirely. */
  droppedNull: boolean;
}

const KEPT = ['enabled', 'beta', 'learning_rate', 'num_epochs', 'loss_type', 'reference'];

/** The 1 → 2 migration on the raw mapping (a new mapping; the input is not changed). */
export function migrateV1(root: PyDict): { root: PyDict; dpo: DpoMigration | null } {
  const t = entryOf(root, 'training');
  if (!t || !isDict(t.value)) return { root, dpo: null };
  const training = t.value;
  const dpoEntry = entryOf(training, 'dpo');
  if (!dpoEntry) return { root, dpo: null };
  const rest = training.entries.filter((e) => e !== dpoEntry);
  const info: DpoMigration = { keySpan: dpoEntry.keySpan, dropped: [], replacedPreference: false, droppedNull: dpoEntry.value === null };
  let newTraining: PyDict;
  if (dpoEntry.value === null) newTraining = { kind: 'dict', entries: rest };
  else {
    let preference: PyValue = dpoEntry.value;
    const at = dpoEntry.keySpan;
    if (isDict(dpoEntry.value)) {
      const dpo = dpoEntry.value;
      const get = (k: string): PyEntry | undefined => entryOf(dpo, k);
      const entries: PyEntry[] = [{ key: 'method', value: 'dpo', keySpan: at, valueSpan: at }];
      const put = (list: PyEntry[], k: string, e: PyEntry | undefined, value?: PyValue): void => {
        if (e) list.push({ key: k, value: value === undefined ? e.value : value, keySpan: e.keySpan, valueSpan: e.valueSpan });
      };
      put(entries, 'enabled', get('enabled'));
      const hyper: PyEntry[] = [];
      for (const k of ['beta', 'learning_rate', 'num_epochs']) put(hyper, k, get(k));
      if (hyper.length) entries.push({ key: 'hyperparams', value: { kind: 'dict', entries: hyper }, keySpan: at, valueSpan: at });
      put(entries, 'loss_type', get('loss_type'));
      const ref = get('reference');
      put(entries, 'reference', ref, ref?.value === 'pre_dpo_adapter' ? 'pre_adapter' : undefined);
      for (const e of dpo.entries) {
        if (typeof e.key !== 'string' || !KEPT.includes(e.key)) info.dropped.push({ name: typeof e.key === 'string' ? e.key : describe(e.key), span: e.keySpan });
      }
      preference = { kind: 'dict', entries };
    }
    const existing = rest.findIndex((e) => e.key === 'preference');
    const moved: PyEntry = { key: 'preference', value: preference, keySpan: dpoEntry.keySpan, valueSpan: dpoEntry.valueSpan };
    if (existing >= 0) {
      info.replacedPreference = true;
      rest[existing] = moved; // a Python dict keeps the key's place when its value is replaced
    } else rest.push(moved);
    newTraining = { kind: 'dict', entries: rest };
  }
  const entries = root.entries.map((e) => (e === t ? { ...e, value: newTraining } : e));
  return { root: { kind: 'dict', entries }, dpo: info };
}
