/**
 * The one place where text is quoted into SQL. Every identifier or literal that is not written by
 * lakehunt's own code passes through these functions (or travels as a bound parameter).
 */
export type DialectName = 'duckdb' | 'spark';

export interface SqlQuoting {
  readonly name: DialectName;
  quoteIdentifier(name: string): string;
  quoteString(value: string): string;
  /** A TIMESTAMP literal for a UTC instant (microsecond precision). */
  timestampLiteral(instant: Date): string;
}

function isoMicros(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new Error('invalid instant');
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}

function assertNoNul(value: string): void {
  if (value.includes('\u0000')) throw new Error('SQL text may not contain NUL characters');
}

export const duckdbQuoting: SqlQuoting = {
  name: 'duckdb',
  quoteIdentifier(name) {
    assertNoNul(name);
    return `"${name.replaceAll('"', '""')}"`;
  },
  quoteString(value) {
    assertNoNul(value);
    return `'${value.replaceAll("'", "''")}'`;
  },
  timestampLiteral(instant) {
    return `TIMESTAMP '${isoMicros(instant)}'`;
  },
};

export const sparkQuoting: SqlQuoting = {
  name: 'spark',
  quoteIdentifier(name) {
    assertNoNul(name);
    return `\`${name.replaceAll('`', '``')}\``;
  },
  quoteString(value) {
    assertNoNul(value);
    // Spark SQL string literals treat backslash as an escape character by default.
    const escaped = value
      .replaceAll('\\', '\\\\')
      .replaceAll("'", "\\'")
      .replaceAll('\n', '\\n')
      .replaceAll('\r', '\\r');
    return `'${escaped}'`;
  },
  timestampLiteral(instant) {
    return `TIMESTAMP '${isoMicros(instant)}'`;
  },
};

export function quotingFor(name: DialectName): SqlQuoting {
  return name === 'spark' ? sparkQuoting : duckdbQuoting;
}
