import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TimeWindow } from '../../../src/core/time-window.ts';
import type { DuckDBEngine } from '../../../src/engines/duckdb/duckdb-engine.ts';
import type { Engine, QueryResult, SqlParams } from '../../../src/engines/engine.ts';
import type { SparkEngine } from '../../../src/engines/spark/spark-engine.ts';
import { huntSqlFor } from '../../../src/hunts/hunt-sql.ts';
import { listHunts, runHunt } from '../../../src/hunts/hunts.ts';
import { loadLakeSnapshot } from '../../../src/lake/lake-catalog.ts';
import type { LakeSnapshot } from '../../../src/lake/lake-snapshot.ts';
import { assertSameResult } from '../support/compare-results.ts';
import {
  generatedLake,
  mixedSourcesLake,
  mixedSourcesSkip,
  openDuck,
  openSpark,
  ritaLake,
  ritaSkip,
} from '../support/live-spark.ts';

/**
 * The same questions on DuckDB and Spark over the same lake must give the same answers. The lists
 * are loops over registries (tables of the lake, hunts, choice parameters), so new tables, hunts
 * and modes are covered without touching this file.
 */
interface ParityQuery {
  readonly name: string;
  /** SQL text; `p(name)` gives the dialect's placeholder for a parameter. */
  readonly sql: (p: (name: string) => string) => string;
  readonly params?: SqlParams;
  readonly ordered?: boolean;
}

const NETWORK_QUERIES: readonly ParityQuery[] = [
  { name: 'row count', sql: () => 'SELECT count(*) AS n FROM NetworkSession' },
  {
    name: 'per source',
    sql: () =>
      'SELECT SourceTable, EventVendor, EventProduct, count(*) AS n, sum(SrcBytes) AS src_bytes, sum(DstBytes) AS dst_bytes, ' +
      'min(TimeGenerated) AS first_seen, max(TimeGenerated) AS last_seen FROM NetworkSession GROUP BY SourceTable, EventVendor, EventProduct',
  },
  {
    name: 'pairs with float aggregates',
    sql: () =>
      'SELECT SrcIpAddr, DstIpAddr, DstPortNumber, NetworkProtocol, count(*) AS n, avg(NetworkDuration) AS mean_duration, ' +
      'stddev_samp(SrcBytes) AS sd_bytes, avg(SrcBytes) AS mean_bytes FROM NetworkSession ' +
      'GROUP BY SrcIpAddr, DstIpAddr, DstPortNumber, NetworkProtocol HAVING count(*) >= 3',
  },
  {
    name: 'top destinations (ordered)',
    ordered: true,
    sql: () =>
      'SELECT DstIpAddr, count(DISTINCT SrcIpAddr) AS sources, count(*) AS n FROM NetworkSession ' +
      'GROUP BY DstIpAddr ORDER BY n DESC, DstIpAddr LIMIT 10',
  },
  {
    name: 'hourly histogram',
    sql: () =>
      "SELECT date_trunc('hour', TimeGenerated) AS hour, count(*) AS n FROM NetworkSession GROUP BY 1",
  },
  {
    name: 'null counts',
    sql: () =>
      'SELECT count(*) AS n, count(SrcBytes) AS with_src_bytes, count(NetworkDuration) AS with_duration, ' +
      'count(DvcAction) AS with_action, count(NetworkApplicationProtocol) AS with_app FROM NetworkSession',
  },
  {
    name: 'typed parameters',
    sql: (p) =>
      `SELECT NetworkProtocol, DstPortNumber, count(*) AS n FROM NetworkSession WHERE TimeGenerated >= CAST(${p('since')} AS TIMESTAMP) ` +
      `AND DstPortNumber <> ${p('port')} AND SrcIpAddr <> ${p('ip')} GROUP BY NetworkProtocol, DstPortNumber`,
    params: { since: new Date('2024-04-20T12:00:00Z'), port: 22, ip: '0.0.0.0' },
  },
];

/** Per-table questions, run for every table of the lake. */
const TABLE_QUERIES: readonly ((table: string) => ParityQuery)[] = [
  (t) => ({ name: `${t}: every row and column`, sql: () => `SELECT * FROM ${t}` }),
  (t) => ({
    name: `${t}: per-day partitions`,
    sql: () =>
      `SELECT day, count(*) AS n, min(TimeGenerated) AS lo, max(TimeGenerated) AS hi FROM ${t} GROUP BY day`,
  }),
];

