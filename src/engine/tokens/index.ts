// One call from a document's base_model (or an explicit tokenizer.json) to a
// token counter: exact when the tokenizer is found and loads, else estimating.
import type { TextReader } from '../store/textReader.js';
import { estimatingCounter, tokenizerCounter, type TokenCounter } from './counter.js';
import { findTokenizer, type LookupOptions, type TokenizerLookup } from './hfCache.js';

export { estimatingCounter, estimateTokens, ESTIMATE_METHOD, TokenCountCache, tokenizerCounter, type RowTokens, type TokenCounter } from './counter.js';
export { findTokenizer, hubCacheDir, repoCacheDir, type TokenizerLookup } from './hfCache.js';
export { hfRepoOf, BASE_MODEL_REPOS } from './baseModels.js';

export interface ResolvedCounter {
  counter: TokenCounter;
  lookup: TokenizerLookup;
  /** Why a found tokenizer.json could not be used (the counter then estimates). */
  loadError: string | null;
}

export function resolveTokenCounter(baseModel: string | null, reader: TextReader, opts: LookupOptions = {}): ResolvedCounter {
  const lookup = findTokenizer(baseModel, reader, opts);
  if (lookup.kind !== 'found') return { counter: estimatingCounter, lookup, loadError: null };
  const made = tokenizerCounter(lookup.files);
  return made.kind === 'ok'
    ? { counter: made.counter, lookup, loadError: null }
    : { counter: estimatingCounter, lookup, loadError: made.message };
}

/** A sentence for people on where token counts come from. */
export function describeCounter(r: ResolvedCounter): string {
  if (r.counter.exact) return `tokens counted with ${r.counter.label}`;
  const why = r.loadError !== null ? `the tokenizer could not be loaded (${r.loadError})`
    : r.lookup.kind === 'missing' && r.lookup.reason === 'explicit-unreadable' ? `${r.lookup.tried} cannot be read`
      : r.lookup.kind === 'missing' && r.lookup.reason === 'not-in-cache' ? `${r.lookup.repo} is not in the local Hugging Face cache`
        : 'the base model has no known tokenizer';
  return `tokens ESTIMATED as UTF-8 bytes / 4: ${why}`;
}
