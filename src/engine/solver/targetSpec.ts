// Target specs as users write them: `lang=python:0.6,markdown:0.3,yaml:0.1`
// (shares as fractions or percentages: `python:60%`). A value is everything
// up to its last `:`, so values may hold `:` but not `,`.
import type { MixTarget } from './types.js';

export class TargetSpecError extends Error {}

/** `0.6`, `.6`, `60%` → 0.6; null when not a share from 0 to 1. */
export function parseShare(text: string): number | null {
  const t = text.trim();
  const percent = t.endsWith('%');
  const body = percent ? t.slice(0, -1).trim() : t;
  if (!/^(\d+\.?\d*|\.\d+)$/.test(body)) return null;
  const x = percent ? Number(body) / 100 : Number(body);
  return x >= 0 && x <= 1 ? x : null;
}

/** One or more specs for the same key (`--target` may be repeated). */
export function parseTargetSpec(specs: readonly string[]): MixTarget {
  let key: string | null = null;
  const shares = new Map<string, number>();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new TargetSpecError(`a target is KEY=VALUE:SHARE[,VALUE:SHARE…], got ${JSON.stringify(spec)}`);
    const k = spec.slice(0, eq);
    if (key !== null && k !== key) throw new TargetSpecError(`targets are for one tag key at a time, got \`${key}\` and \`${k}\``);
    key = k;
    for (const item of spec.slice(eq + 1).split(',')) {
      const colon = item.lastIndexOf(':');
      const value = item.slice(0, colon);
      const share = colon > 0 ? parseShare(item.slice(colon + 1)) : null;
      if (colon <= 0 || share === null) throw new TargetSpecError(`each target is VALUE:SHARE with a share from 0 to 1 (or 0–100%), got ${JSON.stringify(item)}`);
      if (shares.has(value)) throw new TargetSpecError(`${k}=${value} has two targets`);
      shares.set(value, share);
    }
  }
  if (key === null) throw new TargetSpecError('no target given');
  return { key, shares };
}
