// How long an edit of an open config waits before it is checked and applied
// to the index. A lone edit (a pasted value, a quick fix, a completion, the
// first key after a pause) goes at once; keys typed in a burst wait
// for a pause, so a half-typed value is not recomputed key by key.
/** The wait of an edit that follows the previous one of the same file within EDIT_BURST_GAP_MS. */
export const EDIT_DEBOUNCE_MS = 150;
/** The wait of a lone edit. */
export const LONE_EDIT_DEBOUNCE_MS = 0;
/** Edits of one file closer than this are one burst. */
export const EDIT_BURST_GAP_MS = 400;

/** The debounce of an edit at `now`, given the time of the previous edit of the file (undefined: none). */
export function editDebounce(now: number, previous: number | undefined): number {
  return previous !== undefined && now - previous < EDIT_BURST_GAP_MS ? EDIT_DEBOUNCE_MS : LONE_EDIT_DEBOUNCE_MS;
}
