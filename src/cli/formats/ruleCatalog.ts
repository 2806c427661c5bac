// Every diagnostic code `check` can emit, with a one-line summary: the rule
// list of the SARIF output (tool.driver.rules). The README's Diagnostics
// tables document the same codes; a test keeps the two in step.
import { DOCUMENT_ERROR_KINDS, type DocumentErrorKind } from '../../engine/problems.js';
import type { Severity } from '../../engine/diagnostics/index.js';
import type { DocumentWarningCode } from '../../engine/document/types.js';

export interface RuleInfo {
  summary: string;
  /** The usual severity (a few codes vary per finding; each result carries its own). */
  severity: Severity;
}

const err = (summary: string): RuleInfo => ({ summary, severity: 'error' });
const warn = (summary: string): RuleInfo => ({ summary, severity: 'warning' });
const info = (summary: string): RuleInfo => ({ summary, severity: 'information' });

const CONFIG_RULES: Record<string, RuleInfo> = {
  'encoding-invalid-utf8': err('The file is not strict UTF-8: dlm train skips it.'),
  'yaml-syntax': err('PyYAML cannot parse the file: dlm train ignores it.'),
  'yaml-tab': err('A tab where PyYAML allows none: dlm train ignores the file.'),
  'yaml-bad-character': err('A character PyYAML refuses to read: dlm train ignores the file.'),
  'yaml-multiple-documents': err('More than one YAML document: dlm train ignores the file.'),
  'yaml-multiline-key': err('An implicit key whose colon is on a later line: dlm train ignores the file.'),
  'yaml-long-key': err('An implicit key longer than 1024 characters: dlm train ignores the file.'),
  'yaml-bad-anchor': err('An anchor or alias name PyYAML does not allow: dlm train ignores the file.'),
  'yaml-undefined-alias': err('An alias used before or without its anchor: dlm train ignores the file.'),
  'yaml-duplicate-anchor': err('The same anchor name twice: dlm train ignores the file.'),
  'yaml-version': err('A %YAML directive PyYAML does not accept: dlm train ignores the file.'),
  'yaml-unknown-tag': err('A tag the safe loader cannot construct: dlm train ignores the file.'),
  'yaml-unhashable-key': err('A list or mapping used as a key: dlm train ignores the file.'),
  'yaml-bad-merge': err('A merge key (<<) on something that is not a mapping: dlm train ignores the file.'),
  'yaml-bad-binary': err('!!binary data that is not base64: dlm train ignores the file.'),
  'yaml-bad-omap': err('!!omap or !!pairs that is not a list of one-key mappings: dlm train ignores the file.'),
  'yaml-wrong-node': err('A tag on the wrong kind of node: dlm train ignores the file.'),
  'loader-crash': err('PyYAML raises a non-YAML exception on the file: dlm train itself crashes.'),
  'not-mapping': err('The top level is not a mapping: dlm train ignores the file.'),
  'unknown-key': err('A top-level key dlm does not know: dlm train ignores the file.'),
  'key-not-string': err('A top-level key that YAML types as a non-string: dlm train ignores the file.'),
  'version-invalid': err('dlm_training_version is not 1: dlm train ignores the file.'),
  'include-not-list': err('include is not a list of strings: dlm train ignores the file.'),
  'exclude-not-list': err('exclude is not a list of strings: dlm train ignores the file.'),
  'pattern-not-string': err('An include or exclude entry that is not a string: dlm train ignores the file.'),
  'exclude-defaults-invalid': err('exclude_defaults is not a boolean: dlm train ignores the file.'),
  'metadata-not-mapping': err('metadata is not a mapping: dlm train ignores the file.'),
  'metadata-not-string': err('A metadata value that YAML types as a non-string: dlm train ignores the file.'),
  'tag-key-not-string': err('A tag key or value that YAML types as a non-string (true, 2024, 1.5, ~): dlm train ignores the file.'),
  'weights-not-mapping': err('weights is not a mapping: dlm train ignores the file.'),
  'tag-values-not-mapping': err('weights.<key> is not a mapping of tag value to factor: dlm train ignores the file.'),
  'weight-not-number': err('A weight that is not a number: dlm train ignores the file.'),
  'weight-negative': err('A negative weight: dlm train ignores the file.'),
  'schema-invalid': err('The file does not match dlm\'s schema: dlm train ignores it.'),
  'weight-nonfinite': err('A NaN or infinite weight: dlm train crashes while expanding rows.'),
  'file-too-large': err('Over 1 MiB of text: dlm-weights does not check it.'),
  'file-unreadable': err('Not a regular, readable file: dlm train would block or fail reading it.'),
  'weight-leaks': warn('dlm merges weights globally: this weight also changes rows outside this folder.'),
  'weight-overridden': warn('A config later in dlm\'s merge order sets the same tag value and wins.'),
  'weight-tag-key-unknown': warn('No metadata in the corpus produces this tag key.'),
  'weight-tag-value-unknown': warn('No metadata in the corpus produces this tag value.'),
  'weight-no-rows': info('The tag exists, but no row of the corpus carries it.'),
  'weight-drops-rows': warn('A weight of 0 drops every row with this tag.'),
  'weight-very-large': warn('A weight above 10: a few files may dominate the training mix.'),
  'duplicate-key': warn('A repeated key: PyYAML keeps the last one silently.'),
  'exclude-defaults-off': warn('exclude_defaults is off: secrets, VCS folders and lock files become training data.'),
  'metadata-tags-no-rows': info('No file under this folder becomes a row, so its tags reach nothing.'),
  'pattern-matches-nothing': warn('An include or exclude pattern matches no file.'),
  'training-yml-ignored': warn('dlm reads only training.yaml, never training.yml.'),
  'ignore-line-dropped': warn('An ignore line that is empty once !, / and the trailing / are removed.'),
  'ignore-dir-rule-never-matches': warn('A directory rule with a slash matches no file in dlm\'s ignore grammar.'),
  'ignore-bare-name-matches-folder': warn('A bare name does not exclude the files inside a folder of that name.'),
  'ignore-rule-matches-nothing': info('An ignore rule that matches no file.'),
};

