import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DuckDBEngine } from '../../../src/engines/duckdb/duckdb-engine.ts';
import { compileKql } from '../../../src/kql/compile-kql.ts';
import { catalogForSnapshot } from '../../../src/kql/kql-lake.ts';
import { loadLakeSnapshot } from '../../../src/lake/lake-catalog.ts';
import { plainRows, removeTestLake, writeTestLake } from '../kql-test-lake.ts';
import { BEACONING_CASES } from './beaconing-cases.ts';
import { BASIC_CASES, type VerifiedCase } from './verified-cases.ts';

const lakes = new Map<readonly unknown[], string>();

async function lakeFor(c: VerifiedCase): Promise<string> {
  const known = lakes.get(c.lake);
  if (known) return known;
  const lake = await writeTestLake(c.lake);
  lakes.set(c.lake, lake);
  return lake;
}

after(async () => {
  for (const lake of lakes.values()) await removeTestLake(lake);
});

describe('hand-verified KQL queries on DuckDB', () => {
  let engine: DuckDBEngine;
  before(async () => {
    engine = await DuckDBEngine.open();
  });
  after(async () => {
    await engine.close();
  });
  for (const c of [...BASIC_CASES, ...BEACONING_CASES]) {
    test(c.name, async () => {
      const snapshot = await loadLakeSnapshot(await lakeFor(c), undefined);
      await engine.attachLake(snapshot);
      const compiled = compileKql(c.query, {
        catalog: catalogForSnapshot(snapshot),
        dialect: 'duckdb',
        now: new Date(c.now),
      });
      const result = await engine.query(compiled.sql, compiled.params);
      assert.deepEqual(plainRows(result.rows), c.expected);
    });
  }
});
