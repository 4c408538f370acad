import { DuckDBEngine } from '../engines/duckdb/duckdb-engine.ts';
import type { ColumnInfo, QueryResult } from '../engines/engine.ts';

/** Parquet output for any engine's result: the rows are loaded into DuckDB and copied out (zstd). */
export async function writeParquetResult(result: QueryResult, file: string): Promise<void> {
  const engine = await DuckDBEngine.open();
  try {
    await engine.writeParquet(result, file);
  } finally {
    await engine.close();
  }
}

/** Parquet output for a streamed result the writer has spooled to JSON Lines. */
export async function parquetFromJsonLines(
  jsonLines: string,
  rowCount: number,
  columns: readonly ColumnInfo[],
  file: string,
): Promise<void> {
  const engine = await DuckDBEngine.open();
  try {
    await engine.copyJsonLinesToParquet(jsonLines, rowCount, columns, file);
  } finally {
    await engine.close();
  }
}
