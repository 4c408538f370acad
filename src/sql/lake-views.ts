import type { LakeSnapshot, LakeTableSnapshot } from '../lake/lake-snapshot.ts';
import { networkSessionSelect } from './network-session-view.ts';
import type { SqlQuoting } from './sql-dialect.ts';
import { sqlTypeFor } from './sql-types.ts';

export const NETWORK_SESSION_VIEW = 'NetworkSession';

/** An empty relation with the table's columns, for tables with no partition in the window. */
export function emptyTableSelect(table: LakeTableSnapshot, q: SqlQuoting): string {
  const items = table.columns.map(
    (c) => `CAST(NULL AS ${sqlTypeFor(c.type, q.name)}) AS ${q.quoteIdentifier(c.name)}`,
  );
  return `SELECT ${items.join(', ')} WHERE 1 = 0`;
}

/**
 * The SELECT behind a table's view: its files (already pruned to the window's days) filtered to
 * the exact window on TimeGenerated. `source` is how the engine reads the files.
 */
export function tableSelect(
  table: LakeTableSnapshot,
  lake: LakeSnapshot,
  q: SqlQuoting,
  source: string,
): string {
  const hasTime = table.columns.some((c) => c.name === 'TimeGenerated');
  if (!lake.window || !hasTime) return `SELECT * FROM ${source}`;
  const t = q.quoteIdentifier('TimeGenerated');
  return `SELECT * FROM ${source} WHERE ${t} >= ${q.timestampLiteral(lake.window.from)} AND ${t} < ${q.timestampLiteral(lake.window.to)}`;
}

/** CREATE VIEW statements exposing a lake snapshot: one view per table, then NetworkSession. */
export function lakeViewStatements(
  lake: LakeSnapshot,
  q: SqlQuoting,
  readFiles: (table: LakeTableSnapshot) => string,
): string[] {
  const statements = lake.tables.map((table) => {
    const body =
      table.files.length === 0 ? emptyTableSelect(table, q) : tableSelect(table, lake, q, readFiles(table));
    return `CREATE OR REPLACE TEMP VIEW ${q.quoteIdentifier(table.name)} AS ${body}`;
  });
  if (!lake.tables.some((t) => t.name === NETWORK_SESSION_VIEW)) {
    statements.push(networkSessionViewStatement(lake, q));
  }
  return statements;
}

export function networkSessionViewStatement(lake: LakeSnapshot, q: SqlQuoting): string {
  const tables = new Map(lake.tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
  return `CREATE OR REPLACE TEMP VIEW ${q.quoteIdentifier(NETWORK_SESSION_VIEW)} AS ${networkSessionSelect(tables, q)}`;
}
