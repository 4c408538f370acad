import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withLakeEngine } from '../../src/core/lake-query.ts';
import { eventDays, writeEventDaysLake } from '../../src/demo/demo-lake-writer.ts';
import type { TrafficEvent } from '../../src/demo/traffic-generator.ts';
import type { Row } from '../../src/engines/engine.ts';
import { runHunt } from '../../src/hunts/hunts.ts';
import { event, periodic, withTempDir } from './hunt-test-helpers.ts';

const START = Date.parse('2021-11-17T00:00:00Z');
const WINDOW = { from: new Date('2021-11-17T00:00:00Z'), to: new Date('2021-11-18T00:00:00Z') };

async function sentinel(
  events: readonly TrafficEvent[],
  params: Record<string, unknown> = {},
): Promise<Row[]> {
  return withTempDir(async (lake) => {
    await writeEventDaysLake(lake, eventDays(events), 'sentinel-test');
    const result = await withLakeEngine({ lake, window: WINDOW, engine: 'duckdb' }, (engine, snapshot) =>
      runHunt(engine, snapshot, 'beaconing', { mode: 'sentinel', deviceVendor: 'Fortinet', ...params }),
    );
    return [...result.rows];
  });
}

const HOST = '10.20.1.10';
const C2 = '185.11.7.3';

/** 150 check-ins every 60 s: 149 deltas of 60 s. */
const beacon = () => periodic(150, START + 1000, 60, HOST, C2);

describe('beaconing --mode sentinel (hand-checked)', () => {
  it('reports a pure 60 s beacon with the notebook columns and the true delta count', async () => {
    const rows = await sentinel(beacon());
    assert.equal(rows.length, 1);
    const r = rows[0]!;
    assert.equal(r['SourceIP'], HOST);
    assert.equal(r['DestinationIP'], C2);
    assert.equal(r['DestinationPort'], 443);
    assert.equal(r['DeviceVendor'], 'Fortinet');
    assert.equal(r['Timedelta'], 60);
    assert.equal(r['Timedeltacount'], 149);
    assert.deepEqual(r['Timedeltalist'], [149]);
    assert.equal(r['Timedeltalistcount'], 149);
    assert.equal(r['Totaleventcount'], 149);
    assert.equal(r['Totalevents'], 150);
    assert.equal(r['TotalSentBytes'], 150 * 300);
    assert.equal(r['DegreeofSourceIps'], 1);
    assert.equal(r['Percentbeacon'], 100);
  });

  it('counts neighbouring deltas by value (59/60/61 s jitter), each once', async () => {
    const rows = await sentinel(periodic(151, START + 1000, 60, HOST, C2, {}, [-1, 0, 1, 0, 15]));
    const r = rows[0]!;
    // 150 deltas: 30 each of 59, 61 and 75, and 60 twice as often; 75 is no neighbour of 60.
    assert.equal(r['Totaleventcount'], 150);
    assert.equal(r['Timedelta'], 60);
    assert.deepEqual(r['Timedeltalist'], [30, 60, 30]);
    assert.equal(r['Timedeltalistcount'], 120);
    assert.equal(r['Percentbeacon'], 80);
  });

  it('drops private destinations, busy destinations and quiet sources; keeps rows with NULL byte counts', async () => {
    const privateBeacon = periodic(150, START, 60, HOST, '10.20.0.53');
    const popular = Array.from({ length: 30 }, (_, i) =>
      periodic(4, START + i * 1000, 300, `10.20.2.${i}`, '13.107.4.50'),
    ).flat();
    const quiet = periodic(50, START, 60, '10.20.1.99', '45.48.60.32');
    const noBytes = periodic(150, START + 500, 120, '10.20.1.11', '91.85.113.61', { sentBytes: Number.NaN });
    const rows = await sentinel([
      ...privateBeacon,
      ...popular,
      ...quiet,
      ...noBytes,
      ...periodic(200, START, 61, '10.20.1.12', '13.107.4.50'),
    ]);
    assert.deepEqual(
      rows.map((r) => `${String(r['SourceIP'])}>${String(r['DestinationIP'])}`),
      ['10.20.1.11>91.85.113.61'],
    );
    assert.equal(rows[0]!['Totalevents'], 150);
    assert.equal(rows[0]!['TotalSentBytes'], null);
  });

  it('takes deltas within the pair by default; --delta-scope source reproduces the notebook', async () => {
    // The same host also talks to a busy site every 17 s, interleaved with its beacon.
    const busy = periodic(900, START + 5000, 17, HOST, '104.11.7.3', {}, [0, 3, -2, 6, 1]);
    const events = [...beacon(), ...busy];
    const perPair = await sentinel(events);
    assert.ok(perPair.some((r) => r['DestinationIP'] === C2 && r['Timedelta'] === 60));
    const perSource = await sentinel(events, { deltaScope: 'source' });
    assert.ok(
      !perSource.some((r) => r['DestinationIP'] === C2),
      'the notebook loses the beacon behind busy traffic',
    );
  });

  it('filters by device vendor', async () => {
    assert.equal((await sentinel(beacon(), { deviceVendor: 'Palo Alto Networks' })).length, 0);
  });

  it('uses whole-second deltas above the threshold', async () => {
    const fast = periodic(300, START, 10, HOST, C2);
    assert.equal((await sentinel(fast)).length, 0, '10 s deltas are at or below the 15 s threshold');
    const rows = await sentinel(fast, { timeDeltaThreshold: 5 });
    assert.equal(rows[0]!['Timedelta'], 10);
    assert.ok(event(0, HOST, C2).destinationPort === 443);
  });
});
