// `dry-run --max-share TAG=VALUE:FRACTION`: a CI gate on the training mix.
// The share is the tag value's part of all expanded rows (copies after
// weights); rows without the tag count in the total.
import type { DryRunReport } from '../../engine/types.js';
import { parseShare } from '../../engine/solver/targetSpec.js';
import { UsageError } from '../args.js';
import { forEachRow } from '../../engine/corpus/rowSet.js';

export interface ShareBound {
  key: string;
  value: string;
  /** In [0, 1]. */
  fraction: number;
  /** As the user wrote it, for messages. */
  spec: string;
}

export interface ShareCheck {
  bound: ShareBound;
  /** Expanded rows carrying key=value, and all expanded rows. */
  copies: number;
  total: number;
  /** Rows (before expansion) carrying key=value. */
  rows: number;
  exceeded: boolean;
}

/** `lang=python:0.6` or `lang=python:60%` (the value is everything between the first `=` and the last `:`). */
export function parseShareBound(spec: string): ShareBound {
  const eq = spec.indexOf('=');
  const colon = spec.lastIndexOf(':');
  if (eq <= 0 || colon <= eq + 1) throw new UsageError(`--max-share wants TAG=VALUE:FRACTION, got ${JSON.stringify(spec)}`);
  const fraction = parseFraction(spec.slice(colon + 1));
  if (fraction === null) throw new UsageError(`--max-share fraction must be a number from 0 to 1 (or a percentage), got ${JSON.stringify(spec.slice(colon + 1))}`);
  return { key: spec.slice(0, eq), value: spec.slice(eq + 1, colon), fraction, spec };
}

/** `0.6`, `.6`, `60%` → 0.6; null when not a share. */
export const parseFraction = parseShare;

export function checkShares(report: DryRunReport, bounds: readonly ShareBound[]): ShareCheck[] {
  const total = report.totals.expandedRows;
  return bounds.map((bound) => {
    let copies = 0;
    let rows = 0;
    forEachRow(report, (tags, rowCopies) => {
      if (tags.get(bound.key) !== bound.value) return;
      rows++;
      copies += rowCopies;
    });
    // exact: copies / total > fraction, without dividing
    return { bound, copies, total, rows, exceeded: total > 0 && copies > bound.fraction * total };
  });
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** One line per bound: what the share is and, when over, by how much. */
export function formatShareCheck(c: ShareCheck): string {
  const tag = `${c.bound.key}=${c.bound.value}`;
  if (c.total === 0) return `max-share ${tag}: no expanded rows to measure (dlm train has nothing to train on)`;
  const share = c.copies / c.total;
  const what = `${tag} is ${pct(share)} of the expanded rows (${c.copies} of ${c.total})`;
  const over = 100 * (share - c.bound.fraction);
  if (c.exceeded) return `✖ max-share: ${what}, ${over < 0.05 ? 'less than 0.1' : over.toFixed(1)} points over the bound ${pct(c.bound.fraction)}`;
  const none = c.rows === 0 ? `; no row carries ${tag} — is the tag spelled right?` : '';
  return `✔ max-share: ${what}, within ${pct(c.bound.fraction)}${none}`;
}
