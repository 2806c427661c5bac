// Token counts of training rows: exact with the base model's own tokenizer,
// or an estimate when none is at hand (always labelled as one).
//
// The tokenizer library is @huggingface/tokenizers (Tokenizers.js), pinned in
// package.json: Hugging Face's pure TypeScript reading of tokenizer.json — the
// tokenizer of Transformers.js — with no dependencies and no native code, so
// esbuild bundles it into the CLI, the server and worker threads alike. The
// native `tokenizers` package ships ~60 MB of per-platform binaries that a
// bundle cannot carry, and was no faster on byte-level BPE here;
// @huggingface/transformers and @xenova/transformers pull in ONNX runtimes and
// image libraries only to reach the same tokenizer code.
import type { Tokenizer } from '@huggingface/tokenizers';
import type { TokenizerFiles } from './hfCache.js';

export interface RowTokens {
  tokens: number;
  /** False when estimated: no tokenizer, an over-long row, or a tokenizer failure. */
  exact: boolean;
}

export interface TokenCounter {
  /** True when counts come from a real tokenizer (individual rows may still be estimated). */
  readonly exact: boolean;
  /** The tokenizer (`org/name@revision` or a path), or the estimate's method. */
  readonly label: string;
  count(text: string): RowTokens;
}

/**
 * The estimate: UTF-8 bytes / 4, rounded up. Bytes rather than characters
 * because byte-level BPE vocabularies spend about one token per 3–4 bytes
 * across scripts (~4 for English and code, where bytes = characters), while
 * characters / 4 would undercount CJK text (3 bytes a character, often a
 * token or more each) several times over.
 */
export const ESTIMATE_METHOD = 'utf8-bytes/4';

const utf8 = new TextEncoder();
export function estimateTokens(text: string): number {
  return Math.ceil(utf8.encode(text).length / 4);
}

export const estimatingCounter: TokenCounter = {
  exact: false,
  label: ESTIMATE_METHOD,
  count: (text) => ({ tokens: estimateTokens(text), exact: false }),
};

/**
 * Longest text (UTF-16 units) tokenized whole. The pure-JS BPE runs at a few
 * hundred KB/s, slower on tokenizers without a pre-tokenizer split (the whole
 * row is one BPE word), so a multi-megabyte row would stall a run. Longer
 * rows count this prefix exactly and scale by length, and are flagged as
 * estimated. 128 Ki units is ~32k tokens, the largest sequence_len dlm allows.
 */
export const EXACT_PREFIX_UNITS = 128 * 1024;

export type CounterResult = { kind: 'ok'; counter: TokenCounter } | { kind: 'error'; message: string };

/** A counter over a tokenizer.json (and its tokenizer_config.json); an error for files the library cannot load. */
export function tokenizerCounter(files: Pick<TokenizerFiles, 'json' | 'config' | 'label'>): CounterResult {
  let tokenizer: Tokenizer;
  try {
    const json = JSON.parse(files.json) as unknown;
    let config: unknown = {};
    try {
      if (files.config !== null) config = JSON.parse(files.config);
    } catch { /* a broken tokenizer_config.json only loses options that do not change counts much */ }
    if (!isObject(json)) return { kind: 'error', message: 'tokenizer.json is not a JSON object' };
    // loaded here, on first use: a dry run without a tokenizer never pays its start-up (about 5 ms)
    const { Tokenizer: TokenizerClass } = require('@huggingface/tokenizers') as typeof import('@huggingface/tokenizers');
    tokenizer = new TokenizerClass(json, isObject(config) ? config : {});
  } catch (e) {
    return { kind: 'error', message: `cannot load tokenizer.json: ${e instanceof Error ? e.message : String(e)}` };
  }
  const tokensOf = (text: string): number => tokenizer.tokenize(text, { add_special_tokens: false }).length;
  return {
    kind: 'ok',
    counter: {
      exact: true,
      label: files.label,
      count(text) {
        try {
          if (text.length <= EXACT_PREFIX_UNITS) return { tokens: tokensOf(text), exact: true };
          let cut = EXACT_PREFIX_UNITS;
          if (isLowSurrogate(text.charCodeAt(cut))) cut--; // never split a surrogate pair
          const n = tokensOf(text.slice(0, cut));
          return { tokens: Math.round((n * text.length) / cut), exact: false };
        } catch {
          return { tokens: estimateTokens(text), exact: false };
        }
      },
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Token counts by a caller's key (a section id; `<id>#<n>` for the n-th row of
 * a multi-row section), for one counter. A file's section id is a hash of its
 * content, so a cached count stays right until the content changes. The map is
 * plain data: a worker can fill one and post its entries back.
 */
export class TokenCountCache {
  readonly counts = new Map<string, RowTokens>();
  constructor(readonly counter: TokenCounter) {}

  /** The cached count, or the count of `text` (a string, or a function read only on a miss; null = unavailable). */
  count(key: string, text: string | (() => string | null)): RowTokens | null {
    const hit = this.counts.get(key);
    if (hit) return hit;
    const t = typeof text === 'string' ? text : text();
    if (t === null) return null;
    const r = this.counter.count(t);
    this.counts.set(key, r);
    return r;
  }
}
