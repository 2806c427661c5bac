// The result of validating a `.dlm` document: what dlm's parser says about
// it, where each problem is, and what the rest of the tooling (dry run,
// check, language server) needs from the frontmatter and the body.
import type { PyDict } from '../config/pyvalue.js';
import type { Fix } from '../diagnostics/types.js';
import type { SectionType } from '../hashing.js';
import type { DocumentErrorKind } from '../problems.js';
import type { Range } from '../types.js';

/** dlm's order: read → delimiters → yaml → version → schema → body; rows come later, in `dlm train`. */
export type DocumentStage = 'read' | 'delimiters' | 'yaml' | 'version' | 'schema' | 'body' | 'rows';

export interface DocumentProblem {
  kind: DocumentErrorKind;
  stage: DocumentStage;
  /** Our sentence for people. */
  message: string;
  /** On the offending key, value, fence or line (0-based, editor coordinates). */
  range: Range;
  /** The 1-based line dlm itself reports, or null when it gives none. */
  upstreamLine: number | null;
  /** pydantic's location and error type (schema problems). */
  loc?: Array<string | number>;
  pydanticType?: string;
  fixes?: Fix[];
}

/** Something dlm accepts but the author probably did not mean. */
export interface DocumentWarning {
  code: DocumentWarningCode;
  message: string;
  range: Range;
  fixes?: Fix[];
}

export type DocumentWarningCode = 'dlm-version-missing' | 'dpo-migrated' | 'adapter-undeclared' | 'fence-lookalike';

export interface DocumentSection {
  type: SectionType;
  /** 1-based line of the fence (or of the first line of leading prose), as dlm counts. */
  line: number;
  /** The fence line (or first prose line). */
  range: Range;
  adapter: string | null;
  adapterRange: Range | null;
  sectionId: string;
  /** `path` of an image / audio fence. */
  mediaPath: string | null;
  /** Rows `dlm train` makes of it: 1 for prose, pairs / triples, 0 for media or a body it cannot parse. */
  rowCount: number;
  /** The content dlm hashes (markers removed). */
  content: string;
}

export interface AdapterSettings {
  adapter: 'lora' | 'qlora' | 'dora';
  lora_r: number;
  lora_alpha: number;
  lora_dropout: number;
  target_modules: 'auto' | string[];
  learning_rate: number;
}

export interface SourceDirective {
  path: string;
  include: string[];
  exclude: string[];
  max_bytes_per_file: number | null;
  max_files: number | null;
}

/** The validated frontmatter with every default filled in (snake_case, as written). */
export interface FrontmatterConfig {
  dlm_id: string;
  /** As written; null when missing (dlm then reads version 1 and migrates). */
  dlm_version: number | null;
  base_model: string;
  system_prompt: string | null;
  training: AdapterSettings & {
    sequence_len: number;
    micro_batch_size: 'auto' | number;
    grad_accum: 'auto' | number;
    num_epochs: number;
    optimizer: string;
    lr_scheduler: 'cosine' | 'linear' | 'constant';
    warmup_ratio: number;
    precision: 'bf16' | 'fp16' | 'fp32' | null;
    seed: bigint;
    preference: {
      enabled: boolean; method: 'dpo' | 'orpo'; loss_type: 'sigmoid' | 'hinge' | 'ipo'; reference: 'base' | 'pre_adapter';
      hyperparams: { beta: number; alpha: number; learning_rate: number; num_epochs: number };
    };
    cpt: { schedule: 'auto' | 'dapt' | 'sft'; embed_warmup_steps: number };
    gate: { enabled: boolean; hidden_proj_dim: number; steps: number; lr: number; cold_start_floor: number; entropy_lambda: number };
    cache: { enabled: boolean; max_bytes: bigint; prune_older_than_days: number };
    audio: { auto_resample: boolean };
    adapters: Map<string, AdapterSettings> | null;
    sources: SourceDirective[] | null;
    sources_policy: 'permissive' | 'strict';
  };
  export: { default_quant: 'Q4_K_M' | 'Q5_K_M' | 'Q6_K' | 'Q8_0'; default_temperature: number | null; default_top_p: number | null };
}

/** A key written in the frontmatter (string keys only), for hover and completion. */
export interface FrontmatterKey {
  /** Keys from the top, e.g. ['training', 'gate', 'enabled']; list items appear as their index. */
  path: Array<string | number>;
  keyRange: Range;
  valueRange: Range;
}

export interface DocumentValidation {
  /** dlm's parse verdict: `parse_file` returns a document. */
  dlmAccepts: boolean;
  /** Parse problems in the order dlm meets them; the first is the one dlm reports. */
  problems: DocumentProblem[];
  /**
   * Sections `dlm train` cannot turn into rows, in section order:
   * `instruction-body`, `preference-body`, and `media-section` (image / audio
   * sections need a blob store, which training with a text base does not have).
   */
  rowsProblems: DocumentProblem[];
  /** The first of `rowsProblems`: where `dlm train` stops after parsing. */
  rowsError: DocumentProblem | null;
  warnings: DocumentWarning[];
  /** Set when the frontmatter validates. */
  frontmatter: FrontmatterConfig | null;
  /** Body sections (also when the frontmatter is refused; empty when the delimiters are wrong). */
  sections: DocumentSection[];
  keys: FrontmatterKey[];
  /** The lines between the delimiters; null when there is no frontmatter. */
  frontmatterRange: Range | null;
  /** The frontmatter YAML text dlm hands to PyYAML (normalised); null without delimiters. */
  frontmatterText: string | null;
  /**
   * The frontmatter as PyYAML loaded it (before migration), when it is a
   * mapping: what a caller reads leniently from a document dlm refuses (spans
   * are offsets into `frontmatterText`).
   */
  frontmatterYaml: PyDict | null;
  /** 0-based line after the closing `---`; null without one. */
  bodyStartLine: number | null;
}
