import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/core/errors.ts';
import { daysInWindow, parseInstant, resolveWindow } from '../../src/core/time-window.ts';

const iso = (d: Date) => d.toISOString();

test('--end-date D --lookback-days N is the N whole UTC days ending with D', () => {
  const w = resolveWindow({ endDate: '2021-11-17', lookbackDays: '21' })!;
  assert.equal(iso(w.from), '2021-10-28T00:00:00.000Z');
  assert.equal(iso(w.to), '2021-11-18T00:00:00.000Z');
  assert.equal(daysInWindow(w).length, 21);
  assert.equal(daysInWindow(w)[0], '2021-10-28');
  assert.equal(daysInWindow(w).at(-1), '2021-11-17');
});

test('one lookback day is exactly the end date', () => {
  const w = resolveWindow({ endDate: '2024-02-29', lookbackDays: 1 })!;
  assert.equal(iso(w.from), '2024-02-29T00:00:00.000Z');
  assert.equal(iso(w.to), '2024-03-01T00:00:00.000Z');
  assert.deepEqual(daysInWindow(w), ['2024-02-29']);
});

test('windows cross month and year ends', () => {
  const w = resolveWindow({ endDate: '2024-01-01', lookbackDays: '3' })!;
  assert.deepEqual(daysInWindow(w), ['2023-12-30', '2023-12-31', '2024-01-01']);
});

test('--from/--to take instants, --to exclusive, partial days open their partitions', () => {
  const w = resolveWindow({ from: '2024-04-19T23:30:00Z', to: '2024-04-21T00:00:00Z' })!;
  assert.deepEqual(daysInWindow(w), ['2024-04-19', '2024-04-20']);
  const naive = resolveWindow({ from: '2024-04-19T10:00:00', to: '2024-04-19T12:00:00+01:00' })!;
  assert.equal(iso(naive.from), '2024-04-19T10:00:00.000Z');
  assert.equal(iso(naive.to), '2024-04-19T11:00:00.000Z');
});

test('no window flags means the whole lake', () => {
  assert.equal(resolveWindow({}), undefined);
});

test('bad window flags are usage errors naming the flag', () => {
  const cases: [Parameters<typeof resolveWindow>[0], RegExp][] = [
    [{ endDate: '2024-02-30', lookbackDays: 1 }, /--end-date is not a real date/],
    [{ endDate: '21/11/2024' }, /--end-date must be a date/],
    [{ endDate: '2024-01-01', lookbackDays: '-3' }, /--lookback-days/],
    [{ endDate: '2024-01-01', lookbackDays: '1.5' }, /--lookback-days/],
    [{ endDate: '2024-01-01', lookbackDays: '0' }, /--lookback-days/],
    [{ lookbackDays: '3' }, /needs --end-date/],
    [{ from: '2024-01-01T00:00:00Z' }, /together/],
    [{ from: '2024-01-02T00:00:00Z', to: '2024-01-01T00:00:00Z' }, /later than --from/],
    [{ from: '2024-01-01', to: '2024-01-02', endDate: '2024-01-02' }, /not both/],
    [{ from: 'yesterday', to: '2024-01-02' }, /--from must be an ISO 8601/],
  ];
  for (const [flags, message] of cases) {
    assert.throws(
      () => resolveWindow(flags),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
    );
  }
});

test('instants: date only is midnight UTC, offsets are honoured', () => {
  assert.equal(iso(parseInstant('2024-04-21', '--now')), '2024-04-21T00:00:00.000Z');
  assert.equal(iso(parseInstant('2024-04-21T02:00:00+02:00', '--now')), '2024-04-21T00:00:00.000Z');
  assert.equal(iso(parseInstant('2024-04-21 02:00:00.5Z', '--now')), '2024-04-21T02:00:00.500Z');
});
