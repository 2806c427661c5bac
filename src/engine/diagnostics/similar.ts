// "Did you mean": the closest known name within a small edit distance
// (Levenshtein over UTF-16 code units, from a library).
import { distance as editDistance } from 'fastest-levenshtein';

/** The best candidate within max(1, ⌊len/3⌋) edits (case differences count as half), or null. */
export function closest(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 3));
  for (const c of candidates) {
    if (c === name) return null;
    const d = c.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, c);
    if (d <= limit && d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}
