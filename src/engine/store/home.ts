// Where dlm keeps a document's store (docs/spec/store.md): `<home>/store/<dlm_id>/`.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * dlm's home: `$DLM_HOME` when set (non-empty; `~` expanded, made absolute),
 * else `%APPDATA%\dlm` on Windows when APPDATA is set, else `~/.dlm`.
 */
export function dlmHome(env: Env = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const set = env.DLM_HOME;
  if (set) return resolve(set === '~' || set.startsWith('~/') ? join(home, set.slice(1)) : set);
  if (platform === 'win32' && env.APPDATA) return join(resolve(env.APPDATA), 'dlm');
  return join(home, '.dlm');
}

// a dlm_id as the frontmatter schema accepts it: 26 Crockford base32 characters
const DLM_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** True for ids dlm accepts — and that are safe as a folder name. */
export function isDlmId(id: string): boolean {
  return DLM_ID.test(id);
}

export function manifestPath(home: string, dlmId: string): string {
  return join(home, 'store', dlmId, 'manifest.json');
}
