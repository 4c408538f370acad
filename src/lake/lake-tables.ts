import type { DuckDBEngine } from '../engines/duckdb/duckdb-engine.ts';
import { duckdbQuoting as q } from '../sql/sql-dialect.ts';
import { loadLakeSnapshot } from './lake-catalog.ts';

/** What `lakehunt tables` shows for one table. */
export interface TableSummary {
  readonly table: string;
  readonly columns: number;
  readonly partitions: number;
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  readonly files: number;
  readonly rows: number;
  readonly bytes: number;
  readonly schema: string;
}

/** Summarises every table from Parquet footers (no data pages are read). */
export async function summarizeTables(lake: string, engine: DuckDBEngine): Promise<TableSummary[]> {
  const snapshot = await loadLakeSnapshot(lake, undefined);
  const out: TableSummary[] = [];
  for (const t of snapshot.tables) {
    let rows = 0;
    let bytes = 0;
    if (t.files.length > 0) {
      const list = t.files.map((f) => q.quoteString(f)).join(', ');
      const r = await engine.query(
        `SELECT COALESCE(SUM(num_rows), 0) AS n, COALESCE(SUM(file_size_bytes), 0) AS b FROM parquet_file_metadata([${list}])`,
      );
      rows = Number(r.rows[0]?.['n'] ?? 0);
      bytes = Number(r.rows[0]?.['b'] ?? 0);
    }
    out.push({
      table: t.name,
      columns: t.columns.length,
      partitions: t.days.length,
      firstDay: t.days[0] ?? null,
      lastDay: t.days.at(-1) ?? null,
      files: t.files.length,
      rows,
      bytes,
      schema: t.columns.map((c) => `${c.name} ${c.type}`).join(', '),
    });
  }
  return out;
}
