import type { QuantileGrid } from './quantile-grid.ts';
import { RhythmPeers } from './rhythm-peers.ts';

/**
 * The beaconing score: pure maths over the per-pair statistics the engine computed. No I/O, no clock.
 */
export interface PairStats {
  readonly connections: number;
  readonly checkIns: number;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly activeHours: number;
  /** The longest run of consecutive active hours (UTC hour buckets). */
  readonly longestRunHours: number;
  /** Intervals between check-ins, seconds. Absent with fewer than two check-ins. */
  readonly intervals: QuantileGrid | undefined;
  /** Bytes sent per connection, summarised. Absent when the source has no byte counts. */
  readonly sizes: SizeStats | undefined;
  /** The destination (and port) this pair reaches: pairs sharing it are compared for prevalence. */
  readonly destinationKey: string;
  readonly sourceKey: string;
}

/**
 * Bytes sent per connection, as streaming statistics of ln(1 + bytes): cheap in any engine, and on a
 * log scale so that a request size varying by a few percent reads as regular whatever its magnitude.
 */
export interface SizeStats {
  readonly meanLog: number;
  readonly sdLog: number;
  readonly maxBytes: number;
}

/** The typical (geometric mean) request size in bytes. */
export function typicalBytes(sizes: SizeStats): number {
  return Math.expm1(sizes.meanLog);
}

export interface ScoreSettings {
  readonly windowMs: number;
  readonly strobeConnections: number;
  /** Persistent sources at which a destination counts as common (prevalence score 0). */
  readonly commonSources: number;
}

export type Severity = 'informational' | 'low' | 'medium' | 'high';

export interface HistogramBin {
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly intervals: number;
}

export interface BeaconScore {
  readonly strobe: boolean;
  readonly timing: number;
  readonly size: number | null;
  readonly persistence: number;
  readonly prevalence: number;
  readonly evidence: number;
  /** Sources (this one included) that reach the same destination regularly with about the same period. */
  readonly regularSources: number;
  readonly score: number;
  readonly severity: Severity;
  readonly periodSeconds: number | null;
  readonly jitterSeconds: number | null;
  /** Which timing test gave the timing score: jitter-window, harmonic (missed check-ins) or skew-mad. */
  readonly timingMethod: string;
}

/** Jitter windows [a, a / (1 − w)] tried for the timing score, with the weight each one carries. */
const JITTER_WINDOWS: readonly { readonly width: number; readonly weight: number }[] = [
  { width: 0.1, weight: 1 },
  { width: 0.2, weight: 0.97 },
  { width: 0.35, weight: 0.92 },
  { width: 0.5, weight: 0.86 },
];
/** Windows are never narrower than this many seconds (timestamps are coarse at short periods). */
const MIN_WINDOW_SECONDS = 2;
/** Intervals near 2× and 3× the period (missed check-ins) count at this weight, for narrow windows. */
const HARMONIC_WEIGHT = 0.9;
const HARMONIC_MAX_WIDTH = 0.2;

export const SEVERITY_THRESHOLDS: Readonly<Record<Exclude<Severity, 'informational'>, number>> = {
  high: 0.75,
  medium: 0.6,
  low: 0.45,
};

/** Hours a pair must span before it can be rated high: a beacon is only "high" once it has lasted a day. */
export const HIGH_MIN_SPAN_HOURS = 24;

