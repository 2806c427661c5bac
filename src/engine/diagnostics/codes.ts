// Every diagnostic code the engine and the language server emit: its
// severity, what dlm does in one line (markdown), and the quick fixes that
// come with it. This is the one list: `Diagnostic.code` is typed by it,
// src/shared/diagnosticCodes.ts re-exports it for the other layers (the
// engine imports nothing outside itself, so the data lives here), and the
// README's diagnostic tables are generated from it (`npm run docs:diagnostics`).
// Order here is the order in the README.
import type { Severity } from './types.js';

/** The kinds of quick fix a diagnostic can carry (`Fix.kind`). */
export const FIX_KINDS = ['quote', 'did-you-mean', 'rename-file', 'remove-line', 'folder-contents-glob', 'folder-rule'] as const;
export type FixKind = (typeof FIX_KINDS)[number];

export interface DiagnosticCodeInfo {
  /** The severity it is emitted with. */
  severity: Severity;
  /** A second severity some instances get (e.g. `exclude` patterns are only information). */
  otherSeverity?: Severity;
  /** What dlm does, in one line of markdown. */
  summary: string;
  /** The quick fixes it may carry. */
  fixes: readonly FixKind[];
  /** The file (or line) does nothing at all: editors may fade it (LSP DiagnosticTag.Unnecessary). */
  unnecessary?: boolean;
}

