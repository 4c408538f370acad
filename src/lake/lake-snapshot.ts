import type { TimeWindow } from '../core/time-window.ts';

/** A column as stored in the lake, with its DuckDB SQL type name (VARCHAR, BIGINT, TIMESTAMP, …). */
export interface LakeColumn {
  readonly name: string;
  readonly type: string;
}

/** One table of the lake as a query sees it: only the files of the partitions inside the window. */
export interface LakeTableSnapshot {
  readonly name: string;
  /** Absolute paths of the Parquet files to read, already pruned to the window. */
  readonly files: readonly string[];
  /** Days (YYYY-MM-DD) of the partitions those files belong to. */
  readonly days: readonly string[];
  readonly columns: readonly LakeColumn[];
  /** Absolute path of the table's folder (Spark's basePath). */
  readonly path: string;
}

/** What an engine needs to expose a lake: tables pruned to a window, plus the window itself. */
export interface LakeSnapshot {
  readonly root: string;
  readonly window: TimeWindow | undefined;
  readonly tables: readonly LakeTableSnapshot[];
}
