// Every diagnostic code the engine and the language server emit: what it is
// reported on, its severity, what dlm does in one line (markdown), and the
// quick fixes that come with it. This is the one list: `Diagnostic.code` is typed by it,
// src/shared/diagnosticCodes.ts re-exports it for the other layers (the
// engine imports nothing outside itself, so the data lives here), and the
// README's diagnostic tables are generated from it (`npm run docs:diagnostics`).
// Order here is the order in the README.
import type { Severity } from './types.js';

/** The kinds of quick fix a diagnostic can carry (`Fix.kind`). */
export const FIX_KINDS = [
  'quote', 'did-you-mean', 'rename-file', 'remove-line', 'folder-contents-glob', 'folder-rule', 'new-dlm-id', 'add-dlm-version',
  // offered by the editor's code actions, which read the config's text (src/server/features/weightActions.ts)
  'scope-to-folder', 'go-to-winner', 'remove-dead-weight',
] as const;
export type FixKind = (typeof FIX_KINDS)[number];

export interface DiagnosticCodeInfo {
  /** What it is reported on: a config (`.dlm/training.yaml`, `.dlm/ignore`, `training.yml`) or a `.dlm` document. */
  on: 'config' | 'document';
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
  'encoding-invalid-utf8': { on: 'config', severity: 'error', summary: 'not strict UTF-8: dlm skips the file', fixes: [] },
  'yaml-syntax': { on: 'config', severity: 'error', summary: 'PyYAML cannot parse it (the message says where and why)', fixes: [] },
  'yaml-tab': { on: 'config', severity: 'error', summary: 'a tab outside quotes, comments and block scalars, where PyYAML allows none ("cannot start any token")', fixes: [] },
  'yaml-bad-character': { on: 'config', severity: 'error', summary: 'a control or other non-printable character PyYAML\'s reader refuses', fixes: [] },
  'yaml-multiple-documents': { on: 'config', severity: 'error', summary: 'a second document after `---`: `safe_load` wants exactly one', fixes: [] },
  'yaml-multiline-key': { on: 'config', severity: 'error', summary: 'an implicit key whose `:` is on a later line', fixes: [] },
  'yaml-long-key': { on: 'config', severity: 'error', summary: 'an implicit key over 1024 characters: PyYAML stops looking for its `:`', fixes: [] },
  'yaml-bad-anchor': { on: 'config', severity: 'error', summary: 'an anchor or alias name with characters PyYAML does not allow', fixes: [] },
  'yaml-undefined-alias': { on: 'config', severity: 'error', summary: '`*name` before (or without) its `&name`', fixes: [] },
  'yaml-duplicate-anchor': { on: 'config', severity: 'error', summary: 'the same `&name` twice in one document', fixes: [] },
  'yaml-version': { on: 'config', severity: 'error', summary: 'a `%YAML` directive other than 1.x', fixes: [] },
  'yaml-unknown-tag': { on: 'config', severity: 'error', summary: 'a tag PyYAML\'s SafeLoader has no constructor for (`!custom`, `!!python/…`)', fixes: [] },
  'yaml-unhashable-key': { on: 'config', severity: 'error', summary: 'a list or a mapping used as a mapping key', fixes: [] },
  'yaml-bad-merge': { on: 'config', severity: 'error', summary: '`<<:` merging something that is not a mapping or a list of mappings', fixes: [] },
  'yaml-bad-binary': { on: 'config', severity: 'error', summary: '`!!binary` data that is not ASCII base64', fixes: [] },
  'yaml-bad-omap': { on: 'config', severity: 'error', summary: '`!!omap` / `!!pairs` that is not a list of one-key mappings', fixes: [] },
  'yaml-wrong-node': { on: 'config', severity: 'error', summary: 'a scalar tag on a collection, or a collection tag on the wrong kind of node', fixes: [] },
  'loader-crash': { on: 'config', severity: 'error', summary: 'PyYAML raises a non-YAML exception (`2024-13-45`, `!!int x`, very deep nesting): `dlm train` itself crashes', fixes: [] },
  'not-mapping': { on: 'config', severity: 'error', summary: 'the top level is a list or a scalar, not a mapping', fixes: [] },
  'unknown-key': { on: 'config', severity: 'error', summary: 'a top-level key dlm does not know (a typo, the wrong case); the message suggests the nearest', fixes: [] },
  'key-not-string': { on: 'config', severity: 'error', summary: 'a top-level key PyYAML reads as a non-string (`1:`, `true:`, `~:`)', fixes: [] },
  'version-invalid': { on: 'config', severity: 'error', summary: '`dlm_training_version` is not 1', fixes: [] },
  'include-not-list': { on: 'config', severity: 'error', summary: '`include` is not a list of glob patterns (a bare string, null, a mapping)', fixes: [] },
  'exclude-not-list': { on: 'config', severity: 'error', summary: '`exclude` is not a list of glob patterns', fixes: [] },
  'pattern-not-string': { on: 'config', severity: 'error', summary: 'an `include` / `exclude` entry PyYAML reads as a non-string (`yes`, `1`, `~`)', fixes: ['quote'] },
  'exclude-defaults-invalid': { on: 'config', severity: 'error', summary: '`exclude_defaults` is not a (lenient) boolean', fixes: [] },
  'metadata-not-mapping': { on: 'config', severity: 'error', summary: '`metadata` is null, a list or a scalar', fixes: [] },
  'metadata-not-string': { on: 'config', severity: 'error', summary: 'metadata must map strings to strings: `generated: true`, `year: 2024` are rejected', fixes: ['quote'] },
  'tag-key-not-string': { on: 'config', severity: 'error', summary: 'an unquoted `true:` / `2024:` / `1.5:` / `~:` key under `metadata` or `weights`', fixes: ['quote'] },
  'weights-not-mapping': { on: 'config', severity: 'error', summary: '`weights` is not a mapping: it must be `{key: {value: non-negative number}}`', fixes: [] },
  'tag-values-not-mapping': { on: 'config', severity: 'error', summary: '`weights.<key>` is not a mapping of tag value to factor', fixes: [] },
  'weight-not-number': { on: 'config', severity: 'error', summary: 'a factor that is not a number (nor a string Python\'s `float()` reads)', fixes: [] },
  'weight-negative': { on: 'config', severity: 'error', summary: 'a factor below 0', fixes: [] },
  'schema-invalid': { on: 'config', severity: 'error', summary: 'any other way the file does not fit dlm\'s schema (not expected: the codes above cover it)', fixes: [] },
  'weight-nonfinite': { on: 'config', severity: 'error', summary: 'a NaN or infinite factor: accepted, then `dlm train` crashes expanding rows', fixes: [] },
  'file-too-large': { on: 'config', severity: 'error', summary: 'over 1 MiB: dlm-weights does not read or check it (judged from its size alone; one of the few cases where it does not predict dlm\'s verdict)', fixes: [] },
  'file-unreadable': { on: 'config', severity: 'error', summary: 'not a regular file (a FIFO, a directory named like a config) or unreadable, or (`check`) a folder that cannot be listed: dlm would block or fail reading it', fixes: [] },

