import type { CellValue, SqlValue } from '../engine.ts';

/** Converts DuckDB's JS values into lakehunt's cell shape (bigint → number when exact, Date kept). */
export function normalizeCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
    case 'object': {
      if (value instanceof Date) return value;
      if (Array.isArray(value)) return value.map(normalizeCell);
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      const out: Record<string, CellValue> = {};
      for (const [k, v] of Object.entries(value)) out[k] = normalizeCell(v);
      return out;
    }
    default:
      return String(value);
  }
}

/** Maps a DuckDB type name to lakehunt's logical type vocabulary (shared with the Spark engine). */
export function logicalType(duckType: string): string {
  const t = duckType.toUpperCase();
  if (t.endsWith('[]')) return 'list';
  if (t.startsWith('STRUCT')) return 'struct';
  if (t.startsWith('MAP')) return 'map';
  if (t.startsWith('DECIMAL')) return 'double';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  const map: Record<string, string> = {
    VARCHAR: 'string',
    BIGINT: 'long',
    HUGEINT: 'long',
    UBIGINT: 'long',
    INTEGER: 'int',
    UINTEGER: 'long',
    SMALLINT: 'int',
    USMALLINT: 'int',
    TINYINT: 'int',
    UTINYINT: 'int',
    DOUBLE: 'double',
    FLOAT: 'double',
    BOOLEAN: 'boolean',
    DATE: 'date',
    INTERVAL: 'interval',
    BLOB: 'binary',
    UUID: 'string',
    JSON: 'string',
    NULL: 'string',
  };
  return map[t] ?? t.toLowerCase();
}

export type DuckParam = string | number | bigint | boolean | null;

/** Parameters cross into DuckDB as plain values; instants become ISO text cast by the SQL. */
export function toDuckParam(value: SqlValue): DuckParam {
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** The DuckDB column type for a logical type (the reverse of logicalType, for writing results). */
export function duckTypeFor(logical: string): string {
  const map: Record<string, string> = {
    string: 'VARCHAR',
    long: 'BIGINT',
    int: 'INTEGER',
    double: 'DOUBLE',
    boolean: 'BOOLEAN',
    timestamp: 'TIMESTAMP',
    date: 'DATE',
  };
  return map[logical] ?? 'JSON';
}
