// Readable weights: numbers with few significant digits (0.3, 1.5, 12, 0.35).
// The solver tries 1 digit, then 2, 3 and 4, and keeps the first precision
// that hits the targets. Each value is the double Python's float() reads from
// its shortest decimal text, so what we evaluate is what dlm will use.

export const MIN_WEIGHT = 0.001;

const grids = new Map<string, Float64Array>();

/** Every number with `digits` significant digits in [min, max], ascending. */
export function readableGrid(digits: number, min: number, max: number): Float64Array {
  const cacheKey = `${digits}:${min}:${max}`;
  const hit = grids.get(cacheKey);
  if (hit) return hit;
  const out: number[] = [];
  const lo = 10 ** (digits - 1);
  for (let e = Math.floor(Math.log10(min)); e <= Math.floor(Math.log10(max)); e++) {
    for (let m = lo; m < lo * 10; m++) {
      const v = Number(`${m}e${e - digits + 1}`);
      if (v >= min && v <= max) out.push(v);
    }
  }
  const grid = Float64Array.from(out);
  grids.set(cacheKey, grid);
  return grid;
}

/** Significant digits of the shortest decimal text (100 → 1, 0.35 → 2, 1.25 → 3). */
export function significantDigits(x: number): number {
  if (x === 0) return 1;
  const digits = String(x).replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.max(1, digits.length);
}

/** The weight as written in YAML: the shortest text that reads back as the same double. */
export function weightText(x: number): string {
  const s = String(x);
  // PyYAML reads `1e-7` as a string; the grid never goes there, but never write one
  if (!/^\d+(\.\d+)?$/.test(s)) throw new Error(`not a plain decimal weight: ${s}`);
  return s;
}
