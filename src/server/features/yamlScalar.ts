// Writing a tag key or value so that PyYAML reads it back as the same string.
import { resolveImplicit, TAG } from '../../engine/config/resolve';

/** A plain scalar that is safe to write unquoted (no indicators, no `: ` or ` #`, no edge spaces). */
const SAFE_PLAIN = /^[A-Za-z0-9_./\u00a0-\uffff][A-Za-z0-9_./\- \u00a0-\uffff]*$/u;

/** Would PyYAML read `s`, written plain, as something other than the string `s`? */
export function needsQuotes(s: string): boolean {
  // PyYAML's implicit typing (YAML 1.1): `yes`, `1.5`, `~`, `2024-01-01` … are not strings
  if (resolveImplicit(s) !== TAG.str) return true;
  if (!SAFE_PLAIN.test(s) || s.endsWith(' ') || /[\u0085\u2028\u2029\ufeff]/.test(s)) return true;
  return false;
}

/** `s` as a YAML scalar that PyYAML reads back as the string `s`. */
export function yamlScalar(s: string): string {
  if (!needsQuotes(s)) return s;
  // single quotes cannot hold line breaks or control characters faithfully
  if (/[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(s)) return JSON.stringify(s);
  return `'${s.replace(/'/g, "''")}'`;
}