export function severityOf(score: number, spanHours = HIGH_MIN_SPAN_HOURS): Severity {
  if (score >= SEVERITY_THRESHOLDS.high && spanHours >= HIGH_MIN_SPAN_HOURS) return 'high';
  if (score >= SEVERITY_THRESHOLDS.medium) return 'medium';
  if (score >= SEVERITY_THRESHOLDS.low) return 'low';
  return 'informational';
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { informational: 0, low: 1, medium: 2, high: 3 };
export function severityAtLeast(severity: Severity, floor: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[floor];
}

interface TimingFit {
  readonly score: number;
  readonly method: string;
  readonly periodSeconds: number;
  readonly jitterSeconds: number;
}

/** RITA-style regularity: symmetric (Bowley skewness near 0) and tight (MAD small against the median). */
export function skewMadScore(grid: QuantileGrid, mad = grid.medianAbsoluteDeviation()): number {
  const median = grid.median;
  const tightness = median > 0 ? Math.max(0, 1 - mad / median) : mad === 0 ? 1 : 0;
  // A product, not a mean: a spread-out distribution must not score well just for being symmetric.
  return (1 - Math.min(1, Math.abs(grid.bowleySkewness()))) * tightness;
}

/**
 * Working arrays for densestWindow: three window edges per grid value. Allocated once per scoring
 * run and reused for every pair (typed arrays are costly to allocate by the tens of thousands).
 */
export interface WindowScratch {
  readonly lows: Float64Array;
  readonly highs: Float64Array;
  readonly shares: Float64Array;
}

/** Scratch for grids of up to `gridLength` values. */
export function windowScratch(gridLength: number): WindowScratch {
  const size = 3 * gridLength;
  return { lows: new Float64Array(size), highs: new Float64Array(size), shares: new Float64Array(size) };
}

/** The densest window of relative width `width` (at least `floor` wide): its share and bounds. */
function densestWindow(
  grid: QuantileGrid,
  width: number,
  floor: number,
  scratch: WindowScratch,
): { share: number; low: number; high: number } {
  // Lower edges tried, in this order: v₀, v₀ × (1 − width), v₀ − floor, v₁, … for the grid values v.
  // Each of the three kinds ascends with v, and so do the upper edges, so each kind's shares come
  // from one sweep over the grid; negative edges (at the start of a kind) are not tried.
  const values = grid.values;
  const n = values.length;
  const { lows, highs, shares } = scratch;
  const first = [0, 0, 0];
  for (let kind = 0; kind < 3; kind++) {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      const low = kind === 0 ? v : kind === 1 ? v * (1 - width) : v - floor;
      lows[kind * n + i] = low;
      highs[kind * n + i] = Math.max(low / (1 - width), low + floor);
      if (low < 0) first[kind] = i + 1;
    }
    grid.sharesOfAscendingWindows(lows, highs, shares, kind * n + first[kind]!, (kind + 1) * n);
  }
  let best = { share: 0, low: grid.min, high: grid.min };
  for (let i = 0; i < n; i++) {
    for (let kind = 0; kind < 3; kind++) {
      if (i < first[kind]!) continue;
      const share = shares[kind * n + i]!;
      if (share > best.share + 1e-12) best = { share, low: lows[kind * n + i]!, high: highs[kind * n + i]! };
    }
  }
  return best;
}

export function timingFit(
  grid: QuantileGrid,
  scratch: WindowScratch = windowScratch(grid.values.length),
): TimingFit {
  const median = grid.median;
  const mad = grid.medianAbsoluteDeviation();
  let best: TimingFit = {
    score: skewMadScore(grid, mad),
    method: 'skew-mad',
    periodSeconds: median,
    jitterSeconds: mad,
  };
  if (scratch.lows.length < 3 * grid.values.length) throw new Error('window scratch too small');
  for (const { width, weight } of JITTER_WINDOWS) {
    // A window's score is at most its weight: once the best reaches it, this window cannot win.
    if (best.score >= weight) continue;
    const w = densestWindow(grid, width, MIN_WINDOW_SECONDS, scratch);
    let share = w.share;
    let method = 'jitter-window';
    if (width <= HARMONIC_MAX_WIDTH) {
      const harmonics = grid.share(2 * w.low, 2 * w.high) + grid.share(3 * w.low, 3 * w.high);
      if (harmonics > 0.01) {
        share = Math.min(1, share + HARMONIC_WEIGHT * harmonics);
        method = 'harmonic';
      }
    }
    const score = share * weight;
    if (score > best.score) {
      const lowP = grid.cdfBelow(w.low);
      const highP = grid.cdf(w.high);
      const pad = 0.05 * (highP - lowP);
      best = {
        score,
        method,
        periodSeconds: grid.quantile((lowP + highP) / 2),
        jitterSeconds: (grid.quantile(highP - pad) - grid.quantile(lowP + pad)) / 2,
      };
    }
  }
  return best;
}

