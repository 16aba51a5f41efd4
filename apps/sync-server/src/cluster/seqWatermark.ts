/**
 * How far a replica of one document is complete: every sequence number up to `through` is applied;
 * ranges received beyond it (out of order, or after a gap) are remembered until the gap closes.
 */
export class SeqWatermark {
  private contiguous: number;
  /** Applied ranges past `contiguous`, as [first, last], in no order. */
  private ahead: [number, number][] = [];

  constructor(through: number) {
    this.contiguous = through;
  }

  /** Every number up to this one is applied. */
  get through(): number {
    return this.contiguous;
  }

  /** The highest number applied (past `through` while there is a gap). */
  get highest(): number {
    return this.ahead.reduce((highest, [, last]) => Math.max(highest, last), this.contiguous);
  }

  /** Some numbers below `highest` are missing. */
  get hasGap(): boolean {
    return this.ahead.length > 0;
  }

  /** True when `first..last` is already wholly applied. */
  covers(first: number, last: number): boolean {
    if (last <= this.contiguous) return true;
    return this.ahead.some(([from, to]) => from <= Math.max(first, this.contiguous + 1) && to >= last);
  }

  /** Records `first..last` as applied. */
  add(first: number, last: number): void {
    if (last <= this.contiguous) return;
    this.ahead.push([first, last]);
    // Fold in every range that now touches the contiguous prefix.
    let advanced = true;
    while (advanced) {
      advanced = false;
      for (let i = 0; i < this.ahead.length; i++) {
        const [from, to] = this.ahead[i] as [number, number];
        if (from <= this.contiguous + 1) {
          this.contiguous = Math.max(this.contiguous, to);
          this.ahead.splice(i, 1);
          advanced = true;
          break;
        }
      }
    }
  }
}
