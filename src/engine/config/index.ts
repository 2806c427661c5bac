// Loading `.dlm/training.yaml` exactly as dlm does, with editor ranges.
//
// Pipeline (see the files next to this one):
//   decode.ts    strict UTF-8, BOM, CRLF/CR -> LF, and mapping offsets back to editor positions
//   yaml/        PyYAML 6 `safe_load` on top of the `yaml` package, by stage (yaml/safeLoad.ts)
//   resolve.ts   PyYAML's implicit typing (YAML 1.1) and scalar constructors
//   construct.ts PyYAML's SafeConstructor: breadth-first building, merge keys, dict semantics
//   validate.ts  pydantic v2 lax validation: schemas/training.schema.json (ajv) + float()/negative checks
//   load.ts      the steps in dlm's order, issues with ranges and quick fixes, locations
//
// Issue codes (`ConfigIssue.code`) and what each means:
//
// | code                     | problem      | meaning                                                                                  |
// |--------------------------|--------------|------------------------------------------------------------------------------------------|
// | encoding-invalid-utf8    | encoding     | the bytes are not strict UTF-8; dlm skips the file                                        |
// | yaml-syntax              | yaml         | PyYAML's scanner/parser/composer rejects the text (message says where and why)            |
// | yaml-tab                 | yaml         | a tab outside quotes, comments and block scalars ("cannot start any token")               |
// | yaml-bad-character       | yaml         | a control or other non-printable character PyYAML's reader refuses                      |
// | yaml-multiple-documents  | yaml         | more than one document (`---` twice); `safe_load` wants exactly one                       |
// | yaml-multiline-key       | yaml         | an implicit key whose `:` is on a later line                                              |
// | yaml-long-key            | yaml         | an implicit key longer than 1024 characters                                               |
// | yaml-bad-anchor          | yaml         | an anchor/alias name with characters PyYAML does not allow                                |
// | yaml-undefined-alias     | yaml         | `*name` before (or without) its `&name`                                                   |
// | yaml-duplicate-anchor    | yaml         | the same `&name` twice in the document                                                    |
// | yaml-version             | yaml         | a `%YAML` directive other than 1.x                                                        |
// | yaml-unknown-tag         | yaml         | a tag SafeLoader has no constructor for (`!custom`, `!!python/…`, `<<` or `=` as a value) |
// | yaml-unhashable-key      | yaml         | a list or mapping used as a mapping key                                                   |
// | yaml-bad-merge           | yaml         | `<<:` merging something that is not a mapping or a list of mappings                       |
// | yaml-bad-binary          | yaml         | `!!binary` data that is not ASCII base64                                                   |
// | yaml-bad-omap            | yaml         | `!!omap` / `!!pairs` not a list of one-key mappings                                        |
// | yaml-wrong-node          | yaml         | a scalar tag on a collection or a collection tag on the wrong kind of node                |
// | file-too-large           | yaml         | over 1 MiB (UTF-8): not read, not checked (dlm's verdict is not predicted; see load.ts)  |
// | loader-crash             | loader-crash | PyYAML raises a non-YAML exception (`2024-13-45`, `!!int x`, `!!bool maybe`, very deep   |
// |                          |              | nesting…): dlm does not catch it, `dlm train` itself crashes                              |
// | not-mapping              | not-mapping  | the document is a list or a single value, not a mapping                                   |
// | unknown-key              | schema       | a top-level key dlm does not know (typo, wrong case)                                      |
// | key-not-string           | schema       | a top-level key typed as non-string (`1:`, `true:`, `~:`)                                 |
// | version-invalid          | schema       | `dlm_training_version` is not 1 (`1`, `1.0`, `true` pass)                                 |
// | include-not-list         | schema       | `include` is not a list (a bare string, null, a mapping)                                  |
// | exclude-not-list         | schema       | `exclude` is not a list                                                                   |
// | pattern-not-string       | schema       | an `include`/`exclude` entry that is not a string (`yes`, `1`, `~`, a nested list)        |
// | exclude-defaults-invalid | schema       | `exclude_defaults` is not a (lenient) boolean                                             |
// | metadata-not-mapping     | schema       | `metadata` is null, a list or a scalar                                                    |
// | metadata-not-string      | schema       | a metadata value typed as non-string (`true`, `2024`, `~`, `2024-01-01`, a list)          |
// | tag-key-not-string       | schema       | a key under metadata / weights / weights.<key> typed as non-string (`true:`, `2024:`,   |
// |                          |              | `1.5:`, `~:`); quick fix: quote it                                                        |
// | weights-not-mapping      | schema       | `weights` is null, a list or a scalar                                                     |
// | tag-values-not-mapping   | schema       | `weights.<key>` is not a mapping of tag value -> factor                                   |
// | weight-not-number        | schema       | a factor that is not a number, a bool or a string Python's float() reads                 |
// | weight-negative          | schema       | a factor < 0 (dlm's validator rejects the file)                                           |
// | schema-invalid           | schema       | any other schema error (not expected; the schema covers the cases above)                  |
// | weight-nonfinite         | null         | a NaN or ±infinity factor: accepted, but `dlm train` crashes expanding rows (crash: true) |

