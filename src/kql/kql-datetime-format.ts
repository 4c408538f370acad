/**
 * Kusto's format_datetime() specifiers → strftime (DuckDB) and Java patterns (Spark).
 * Returns undefined for a specifier that has no exact equivalent.
 */
export interface SqlDatetimeFormat {
  readonly duckdb: string;
  readonly spark: string;
}

const TOKENS: readonly [string, string, string][] = [
  ['yyyy', '%Y', 'yyyy'],
  ['yy', '%y', 'yy'],
  ['MM', '%m', 'MM'],
  ['M', '%-m', 'M'],
  ['dd', '%d', 'dd'],
  ['d', '%-d', 'd'],
  ['HH', '%H', 'HH'],
  ['H', '%-H', 'H'],
  ['hh', '%I', 'hh'],
  ['h', '%-I', 'h'],
  ['mm', '%M', 'mm'],
  ['m', '%-M', 'm'],
  ['ss', '%S', 'ss'],
  ['s', '%-S', 's'],
  ['tt', '%p', 'a'],
  ['ffffff', '%f', 'SSSSSS'],
  ['fff', '%g', 'SSS'],
];

export function kustoFormatToSql(format: string): SqlDatetimeFormat | undefined {
  let duckdb = '';
  let spark = '';
  let literal = '';
  const flush = () => {
    if (!literal) return;
    duckdb += literal.replaceAll('%', '%%');
    spark += /[A-Za-z']/.test(literal) ? `'${literal.replaceAll("'", "''")}'` : literal;
    literal = '';
  };
  for (let i = 0; i < format.length; ) {
    const token = TOKENS.find(([k]) => format.startsWith(k, i) && format[i + k.length] !== k[0]);
    if (token) {
      flush();
      duckdb += token[1];
      spark += token[2];
      i += token[0].length;
      continue;
    }
    const c = format[i]!;
    if (/[A-Za-z]/.test(c)) return undefined;
    literal += c;
    i++;
  }
  flush();
  return { duckdb, spark };
}
