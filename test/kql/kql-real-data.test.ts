import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { catalogForSnapshot } from '../../src/kql/kql-lake.ts';
import { loadLakeSnapshot } from '../../src/lake/lake-catalog.ts';
import { sharedDataSkip, sharedPath } from '../support/shared-data.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * Real Zeek data (rita-missing-host, two hours of 2024-04-20): KQL over NetworkSession must agree
 * with hand-written SQL on the same lake, and find the planted beacon's 200–350 s cadence.
 */
const day = 'zeek/rita-missing-host/2024-04-20';
const skip = sharedDataSkip(day);
let lake = '';

before(async () => {
  if (skip) return;
  lake = path.join(await tempDir(), 'lake');
  const files = ['conn.10:00:00-11:00:00.log.gz', 'conn.11:00:00-12:00:00.log.gz'].map((f) =>
    sharedPath(day, f),
  );
  await ingestPaths({ paths: files, lake });
});

test('KQL over real Zeek data agrees with SQL and sees the planted beacon', { skip }, async () => {
  const snapshot = await loadLakeSnapshot(lake, undefined);
  const engine = await DuckDBEngine.open();
  try {
    await engine.attachLake(snapshot);
    const kql = `NetworkSession
      | where SrcIpAddr == '73.54.23.243' and DstIpAddr == '64.225.56.201' and DstPortNumber == 80
      | sort by TimeGenerated asc
      | extend Delta = datetime_diff('second', TimeGenerated, prev(TimeGenerated))
      | summarize Connections = count(), MinDelta = min(Delta), MaxDelta = max(Delta), Bytes = sum(SrcBytes)`;
    const compiled = compileKql(kql, {
      catalog: catalogForSnapshot(snapshot),
      dialect: 'duckdb',
      now: new Date('2024-04-21T00:00:00Z'),
    });
    const [row] = (await engine.query(compiled.sql)).rows;
    const [reference] = (
      await engine.query(`WITH t AS (
        SELECT TimeGenerated, SrcBytes,
          CAST(epoch(date_trunc('second', TimeGenerated)) - epoch(date_trunc('second', lag(TimeGenerated) OVER (ORDER BY TimeGenerated))) AS BIGINT) AS d
        FROM NetworkSession WHERE SrcIpAddr = '73.54.23.243' AND DstIpAddr = '64.225.56.201' AND DstPortNumber = 80)
        SELECT count(*) AS Connections, min(d) AS MinDelta, max(d) AS MaxDelta, sum(SrcBytes) AS Bytes FROM t`)
    ).rows;
    assert.deepEqual(row, reference);
    assert.ok(Number(row!['Connections']) > 20);
    assert.ok(Number(row!['MinDelta']) >= 200 && Number(row!['MaxDelta']) <= 350, JSON.stringify(row));
  } finally {
    await engine.close();
  }
});
