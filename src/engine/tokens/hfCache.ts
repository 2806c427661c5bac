// Finding a base model's tokenizer.json in the local Hugging Face cache,
// without downloading anything (docs/spec/base-models.md).
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TextReader } from '../store/textReader.js';
import { hfRepoOf } from './baseModels.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Biggest tokenizer.json read (Gemma 3's is ~33 MB). */
export const MAX_TOKENIZER_BYTES = 64 * 1024 * 1024;
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

function expandHome(p: string, home: string): string {
  return p === '~' || p.startsWith('~/') ? join(home, p.slice(1)) : p;
}

/**
 * The hub cache folder: `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else
 * `~/.cache/huggingface/hub` (base-models.md). Like huggingface_hub itself we
 * also honour the older `HUGGINGFACE_HUB_CACHE` and `$XDG_CACHE_HOME`
 * (`$XDG_CACHE_HOME/huggingface/hub`); empty variables count as unset.
 */
export function hubCacheDir(env: Env = process.env, home: string = homedir()): string {
  const set = (name: string): string | null => (env[name] ? expandHome(env[name]!, home) : null);
  const hub = set('HF_HUB_CACHE') ?? set('HUGGINGFACE_HUB_CACHE');
  if (hub) return hub;
  const hfHome = set('HF_HOME') ?? join(set('XDG_CACHE_HOME') ?? join(home, '.cache'), 'huggingface');
  return join(hfHome, 'hub');
}

/** `models--<org>--<name>` under the hub cache. */
export function repoCacheDir(hub: string, repo: string): string {
  return join(hub, `models--${repo.split('/').join('--')}`);
}

/** A tokenizer.json's text and where it came from. */
export interface TokenizerFiles {
  /** Absolute path of tokenizer.json. */
  path: string;
  /** `<org>/<name>@<revision>` from the cache, or the explicit path. */
  label: string;
  json: string;
  /** tokenizer_config.json next to it, when present. */
  config: string | null;
}

export type TokenizerLookup =
  | { kind: 'found'; files: TokenizerFiles }
  | {
    kind: 'missing';
    reason: 'unknown-base-model' | 'not-in-cache' | 'explicit-unreadable';
    /** The repository looked for (null for an unknown key or an explicit path). */
    repo: string | null;
    /** The path that was tried, when any. */
    tried: string | null;
  };

export interface LookupOptions {
  /** A tokenizer.json given by a setting or flag: wins over the cache. */
  explicitPath?: string | null;
  env?: Env;
  home?: string;
}

// a revision names a folder under snapshots/: a commit hash or a plain name
const REVISION = /^[A-Za-z0-9_.-]+$/;

/** Reads the tokenizer for `baseModel` from an explicit path or the cache's `refs/main` snapshot. */
export function findTokenizer(baseModel: string | null, reader: TextReader, opts: LookupOptions = {}): TokenizerLookup {
  if (opts.explicitPath) {
    const files = readTokenizerFiles(opts.explicitPath, opts.explicitPath, reader);
    return files ? { kind: 'found', files } : { kind: 'missing', reason: 'explicit-unreadable', repo: null, tried: opts.explicitPath };
  }
  const repo = baseModel === null ? null : hfRepoOf(baseModel);
  if (repo === null) return { kind: 'missing', reason: 'unknown-base-model', repo: null, tried: null };
  const dir = repoCacheDir(hubCacheDir(opts.env, opts.home), repo);
  const revision = reader.readText(join(dir, 'refs', 'main'), 1024)?.trim() ?? '';
  if (!REVISION.test(revision) || revision === '.' || revision === '..') {
    return { kind: 'missing', reason: 'not-in-cache', repo, tried: join(dir, 'refs', 'main') };
  }
  const path = join(dir, 'snapshots', revision, 'tokenizer.json');
  const files = readTokenizerFiles(path, `${repo}@${revision}`, reader);
  return files ? { kind: 'found', files } : { kind: 'missing', reason: 'not-in-cache', repo, tried: path };
}

function readTokenizerFiles(path: string, label: string, reader: TextReader): TokenizerFiles | null {
  const json = reader.readText(path, MAX_TOKENIZER_BYTES);
  if (json === null) return null;
  return { path, label, json, config: reader.readText(join(dirname(path), 'tokenizer_config.json'), MAX_CONFIG_BYTES) };
}