import type { ReadResult } from '../fs/index.js';
import type { ConfigProblem, Range, TrainingConfig } from '../types.js';
import { loadBytes, loadText, MAX_CONFIG_BYTES, tooLargeResult } from './load.js';

export { MAX_CONFIG_BYTES, tooLargeResult };

export interface ConfigIssue {
  /** Stable kebab-case id, see the table above. */
  code: string;
  /** Why dlm does not use the file; null for a file it uses (but whose weights crash `dlm train`). */
  problem: ConfigProblem | 'loader-crash' | null;
  /** The consequence in dlm's terms, and what to do. */
  message: string;
  /** 0-based LSP range in the editor text: the key for key problems, the value for value problems. */
  range: Range;
  /** Location in the document, like pydantic's `loc` (non-string keys as pydantic shows them, then '[key]'). */
  path: (string | number)[];
  /** Quick fix where it is obvious (quoting a scalar YAML would type). */
  fix?: { range: Range; newText: string; title: string };
}

/** Where things are, for hover, completion and cross-file checks (ranges in the editor text). */
export interface ConfigLocations {
  topKeys: Map<string, Range>;
  metadata: Array<{ key: string; keyRange: Range; valueRange: Range }>;
  /** Only string keys; `values` only those whose factor reads as a number. */
  weights: Array<{ tagKey: string; keyRange: Range; values: Array<{ tagValue: string; keyRange: Range; valueRange: Range; weight: number }> }>;
  include: Array<{ pattern: string; range: Range }>;
  exclude: Array<{ pattern: string; range: Range }>;
  /** Repeated keys in the top level, metadata, weights or weights.<key>: PyYAML keeps the last value silently. */
  duplicateKeys: Array<{ path: string[]; key: string; firstRange: Range; winnerRange: Range }>;
}

export interface LoadResult {
  /** dlm's loader returns a config (the file is used). */
  accepted: boolean;
  problem: ConfigProblem | 'loader-crash' | null;
  /** A loader crash, or an accepted config with a NaN/±Infinity weight: `dlm train` crashes. */
  crash: boolean;
  /** When accepted: defaults filled in. */
  config: TrainingConfig | null;
  /** Every rejection/crash reason (at least one when rejected). */
  issues: ConfigIssue[];
  /** When the YAML parsed to a mapping (even if the schema rejects it), else null. */
  locations: ConfigLocations | null;
}

/** Load file bytes: strict UTF-8 (invalid -> problem 'encoding'), one BOM stripped, CRLF/CR -> LF. */
export function loadTrainingYamlBytes(bytes: Uint8Array): LoadResult {
  return loadBytes(bytes);
}

/** Load the text an editor holds (may contain CRLF or a BOM); ranges are in that text. */
export function loadTrainingYamlText(text: string): LoadResult {
  return loadText(text, false);
}

/** Read options for a training.yaml: the cap is checked from the file's size, before reading. */
export const TRAINING_YAML_READ = { maxBytes: MAX_CONFIG_BYTES } as const;

/** The verdict on a training.yaml read with TRAINING_YAML_READ; null when there was nothing to load (absent, not a regular file, unreadable). */
export function loadTrainingYamlRead(r: ReadResult): LoadResult | null {
  if (r.kind === 'ok') return loadBytes(r.bytes);
  if (r.kind === 'too-large') return tooLargeResult(r.size);
  return null;
}

export { PYYAML_MAX_DEPTH } from './pyyaml.js';