  // ---- warnings and information: dlm accepts it, but probably not as meant
  'weight-leaks': { on: 'config', severity: 'warning', summary: 'dlm merges weights globally: this subtree\'s weight also changes rows elsewhere (names a few, and their folders). When that is why another config\'s weight for the same tag value is dead, this one warning says so (one cause, reported once)', fixes: ['scope-to-folder'] },
  'weight-overridden': { on: 'config', severity: 'warning', summary: 'a config later in dlm\'s merge order sets the same tag value, and its value reaches none of this folder\'s rows outside its own: this weight is dead (nothing else changes); names the winner', fixes: ['go-to-winner', 'remove-dead-weight'] },
  'weight-dead': { on: 'config', severity: 'hint', summary: 'the dead entry greyed out, whichever warning explains it: "overridden by src/:6"', fixes: [], unnecessary: true },
  'weight-tag-key-unknown': { on: 'config', severity: 'warning', summary: 'no `metadata` in the corpus sets this tag key, so its weights change nothing', fixes: ['did-you-mean'] },
  'weight-tag-value-unknown': { on: 'config', severity: 'warning', summary: 'no `metadata` in the corpus sets this tag value, so its weight changes nothing', fixes: ['did-you-mean'] },
  'weight-no-rows': { on: 'config', severity: 'information', summary: 'the tag exists, but no row of the corpus carries it', fixes: [] },
  'weight-drops-rows': { on: 'config', severity: 'warning', summary: 'a weight of 0 drops every row with the tag', fixes: [] },
  'weight-very-large': { on: 'config', severity: 'warning', summary: 'a factor above 10: a few files may dominate training', fixes: [] },
  'duplicate-key': { on: 'config', severity: 'warning', summary: 'a repeated key; PyYAML silently keeps the last one (says which)', fixes: [] },
  'exclude-defaults-off': { on: 'config', severity: 'warning', summary: 'secrets, VCS folders, lock files and the anchor\'s own `.dlm/` files become training data', fixes: [] },
  'metadata-tags-no-rows': { on: 'config', severity: 'information', summary: 'no file under this folder becomes a row, so its metadata tags nothing', fixes: [] },
  'pattern-matches-nothing': { on: 'config', severity: 'warning', otherSeverity: 'hint', summary: 'an `include` (warning) or `exclude` (hint: not listed in Problems, many configs carry such patterns) pattern matches no file', fixes: [] },
  'training-yml-ignored': { on: 'config', severity: 'warning', summary: 'dlm reads only `training.yaml`: a `training.yml` is never loaded', fixes: ['rename-file'], unnecessary: true },
  'ignore-line-dropped': { on: 'config', severity: 'warning', summary: 'a `.dlm/ignore` line that is empty once `!`, a leading `/` and a trailing `/` are removed: dlm drops it', fixes: ['remove-line'] },
  'ignore-dir-rule-never-matches': { on: 'config', severity: 'warning', summary: '`docs/generated/` or `/scripts/`: unlike gitignore, matches no file', fixes: ['folder-contents-glob'] },
  'ignore-bare-name-matches-folder': { on: 'config', severity: 'warning', summary: '`vendor` does not exclude the files inside `vendor/`', fixes: ['folder-rule'] },
  'ignore-rule-matches-nothing': { on: 'config', severity: 'information', summary: 'an ignore rule that matches no file', fixes: [] },
  'ignore-too-large': { on: 'config', severity: 'warning', summary: 'a `.dlm/ignore` over 1 MiB: dlm applies it, dlm-weights does not evaluate it (the dry run says its figures are incomplete)', fixes: [] },

