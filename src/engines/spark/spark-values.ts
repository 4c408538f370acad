import { UserError } from '../../core/errors.ts';
import type { LakeColumn } from '../../lake/lake-snapshot.ts';
import { sparkQuoting } from '../../sql/sql-dialect.ts';
import { SPARK_TYPES } from '../../sql/sql-types.ts';
import type { SqlParams, SqlValue } from '../engine.ts';
import type { DataTypeMsg, ExpressionMsg, LiteralMsg } from './spark-connect-protocol.ts';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const PARAM_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A parameter value as a typed Spark literal, typed as Spark types the same number written in the
 * SQL text: whole numbers as INT when they fit 32 bits (so `LIMIT :n` works), else BIGINT; other
 * numbers as DOUBLE; instants as TIMESTAMP (microseconds since the epoch, UTC).
 */
export function sparkLiteral(name: string, value: SqlValue): LiteralMsg {
  if (value === null) return { null: { null: {} } };
  switch (typeof value) {
    case 'string':
      return { string: value };
    case 'boolean':
      return { boolean: value };
    case 'number':
      if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return { integer: value };
      return Number.isSafeInteger(value) ? { long: String(value) } : { double: value };
    case 'bigint':
      if (value < INT64_MIN || value > INT64_MAX) {
        throw new UserError('bad-parameter', `parameter :${name} = ${value} does not fit a 64-bit integer`);
      }
      return { long: value.toString() };
    default: {
      const ms = value.getTime();
      if (Number.isNaN(ms)) throw new UserError('bad-parameter', `parameter :${name} is an invalid date`);
      return { timestamp: (BigInt(ms) * 1000n).toString() };
    }
  }
}

/** Spark SQL named arguments (`:name` in the SQL text). */
export function namedArguments(params: SqlParams | undefined): Record<string, ExpressionMsg> | undefined {
  if (!params) return undefined;
  const out: Record<string, ExpressionMsg> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!PARAM_NAME_RE.test(name)) {
      throw new UserError(
        'bad-parameter',
        `parameter name "${name}" must be letters, digits or _ (for :${name})`,
      );
    }
    out[name] = { literal: sparkLiteral(name, value) };
  }
  return out;
}

/** The Spark type that reads a lake column stored with this DuckDB type, or undefined if unsure. */
export function sparkReadType(duckType: string): string | undefined {
  const t = duckType.trim().toUpperCase();
  if (t.endsWith('[]')) {
    const element = sparkReadType(t.slice(0, -2));
    return element ? `ARRAY<${element}>` : undefined;
  }
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;
  return SPARK_TYPES[t];
}

/**
 * The read schema of a lake table as Spark DDL, from its `_schema.json` (the union of every
 * file's columns), so Spark needs no inference pass and files lacking a column read it as NULL.
 * Undefined when a column type has no exact Spark counterpart: Spark then infers and merges.
 */
export function sparkSchemaDdl(columns: readonly LakeColumn[]): string | undefined {
  const parts: string[] = [];
  for (const c of columns) {
    const type = sparkReadType(c.type);
    if (!type) return undefined;
    parts.push(`${sparkQuoting.quoteIdentifier(c.name)} ${type}`);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** DuckDB's name for a Spark type, as lake schemas store it (the inverse of sparkReadType). */
export function lakeTypeOfSpark(type: DataTypeMsg | undefined): string {
  const kind = type?.kind ?? Object.keys(type ?? {})[0] ?? 'null';
  if (kind === 'decimal') return `DECIMAL(${type?.decimal?.precision ?? 10},${type?.decimal?.scale ?? 0})`;
  if (kind === 'array') {
    const element = lakeTypeOfSpark(type?.array?.element_type);
    return sparkReadType(element) ? `${element}[]` : `ARRAY<${element}>`;
  }
  const simple: Record<string, string> = {
    string: 'VARCHAR',
    char: 'VARCHAR',
    var_char: 'VARCHAR',
    long: 'BIGINT',
    integer: 'INTEGER',
    short: 'SMALLINT',
    byte: 'TINYINT',
    double: 'DOUBLE',
    float: 'FLOAT',
    boolean: 'BOOLEAN',
    timestamp: 'TIMESTAMP',
    timestamp_ntz: 'TIMESTAMP',
    date: 'DATE',
    binary: 'BLOB',
    null: 'VARCHAR',
  };
  // Anything else (structs, maps) has no exact lake spelling: the table is then read by inference.
  return simple[kind] ?? kind.toUpperCase();
}

/** Lake columns from the schema Spark reads a table's files with (partition columns left out). */
export function lakeColumnsOfSpark(
  schema: DataTypeMsg | undefined,
  partitionColumns: readonly string[],
): LakeColumn[] {
  return (schema?.struct?.fields ?? [])
    .filter((f) => !partitionColumns.includes(f.name))
    .map((f) => ({ name: f.name, type: lakeTypeOfSpark(f.data_type) }));
}
