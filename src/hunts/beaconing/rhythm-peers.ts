/**
 * The sources that reach each destination regularly, with their periods, for counting how many of
 * them poll it in the same rhythm as a given pair. Each destination's sources are kept sorted by
 * period, so a count is two binary searches: a popular destination has thousands of regular
 * sources, and comparing every one with every other grows with the square of that number.
 */
export class RhythmPeers {
  readonly #low: number;
  readonly #high: number;
  readonly #byDestination = new Map<string, Peers>();
  #sorted = true;

  /** Two periods are in the same rhythm when their ratio lies within [1 − tolerance, 1 / (1 − tolerance)]. */
  constructor(tolerance: number) {
    this.#low = 1 - tolerance;
    this.#high = 1 / (1 - tolerance);
  }

  add(destination: string, source: string, periodSeconds: number): void {
    let peers = this.#byDestination.get(destination);
    if (!peers) {
      peers = { periods: [], sources: [], periodOf: new Map(), distinct: true };
      this.#byDestination.set(destination, peers);
    }
    peers.periods.push(periodSeconds);
    peers.sources.push(source);
    if (peers.periodOf.has(source)) peers.distinct = false;
    peers.periodOf.set(source, periodSeconds);
    this.#sorted = false;
  }

  /**
   * Distinct sources, `source` itself included, that reach `destination` regularly with a period in
   * the same rhythm as `periodSeconds`.
   */
  count(destination: string, source: string, periodSeconds: number): number {
    const peers = this.#byDestination.get(destination);
    if (!peers) return 1;
    if (!this.#sorted) this.#sort();
    const base = Math.max(periodSeconds, 1e-9);
    const { periods, sources } = peers;
    // Ratios ascend with the periods, so the peers in rhythm are one run of the sorted list; the
    // same division as a pair-by-pair comparison decides each edge, so the counts are the same.
    const from = firstIndex(periods.length, (i) => periods[i]! / base >= this.#low);
    const to = firstIndex(periods.length, (i) => periods[i]! / base > this.#high);
    if (peers.distinct) {
      const own = peers.periodOf.get(source);
      const ownInRun = own !== undefined && this.#inRhythm(own / base);
      return Math.max(0, to - from) + (ownInRun ? 0 : 1);
    }
    const distinct = new Set<string>([source]);
    for (let i = from; i < to; i++) distinct.add(sources[i]!);
    return distinct.size;
  }

  #inRhythm(ratio: number): boolean {
    return ratio >= this.#low && ratio <= this.#high;
  }

  #sort(): void {
    for (const peers of this.#byDestination.values()) {
      const order = peers.periods.map((_, i) => i).sort((a, b) => peers.periods[a]! - peers.periods[b]!);
      peers.periods = order.map((i) => peers.periods[i]!);
      peers.sources = order.map((i) => peers.sources[i]!);
    }
    this.#sorted = true;
  }
}

interface Peers {
  periods: number[];
  sources: string[];
  readonly periodOf: Map<string, number>;
  distinct: boolean;
}

/** The smallest i in [0, n) for which `holds(i)` (false then true along i), or n. */
function firstIndex(n: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
