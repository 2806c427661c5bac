// A view-model's rows as columns (see RowColumnsVM), for the `report` message:
// a 50k-row report crosses from the extension host to the webview as a few
// arrays of strings and numbers instead of 50k objects of eight fields, each
// tag text once, and no absolute path repeated per row. Browser-safe.
import { formatWeight } from './format';
import { rowStatusOf } from './rowUpdates';
import type { RowColumnsVM, RowVM } from './viewModelTypes';

/** The rows as columns. */
export function rowColumnsOf(rows: readonly RowVM[]): RowColumnsVM {
  const n = rows.length;
  const first = rows[0];
  const openPrefix = first && first.openPath.endsWith(first.origin) ? first.openPath.slice(0, first.openPath.length - first.origin.length) : '';
  const origin: string[] = new Array(n);
  const openPath: Array<string | null> = new Array(n);
  const tagTexts: string[] = [];
  const tagSlot = new Map<string, number>();
  const tags: number[] = new Array(n);
  const weight: Array<number | null> = new Array(n);
  const copies: number[] = new Array(n);
  const valCopies: number[] = new Array(n);
  const nonFiniteText: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    origin[i] = r.origin;
    openPath[i] = r.openPath.length === openPrefix.length + r.origin.length && r.openPath.startsWith(openPrefix) && r.openPath.endsWith(r.origin) ? null : r.openPath;
    let slot = tagSlot.get(r.tags);
    if (slot === undefined) {
      tagSlot.set(r.tags, (slot = tagTexts.length));
      tagTexts.push(r.tags);
    }
    tags[i] = slot;
    weight[i] = r.weight;
    if (r.weight === null) nonFiniteText.push(r.weightText);
    copies[i] = r.copies;
    valCopies[i] = r.valCopies;
  }
  return { origin, openPrefix, openPath, tagTexts, tags, weight, nonFiniteText, copies, valCopies };
}

/** Rows [from, to) of the columns (tag texts and the null weights' texts narrowed to them). */
export function rowColumnsSlice(c: RowColumnsVM, from: number, to: number): RowColumnsVM {
  let nullsBefore = 0;
  for (let i = 0; i < from; i++) if (c.weight[i] === null) nullsBefore++;
  let nulls = 0;
  for (let i = from; i < to; i++) if (c.weight[i] === null) nulls++;
  return {
    origin: c.origin.slice(from, to),
    openPrefix: c.openPrefix,
    openPath: c.openPath.slice(from, to),
    tagTexts: c.tagTexts,
    tags: c.tags.slice(from, to),
    weight: c.weight.slice(from, to),
    nonFiniteText: c.nonFiniteText.slice(nullsBefore, nullsBefore + nulls),
    copies: c.copies.slice(from, to),
    valCopies: c.valCopies.slice(from, to),
  };
}

/** Whether the columns are consistent: one entry per row in each, tag slots in range, one text per null weight. */
export function rowColumnsFit(c: RowColumnsVM): boolean {
  const n = c.origin.length;
  if (c.openPath.length !== n || c.tags.length !== n || c.weight.length !== n || c.copies.length !== n || c.valCopies.length !== n) return false;
  const slots = c.tagTexts.length;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (c.tags[i]! >= slots) return false;
    if (c.weight[i] === null) nulls++;
  }
  return nulls === c.nonFiniteText.length;
}

/**
 * The rows back from their columns (`stopped`: the report has a train error);
 * rows with the same weight share its text, as rowUpdates does.
 */
export function rowsFromColumns(c: RowColumnsVM, stopped: boolean): RowVM[] {
  const n = c.origin.length;
  const rows: RowVM[] = new Array(n);
  const texts = new Map<number, string>();
  let j = 0;
  for (let i = 0; i < n; i++) {
    const origin = c.origin[i]!;
    const w = c.weight[i]!;
    let weightText: string;
    if (w === null) weightText = c.nonFiniteText[j++]!;
    else {
      let text = texts.get(w);
      if (text === undefined) texts.set(w, (text = formatWeight(w)));
      weightText = text;
    }
    const copies = c.copies[i]!;
    const valCopies = c.valCopies[i]!;
    rows[i] = {
      origin,
      openPath: c.openPath[i] ?? c.openPrefix + origin,
      tags: c.tagTexts[c.tags[i]!]!,
      weight: w,
      weightText,
      copies,
      valCopies,
      status: rowStatusOf(stopped, copies, valCopies),
    };
  }
  return rows;
}
