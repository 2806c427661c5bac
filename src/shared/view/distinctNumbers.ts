// Each distinct number once, in first-seen order, and a number's position in
// that list: a report's weights are a few products of tag weights, so rows
// carry positions rather than the weights themselves. -0 keeps its own entry
// apart from 0; every NaN shares one. Browser-safe.

export class DistinctNumbers {
  readonly values: number[] = [];
  private readonly positions = new Map<number | string, number>();

  /** The position of `n` in `values` (added at the end when new). */
  positionOf(n: number): number {
    const key = Object.is(n, -0) ? '-0' : n;
    let p = this.positions.get(key);
    if (p === undefined) {
      this.positions.set(key, (p = this.values.length));
      this.values.push(n);
    }
    return p;
  }
}
