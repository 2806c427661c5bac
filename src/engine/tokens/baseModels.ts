// dlm's base-model keys and the Hugging Face repository each one loads
// (docs/spec/base-models.md). A `hf:<org>/<name>` base model names the
// repository directly.

const REGISTRY: ReadonlyArray<readonly [string, string]> = [
  ['qwen2.5-0.5b', 'Qwen/Qwen2.5-0.5B-Instruct'],
  ['qwen2.5-1.5b', 'Qwen/Qwen2.5-1.5B-Instruct'],
  ['qwen2.5-3b', 'Qwen/Qwen2.5-3B-Instruct'],
  ['qwen2.5-coder-1.5b', 'Qwen/Qwen2.5-Coder-1.5B-Instruct'],
  ['qwen3-1.7b', 'Qwen/Qwen3-1.7B'],
  ['qwen3-1.7b-thinking', 'Qwen/Qwen3-1.7B'],
  ['qwen3-4b', 'Qwen/Qwen3-4B'],
  ['qwen3-8b', 'Qwen/Qwen3-8B'],
  ['llama-3.2-1b', 'meta-llama/Llama-3.2-1B-Instruct'],
  ['llama-3.2-3b', 'meta-llama/Llama-3.2-3B-Instruct'],
  ['smollm3-3b', 'HuggingFaceTB/SmolLM3-3B'],
  ['olmo-2-7b-instruct', 'allenai/OLMo-2-1124-7B-Instruct'],
  ['gemma-2-2b-it', 'google/gemma-2-2b-it'],
  ['gemma-2-9b-it', 'google/gemma-2-9b-it'],
  ['smollm2-135m', 'HuggingFaceTB/SmolLM2-135M-Instruct'],
  ['smollm2-360m', 'HuggingFaceTB/SmolLM2-360M-Instruct'],
  ['smollm2-1.7b', 'HuggingFaceTB/SmolLM2-1.7B-Instruct'],
  ['phi-3.5-mini', 'microsoft/Phi-3.5-mini-instruct'],
  ['phi-4-mini-reasoning', 'microsoft/Phi-4-mini-reasoning'],
  ['mixtral-8x7b-instruct', 'mistralai/Mixtral-8x7B-Instruct-v0.1'],
  ['mistral-small-3.1-24b-instruct', 'mistralai/Mistral-Small-3.1-24B-Instruct-2503'],
  ['paligemma-3b-mix-224', 'google/paligemma-3b-mix-224'],
  ['qwen2-vl-2b-instruct', 'Qwen/Qwen2-VL-2B-Instruct'],
  ['internvl2-2b', 'OpenGVLab/InternVL2-2B'],
  ['internvl3-2b', 'OpenGVLab/InternVL3-2B'],
  ['qwen2-audio-7b-instruct', 'Qwen/Qwen2-Audio-7B-Instruct'],
];

export const BASE_MODEL_REPOS: ReadonlyMap<string, string> = new Map(REGISTRY);

// A repository id that is safe to turn into a cache folder name: two plain
// components, neither "." nor "..", no path separators.
const REPO_ID = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** The Hugging Face repository a base model loads, or null for an unknown key or a malformed `hf:` id. */
export function hfRepoOf(baseModel: string): string | null {
  if (baseModel.startsWith('hf:')) {
    const id = baseModel.slice(3);
    if (!REPO_ID.test(id) || id.split('/').some((c) => c === '.' || c === '..')) return null;
    return id;
  }
  return BASE_MODEL_REPOS.get(baseModel) ?? null;
}
