import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatInstant } from '../../src/output/cell-format.ts';

test('instants are spelled exactly as toISOString, for every year 0–9999 and outside it', () => {
  const edges = [
    0,
    -1,
    1,
    Date.UTC(2024, 1, 29, 23, 59, 59, 999), // leap day
    Date.UTC(2000, 1, 29),
    Date.UTC(1900, 2, 1), // 1900 is not a leap year
    Date.UTC(1600, 1, 29),
    -62_167_219_200_000, // 0000-01-01
    -62_167_219_200_001, // before year 0: toISOString's own spelling
    253_402_300_799_999, // 9999-12-31T23:59:59.999Z
    253_402_300_800_000, // +010000-01-01
  ];
  // A fixed pseudo-random walk over ±8 000 years, so a failure repeats.
  let seed = 20_241_123;
  const next = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  const values = [...edges, ...Array.from({ length: 200_000 }, () => Math.floor((next() * 2 - 1) * 2.6e14))];
  for (const ms of values) {
    const d = new Date(ms);
    assert.equal(formatInstant(d), d.toISOString(), `at ${ms}`);
  }
  assert.throws(() => formatInstant(new Date(Number.NaN)), RangeError);
});
