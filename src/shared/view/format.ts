// Number formatting shared by the view-model, CSV export and the webview.

/** A weight as the report shows it: JS number text, or NaN / ∞ / −∞. */
export function formatWeight(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '∞';
  if (n === -Infinity) return '−∞';
  return String(n);
}

const SIGNIFICANT = 4;
const shortFormats = new Map<number, Intl.NumberFormat>();

/**
 * A weight for the eye: 4 significant digits, so float noise goes
 * (0.15000000000000002 → "0.15", 1/3 → "0.3333"), but never fewer digits than
 * its integer part (12345.6 → "12346", not "1.235e+4"); integers and
 * non-finite weights as formatWeight. Show the exact value (formatWeight) on
 * hover wherever the two differ.
 */
export function formatWeightShort(n: number): string {
  if (!Number.isFinite(n) || Number.isInteger(n)) return formatWeight(n);
  const abs = Math.abs(n);
  // tiny factors: 1.235e-7 reads better than a run of zeros
  if (abs < 1e-4) return n.toExponential(SIGNIFICANT - 1).replace(/\.?0+e/, 'e');
  const intDigits = abs >= 1 ? Math.floor(Math.log10(abs)) + 1 : 0;
  const digits = Math.min(21, Math.max(SIGNIFICANT, intDigits));
  let f = shortFormats.get(digits);
  if (!f) shortFormats.set(digits, (f = new Intl.NumberFormat('en-US', { maximumSignificantDigits: digits, useGrouping: false })));
  return f.format(n);
}

/** null for non-finite numbers, so the value survives JSON. */
export function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** 12345 -> "12,345" (fixed locale so tests and screenshots are stable). */
export function formatCount(n: number): string {
  // one formatter: n.toLocaleString('en-US') builds one per call (slow over thousands of cells)
  return COUNT_FORMAT.format(n);
}

/** A signed difference: "+3", "−2", "0". */
export function formatDelta(n: number): string {
  if (n > 0) return `+${formatCount(n)}`;
  if (n < 0) return `−${formatCount(-n)}`;
  return '0';
}

/** 0.1234 -> "12.3%"; null -> "—". */
export function formatShare(x: number | null): string {
  if (x === null) return '—';
  const pct = x * 100;
  return `${pct === 0 || pct === 100 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** How an anchor directory is named in the UI: "root" or "src/". */
export function anchorLabel(anchor: string): string {
  return anchor === '.' || anchor === '' ? 'root' : `${anchor.replace(/\/+$/, '')}/`;
}
