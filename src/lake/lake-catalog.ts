import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/errors.ts';
import { daysInWindow, type TimeWindow } from '../core/time-window.ts';
import { localLakeFolder } from './lake-location.ts';
import { LakePaths } from './lake-paths.ts';
import type { LakeColumn, LakeSnapshot, LakeTableSnapshot } from './lake-snapshot.ts';
import { isValidTableName } from './table-names.ts';

/** The stored schema of a table: union of the columns of every committed file, in first-seen order. */
export interface TableSchemaFile {
  readonly table: string;
  readonly columns: LakeColumn[];
  /** Whether files are partitioned by the UTC day of TimeGenerated. */
  readonly partitioned: boolean;
}

export async function readTableSchema(paths: LakePaths, table: string): Promise<TableSchemaFile | undefined> {
  try {
    return JSON.parse(await readFile(paths.schemaFile(table), 'utf8')) as TableSchemaFile;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export async function assertLakeExists(root: string): Promise<void> {
  try {
    const s = await stat(root);
    if (!s.isDirectory()) throw new UserError('no-lake', `--lake ${root} is not a directory`);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError('no-lake', `no lake at ${root}: run \`lakehunt ingest PATH --lake ${root}\` first`);
  }
}

/** Names of the tables in the lake (folders holding a _schema.json). */
export async function listTables(paths: LakePaths): Promise<string[]> {
  const entries = await readdir(paths.root, { withFileTypes: true });
  const names: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !isValidTableName(e.name)) continue;
    if (await readTableSchema(paths, e.name)) names.push(e.name);
  }
  return names.sort();
}

async function listParquet(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
      .map((e) => path.join(dir, e.name))
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Days (YYYY-MM-DD) that have a partition folder for the table. */
export async function listPartitionDays(paths: LakePaths, table: string): Promise<string[]> {
  const entries = await readdir(paths.table(table), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && /^day=\d{4}-\d{2}-\d{2}$/.test(e.name))
    .map((e) => e.name.slice(4))
    .sort();
}

/**
 * Builds the snapshot a query runs on. Only partition folders of days inside the window are listed,
 * so files outside the window are never opened.
 */
export async function loadLakeSnapshot(root: string, window: TimeWindow | undefined): Promise<LakeSnapshot> {
  const folder = localLakeFolder(root);
  await assertLakeExists(folder);
  const paths = new LakePaths(folder);
  const tables: LakeTableSnapshot[] = [];
  for (const name of await listTables(paths)) {
    const schema = await readTableSchema(paths, name);
    if (!schema) continue;
    const tableDir = paths.table(name);
    let days: string[] = [];
    let files: string[] = [];
    if (schema.partitioned) {
      const present = await listPartitionDays(paths, name);
      const wanted = window ? new Set(daysInWindow(window)) : undefined;
      days = wanted ? present.filter((d) => wanted.has(d)) : present;
      for (const day of days) files.push(...(await listParquet(paths.partition(name, day))));
    } else {
      files = await listParquet(tableDir);
    }
    tables.push({ name, files, days, columns: schema.columns, path: tableDir });
  }
  return { root: paths.root, window, tables };
}
