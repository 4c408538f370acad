import type { DialectName } from './sql-dialect.ts';

/** Spark's spelling of the DuckDB types it reads exactly. */
export const SPARK_TYPES: Readonly<Record<string, string>> = {
  VARCHAR: 'STRING',
  BIGINT: 'BIGINT',
  INTEGER: 'INT',
  SMALLINT: 'SMALLINT',
  TINYINT: 'TINYINT',
  DOUBLE: 'DOUBLE',
  FLOAT: 'FLOAT',
  BOOLEAN: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMP',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP',
  DATE: 'DATE',
  BLOB: 'BINARY',
};

/** Lake column types are stored as DuckDB type names; Spark needs its own spelling in CASTs. */
export function sqlTypeFor(duckType: string, dialect: DialectName): string {
  if (dialect === 'duckdb') return duckType;
  const t = duckType.toUpperCase();
  if (t.endsWith('[]')) return `ARRAY<${sqlTypeFor(t.slice(0, -2), dialect)}>`;
  return SPARK_TYPES[t] ?? 'STRING';
}
