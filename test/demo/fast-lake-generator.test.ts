import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withLakeEngine } from '../../src/core/lake-query.ts';
import { resolveWindow } from '../../src/core/time-window.ts';
import { writeFastLake } from '../../src/demo/fast-lake-generator.ts';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { runHunt } from '../../src/hunts/hunts.ts';
import { withTempDir } from '../hunts/hunt-test-helpers.ts';

describe('fast SQL traffic generator', () => {
  it('writes day partitions of about the requested size whose planted beacons the hunt ranks first', async () => {
    await withTempDir(async (lake) => {
      const engine = await DuckDBEngine.open();
      let summary: Awaited<ReturnType<typeof writeFastLake>>;
      try {
        summary = await writeFastLake(engine, {
          lake,
          events: 120_000,
          days: 2,
          endDate: '2024-04-21',
          seed: 5,
        });
      } finally {
        await engine.close();
      }
      assert.ok(Math.abs(summary.events - 120_000) < 2_000, `${summary.events} events`);
      const window = resolveWindow({ endDate: '2024-04-21', lookbackDays: 2 });
      const result = await withLakeEngine({ lake, window, engine: 'duckdb' }, (e, snapshot) =>
        runHunt(e, snapshot, 'beaconing', {}),
      );
      const top = result.rows.slice(0, summary.beacons);
      assert.equal(top.length, summary.beacons);
      for (const row of top) {
        assert.match(String(row['DestinationIP']), /^185\.\d+\.7\.3$/);
        assert.equal(row['Severity'], 'high');
      }
      // The NTP and update pollers reach every host in the same rhythm: never above low.
      for (const row of result.rows.filter((r) =>
        ['129.6.15.28', '13.107.4.50'].includes(String(r['DestinationIP'])),
      )) {
        assert.ok(['informational', 'low'].includes(String(row['Severity'])), JSON.stringify(row));
      }
    });
  });
});
