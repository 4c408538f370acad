import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CellValue } from '../../../src/engines/engine.ts';
import type { SparkEngine } from '../../../src/engines/spark/spark-engine.ts';
import { compileKql } from '../../../src/kql/compile-kql.ts';
import { catalogForSnapshot } from '../../../src/kql/kql-lake.ts';
import { loadLakeSnapshot } from '../../../src/lake/lake-catalog.ts';
import { plainRows, removeTestLake, writeTestLake } from '../../kql/kql-test-lake.ts';
import { BEACONING_CASES } from '../../kql/verified/beaconing-cases.ts';
import { BASIC_CASES, type VerifiedCase } from '../../kql/verified/verified-cases.ts';
import { sameCell } from '../support/compare-results.ts';
import { openSpark } from '../support/live-spark.ts';

/**
 * The hand-verified KQL set (test/kql/verified), compiled to the spark dialect and run on Spark:
 * every case must give its hand-worked answer, as it does on DuckDB. Row order is compared only
 * when the query orders its rows.
 */
const orders = (query: string) => /\|\s*(sort|order|top)\b/.test(query);

function sameRows(
  expected: readonly Record<string, unknown>[],
  actual: readonly Record<string, unknown>[],
  ordered: boolean,
) {
  const key = (r: Record<string, unknown>) =>
    JSON.stringify(r, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(8)) : v));
  const sort = (rows: readonly Record<string, unknown>[]) =>
    ordered ? [...rows] : [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const want = sort(expected);
  const got = sort(actual);
  assert.equal(
    got.length,
    want.length,
    `row count: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`,
  );
  want.forEach((row, i) => {
    const other = got[i] ?? {};
    assert.deepEqual(Object.keys(other).sort(), Object.keys(row).sort(), `columns of row ${i}`);
    for (const [k, v] of Object.entries(row)) {
      assert.ok(
        sameCell(v as CellValue, other[k] as CellValue),
        `row ${i} ${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(other[k])}`,
      );
    }
  });
}

describe('hand-verified KQL queries on Spark', () => {
  let spark: SparkEngine;
  const lakes = new Map<VerifiedCase['lake'], string>();
  before(async () => {
    spark = await openSpark();
  });
  after(async () => {
    await spark?.close();
    for (const lake of lakes.values()) await removeTestLake(lake);
  });
  for (const c of [...BASIC_CASES, ...BEACONING_CASES]) {
    test(c.name, async () => {
      let lake = lakes.get(c.lake);
      if (!lake) {
        lake = await writeTestLake(c.lake);
        lakes.set(c.lake, lake);
      }
      const snapshot = await loadLakeSnapshot(lake, undefined);
      await spark.attachLake(snapshot);
      const compiled = compileKql(c.query, {
        catalog: catalogForSnapshot(snapshot),
        dialect: 'spark',
        now: new Date(c.now),
      });
      const result = await spark.query(compiled.sql, compiled.params);
      sameRows(c.expected, plainRows(result.rows), orders(c.query));
    });
  }
});
