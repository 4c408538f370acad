import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBEngine } from '../../../src/engines/duckdb/duckdb-engine.ts';
import { duckdbQuoting as q } from '../../../src/sql/sql-dialect.ts';

export interface TableFacts {
  readonly columns: unknown;
  /** Rows per `day=` partition (or `''` for an unpartitioned table). */
  readonly days: Record<string, number>;
}

/** What a lake holds, independent of file names: each table's schema and its rows per day. */
export async function lakeFacts(lake: string): Promise<Record<string, TableFacts>> {
  const facts: Record<string, TableFacts> = {};
  const engine = await DuckDBEngine.open();
  try {
    for (const table of (await readdir(lake)).sort()) {
      if (table.startsWith('_')) continue;
      const dir = path.join(lake, table);
      const schema = JSON.parse(await readFile(path.join(dir, '_schema.json'), 'utf8')) as {
        columns: unknown;
      };
      const days: Record<string, number> = {};
      for (const entry of (await readdir(dir)).sort()) {
        const isDay = entry.startsWith('day=');
        if (!isDay && !entry.endsWith('.parquet')) continue;
        const glob = isDay ? path.join(dir, entry, '*.parquet') : path.join(dir, entry);
        const r = await engine.query(`SELECT count(*) AS n FROM read_parquet(${q.quoteString(glob)})`);
        const key = isDay ? entry.slice(4) : '';
        days[key] = (days[key] ?? 0) + Number(r.rows[0]?.['n']);
      }
      facts[table] = { columns: schema.columns, days };
    }
  } finally {
    await engine.close();
  }
  return facts;
}
