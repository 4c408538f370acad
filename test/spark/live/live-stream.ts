import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { ResultBatch } from '../../../src/engines/engine.ts';
import { runCliWith } from '../../support/run-cli.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { generatedLake, openSpark, sparkUrl } from '../support/live-spark.ts';

test('stream yields the same rows as query, batch by batch', async () => {
  const spark = await openSpark();
  try {
    const sql =
      "SELECT id, concat('10.0.', CAST(id % 7 AS STRING), '.1') AS ip, timestamp_micros((id % 50) * 60000000) AS t FROM range(120000)";
    const whole = await spark.query(sql);
    const batches: ResultBatch[] = [];
    for await (const batch of spark.stream(sql)) batches.push(batch);
    assert.ok(batches.length >= 2, `expected several Arrow batches, got ${batches.length}`);
    assert.deepEqual(batches[0]?.columns, whole.columns);
    const streamed = batches.flatMap((b) => b.rows);
    assert.equal(streamed.length, 120_000);
    assert.deepEqual(streamed, whole.rows);
    // Spark's batches come by column too; their rows are made of the same cells.
    for (const batch of batches) {
      const cells = batch.cells;
      assert.ok(cells, 'a Spark batch carries its cells');
      batch.columns.forEach((column, j) => {
        assert.deepEqual(
          batch.rows.map((row) => row[column.name]),
          cells[j],
        );
      });
    }
  } finally {
    await spark.close();
  }
});

test('an empty streamed result is one batch with its columns; stopping early leaves the session usable', async () => {
  const spark = await openSpark();
  try {
    const empty: ResultBatch[] = [];
    for await (const batch of spark.stream('SELECT id, CAST(id AS STRING) AS s FROM range(10) WHERE id < 0'))
      empty.push(batch);
    assert.equal(empty.length, 1);
    assert.deepEqual(empty[0]?.columns, [
      { name: 'id', type: 'long' },
      { name: 's', type: 'string' },
    ]);
    assert.equal(empty[0]?.rows.length, 0);

    let seen = 0;
    for await (const batch of spark.stream('SELECT id FROM range(2000000)')) {
      seen += batch.rows.length;
      break;
    }
    assert.ok(seen > 0 && seen < 2_000_000);
    assert.deepEqual((await spark.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
  } finally {
    await spark.close();
  }
});

test('sql --out on Spark writes the same JSON Lines and CSV as on DuckDB', async () => {
  const dir = await tempDir();
  const lake = await generatedLake();
  const token = process.env['LAKEHUNT_SPARK_TOKEN'];
  const env: NodeJS.ProcessEnv = {
    HOME: dir,
    LAKEHUNT_HOME: path.join(dir, 'ws'),
    ...(token ? { LAKEHUNT_SPARK_TOKEN: token } : {}),
  };
  const sql =
    'SELECT TimeGenerated, SrcIpAddr, DstIpAddr, DstPortNumber, SrcBytes FROM NetworkSession ORDER BY TimeGenerated, SrcIpAddr, DstIpAddr, DstPortNumber, SrcBytes';
  for (const format of ['json', 'csv']) {
    const outputs: string[] = [];
    for (const engine of [
      ['--engine', 'duckdb'],
      ['--engine', 'spark', '--remote', sparkUrl()],
    ]) {
      const out = path.join(dir, `${engine[1]}.${format}`);
      const r = await runCliWith(
        ['sql', sql, '--lake', lake, '--format', format, '--out', out, ...engine],
        env,
        dir,
      );
      assert.equal(r.code, 0, r.stderr);
      outputs.push(await readFile(out, 'utf8'));
    }
    assert.ok(outputs[0]!.split('\n').length > 1000);
    assert.equal(outputs[1], outputs[0]);
  }
});
