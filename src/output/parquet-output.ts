import { DuckDBEngine } from '../engines/duckdb/duckdb-engine.ts';
import type { QueryResult } from '../engines/engine.ts';

/** Parquet output for any engine's result: the rows are loaded into DuckDB and copied out (zstd). */
export async function writeParquetResult(result: QueryResult, file: string): Promise<void> {
  const engine = await DuckDBEngine.open();
  try {
    await engine.writeParquet(result, file);
  } finally {
    await engine.close();
  }
}
