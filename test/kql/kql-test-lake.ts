import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBEngine } from '../../src/engines/duckdb/duckdb-engine.ts';
import { duckdbQuoting as q } from '../../src/sql/sql-dialect.ts';

/** A table for a test lake: DuckDB column types and rows of plain values (instants as ISO text). */
export interface TestTable {
  readonly name: string;
  readonly columns: readonly (readonly [name: string, duckType: string])[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

function literal(value: string | number | boolean | null, type: string): string {
  if (value === null) return `CAST(NULL AS ${type})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `CAST(${value} AS ${type})`;
  return `CAST(${q.quoteString(value)} AS ${type})`;
}

/**
 * Writes a lake in the lakehunt layout (`<Table>/day=…/part-0.parquet` + `_schema.json`),
 * partitioned by the UTC day of TimeGenerated when the table has it. Returns the lake folder.
 */
export async function writeTestLake(tables: readonly TestTable[], root?: string): Promise<string> {
  const lake = root ?? (await mkdtemp(path.join(tmpdir(), 'lakehunt-kql-')));
  const engine = await DuckDBEngine.open();
  try {
    for (const table of tables) {
      const dir = path.join(lake, table.name);
      await mkdir(dir, { recursive: true });
      const names = table.columns.map(([n]) => q.quoteIdentifier(n)).join(', ');
      const select =
        table.rows.length === 0
          ? `SELECT ${table.columns.map(([n, t]) => `CAST(NULL AS ${t}) AS ${q.quoteIdentifier(n)}`).join(', ')} WHERE 1 = 0`
          : `SELECT * FROM (VALUES ${table.rows.map((r) => `(${r.map((v, i) => literal(v, table.columns[i]![1])).join(', ')})`).join(', ')}) AS v(${names})`;
      const temp = `t_${table.name}`;
      await engine.run(`CREATE OR REPLACE TABLE ${q.quoteIdentifier(temp)} AS ${select}`);
      const partitioned = table.columns.some(([n]) => n === 'TimeGenerated');
      if (partitioned) {
        const days = new Set(
          table.rows.map((r) =>
            String(r[table.columns.findIndex(([n]) => n === 'TimeGenerated')]).slice(0, 10),
          ),
        );
        for (const day of days) {
          const dayDir = path.join(dir, `day=${day}`);
          await mkdir(dayDir, { recursive: true });
          const file = path.join(dayDir, 'part-0.parquet');
          await engine.run(
            `COPY (SELECT * FROM ${q.quoteIdentifier(temp)} WHERE CAST("TimeGenerated" AS DATE) = DATE ${q.quoteString(day)}) TO ${q.quoteString(file)} (FORMAT parquet)`,
          );
        }
      } else {
        await engine.run(
          `COPY (SELECT * FROM ${q.quoteIdentifier(temp)}) TO ${q.quoteString(path.join(dir, 'part-0.parquet'))} (FORMAT parquet)`,
        );
      }
      const schema = {
        table: table.name,
        columns: table.columns.map(([name, type]) => ({ name, type })),
        partitioned,
      };
      await writeFile(path.join(dir, '_schema.json'), JSON.stringify(schema));
    }
  } finally {
    await engine.close();
  }
  return lake;
}

export async function removeTestLake(lake: string): Promise<void> {
  await rm(lake, { recursive: true, force: true });
}

/** Result cells made comparable: instants as ISO text, everything else as JSON values. */
export function plainRows(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const plain = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(plain);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
  };
  return rows.map((r) => plain(r) as Record<string, unknown>);
}