const CODES = {
  // ---- errors: dlm ignores the whole training.yaml, or `dlm train` crashes
  'encoding-invalid-utf8': { severity: 'error', summary: 'not strict UTF-8: dlm skips the file', fixes: [] },
  'yaml-syntax': { severity: 'error', summary: 'PyYAML cannot parse it (the message says where and why)', fixes: [] },
  'yaml-tab': { severity: 'error', summary: 'a tab outside quotes, comments and block scalars, where PyYAML allows none ("cannot start any token")', fixes: [] },
  'yaml-bad-character': { severity: 'error', summary: 'a control or other non-printable character PyYAML\'s reader refuses', fixes: [] },
  'yaml-multiple-documents': { severity: 'error', summary: 'a second document after `---`: `safe_load` wants exactly one', fixes: [] },
  'yaml-multiline-key': { severity: 'error', summary: 'an implicit key whose `:` is on a later line', fixes: [] },
  'yaml-long-key': { severity: 'error', summary: 'an implicit key over 1024 characters: PyYAML stops looking for its `:`', fixes: [] },
  'yaml-bad-anchor': { severity: 'error', summary: 'an anchor or alias name with characters PyYAML does not allow', fixes: [] },
  'yaml-undefined-alias': { severity: 'error', summary: '`*name` before (or without) its `&name`', fixes: [] },
  'yaml-duplicate-anchor': { severity: 'error', summary: 'the same `&name` twice in one document', fixes: [] },
  'yaml-version': { severity: 'error', summary: 'a `%YAML` directive other than 1.x', fixes: [] },
  'yaml-unknown-tag': { severity: 'error', summary: 'a tag PyYAML\'s SafeLoader has no constructor for (`!custom`, `!!python/…`)', fixes: [] },
  'yaml-unhashable-key': { severity: 'error', summary: 'a list or a mapping used as a mapping key', fixes: [] },
  'yaml-bad-merge': { severity: 'error', summary: '`<<:` merging something that is not a mapping or a list of mappings', fixes: [] },
  'yaml-bad-binary': { severity: 'error', summary: '`!!binary` data that is not ASCII base64', fixes: [] },
  'yaml-bad-omap': { severity: 'error', summary: '`!!omap` / `!!pairs` that is not a list of one-key mappings', fixes: [] },
  'yaml-wrong-node': { severity: 'error', summary: 'a scalar tag on a collection, or a collection tag on the wrong kind of node', fixes: [] },
  'loader-crash': { severity: 'error', summary: 'PyYAML raises a non-YAML exception (`2024-13-45`, `!!int x`, very deep nesting): `dlm train` itself crashes', fixes: [] },
  'not-mapping': { severity: 'error', summary: 'the top level is a list or a scalar, not a mapping', fixes: [] },
  'unknown-key': { severity: 'error', summary: 'a top-level key dlm does not know (a typo, the wrong case); the message suggests the nearest', fixes: [] },
  'key-not-string': { severity: 'error', summary: 'a top-level key PyYAML reads as a non-string (`1:`, `true:`, `~:`)', fixes: [] },
  'version-invalid': { severity: 'error', summary: '`dlm_training_version` is not 1', fixes: [] },
  'include-not-list': { severity: 'error', summary: '`include` is not a list of glob patterns (a bare string, null, a mapping)', fixes: [] },
  'exclude-not-list': { severity: 'error', summary: '`exclude` is not a list of glob patterns', fixes: [] },
  'pattern-not-string': { severity: 'error', summary: 'an `include` / `exclude` entry PyYAML reads as a non-string (`yes`, `1`, `~`)', fixes: ['quote'] },
  'exclude-defaults-invalid': { severity: 'error', summary: '`exclude_defaults` is not a (lenient) boolean', fixes: [] },
  'metadata-not-mapping': { severity: 'error', summary: '`metadata` is null, a list or a scalar', fixes: [] },
  'metadata-not-string': { severity: 'error', summary: 'metadata must map strings to strings: `generated: true`, `year: 2024` are rejected', fixes: ['quote'] },
  'tag-key-not-string': { severity: 'error', summary: 'an unquoted `true:` / `2024:` / `1.5:` / `~:` key under `metadata` or `weights`', fixes: ['quote'] },
  'weights-not-mapping': { severity: 'error', summary: '`weights` is not a mapping: it must be `{key: {value: non-negative number}}`', fixes: [] },
  'tag-values-not-mapping': { severity: 'error', summary: '`weights.<key>` is not a mapping of tag value to factor', fixes: [] },
  'weight-not-number': { severity: 'error', summary: 'a factor that is not a number (nor a string Python\'s `float()` reads)', fixes: [] },
  'weight-negative': { severity: 'error', summary: 'a factor below 0', fixes: [] },
  'schema-invalid': { severity: 'error', summary: 'any other way the file does not fit dlm\'s schema (not expected: the codes above cover it)', fixes: [] },
  'weight-nonfinite': { severity: 'error', summary: 'a NaN or infinite factor: accepted, then `dlm train` crashes expanding rows', fixes: [] },
  'file-too-large': { severity: 'error', summary: 'over 1 MiB of text: dlm-weights does not check it (the one case where it does not predict dlm\'s verdict)', fixes: [] },
  'file-unreadable': { severity: 'error', summary: '(`check`) not a regular file, or unreadable: dlm would block or fail reading it', fixes: [] },
  'document-fatal': { severity: 'error', summary: '(on a `.dlm` document) a problem that stops `dlm train` before it trains; the message says which', fixes: [] },

  // ---- warnings and information: dlm accepts it, but probably not as meant
  'weight-leaks': { severity: 'warning', summary: 'dlm merges weights globally: this subtree\'s weight also changes rows elsewhere (names a few)', fixes: [] },
  'weight-overridden': { severity: 'warning', summary: 'a config later in dlm\'s merge order sets the same tag value; names the winner', fixes: [] },
  'weight-tag-key-unknown': { severity: 'warning', summary: 'no `metadata` in the corpus sets this tag key, so its weights change nothing', fixes: ['did-you-mean'] },
  'weight-tag-value-unknown': { severity: 'warning', summary: 'no `metadata` in the corpus sets this tag value, so its weight changes nothing', fixes: ['did-you-mean'] },
  'weight-no-rows': { severity: 'information', summary: 'the tag exists, but no row of the corpus carries it', fixes: [] },
  'weight-drops-rows': { severity: 'warning', summary: 'a weight of 0 drops every row with the tag', fixes: [] },
  'weight-very-large': { severity: 'warning', summary: 'a factor above 10: a few files may dominate training', fixes: [] },
  'duplicate-key': { severity: 'warning', summary: 'a repeated key; PyYAML silently keeps the last one (says which)', fixes: [] },
  'exclude-defaults-off': { severity: 'warning', summary: 'secrets, VCS folders, lock files and the anchor\'s own `.dlm/` files become training data', fixes: [] },
  'metadata-tags-no-rows': { severity: 'information', summary: 'no file under this folder becomes a row, so its metadata tags nothing', fixes: [] },
  'pattern-matches-nothing': { severity: 'warning', otherSeverity: 'information', summary: 'an `include` (warning) or `exclude` (information) pattern matches no file', fixes: [] },
  'training-yml-ignored': { severity: 'warning', summary: 'dlm reads only `training.yaml`: a `training.yml` is never loaded', fixes: ['rename-file'], unnecessary: true },
  'ignore-line-dropped': { severity: 'warning', summary: 'a `.dlm/ignore` line that is empty once `!`, a leading `/` and a trailing `/` are removed: dlm drops it', fixes: ['remove-line'] },
  'ignore-dir-rule-never-matches': { severity: 'warning', summary: '`docs/generated/` or `/scripts/`: unlike gitignore, matches no file', fixes: ['folder-contents-glob'] },
  'ignore-bare-name-matches-folder': { severity: 'warning', summary: '`vendor` does not exclude the files inside `vendor/`', fixes: ['folder-rule'] },
  'ignore-rule-matches-nothing': { severity: 'information', summary: 'an ignore rule that matches no file', fixes: [] },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type DiagnosticCode = keyof typeof CODES;
export const DIAGNOSTIC_CODES: Readonly<Record<DiagnosticCode, DiagnosticCodeInfo>> = CODES;

export function isDiagnosticCode(s: string): s is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, s);
}
