import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBResult } from '@duckdb/node-api';
import { UserError } from '../../core/errors.ts';
import type { LakeSnapshot, LakeTableSnapshot } from '../../lake/lake-snapshot.ts';
import { rowToJson } from '../../output/result-writer.ts';
import { emptyTableSelect, lakeViewStatements } from '../../sql/lake-views.ts';
import { duckdbQuoting } from '../../sql/sql-dialect.ts';
import type {
  ColumnInfo,
  Engine,
  EngineOptions,
  QueryResult,
  ResultBatch,
  Row,
  SqlParams,
} from '../engine.ts';
import { registerKqlFunctions } from './duckdb-kql-functions.ts';
import { type DuckParam, duckTypeFor, logicalType, normalizeCell, toDuckParam } from './duckdb-values.ts';

/**
 * The embedded engine. This folder is the only one that imports @duckdb/node-api; the rest of lakehunt sees the Engine interface and `run`.
 */
export class DuckDBEngine implements Engine {
  readonly name = 'duckdb' as const;
  readonly dialect = 'duckdb' as const;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection) {
    this.#instance = instance;
    this.#connection = connection;
  }

  static async open(options: EngineOptions = {}): Promise<DuckDBEngine> {
    const config: Record<string, string> = {};
    if (options.memoryLimit) config['memory_limit'] = options.memoryLimit;
    if (options.tempDirectory) config['temp_directory'] = options.tempDirectory;
    const instance = await DuckDBInstance.create(':memory:', config);
    const connection = await instance.connect();
    registerKqlFunctions(connection);
    const engine = new DuckDBEngine(instance, connection);
    await engine.run("SET TimeZone = 'UTC'");
    if (options.confineTo) await engine.#confine(options.confineTo);
    return engine;
  }

  /** Limits file access to `folders` for the rest of this engine's life (it cannot be undone). */
  async #confine(folders: readonly string[]): Promise<void> {
    const list = folders.map((f) => duckdbQuoting.quoteString(path.resolve(f))).join(', ');
    await this.run(`SET allowed_directories = [${list}]`);
    await this.run('SET enable_external_access = false');
  }

  async attachLake(lake: LakeSnapshot): Promise<void> {
    for (const statement of lakeViewStatements(lake, duckdbQuoting, readParquetSql))
      await this.run(statement);
  }

  /** Runs a statement for its effect. */
  async run(sql: string, params?: SqlParams): Promise<void> {
    try {
      await this.#connection.run(sql, toDuckParams(params));
    } catch (e) {
      throw duckError(e);
    }
  }

  async query(sql: string, params?: SqlParams): Promise<QueryResult> {
    let reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
    try {
      reader = await this.#connection.runAndReadAll(sql, toDuckParams(params));
    } catch (e) {
      throw duckError(e);
    }
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const columns: ColumnInfo[] = names.map((name, i) => ({ name, type: logicalType(String(types[i])) }));
    const rows: Row[] = reader.getRowObjectsJS().map((raw) => {
      const row: Row = {};
      for (const name of names) row[name] = normalizeCell(raw[name]);
      return row;
    });
    return { columns, rows };
  }

  /** Rows chunk by chunk (DuckDB's vectors of up to 2048 rows) from a streaming result. */
  async *stream(sql: string, params?: SqlParams): AsyncGenerator<ResultBatch> {
    let result: DuckDBResult;
    try {
      result = await this.#connection.stream(sql, toDuckParams(params));
    } catch (e) {
      throw duckError(e);
    }
    const names = result.columnNames();
    const types = result.columnTypes();
    const columns: ColumnInfo[] = names.map((name, i) => ({ name, type: logicalType(String(types[i])) }));
    let yielded = false;
    try {
      for await (const chunk of result.yieldRowObjectJs()) {
        if (chunk.length === 0) continue;
        const rows: Row[] = chunk.map((raw) => {
          const row: Row = {};
          for (const name of names) row[name] = normalizeCell(raw[name]);
          return row;
        });
        yielded = true;
        yield { columns, rows };
      }
    } catch (e) {
      throw duckError(e);
    }
    if (!yielded) yield { columns, rows: [] };
  }

  async explain(sql: string, params?: SqlParams): Promise<string> {
    const result = await this.query(`EXPLAIN ${sql}`, params);
    return result.rows.map((r) => String(r['explain_value'] ?? '')).join('\n');
  }

  /** Writes any engine's result to one Parquet file (zstd), through a temporary JSON Lines file. */
  async writeParquet(result: QueryResult, file: string): Promise<void> {
    const dir = await mkdtemp(path.join(tmpdir(), 'lakehunt-out-'));
    try {
      const json = path.join(dir, 'rows.jsonl');
      await writeFile(json, result.rows.map((r) => `${JSON.stringify(rowToJson(r))}\n`).join(''));
      await this.copyJsonLinesToParquet(json, result.rows.length, result.columns, file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Copies rows already written as JSON Lines (cells as `rowToJson` writes them) into one Parquet
   * file (zstd) with the result's column types; written to a temporary name, then renamed.
   */
  async copyJsonLinesToParquet(
    jsonLines: string,
    rowCount: number,
    columns: readonly ColumnInfo[],
    file: string,
  ): Promise<void> {
    const q = duckdbQuoting;
    const source =
      rowCount === 0
        ? `(SELECT ${columns.map((c) => `CAST(NULL AS ${duckTypeFor(c.type)}) AS ${q.quoteIdentifier(c.name)}`).join(', ')} WHERE 1 = 0)`
        : `read_json(${q.quoteString(jsonLines)}, format = 'newline_delimited', columns = {${columns
            .map((c) => `${q.quoteString(c.name)}: ${q.quoteString(duckTypeFor(c.type))}`)
            .join(', ')}})`;
    const temp = `${file}.partial-${process.pid}`;
    try {
      await this.run(
        `COPY (SELECT * FROM ${source}) TO ${q.quoteString(temp)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      await rename(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Cancels the statement that is running (Ctrl-C). */
  interrupt(): void {
    this.#connection.interrupt();
  }

  async close(): Promise<void> {
    this.#connection.closeSync();
    this.#instance.closeSync();
  }
}

function toDuckParams(params: SqlParams | undefined): Record<string, DuckParam> | undefined {
  if (!params) return undefined;
  const out: Record<string, DuckParam> = {};
  for (const [k, v] of Object.entries(params)) out[k] = toDuckParam(v);
  return out;
}

/**
 * The files of a table as one relation with the table's full schema: later files may add columns
 * (union_by_name), and columns no file in the window has are still there, as NULL.
 */
export function readParquetSql(table: LakeTableSnapshot): string {
  const files = `read_parquet([${table.files.map((f) => duckdbQuoting.quoteString(f)).join(', ')}], union_by_name = true)`;
  return `(${emptyTableSelect(table, duckdbQuoting)} UNION ALL BY NAME SELECT * FROM ${files})`;
}

function duckError(e: unknown): UserError {
  const message = e instanceof Error ? e.message : String(e);
  const first = message.split('\n').find((l) => l.trim() !== '') ?? message;
  if (/file system operations are disabled by configuration/.test(first)) {
    const file = /Cannot access (?:file|directory) "([^"]*)"/.exec(first)?.[1];
    return new UserError(
      'outside-lake',
      `query failed: ${file ? `"${file}" is` : 'a file is'} outside the lake; queries may read only the lake's own files`,
    );
  }
  return new UserError('query-failed', `query failed: ${first}`);
}
