/**
 * A distribution known by its quantiles at evenly spaced probabilities (0, 5 %, …, 100 %), as the
 * engine returns it. Between grid points it is taken as linear (uniform mass), which is exact enough
 * for shares of intervals in windows at 5 % resolution.
 */
export class QuantileGrid {
  readonly values: readonly number[];
  readonly #step: number;

  constructor(values: readonly number[]) {
    if (values.length < 2) throw new Error('a quantile grid needs at least two points');
    this.values = values;
    this.#step = 1 / (values.length - 1);
  }

  static from(cell: unknown): QuantileGrid | undefined {
    if (!Array.isArray(cell) || cell.length < 2) return undefined;
    const values = cell.map((v) => (typeof v === 'number' ? v : Number(v)));
    return values.every((v) => Number.isFinite(v)) ? new QuantileGrid(values) : undefined;
  }

  get min(): number {
    return this.values[0]!;
  }
  get max(): number {
    return this.values[this.values.length - 1]!;
  }

  /** The value at probability p (linear between grid points). */
  quantile(p: number): number {
    const x = Math.min(1, Math.max(0, p)) / this.#step;
    const i = Math.min(this.values.length - 2, Math.floor(x));
    const a = this.values[i]!;
    const b = this.values[i + 1]!;
    return a + (b - a) * (x - i);
  }

  /** Share of values ≤ x. */
  cdf(x: number): number {
    const v = this.values;
    if (x < v[0]!) return 0;
    if (x >= v[v.length - 1]!) return 1;
    // Largest i with v[i] ≤ x (so v[i] ≤ x < v[i+1]).
    let lo = 0;
    let hi = v.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v[mid]! <= x) lo = mid;
      else hi = mid;
    }
    return (lo + (x - v[lo]!) / (v[lo + 1]! - v[lo]!)) * this.#step;
  }

  /** Share of values < x. */
  cdfBelow(x: number): number {
    const v = this.values;
    if (x <= v[0]!) return 0;
    if (x > v[v.length - 1]!) return 1;
    // Smallest j with v[j] ≥ x (so v[j-1] < x ≤ v[j]).
    let lo = 0;
    let hi = v.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v[mid]! < x) lo = mid;
      else hi = mid;
    }
    return (hi - 1 + (x - v[hi - 1]!) / (v[hi]! - v[hi - 1]!)) * this.#step;
  }

  /**
   * `share(lows[n], highs[n])` for n in [from, to), written to `out[n]`, when both edges ascend over
   * that run: one sweep over the grid instead of two binary searches per window, with the same
   * arithmetic (so the same numbers).
   */
  sharesOfAscendingWindows(
    lows: Float64Array,
    highs: Float64Array,
    out: Float64Array,
    from: number,
    to: number,
  ): void {
    const v = this.values;
    const last = v.length - 1;
    const step = this.#step;
    let j = 1; // for cdfBelow(low): the smallest j ≥ 1 with v[j] ≥ low
    let i = 0; // for cdf(high): the largest i ≤ last − 1 with v[i] ≤ high
    for (let n = from; n < to; n++) {
      const low = lows[n]!;
      const high = highs[n]!;
      let below: number;
      if (low <= v[0]!) below = 0;
      else if (low > v[last]!) below = 1;
      else {
        while (v[j]! < low) j++;
        below = (j - 1 + (low - v[j - 1]!) / (v[j]! - v[j - 1]!)) * step;
      }
      let upTo: number;
      if (high < v[0]!) upTo = 0;
      else if (high >= v[last]!) upTo = 1;
      else {
        while (v[i + 1]! <= high) i++;
        upTo = (i + (high - v[i]!) / (v[i + 1]! - v[i]!)) * step;
      }
      out[n] = high < low ? 0 : Math.max(0, upTo - below);
    }
  }

  /** Share of values in [low, high]. */
  share(low: number, high: number): number {
    return high < low ? 0 : Math.max(0, this.cdf(high) - this.cdfBelow(low));
  }

  get median(): number {
    return this.quantile(0.5);
  }

  /** Median absolute deviation from the median, by bisection on the window share. */
  medianAbsoluteDeviation(): number {
    const m = this.median;
    let lo = 0;
    let hi = Math.max(this.max - m, m - this.min);
    for (let k = 0; k < 32; k++) {
      const mid = (lo + hi) / 2;
      if (this.share(m - mid, m + mid) >= 0.5) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  /** Bowley's quartile skewness, 0 when the quartiles coincide. */
  bowleySkewness(): number {
    const q1 = this.quantile(0.25);
    const q2 = this.quantile(0.5);
    const q3 = this.quantile(0.75);
    return q3 === q1 ? 0 : (q3 + q1 - 2 * q2) / (q3 - q1);
  }
}
