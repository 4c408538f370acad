import type { SqlQuoting } from '../sql/sql-dialect.ts';

/**
 * DuckDB SQL turning a text timestamp into a naive-UTC TIMESTAMP, or NULL when it is not one.
 * Accepts ISO 8601 (0–9 fractional digits, Z or offset, or no zone = UTC) and the Log Analytics
 * portal's `8/17/2023, 6:52:13[.123] AM`. The session time zone must be UTC.
 */
export function textTimestampSql(expr: string): string {
  return `COALESCE(TRY_CAST(TRY_CAST(${expr} AS TIMESTAMPTZ) AS TIMESTAMP), try_strptime(${expr}, ['%m/%d/%Y, %I:%M:%S %p', '%m/%d/%Y, %I:%M:%S.%g %p', '%m/%d/%Y %I:%M:%S %p', '%m/%d/%Y %H:%M:%S']))`;
}

/** Epoch seconds (Zeek `ts`) to a naive-UTC TIMESTAMP. */
export function epochSecondsSql(expr: string): string {
  return `CAST(to_timestamp(TRY_CAST(${expr} AS DOUBLE)) AS TIMESTAMP)`;
}

/** A column of any DuckDB type as a TIMESTAMP: numbers are epoch seconds, text is parsed. */
export function anyTimestampSql(column: string, duckType: string, q: SqlQuoting): string {
  const c = q.quoteIdentifier(column);
  const t = duckType.toUpperCase();
  if (t.startsWith('TIMESTAMP WITH')) return `CAST(${c} AS TIMESTAMP)`;
  if (t.startsWith('TIMESTAMP')) return `CAST(${c} AS TIMESTAMP)`;
  if (t === 'DATE') return `CAST(${c} AS TIMESTAMP)`;
  if (
    ['DOUBLE', 'FLOAT', 'BIGINT', 'INTEGER', 'UBIGINT', 'HUGEINT', 'DECIMAL'].some((n) => t.startsWith(n))
  ) {
    return epochSecondsSql(c);
  }
  // A JSON column (mixed value types) is unwrapped to its text, without the quotes.
  const text = t === 'JSON' ? `json_extract_string(${c}, '$')` : `CAST(${c} AS VARCHAR)`;
  // Text columns may mix ISO instants and epoch seconds (Zeek JSON written by different tools).
  return `COALESCE(${textTimestampSql(text)}, CASE WHEN regexp_full_match(${text}, '\\d+(\\.\\d+)?') THEN ${epochSecondsSql(text)} END)`;
}

/** The same rules in JavaScript, for the line-by-line path: ISO instant or portal time → ms, else undefined. */
export function parseTimestampText(text: string): number | undefined {
  const t = text.trim();
  const portal =
    /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: ?([AP]M))?$/i.exec(t);
  if (portal) {
    const [, mo, d, y, h, mi, s, frac, ampm] = portal;
    let hour = Number(h);
    if (ampm) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
    }
    const ms = Date.UTC(
      Number(y),
      Number(mo) - 1,
      Number(d),
      hour,
      Number(mi),
      Number(s),
      Number((frac ?? '0').padEnd(3, '0').slice(0, 3)),
    );
    return Number.isNaN(ms) ? undefined : ms;
  }
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      t,
    );
  if (!iso) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = iso;
  const base = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? '0'),
    Number((frac ?? '0').padEnd(3, '0').slice(0, 3)),
  );
  if (Number.isNaN(base) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59)
    return undefined;
  if (!zone || zone.toUpperCase() === 'Z') return base;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
  return base - sign * offset;
}
