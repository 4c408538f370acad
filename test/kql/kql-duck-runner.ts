import { after, before } from 'node:test';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { compileKql } from '../../src/kql/compile-kql.ts';
import { buildKqlCatalog } from '../../src/kql/kql-catalog.ts';
import { plainRows } from './kql-test-lake.ts';

export const RUNNER_NOW = new Date('2024-04-22T00:00:00Z');

/**
 * Call inside a `describe`: opens one DuckDB engine for its tests (closed after them) and returns
 * a runner that compiles KQL against the documented catalog with a fixed now and returns plain rows.
 * `alsoSpark(query)` says which queries must also translate to Spark SQL.
 */
export function duckKqlRunner(
  alsoSpark: (query: string) => boolean = () => false,
): (query: string) => Promise<Record<string, unknown>[]> {
  const catalog = buildKqlCatalog();
  let engine: DuckDBEngine;
  before(async () => {
    engine = await DuckDBEngine.open();
  });
  after(async () => {
    await engine.close();
  });
  return async (query) => {
    if (alsoSpark(query)) compileKql(query, { catalog, dialect: 'spark', now: RUNNER_NOW });
    const compiled = compileKql(query, { catalog, dialect: 'duckdb', now: RUNNER_NOW });
    return plainRows((await engine.query(compiled.sql, compiled.params)).rows);
  };
}
