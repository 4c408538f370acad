import { UserError } from '../core/errors.ts';
import type { TimeWindow } from '../core/time-window.ts';
import type { LakeSnapshot } from '../lake/lake-snapshot.ts';
import type { DialectName } from '../sql/sql-dialect.ts';

/** A value bound to a named parameter (`$name` in DuckDB, `:name` in Spark). */
export type SqlValue = string | number | bigint | boolean | Date | null;
export type SqlParams = Readonly<Record<string, SqlValue>>;

/** A cell after normalisation: the same shape from every engine, ready for JSON. */
export type CellValue = string | number | boolean | null | Date | CellValue[] | { [key: string]: CellValue };
export type Row = Record<string, CellValue>;

export interface ColumnInfo {
  readonly name: string;
  /** Logical type in lakehunt's vocabulary: string, long, double, boolean, timestamp, date, list, struct, … */
  readonly type: string;
}

export interface QueryResult {
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly Row[];
}

/** Part of a result, as it arrives: every batch carries the result's columns. */
export interface ResultBatch {
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly Row[];
  /**
   * The same cells column by column (`cells[j][i]` is row i's value of `columns[j]`), from engines
   * that decode by column. Such an engine builds `rows` only when asked, so a consumer that reads
   * just the cells (the output writers) saves an object per row.
   */
  readonly cells?: readonly (readonly CellValue[])[];
}

export interface Engine {
  readonly name: EngineName;
  readonly dialect: DialectName;
  /** Exposes the lake's tables (already pruned to the window) and the NetworkSession view. */
  attachLake(lake: LakeSnapshot): Promise<void>;
  query(sql: string, params?: SqlParams): Promise<QueryResult>;
  /**
   * The same result as `query`, batch by batch as the engine produces it, so a consumer that writes
   * rows out holds one batch at a time. Yields at least one batch (an empty result: one batch with
   * its columns and no rows). Stopping early cancels the rest of the query.
   */
  stream(sql: string, params?: SqlParams): AsyncIterable<ResultBatch>;
  /**
   * Lists a lake on cluster storage (a URL such as abfss://… that only the engine's cluster can
   * read) into a snapshot pruned to the window. Engines that read local folders only leave it out.
   */
  discoverLake?(url: string, window: TimeWindow | undefined): Promise<LakeSnapshot>;
  explain(sql: string, params?: SqlParams): Promise<string>;
  close(): Promise<void>;
}

export type EngineName = 'duckdb' | 'spark';

export interface EngineOptions {
  /** Spark Connect URL (sc://host:port/;token=…), for remote engines. */
  readonly remote?: string | undefined;
  /** Directory for spill files and temporary data. */
  readonly tempDirectory?: string | undefined;
  readonly memoryLimit?: string | undefined;
  /**
   * Folders the engine may touch on this machine (the lake). Any other file access by a query —
   * reading /etc/passwd, writing with COPY, loading extensions — is refused. Engines that do not
   * read local files (Spark) ignore it.
   */
  readonly confineTo?: readonly string[] | undefined;
}

export type EngineFactory = (options: EngineOptions) => Promise<Engine>;

const engines = new Map<EngineName, EngineFactory>();

export function registerEngine(name: EngineName, factory: EngineFactory): void {
  engines.set(name, factory);
}

export function engineNames(): EngineName[] {
  return [...engines.keys()];
}

export async function openEngine(name: string, options: EngineOptions = {}): Promise<Engine> {
  const factory = engines.get(name as EngineName);
  if (!factory) {
    throw new UserError(
      'unknown-engine',
      `Unknown engine "${name}" (known: ${engineNames().join(', ')})`,
      {},
      2,
    );
  }
  return factory(options);
}
