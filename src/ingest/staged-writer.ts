import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBEngine } from '../engines/duckdb/duckdb-engine.ts';
import type { LakeColumn } from '../lake/lake-snapshot.ts';
import { duckdbQuoting as q } from '../sql/sql-dialect.ts';

/** Parquet files one SELECT produced in staging, grouped by the UTC day of TimeGenerated. */
export interface StagedUnit {
  readonly table: string;
  readonly columns: readonly LakeColumn[];
  readonly partitioned: boolean;
  /** day → staged files; tables without TimeGenerated use the key '' (unpartitioned). */
  readonly files: ReadonlyMap<string, readonly string[]>;
  readonly rows: number;
  /** Rows whose TimeGenerated was missing or unreadable, as JSON text (not written to the lake). */
  readonly badTimeRows: readonly string[];
}

const DAY_DIR = /^__day=(\d{4}-\d{2}-\d{2})$/;

/**
 * Writes SELECTs into a staging folder as zstd Parquet, partitioned by day. Nothing here is visible
 * to queries: files reach the lake only through a committed transaction.
 */
export class StagedWriter {
  readonly #engine: DuckDBEngine;
  readonly #dir: string;
  #units = 0;

  constructor(engine: DuckDBEngine, dir: string) {
    this.#engine = engine;
    this.#dir = dir;
  }

  async write(table: string, select: string): Promise<StagedUnit> {
    const unitDir = path.join(this.#dir, `unit-${++this.#units}`);
    await mkdir(unitDir, { recursive: true });
    const described = await this.#engine.query(`DESCRIBE ${select}`);
    const columns: LakeColumn[] = described.rows.map((r) => ({
      name: String(r['column_name']),
      type: String(r['column_type']),
    }));
    const partitioned = columns.some((c) => c.name === 'TimeGenerated' && c.type === 'TIMESTAMP');
    if (!partitioned) {
      const file = path.join(unitDir, 'part-0.parquet');
      await this.#engine.run(
        `COPY (${select}) TO ${q.quoteString(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
      );
      const rows = await this.#countRows([file]);
      return { table, columns, partitioned, files: new Map([['', [file]]]), rows, badTimeRows: [] };
    }
    // Most sources hold one day (Zeek rotates hourly, exports write per hour): write one file as fast
    // as a plain COPY, and split it by day only when its TimeGenerated statistics span several days.
    const whole = path.join(unitDir, 'whole.parquet');
    await this.#engine.run(
      `COPY (${select}) TO ${q.quoteString(whole)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
    );
    const stats = await this.#engine.query(
      `SELECT min(stats_min_value) AS lo, max(stats_max_value) AS hi, sum(stats_null_count) AS nulls, sum(num_values) AS n ` +
        `FROM parquet_metadata(${q.quoteString(whole)}) WHERE path_in_schema = 'TimeGenerated'`,
    );
    const lo = stats.rows[0]?.['lo'];
    const hi = stats.rows[0]?.['hi'];
    const nulls = Number(stats.rows[0]?.['nulls'] ?? 0);
    const total = Number(stats.rows[0]?.['n'] ?? 0);
    if (total === 0) {
      await rm(whole, { force: true });
      return { table, columns, partitioned, files: new Map(), rows: 0, badTimeRows: [] };
    }
    const loDay = typeof lo === 'string' ? lo.slice(0, 10) : undefined;
    const hiDay = typeof hi === 'string' ? hi.slice(0, 10) : undefined;
    if (nulls === 0 && loDay && loDay === hiDay && /^\d{4}-\d{2}-\d{2}$/.test(loDay)) {
      return {
        table,
        columns,
        partitioned,
        files: new Map([[loDay, [whole]]]),
        rows: total,
        badTimeRows: [],
      };
    }
    await this.#engine.run(
      `COPY (SELECT *, strftime(TimeGenerated, '%Y-%m-%d') AS __day FROM read_parquet(${q.quoteString(whole)})) TO ${q.quoteString(unitDir)} ` +
        `(FORMAT parquet, COMPRESSION zstd, PARTITION_BY (__day), FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE, ROW_GROUP_SIZE 122880)`,
    );
    await rm(whole, { force: true });
    const files = new Map<string, string[]>();
    const badFiles: string[] = [];
    for (const entry of await readdir(unitDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(unitDir, entry.name);
      const parts = (await readdir(dir)).filter((f) => f.endsWith('.parquet')).map((f) => path.join(dir, f));
      const m = DAY_DIR.exec(entry.name);
      if (m) files.set(m[1]!, parts.sort());
      else badFiles.push(...parts);
    }
    const badTimeRows = badFiles.length > 0 ? await this.#rowsAsJson(badFiles) : [];
    for (const f of badFiles) await rm(path.dirname(f), { recursive: true, force: true });
    const rows = await this.#countRows([...files.values()].flat());
    return { table, columns, partitioned, files, rows, badTimeRows };
  }

  async #countRows(files: readonly string[]): Promise<number> {
    if (files.length === 0) return 0;
    const list = files.map((f) => q.quoteString(f)).join(', ');
    const r = await this.#engine.query(
      `SELECT COALESCE(SUM(num_rows), 0) AS n FROM parquet_file_metadata([${list}])`,
    );
    return Number(r.rows[0]?.['n'] ?? 0);
  }

  async #rowsAsJson(files: readonly string[]): Promise<string[]> {
    const list = files.map((f) => q.quoteString(f)).join(', ');
    const r = await this.#engine.query(
      `SELECT CAST(to_json(t) AS VARCHAR) AS j FROM read_parquet([${list}]) t`,
    );
    return r.rows.map((row) => String(row['j']));
  }

  async discard(): Promise<void> {
    await rm(this.#dir, { recursive: true, force: true });
    await mkdir(this.#dir, { recursive: true });
    this.#units = 0;
  }
}
