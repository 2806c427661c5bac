// Tiny structural checkers for data that crosses a trust boundary
// (postMessage, embedded JSON). Browser-safe: no Node imports.

export type Check = (v: unknown) => boolean;

export const isString: Check = (v) => typeof v === 'string';
export const isFiniteNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
export const isCount: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
export const isBoolean: Check = (v) => typeof v === 'boolean';

export const nullable = (c: Check): Check => (v) => v === null || c(v);
export const oneOf = (...allowed: readonly unknown[]): Check => (v) => allowed.includes(v);
export const arrayOf = (c: Check): Check => (v) => Array.isArray(v) && v.every(c);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * An object with exactly these keys (`optional` ones may be missing);
 * any other key rejects it.
 */
export function exactObject(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  const req = Object.entries(required);
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (const k of Object.keys(v)) if (!Object.prototype.hasOwnProperty.call(required, k) && !Object.prototype.hasOwnProperty.call(optional, k)) return false;
    for (const [k, c] of req) if (!Object.prototype.hasOwnProperty.call(v, k) || !c(v[k])) return false;
    for (const [k, c] of Object.entries(optional)) if (Object.prototype.hasOwnProperty.call(v, k) && !c(v[k])) return false;
    return true;
  };
}