/** Spread of ln(1 + bytes) at which size regularity reaches 0 (a log-normal with σ 0.5 is not regular). */
const SIZE_SPREAD_LIMIT = 0.5;

export function sizeScore(sizes: SizeStats): number {
  return Math.max(0, 1 - sizes.sdLog / SIZE_SPREAD_LIMIT);
}

/** Hours of uninterrupted activity at which the continuity part of persistence is full. */
const FULL_RUN_HOURS = 24;

/**
 * Persistence: how long the pair lasted (span against a day, or the window when shorter), the share
 * of the hours it should have been seen in that it was seen in (presence), and the longest run of
 * consecutive active hours (continuity). A beacon polling at least hourly is active in every hour it
 * lives, so its run is as long as its life (up to a day); one polling less often cannot be
 * expected to be active in two hours in a row.
 */
export function persistenceScore(stats: PairStats, periodSeconds: number | null, windowMs: number): number {
  const spanHours = Math.max(0, stats.lastMs - stats.firstMs) / 3_600_000;
  const windowHours = windowMs / 3_600_000;
  const duration = Math.min(1, spanHours / Math.max(1, Math.min(24, windowHours)));
  const hourlyRate = periodSeconds && periodSeconds > 0 ? Math.min(1, 3600 / periodSeconds) : 1;
  const expectedHours = Math.max(1, spanHours * hourlyRate);
  const presence = Math.min(1, stats.activeHours / expectedHours);
  const expectedRun = hourlyRate >= 1 ? Math.max(1, Math.min(FULL_RUN_HOURS, Math.floor(spanHours))) : 1;
  const continuity = Math.min(1, stats.longestRunHours / expectedRun);
  return duration * (0.6 + 0.2 * presence + 0.2 * continuity);
}

export function prevalenceScore(persistentSources: number, commonSources: number): number {
  if (persistentSources <= 1) return 1;
  return Math.max(0, 1 - Math.log(persistentSources) / Math.log(Math.max(2, commonSources)));
}

/**
 * The interval histogram as the engine counted it: bin `i` holds the intervals in
 * [2^(i/binsPerOctave), 2^((i+1)/binsPerOctave)) seconds. Empty bins are not listed.
 */
