import { daysInWindow, type TimeWindow } from '../core/time-window.ts';
import type { LakeColumn, LakeSnapshot, LakeTableSnapshot } from './lake-snapshot.ts';
import { isValidTableName } from './table-names.ts';

/**
 * A lake on cluster storage is listed by the cluster (Spark cannot be asked to read `_schema.json`:
 * it skips files whose names start with `_`), so its catalog is built from the list of Parquet files
 * instead: `<lake>/<Table>/day=YYYY-MM-DD/<part>.parquet` for partitioned tables,
 * `<lake>/<Table>/<part>.parquet` otherwise. Pure: the engine does the listing.
 */
export interface ListedTable {
  readonly name: string;
  /** The table folder, spelled as the storage listing spelled it (Spark's basePath). */
  readonly path: string;
  readonly partitioned: boolean;
  /** Every data file; `day` set for files in a day partition. */
  readonly files: readonly { readonly path: string; readonly day?: string }[];
}

/** Where a file sits below the lake root: `<Table>/day=YYYY-MM-DD/<part>.parquet` or `<Table>/<part>.parquet`. */
const RELATIVE_RE = /^([^/]+)\/(?:day=(\d{4}-\d{2}-\d{2})\/)?[^/]+\.parquet$/;

/** The path part of a URL (`file:/x`, `file:///x`, `abfss://c@a/x` → `/x`), without a trailing slash. */
export function urlPath(url: string): string {
  return url
    .replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, '')
    .replace(/^\/\/[^/]*/, '')
    .replace(/\/+$/, '');
}

/**
 * Groups listed file URLs by table, sorted by table name and path. The listing may spell the root
 * differently from the user (`file:/x` for `file:///x`), so files are placed by their path below
 * the root's path; anything outside the layout (deeper folders, other names) is ignored.
 */
export function tablesFromListing(root: string, paths: readonly string[]): ListedTable[] {
  const rootPath = `${urlPath(root)}/`;
  const tables = new Map<string, { path: string; day: ListedTable['files'][number][]; flat: string[] }>();
  for (const file of [...paths].sort()) {
    const full = urlPath(file);
    if (!full.startsWith(rootPath)) continue;
    const m = RELATIVE_RE.exec(full.slice(rootPath.length));
    if (!m) continue;
    const [relative, name, day] = m;
    if (!relative || !name || !isValidTableName(name)) continue;
    let table = tables.get(name);
    if (!table) {
      table = { path: file.slice(0, file.length - relative.length + name.length), day: [], flat: [] };
      tables.set(name, table);
    }
    if (day) table.day.push({ path: file, day });
    else table.flat.push(file);
  }
  return [...tables.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, t]) => {
      const partitioned = t.day.length > 0;
      return {
        name,
        path: t.path,
        partitioned,
        files: partitioned ? t.day : t.flat.map((path) => ({ path })),
      };
    });
}

/**
 * The snapshot a query runs on, as `loadLakeSnapshot` makes it for a local folder: files of the
 * days inside the window only, the days present, and each table's columns.
 */
export function snapshotFromListing(
  root: string,
  window: TimeWindow | undefined,
  tables: readonly ListedTable[],
  columnsOf: (table: string) => readonly LakeColumn[],
): LakeSnapshot {
  const wanted = window ? new Set(daysInWindow(window)) : undefined;
  const out: LakeTableSnapshot[] = tables.map((t) => {
    if (!t.partitioned) {
      return {
        name: t.name,
        files: t.files.map((f) => f.path),
        days: [],
        columns: columnsOf(t.name),
        path: t.path,
      };
    }
    const kept = t.files.filter((f) => f.day !== undefined && (!wanted || wanted.has(f.day)));
    const days = [...new Set(kept.map((f) => f.day!))].sort();
    return { name: t.name, files: kept.map((f) => f.path), days, columns: columnsOf(t.name), path: t.path };
  });
  return { root, window, tables: out };
}
