import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { UserError } from '../../../src/core/errors.ts';
import type { TimeWindow } from '../../../src/core/time-window.ts';
import type { SparkEngine } from '../../../src/engines/spark/spark-engine.ts';
import { runHunt } from '../../../src/hunts/hunts.ts';
import { loadLakeSnapshot } from '../../../src/lake/lake-catalog.ts';
import type { LakeSnapshot } from '../../../src/lake/lake-snapshot.ts';
import { NETWORK_SESSION_VIEW } from '../../../src/sql/lake-views.ts';
import { sparkQuoting as q } from '../../../src/sql/sql-dialect.ts';
import { runCliWith } from '../../support/run-cli.ts';
import { assertSameResult } from '../support/compare-results.ts';
import {
  generatedLake,
  mixedSourcesLake,
  mixedSourcesSkip,
  openSpark,
  ritaLake,
  ritaSkip,
  sparkUrl,
} from '../support/live-spark.ts';

/**
 * A lake named by URL is listed by Spark, not by lakehunt: `file:///…` takes exactly the code path
 * of abfss:// or s3a:// on a cluster. Everything must answer as the same lake given as a folder.
 */
async function checkUrlLake(
  lake: string,
  window: TimeWindow | undefined,
  compare: 'rows' | 'fingerprint' = 'rows',
): Promise<void> {
  const local = await loadLakeSnapshot(lake, window);
  const byPath = await openSpark();
  const byUrl = await openSpark();
  try {
    await byPath.attachLake(local);
    const remote = await byUrl.discoverLake(`file://${lake}`, window);
    await byUrl.attachLake(remote);

    // Same tables, days and files (spelled file:/… by Spark), and the same column names.
    assert.deepEqual(
      remote.tables.map((t) => [t.name, t.days, t.files.map((f) => f.replace(/^file:/, ''))]),
      local.tables
        .filter((t) => t.files.length > 0 || remote.tables.some((r) => r.name === t.name))
        .map((t) => [t.name, t.days, t.files]),
    );
    for (const table of remote.tables) {
      const stored = local.tables.find((t) => t.name === table.name);
      assert.deepEqual(
        table.columns.map((c) => c.name).sort(),
        stored?.columns.map((c) => c.name).sort(),
        `${table.name} columns`,
      );
    }

    for (const table of [
      ...local.tables.filter((t) => t.files.length > 0),
      { name: NETWORK_SESSION_VIEW, columns: [] },
    ]) {
      // Columns named in the local order: a listed lake learns its column order from the files.
      const columns =
        table.name === NETWORK_SESSION_VIEW
          ? '*'
          : table.columns.map((c) => q.quoteIdentifier(c.name)).join(', ');
      const from = q.quoteIdentifier(table.name);
      // Big real tables are compared by a fingerprint Spark computes (both sides are Spark, so
      // equal rows of equal types hash alike); small ones row by row.
      const fingerprint = `xxhash64(${columns === '*' ? '*' : columns})`;
      const sql =
        compare === 'rows'
          ? `SELECT ${columns} FROM ${from}`
          : `SELECT count(*) AS n, sum(pmod(${fingerprint}, 1000000007)) AS h, bit_xor(${fingerprint}) AS x FROM ${from}`;
      assertSameResult(await byPath.query(sql), await byUrl.query(sql), { label: table.name });
    }
  } finally {
    await byUrl.close();
    await byPath.close();
  }
}

describe('a lake named by URL (file://) answers like the same lake as a folder', () => {
  let lake = '';
  before(async () => {
    lake = await generatedLake();
  });

  test('generated lake, whole and pruned to one day', async () => {
    await checkUrlLake(lake, undefined);
    await checkUrlLake(lake, {
      from: new Date('2024-04-21T00:00:00Z'),
      to: new Date('2024-04-22T00:00:00Z'),
    });
  });

  test('beaconing finds the same beacons', async () => {
    const window = { from: new Date('2024-04-20T00:00:00Z'), to: new Date('2024-04-22T00:00:00Z') };
    const spark = await openSpark();
    try {
      const local = await loadLakeSnapshot(lake, window);
      await spark.attachLake(local);
      const expected = await runHunt(spark, local, 'beaconing', { mode: 'score' });
      const remote = await spark.discoverLake(`file://${lake}`, window);
      await spark.attachLake(remote);
      const actual = await runHunt(spark, remote, 'beaconing', { mode: 'score' });
      assert.ok(expected.rows.length > 0);
      assertSameResult(
        { columns: expected.columns, rows: expected.rows },
        { columns: actual.columns, rows: actual.rows },
      );
    } finally {
      await spark.close();
    }
  });

  test('lakehunt kql over a URL lake on Spark answers like DuckDB over the folder', async () => {
    const query =
      'NetworkSession | summarize Connections = count(), Bytes = sum(SrcBytes) by DstIpAddr | sort by Connections desc, DstIpAddr asc | take 5';
    const args = ['--end-date', '2024-04-21', '--lookback-days', '2', '--format', 'json'];
    const token = process.env['LAKEHUNT_SPARK_TOKEN'];
    const env = { ...(token ? { LAKEHUNT_SPARK_TOKEN: token } : {}) };
    const onDuck = await runCliWith(['kql', query, '--lake', lake, ...args], env);
    const onSpark = await runCliWith(
      ['kql', query, '--lake', `file://${lake}`, '--engine', 'spark', '--remote', sparkUrl(), ...args],
      env,
    );
    assert.equal(onDuck.code, 0, onDuck.stderr);
    assert.equal(onSpark.code, 0, onSpark.stderr);
    const rows = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown);
    assert.equal(rows(onDuck.stdout).length, 5);
    assert.deepEqual(rows(onSpark.stdout), rows(onDuck.stdout));
  });

  test('a URL with nothing behind it is one no-lake error', async () => {
    const spark: SparkEngine = await openSpark();
    try {
      await assert.rejects(
        spark.discoverLake(`file://${lake}-missing`, undefined),
        (e: unknown) =>
          e instanceof UserError && e.code === 'no-lake' && /finds nothing there/.test(e.message),
      );
    } finally {
      await spark.close();
    }
  });
});

test('real Zeek data: a URL lake answers like the folder', { skip: ritaSkip() }, async () => {
  await checkUrlLake(await ritaLake(), undefined, 'fingerprint');
});

test('every real source format: a URL lake answers like the folder', {
  skip: mixedSourcesSkip(),
}, async () => {
  const lake = await mixedSourcesLake();
  const snapshot: LakeSnapshot = await loadLakeSnapshot(lake, undefined);
  assert.ok(snapshot.tables.length >= 4);
  await checkUrlLake(lake, undefined, 'fingerprint');
});