  // ---- `.dlm` documents: the document-error kinds (src/engine/problems.ts), then warnings
  'frontmatter-encoding': { on: 'document', severity: 'error', summary: 'the document is not valid UTF-8', fixes: [] },
  'frontmatter-open': { on: 'document', severity: 'error', summary: 'the document does not start with a `---` line', fixes: [] },
  'frontmatter-unclosed': { on: 'document', severity: 'error', summary: 'the frontmatter has no closing `---` line', fixes: [] },
  'frontmatter-yaml': { on: 'document', severity: 'error', summary: 'the frontmatter is not YAML that PyYAML can parse', fixes: [] },
  'frontmatter-yaml-crash': { on: 'document', severity: 'error', summary: 'PyYAML raises a non-YAML exception on the frontmatter', fixes: [] },
  'frontmatter-not-mapping': { on: 'document', severity: 'error', summary: 'the frontmatter is not a mapping', fixes: [] },
  'frontmatter-version': { on: 'document', severity: 'error', summary: '`dlm_version` is newer than dlm supports, or has no migration path', fixes: [] },
  'frontmatter-schema': { on: 'document', severity: 'error', summary: 'the frontmatter does not match dlm\'s schema (an unknown key, a wrong type, a bad `dlm_id` …)', fixes: ['new-dlm-id', 'quote', 'did-you-mean'] },
  'body-fence': { on: 'document', severity: 'error', summary: 'a section fence dlm refuses', fixes: [] },
  'body-code-block': { on: 'document', severity: 'error', summary: 'the body ends inside a code block', fixes: [] },
  'body-marker': { on: 'document', severity: 'error', summary: 'an auto-generated section marker with bad syntax', fixes: [] },
  'source-outside-root': { on: 'document', severity: 'error', summary: 'a `training.sources` path outside the document\'s folder under `sources_policy: strict`', fixes: [] },
  'source-path-missing': { on: 'document', severity: 'error', summary: 'a `training.sources` path that does not exist', fixes: [] },
  'config-loader-crash': { on: 'document', severity: 'error', summary: 'a `training.yaml` that dlm discovers under a source makes PyYAML crash', fixes: [] },
  'instruction-body': { on: 'document', severity: 'error', summary: 'an instruction section that is not `### Q` / `### A` pairs', fixes: [] },
  'preference-body': { on: 'document', severity: 'error', summary: 'a preference section that is not `### Prompt` / `### Chosen` / `### Rejected` triples', fixes: [] },
  'media-section': { on: 'document', severity: 'warning', otherSeverity: 'error', summary: 'an image or audio section: with a text base model `dlm train` has no blob store for it and fails building rows (`check`: warning; an error where the dry run stops on it)', fixes: [] },
  'dlm-version-missing': { on: 'document', severity: 'warning', summary: 'no `dlm_version`: dlm reads the document as version 1 and runs every migration', fixes: ['add-dlm-version'] },
  'dpo-migrated': { on: 'document', severity: 'warning', summary: '`training.dpo` is the version-1 name: dlm migrates it and drops the keys it does not know', fixes: [] },
  'adapter-undeclared': { on: 'document', severity: 'warning', summary: 'a section routed to an adapter that `training.adapters` does not declare', fixes: ['did-you-mean'] },
  'fence-lookalike': { on: 'document', severity: 'warning', summary: 'a line that looks like a section fence, but dlm reads it as plain text', fixes: ['did-you-mean'] },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type DiagnosticCode = keyof typeof CODES;
export const DIAGNOSTIC_CODES: Readonly<Record<DiagnosticCode, DiagnosticCodeInfo>> = CODES;

export function isDiagnosticCode(s: string): s is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, s);
}
