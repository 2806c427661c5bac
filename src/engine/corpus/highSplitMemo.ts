// Split answers of copies numbered MEMO_COPIES (16) and up, per duplicate group (its first
// row), for one seed. Rows that share an id number their copies on from each
// other, so large copy numbers are common there, and a language server
// expands the same rows on every weights edit. One flat byte buffer holds
// every group's run (a typed array per group cost an allocation per row).

export class HighSplitMemo {
  /** Per group: where its run starts in `data`, plus one (0 = no run yet). */
  private readonly at: Int32Array;
  private readonly cap: Int32Array;
  /** Per copy: 0 not worked out, 1 train, 2 validation. */
  private data = new Uint8Array(1024);
  private used = 0;

  constructor(readonly seedText: string, groups: number) {
    this.at = new Int32Array(groups);
    this.cap = new Int32Array(groups);
  }

  /** Copy MEMO_COPIES + k of group g: 0 not known, 1 train, 2 validation. */
  get(g: number, k: number): number {
    const a = this.at[g]!;
    return a !== 0 && k < this.cap[g]! ? this.data[a - 1 + k]! : 0;
  }

  set(g: number, k: number, val: boolean): void {
    this.data[this.runOf(g, k) - 1 + k] = val ? 2 : 1;
  }

  /** Copies MEMO_COPIES + k0 .. of group g from answer bytes (same coding; 0 = not known, left as it is). */
  setRun(g: number, k0: number, answers: Uint8Array, at: number, count: number): void {
    const base = this.runOf(g, k0 + count - 1) - 1 + k0;
    const data = this.data;
    for (let k = 0; k < count; k++) {
      const a = answers[at + k]!;
      if (a !== 0) data[base + k] = a;
    }
  }

  /** Where group g's run starts (plus one), grown to hold copy MEMO_COPIES + k. */
  private runOf(g: number, k: number): number {
    let a = this.at[g]!;
    const c = this.cap[g]!;
    if (a === 0 || k >= c) {
      // a longer run at the end; the old one is left behind (runs only grow, so this stays small)
      const grown = Math.max(8, 2 * (k + 1));
      if (this.used + grown > this.data.length) {
        const d = new Uint8Array(Math.max(2 * this.data.length, this.used + grown));
        d.set(this.data.subarray(0, this.used));
        this.data = d;
      }
      if (a !== 0) this.data.copyWithin(this.used, a - 1, a - 1 + c);
      this.at[g] = a = this.used + 1;
      this.cap[g] = grown;
      this.used += grown;
    }
    return a;
  }
}