const DOCUMENT_RULES: Record<DocumentErrorKind, string> = {
  'frontmatter-encoding': 'The .dlm document is not valid UTF-8.',
  'frontmatter-open': 'The .dlm document does not start with a --- line.',
  'frontmatter-unclosed': 'The frontmatter has no closing --- line.',
  'frontmatter-yaml': 'The frontmatter is not YAML that PyYAML can parse.',
  'frontmatter-yaml-crash': 'PyYAML raises a non-YAML exception on the frontmatter.',
  'frontmatter-not-mapping': 'The frontmatter is not a mapping.',
  'frontmatter-version': 'dlm_version is newer than dlm supports, or has no migration path.',
  'frontmatter-schema': 'The frontmatter does not match dlm\'s schema.',
  'body-fence': 'A section fence dlm refuses.',
  'body-code-block': 'The body ends inside a code block.',
  'body-marker': 'An auto-generated section marker with bad syntax.',
  'source-outside-root': 'A training source outside the document\'s folder under sources_policy: strict.',
  'source-path-missing': 'A training source path that does not exist.',
  'config-loader-crash': 'A discovered training.yaml makes PyYAML crash during discovery.',
  'instruction-body': 'An instruction section that is not a sequence of ### Q / ### A pairs.',
  'preference-body': 'A preference section that is not a sequence of ### Prompt / ### Chosen / ### Rejected triples.',
  'media-section': 'An image or audio section: a text base has no blob store for it.',
};

/** What dlm accepts in a .dlm document but the author probably did not mean. */
const DOCUMENT_WARNINGS: Record<DocumentWarningCode, string> = {
  'dlm-version-missing': 'No dlm_version: dlm reads the document as version 1 and runs every migration.',
  'dpo-migrated': 'training.dpo is the version-1 name: dlm migrates it, dropping keys it does not know.',
  'adapter-undeclared': 'A section routed to an adapter that training.adapters does not declare.',
  'fence-lookalike': 'A line that looks like a section fence but that dlm reads as plain text.',
};

/** Code -> rule, in a stable order (configs, document error kinds, document warnings). */
export const RULES: ReadonlyMap<string, RuleInfo> = new Map([
  ...Object.entries(CONFIG_RULES),
  // `check` reports an in-body media section as a warning (dlm refuses it only when it builds rows)
  ...DOCUMENT_ERROR_KINDS.map((k): [string, RuleInfo] => [k, { summary: `${DOCUMENT_RULES[k]} dlm train refuses the document.`, severity: k === 'media-section' ? 'warning' : 'error' }]),
  ...Object.entries(DOCUMENT_WARNINGS).map(([k, summary]): [string, RuleInfo] => [k, warn(summary)]),
]);
