import { type DialectName, duckdbQuoting, type SqlQuoting, sparkQuoting } from '../sql/sql-dialect.ts';
import { elementType, type IrType } from './kql-ir.ts';

/**
 * What differs between the SQL dialects the KQL compiler renders to. The base renderer
 * (sql-render.ts, sql-functions.ts) holds the shared SQL; a dialect supplies quoting, type names,
 * and overrides for the functions whose spelling differs. A function a dialect cannot express is
 * missing from its table and fails with a named error.
 */
export interface KqlDialect {
  readonly name: DialectName;
  readonly quoting: SqlQuoting;
  /** SQL type for an IR type. */
  sqlType(type: IrType): string;
}

function scalarType(type: IrType, dialect: DialectName): string {
  const element = elementType(type);
  if (element !== undefined) {
    const inner = scalarType(element, dialect);
    return dialect === 'spark' ? `ARRAY<${inner}>` : `${inner}[]`;
  }
  const duck: Record<string, string> = {
    string: 'VARCHAR',
    guid: 'VARCHAR',
    long: 'BIGINT',
    int: 'INTEGER',
    real: 'DOUBLE',
    double: 'DOUBLE',
    decimal: 'DOUBLE',
    bool: 'BOOLEAN',
    datetime: 'TIMESTAMP',
    timespan: 'BIGINT',
    dynamic: 'JSON',
  };
  const spark: Record<string, string> = {
    string: 'STRING',
    guid: 'STRING',
    long: 'BIGINT',
    int: 'INT',
    real: 'DOUBLE',
    double: 'DOUBLE',
    decimal: 'DOUBLE',
    bool: 'BOOLEAN',
    datetime: 'TIMESTAMP',
    timespan: 'BIGINT',
    dynamic: 'STRING',
  };
  const t = (dialect === 'spark' ? spark : duck)[type];
  if (!t) throw new Error(`no SQL type for ${type}`);
  return t;
}

export const duckdbKql: KqlDialect = {
  name: 'duckdb',
  quoting: duckdbQuoting,
  sqlType: (type) => scalarType(type, 'duckdb'),
};

export const sparkKql: KqlDialect = {
  name: 'spark',
  quoting: sparkQuoting,
  sqlType: (type) => scalarType(type, 'spark'),
};

export function kqlDialect(name: DialectName): KqlDialect {
  return name === 'spark' ? sparkKql : duckdbKql;
}
