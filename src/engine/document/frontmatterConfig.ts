// The validated frontmatter as a typed value with dlm's defaults filled in.
import type { AdapterSettings, FrontmatterConfig, SourceDirective } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
function pick<T>(o: Obj, k: string, d: T): T {
  return k in o && o[k] !== undefined ? (o[k] as T) : d;
}

function adapterSettings(o: Obj): AdapterSettings {
  return {
    adapter: pick(o, 'adapter', 'lora'), lora_r: pick(o, 'lora_r', 8), lora_alpha: pick(o, 'lora_alpha', 16),
    lora_dropout: pick(o, 'lora_dropout', 0.05), target_modules: pick(o, 'target_modules', 'auto'), learning_rate: pick(o, 'learning_rate', 2e-4),
  };
}

/** `json` is the coerced JSON form the schema validated; `ints` the exact integers by pointer. */
export function buildFrontmatter(json: Obj, ints: Map<string, bigint>, declaredVersion: number | null): FrontmatterConfig {
  const t = obj(json.training);
  const pref = obj(t.preference);
  const hp = obj(pref.hyperparams);
  const cpt = obj(t.cpt);
  const gate = obj(t.gate);
  const cache = obj(t.cache);
  const audio = obj(t.audio);
  const exp = obj(json.export);
  const adaptersRaw = t.adapters;
  const adapters = adaptersRaw && typeof adaptersRaw === 'object' ? new Map(Object.entries(adaptersRaw as Obj).map(([k, v]) => [k, adapterSettings(obj(v))])) : null;
  const sourcesRaw = t.sources;
  const sources: SourceDirective[] | null = Array.isArray(sourcesRaw)
    ? sourcesRaw.map((s) => {
      const o = obj(s);
      return { path: o.path as string, include: pick(o, 'include', ['**/*']), exclude: pick(o, 'exclude', []), max_bytes_per_file: pick(o, 'max_bytes_per_file', null), max_files: pick(o, 'max_files', null) };
    })
    : null;
  return {
    dlm_id: json.dlm_id as string,
    dlm_version: declaredVersion,
    base_model: json.base_model as string,
    system_prompt: pick(json, 'system_prompt', null),
    training: {
      ...adapterSettings(t),
      sequence_len: pick(t, 'sequence_len', 2048), micro_batch_size: pick(t, 'micro_batch_size', 'auto'), grad_accum: pick(t, 'grad_accum', 'auto'),
      num_epochs: pick(t, 'num_epochs', 3), optimizer: pick(t, 'optimizer', 'adamw_torch'), lr_scheduler: pick(t, 'lr_scheduler', 'cosine'),
      warmup_ratio: pick(t, 'warmup_ratio', 0.1), precision: pick(t, 'precision', null),
      seed: ints.get('/training/seed') ?? 42n,
      preference: {
        enabled: pick(pref, 'enabled', false), method: pick(pref, 'method', 'dpo'), loss_type: pick(pref, 'loss_type', 'sigmoid'), reference: pick(pref, 'reference', 'pre_adapter'),
        hyperparams: { beta: pick(hp, 'beta', 0.1), alpha: pick(hp, 'alpha', 0.1), learning_rate: pick(hp, 'learning_rate', 5e-6), num_epochs: pick(hp, 'num_epochs', 1) },
      },
      cpt: { schedule: pick(cpt, 'schedule', 'auto'), embed_warmup_steps: pick(cpt, 'embed_warmup_steps', 0) },
      gate: {
        enabled: pick(gate, 'enabled', false), hidden_proj_dim: pick(gate, 'hidden_proj_dim', 64), steps: pick(gate, 'steps', 200), lr: pick(gate, 'lr', 3e-4),
        cold_start_floor: pick(gate, 'cold_start_floor', 4), entropy_lambda: pick(gate, 'entropy_lambda', 0.01),
      },
      cache: { enabled: pick(cache, 'enabled', true), max_bytes: ints.get('/training/cache/max_bytes') ?? 10737418240n, prune_older_than_days: pick(cache, 'prune_older_than_days', 90) },
      audio: { auto_resample: pick(audio, 'auto_resample', false) },
      adapters, sources, sources_policy: pick(t, 'sources_policy', 'permissive'),
    },
    export: { default_quant: pick(exp, 'default_quant', 'Q4_K_M'), default_temperature: pick(exp, 'default_temperature', null), default_top_p: pick(exp, 'default_top_p', null) },
  };
}
