import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../../src/core/errors.ts';
import { runHunt } from '../../../src/hunts/hunts.ts';
import { loadLakeSnapshot } from '../../../src/lake/lake-catalog.ts';
import { NETWORK_SESSION_VIEW } from '../../../src/sql/lake-views.ts';
import { sparkQuoting as q } from '../../../src/sql/sql-dialect.ts';
import { emulatorSkip, startEmulator } from '../support/azurite-emulator.ts';
import { assertSameResult } from '../support/compare-results.ts';
import { generatedLake, openSpark } from '../support/live-spark.ts';

/**
 * A lake in Azure Blob storage: the generated lake uploaded to Azurite, named by a wasbs:// URL
 * and read by Spark through hadoop-azure. It must answer as the same lake given as a folder.
 */
test('a wasbs:// lake in Azurite (hadoop-azure) answers like the same lake as a folder', async (t) => {
  const unavailable = await emulatorSkip();
  if (unavailable) {
    t.skip(`Azure lake test skipped: ${unavailable}`);
    return;
  }
  const lake = await generatedLake();
  const emulator = await startEmulator();
  const spark = await openSpark();
  try {
    const uploaded = await emulator.upload('lake', lake);
    assert.ok(uploaded >= 2, `uploaded ${uploaded} files`);
    const url = 'wasbs://lake@devstoreaccount1.blob.core.windows.net/';
    const window = { from: new Date('2024-04-20T00:00:00Z'), to: new Date('2024-04-22T00:00:00Z') };
    let remote: Awaited<ReturnType<typeof spark.discoverLake>>;
    try {
      remote = await spark.discoverLake(url, window);
    } catch (e) {
      if (e instanceof UserError && e.code === 'lake-scheme-unsupported') {
        t.skip(
          'Azure lake test skipped: the Spark server has no hadoop-azure (start it with LAKEHUNT_SPARK_AZURE=1)',
        );
        return;
      }
      throw e;
    }
    const local = await loadLakeSnapshot(lake, window);
    const relative = (file: string) => file.replace(/^wasbs:\/\/[^/]+\//, '');
    assert.deepEqual(
      remote.tables.map((table) => [table.name, table.days, table.files.map(relative)]),
      local.tables
        .filter((table) => table.files.length > 0)
        .map((table) => [table.name, table.days, table.files.map((f) => path.relative(lake, f))]),
    );

    const expected = new Map<string, Awaited<ReturnType<typeof spark.query>>>();
    const tables = [...local.tables.filter((table) => table.files.length > 0).map((table) => table.name)];
    const sqlOf = (name: string) =>
      name === NETWORK_SESSION_VIEW
        ? `SELECT * FROM ${q.quoteIdentifier(name)}`
        : `SELECT ${local.tables
            .find((table) => table.name === name)!
            .columns.map((c) => q.quoteIdentifier(c.name))
            .join(', ')} FROM ${q.quoteIdentifier(name)}`;
    await spark.attachLake(local);
    for (const name of [...tables, NETWORK_SESSION_VIEW]) expected.set(name, await spark.query(sqlOf(name)));
    const beaconsFromFolder = await runHunt(spark, local, 'beaconing', { mode: 'score' });

    await spark.attachLake(remote);
    for (const name of [...tables, NETWORK_SESSION_VIEW]) {
      const rows = await spark.query(sqlOf(name));
      assert.ok(rows.rows.length > 0, `${name} has rows`);
      assertSameResult(expected.get(name)!, rows, { label: name });
    }
    const beacons = await runHunt(spark, remote, 'beaconing', { mode: 'score' });
    assert.ok(beaconsFromFolder.rows.length > 0);
    assertSameResult(
      { columns: beaconsFromFolder.columns, rows: beaconsFromFolder.rows },
      { columns: beacons.columns, rows: beacons.rows },
    );
  } finally {
    await spark.close();
    await emulator.stop();
  }
});