/** The result, or the error it failed with. */
function settle<T>(work: Promise<T>): Promise<T | Error> {
  return work.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
}

interface EnginePair {
  readonly duck: DuckDBEngine;
  readonly spark: SparkEngine;
}

async function runBoth(engines: EnginePair, query: ParityQuery): Promise<[QueryResult, QueryResult]> {
  const sqlFor = (engine: Engine) => query.sql((name) => huntSqlFor(engine.dialect).placeholder(name));
  const expected = await engines.duck.query(sqlFor(engines.duck), query.params);
  const actual = await engines.spark.query(sqlFor(engines.spark), query.params);
  return [expected, actual];
}

function parityFor(
  label: string,
  makeLake: () => Promise<string>,
  window: TimeWindow | undefined,
  skip: string | false,
  options: { readonly hunts: boolean } = { hunts: true },
) {
  describe(`DuckDB and Spark agree on ${label}`, { skip }, () => {
    let engines: EnginePair;
    let snapshot: LakeSnapshot;
    before(async () => {
      snapshot = await loadLakeSnapshot(await makeLake(), window);
      engines = { duck: await openDuck(), spark: await openSpark() };
      await engines.duck.attachLake(snapshot);
      await engines.spark.attachLake(snapshot);
    });
    after(async () => {
      await engines?.spark.close();
      await engines?.duck.close();
    });

    test('SQL queries over NetworkSession and every table', async () => {
      for (const query of NETWORK_QUERIES) {
        const [expected, actual] = await runBoth(engines, query);
        assert.ok(expected.rows.length > 0, `${query.name}: the lake must give this query rows to compare`);
        assertSameResult(expected, actual, { ordered: query.ordered, label: query.name });
      }
      // Tables empty in the window must be empty on both; the others are compared in full.
      for (const table of snapshot.tables) {
        const [expected, actual] = await runBoth(engines, {
          name: `${table.name}: count`,
          sql: () => `SELECT count(*) AS n FROM ${table.name}`,
        });
        assertSameResult(expected, actual, { label: `${table.name}: count` });
      }
      const filled = snapshot.tables.filter((t) => t.files.length > 0);
      assert.ok(filled.length > 0, 'the lake must have data in the window');
      for (const query of filled.flatMap((t) => TABLE_QUERIES.map((q) => q(t.name)))) {
        const [expected, actual] = await runBoth(engines, query);
        assertSameResult(expected, actual, { ordered: query.ordered, label: query.name });
      }
    });

    test('every registered hunt, in every mode', {
      skip: !options.hunts && 'hunts run on the other lakes',
    }, async () => {
      const hunts = listHunts();
      assert.ok(hunts.length > 0, 'the hunt registry is empty');
      for (const hunt of hunts) {
        // Defaults, then each other value of every choice parameter (modes, scopes, …).
        const variants: Record<string, string>[] = [{}];
        for (const p of hunt.parameters) {
          if (p.type !== 'choice') continue;
          for (const choice of p.choices ?? []) if (choice !== p.default) variants.push({ [p.name]: choice });
        }
        for (const params of variants) {
          const label = `${hunt.name} ${JSON.stringify(params)}`;
          const expected = await settle(runHunt(engines.duck, snapshot, hunt.name, params));
          const actual = await settle(runHunt(engines.spark, snapshot, hunt.name, params));
          if (expected instanceof Error) {
            // The lake cannot answer this variant (e.g. no such table): both engines must say so alike.
            assert.ok(
              actual instanceof Error,
              `${label}: DuckDB failed (${expected.message}) but Spark did not`,
            );
            assert.equal(actual.message, expected.message, label);
            continue;
          }
          if (actual instanceof Error) assert.fail(`${label}: Spark failed: ${actual.message}`);
          assert.equal(actual.engine, 'spark');
          assertSameResult(expected, actual, { ignore: ['Engine'], label });
        }
      }
    });
  });
}

parityFor('a generated CommonSecurityLog lake with planted beacons', generatedLake, undefined, false);
parityFor(
  'the real Zeek data (rita-missing-host), one-day window',
  ritaLake,
  { from: new Date('2024-04-20T00:00:00Z'), to: new Date('2024-04-21T00:00:00Z') },
  ritaSkip(),
);
parityFor(
  'every real source format (CEF JSON and CSV, Suricata EVE, Zeek JSON and TSV)',
  mixedSourcesLake,
  undefined,
  mixedSourcesSkip(),
  {
    hunts: false,
  },
);