export function countedHistogram(
  bins: readonly number[],
  counts: readonly number[],
  binsPerOctave: number,
): HistogramBin[] {
  const out: HistogramBin[] = [];
  bins.forEach((bin, i) => {
    const intervals = counts[i] ?? 0;
    if (intervals <= 0) return;
    out.push({
      fromSeconds: round(2 ** (bin / binsPerOctave)),
      toSeconds: round(2 ** ((bin + 1) / binsPerOctave)),
      intervals,
    });
  });
  return out.sort((a, b) => a.fromSeconds - b.fromSeconds);
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Timing at or above this counts as regular, both for prevalence and as full timing credit below. */
export const REGULAR_TIMING = 0.7;
const FULL_TIMING_CREDIT = 0.85;
/** Intervals at which the evidence sub-score reaches one half. */
const EVIDENCE_HALF = 30;
/** A pair whose typical connection sends no bytes (rejected, scans) cannot carry commands: damped. */
const NO_PAYLOAD_FACTOR = 0.75;
/** Size sub-score when the source has no byte counts for the pair. */
const UNKNOWN_SIZE = 0.5;
/** Two sources poll "in the same rhythm" when their periods differ by at most this share. */
const SAME_RHYTHM = 0.25;

/**
 * Scores every candidate pair. Two passes: timing first, then prevalence, which counts for each
 * destination the distinct sources that reach it regularly *in the same rhythm* (period within
 * ±25 %): benign software polls the same service on the same schedule from many hosts, while
 * scanners and crawlers that touch a popular server do so on unrelated schedules.
 */
export function scorePairs(pairs: readonly PairStats[], settings: ScoreSettings): BeaconScore[] {
  const scratch = windowScratch(pairs.reduce((n, p) => Math.max(n, p.intervals?.values.length ?? 0), 0));
  const fits = pairs.map((p) =>
    p.intervals && p.connections < settings.strobeConnections ? timingFit(p.intervals, scratch) : undefined,
  );
  const regular = new RhythmPeers(SAME_RHYTHM);
  pairs.forEach((p, i) => {
    const fit = fits[i];
    if (fit && fit.score >= REGULAR_TIMING) regular.add(p.destinationKey, p.sourceKey, fit.periodSeconds);
  });
  return pairs.map((p, i) => {
    const fit = fits[i];
    const sameRhythm = fit ? regular.count(p.destinationKey, p.sourceKey, fit.periodSeconds) : 1;
    return scorePair(p, fit, sameRhythm, settings);
  });
}

function scorePair(
  stats: PairStats,
  fit: TimingFit | undefined,
  regularSources: number,
  settings: ScoreSettings,
): BeaconScore {
  const prevalence = prevalenceScore(regularSources, settings.commonSources);
  const intervals = stats.intervals;
  const intervalCount = Math.max(0, stats.checkIns - 1);
  const evidence = intervalCount / (intervalCount + EVIDENCE_HALF);
  if (!fit) {
    return {
      strobe: stats.connections >= settings.strobeConnections,
      timing: 0,
      size: null,
      persistence: round(persistenceScore(stats, null, settings.windowMs)),
      prevalence: round(prevalence),
      evidence: round(evidence),
      regularSources,
      score: 0,
      severity: 'informational',
      periodSeconds: intervals ? round(intervals.median, 1) : null,
      jitterSeconds: null,
      timingMethod: 'none',
    };
  }
  const noPayload = stats.sizes !== undefined && stats.sizes.maxBytes <= 0;
  const size = stats.sizes ? (noPayload ? 0 : sizeScore(stats.sizes)) : UNKNOWN_SIZE;
  const persistence = persistenceScore(stats, fit.periodSeconds, settings.windowMs);
  // A handful of intervals fits some window by chance: timing is discounted by 1/n.
  const timing = fit.score * (1 - 1 / Math.max(2, intervalCount));
  // Jitter up to the C2 frameworks' usual budget earns full timing credit; beyond it, evidence ranks.
  const timingCredit = Math.min(1, timing / FULL_TIMING_CREDIT);
  const core = 0.5 * timingCredit + 0.2 * size + 0.3 * evidence;
  // Irregular timing caps the score (size and evidence alone do not make a beacon); so does a short
  // life, and so does a destination that many sources poll in the same rhythm.
  const score =
    core *
    Math.min(1, timing / REGULAR_TIMING) *
    (0.5 + 0.5 * persistence) *
    (0.4 + 0.6 * prevalence) *
    (noPayload ? NO_PAYLOAD_FACTOR : 1);
  return {
    strobe: false,
    timing: round(timing),
    size: stats.sizes ? round(size) : null,
    persistence: round(persistence),
    prevalence: round(prevalence),
    evidence: round(evidence),
    regularSources,
    score: round(score),
    severity: severityOf(round(score), (stats.lastMs - stats.firstMs) / 3_600_000),
    periodSeconds: round(fit.periodSeconds, 1),
    jitterSeconds: round(fit.jitterSeconds, 1),
    timingMethod: fit.method,
  };
}
