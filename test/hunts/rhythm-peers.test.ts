import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from '../../src/demo/prng.ts';
import { RhythmPeers } from '../../src/hunts/beaconing/rhythm-peers.ts';

const TOLERANCE = 0.25;

/** The definition, pair by pair: distinct sources (this one included) with a period ratio in range. */
function naiveCount(
  entries: readonly { destination: string; source: string; period: number }[],
  destination: string,
  source: string,
  period: number,
): number {
  const peers = new Set<string>([source]);
  for (const e of entries) {
    if (e.destination !== destination) continue;
    const ratio = e.period / Math.max(period, 1e-9);
    if (ratio >= 1 - TOLERANCE && ratio <= 1 / (1 - TOLERANCE)) peers.add(e.source);
  }
  return peers.size;
}

describe('RhythmPeers', () => {
  it('counts the sources in the same rhythm as comparing every pair would', () => {
    const random = createRandom('rhythm-peers');
    const entries: { destination: string; source: string; period: number }[] = [];
    for (let i = 0; i < 600; i++) {
      const destination = `d${random.int(0, 5)}`;
      // Periods on a coarse grid, so that many ratios fall exactly on the edges of the range.
      const period = [0, 45, 60, 75, 80, 100, 300, 400][random.int(0, 7)]! * (random.chance(0.5) ? 1 : 1.5);
      entries.push({ destination, source: `s${i}`, period });
    }
    const peers = new RhythmPeers(TOLERANCE);
    for (const e of entries) peers.add(e.destination, e.source, e.period);
    const queries = [
      ...entries,
      ...[0, 1e-12, 60, 80, 100, 133.33, 1e6].map((period) => ({ destination: 'd2', source: 'new', period })),
      { destination: 'nowhere', source: 's1', period: 60 },
    ];
    for (const q of queries) {
      assert.equal(
        peers.count(q.destination, q.source, q.period),
        naiveCount(entries, q.destination, q.source, q.period),
        `${q.destination} ${q.source} ${q.period}`,
      );
    }
  });

  it('counts a source once when it reaches a destination more than once', () => {
    const peers = new RhythmPeers(TOLERANCE);
    peers.add('d', 'a', 60);
    peers.add('d', 'a', 62);
    peers.add('d', 'b', 61);
    peers.add('d', 'c', 600);
    assert.equal(peers.count('d', 'a', 60), 2);
    assert.equal(peers.count('d', 'x', 60), 3);
    assert.equal(peers.count('d', 'c', 600), 1);
  });
});
