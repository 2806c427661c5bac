// Number formatting shared by the view-model, CSV export and the webview.

/** A weight as the report shows it: JS number text, or NaN / ∞ / −∞. */
export function formatWeight(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '∞';
  if (n === -Infinity) return '−∞';
  return String(n);
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
