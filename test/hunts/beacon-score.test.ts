import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from '../../src/demo/prng.ts';
import {
  countedHistogram,
  type PairStats,
  persistenceScore,
  scorePairs,
  severityOf,
  timingFit,
  windowScratch,
} from '../../src/hunts/beaconing/beacon-score.ts';
import { QuantileGrid } from '../../src/hunts/beaconing/quantile-grid.ts';

/** The grid the engine would return: exact continuous quantiles at 0, 5 %, …, 100 %. */
function gridOf(values: readonly number[]): QuantileGrid {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    const x = p * (sorted.length - 1);
    const i = Math.floor(x);
    const j = Math.min(sorted.length - 1, i + 1);
    return sorted[i]! + (sorted[j]! - sorted[i]!) * (x - i);
  };
  return new QuantileGrid(Array.from({ length: 21 }, (_, k) => at(k / 20)));
}

const random = createRandom('beacon-score-test');
const DAY = 86_400_000;

/** Active hour buckets of connections starting at 0 with the given gaps (seconds): count and longest run. */
function hoursOf(intervals: readonly number[]): { activeHours: number; longestRunHours: number } {
  const hours = new Set<number>([0]);
  let t = 0;
  for (const gap of intervals) {
    t += gap * 1000;
    hours.add(Math.floor(t / 3_600_000));
  }
  const sorted = [...hours].sort((a, b) => a - b);
  let longest = 1;
  let run = 1;
  for (let i = 1; i < sorted.length; i++) {
    run = sorted[i]! === sorted[i - 1]! + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  return { activeHours: sorted.length, longestRunHours: longest };
}

function pair(intervals: number[], overrides: Partial<PairStats> = {}): PairStats {
  const span = intervals.reduce((a, b) => a + b, 0) * 1000;
  return {
    connections: intervals.length + 1,
    checkIns: intervals.length + 1,
    firstMs: 0,
    lastMs: span,
    ...hoursOf(intervals),
    intervals: gridOf(intervals),
    sizes: { meanLog: Math.log1p(400), sdLog: 0.01, maxBytes: 405 },
    destinationKey: `203.0.113.${overrides.sourceKey ?? 1}|443|TCP`,
    sourceKey: '10.0.0.1',
    ...overrides,
  };
}

const settings = { windowMs: 7 * DAY, strobeConnections: 86_400 * 7, commonSources: 10 };

describe('quantile grid', () => {
  it('answers shares, MAD and skewness like the data it summarises', () => {
    const g = gridOf(Array.from({ length: 101 }, (_, i) => i));
    assert.equal(g.median, 50);
    assert.ok(Math.abs(g.share(25, 75) - 0.5) < 0.02);
    assert.ok(Math.abs(g.medianAbsoluteDeviation() - 25) < 0.5);
    assert.ok(Math.abs(g.bowleySkewness()) < 1e-9);
    const constant = gridOf([60, 60, 60, 60]);
    assert.equal(constant.share(60, 60), 1);
    assert.equal(constant.medianAbsoluteDeviation(), 0);
  });

  it('gives the same shares in one sweep as window by window', () => {
    const grids = [
      gridOf(Array.from({ length: 300 }, () => random.exponential(120))),
      gridOf([5, 5, 5, 60, 60, 61, 300]),
      gridOf(Array(50).fill(42)),
    ];
    for (const g of grids) {
      const lows = Float64Array.from({ length: 40 }, (_, i) => (i * g.max) / 30 - 3);
      const highs = lows.map((low) => Math.max(low / 0.8, low + 2));
      const out = new Float64Array(lows.length);
      g.sharesOfAscendingWindows(lows, highs, out, 2, lows.length);
      for (let i = 2; i < lows.length; i++) assert.equal(out[i], g.share(lows[i]!, highs[i]!), `window ${i}`);
    }
  });
});

describe('timing fit', () => {
  it('finds the period of a perfect beacon', () => {
    const fit = timingFit(gridOf(Array(200).fill(300)));
    assert.ok(fit.score > 0.99);
    assert.equal(fit.periodSeconds, 300);
    assert.equal(fit.jitterSeconds, 0);
  });

  it('tolerates 50 % uniform jitter and 10 % missed check-ins', () => {
    const intervals: number[] = [];
    for (let i = 0; i < 500; i++) {
      const skipped = random.chance(0.1) ? 2 : 1;
      let gap = 0;
      for (let k = 0; k < skipped; k++) gap += 300 * (1 - random.uniform(0, 0.5));
      intervals.push(gap);
    }
    const fit = timingFit(gridOf(intervals));
    assert.ok(fit.score > 0.75, `timing ${fit.score}`);
    assert.ok(fit.periodSeconds > 150 && fit.periodSeconds < 300, `period ${fit.periodSeconds}`);
  });

  it('gives the same fit with scratch reused across pairs as with fresh scratch', () => {
    const scratch = windowScratch(21);
    const grids = [
      gridOf(Array.from({ length: 300 }, () => random.exponential(120))),
      gridOf(Array.from({ length: 300 }, () => 900 * (1 - random.uniform(0, 0.4)))),
      gridOf(Array(50).fill(60)),
      gridOf(Array.from({ length: 300 }, () => (random.chance(0.3) ? 2 : 1) * 45)),
    ];
    for (const grid of [...grids, ...grids.reverse()])
      assert.deepEqual(timingFit(grid, scratch), timingFit(grid));
    assert.throws(() => timingFit(grids[0]!, windowScratch(20)), /scratch too small/);
  });

  it('rates memoryless (Poisson) traffic as irregular', () => {
    const fit = timingFit(gridOf(Array.from({ length: 500 }, () => random.exponential(300))));
    assert.ok(fit.score < 0.5, `timing ${fit.score}`);
  });
});

describe('scorePairs', () => {
  it('rates a lone regular pair high and the same rhythm from many sources low', () => {
    const beacon = pair(Array.from({ length: 400 }, () => 600 * (1 - random.uniform(0, 0.3))));
    const fleet = Array.from({ length: 12 }, (_, i) =>
      pair(
        Array.from({ length: 160 }, () => 3600 * (1 + random.uniform(-0.02, 0.02))),
        {
          sourceKey: `10.0.1.${i}`,
          destinationKey: '13.107.4.50|443|TCP',
        },
      ),
    );
    const [b, ...pollers] = scorePairs([beacon, ...fleet], settings);
    assert.equal(b!.severity, 'high');
    assert.equal(b!.regularSources, 1);
    for (const p of pollers) {
      assert.equal(p.regularSources, 12);
      assert.ok(p.score < 0.6, `poller score ${p.score}`);
    }
  });

  it('keeps a short-lived regular pair below high, and reports strobes without scoring them', () => {
    const fresh = pair(Array(240).fill(10));
    const [s] = scorePairs([fresh], settings);
    assert.notEqual(s!.severity, 'high');
    assert.ok(s!.score >= 0.45, `a fresh implant still surfaces (score ${s!.score})`);
    const strobe = pair(Array(1000).fill(1), { connections: 2_000_000 });
    const [t] = scorePairs([strobe], settings);
    assert.equal(t!.strobe, true);
    assert.equal(t!.score, 0);
  });

  it('damps pairs whose connections carry no payload', () => {
    const intervals = Array(300).fill(900);
    const [withData, empty] = scorePairs(
      [
        pair(intervals),
        pair(intervals, { sizes: { meanLog: 0, sdLog: 0, maxBytes: 0 }, destinationKey: 'x' }),
      ],
      settings,
    );
    assert.ok(empty!.score < withData!.score);
  });

  it('rates a pair active in scattered hours less persistent than one active every hour', () => {
    // Both poll every 10 minutes for 3 days; one is seen in every hour, the other in every other hour.
    const continuous = pair(Array(432).fill(600));
    const scattered = { ...continuous, activeHours: 36, longestRunHours: 1 };
    const full = persistenceScore(continuous, 600, settings.windowMs);
    const broken = persistenceScore(scattered, 600, settings.windowMs);
    assert.ok(full > 0.99, `continuous ${full}`);
    assert.ok(broken < 0.75, `scattered ${broken}`);
    // A slow beacon (every 6 h) is never active two hours running, and is not held to it.
    const slow = pair(Array(40).fill(6 * 3600));
    assert.equal(slow.longestRunHours, 1);
    assert.ok(persistenceScore(slow, 6 * 3600, settings.windowMs) > 0.99);
  });

  it('maps scores to severities', () => {
    assert.equal(severityOf(0.8), 'high');
    assert.equal(severityOf(0.8, 5), 'medium');
    assert.equal(severityOf(0.65), 'medium');
    assert.equal(severityOf(0.5), 'low');
    assert.equal(severityOf(0.1), 'informational');
  });
});

describe('counted interval histogram', () => {
  it('turns log-spaced bin numbers into second ranges, empty bins left out', () => {
    // 4 bins per doubling: bin 32 is [256, 304.4) s, bin 33 [304.4, 362) s.
    const bins = countedHistogram([33, 32, 40], [5, 12, 0], 4);
    assert.deepEqual(bins, [
      { fromSeconds: 256, toSeconds: 304.437, intervals: 12 },
      { fromSeconds: 304.437, toSeconds: 362.039, intervals: 5 },
    ]);
    assert.deepEqual(countedHistogram([], [], 4), []);
  });
});
