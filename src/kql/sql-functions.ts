import { UserError } from '../core/errors.ts';
import { kustoFormatToSql } from './kql-datetime-format.ts';
import type { Expr } from './kql-ir.ts';
import type { KqlDialect } from './sql-dialects.ts';
import {
  hasIpPrefixArraySpark,
  hasIpv4ArraySpark,
  hasIpv4PrefixArraySpark,
} from './sql-runtime-lists-spark.ts';
import { urlQuerySql } from './sql-url-query.ts';

/**
 * SQL spelling of the IR's scalar functions. BASE holds what both dialects share; DUCKDB and SPARK
 * hold the rest. A function absent from a dialect's table fails with `kql-unsupported-in-dialect`.
 * Renderers receive the already-rendered arguments and the call (to read literal arguments).
 */
export type CallExpr = Extract<Expr, { kind: 'call' }>;
export type FunctionRenderer = (args: readonly string[], call: CallExpr, dialect: KqlDialect) => string;

const a0 = (a: readonly string[]) => a[0]!;
const a1 = (a: readonly string[]) => a[1]!;
const binary =
  (op: string): FunctionRenderer =>
  (a) =>
    `(${a0(a)} ${op} ${a1(a)})`;
const fn =
  (name: string): FunctionRenderer =>
  (a) =>
    `${name}(${a.join(', ')})`;

/** The literal string value of argument i, for functions whose SQL needs a constant. */
export function literalArg(call: CallExpr, i: number): string {
  const e = call.args[i];
  if (e?.kind === 'literal' && typeof e.value === 'string') return e.value;
  throw new UserError('kql-needs-constant', `${call.fn}: argument ${i + 1} must be a constant string`);
}

const BASE: Record<string, FunctionRenderer> = {
  add: binary('+'),
  sub: binary('-'),
  mul: binary('*'),
  div_real: (a) => `(CAST(${a0(a)} AS DOUBLE) / ${a1(a)})`,
  mod: binary('%'),
  neg: (a) => `(- ${a0(a)})`,
  eq: binary('='),
  ne: binary('<>'),
  lt: binary('<'),
  le: binary('<='),
  gt: binary('>'),
  ge: binary('>='),
  and: (a) => `(${a.join(' AND ')})`,
  or: (a) => `(${a.join(' OR ')})`,
  not: (a) => `(NOT ${a0(a)})`,
  is_null: (a) => `(${a0(a)} IS NULL)`,
  is_not_null: (a) => `(${a0(a)} IS NOT NULL)`,
  coalesce: fn('COALESCE'),
  greatest: fn('greatest'),
  least: fn('least'),
  lower: fn('lower'),
  upper: fn('upper'),
  reverse: fn('reverse'),
  replace_string: fn('replace'),
  abs: fn('abs'),
  floor: fn('floor'),
  ceiling: fn('ceil'),
  sqrt: fn('sqrt'),
  exp: fn('exp'),
  ln: fn('ln'),
  log10: fn('log10'),
  power: fn('power'),
  round: fn('round'),
  sign: fn('sign'),
  year: fn('year'),
  month: fn('month'),
  day: fn('day'),
  hour: fn('hour'),
  minute: fn('minute'),
  second: fn('second'),
  day_of_year: fn('dayofyear'),
  md5: fn('md5'),
  regexp_extract: (a) => `regexp_extract(${a.join(', ')})`,
  regexp_extract_all: (a) => `regexp_extract_all(${a.join(', ')})`,
  try_cast: (a, c, d) => `TRY_CAST(${a0(a)} AS ${d.sqlType(c.type)})`,
  cast: (a, c, d) => `CAST(${a0(a)} AS ${d.sqlType(c.type)})`,
  substring0: (a) =>
    a.length > 2 ? `substring(${a0(a)}, ${a1(a)} + 1, ${a[2]})` : `substring(${a0(a)}, ${a1(a)} + 1)`,
  flatten: fn('flatten'),
  nullif_empty: (a) => `NULLIF(${a0(a)}, '')`,
  parse_url: () => {
    throw new UserError(
      'kql-unsupported',
      'parse_url() is supported with a component (.Host, .Path, …), not as a whole property bag',
    );
  },
  has_any_array: (a, _c, d) => hasAnyArray(a0(a), a1(a), d, false),
  has_any_array_cs: (a, _c, d) => hasAnyArray(a0(a), a1(a), d, true),
  parse_urlquery: (a, _c, d) => urlQuerySql(a0(a), d),
  tukey_scores: (a, c, d) => tukeyScores(a0(a), literalNumber(c, 1), literalNumber(c, 2), d),
  // A bound parameter, by its generated name (never user text).
  param: (_a, c, d) => {
    const name = literalArg(c, 0);
    if (!/^lh_p[0-9]+$/.test(name)) throw new Error(`bad parameter name ${name}`);
    return d.name === 'spark' ? `:${name}` : `$${name}`;
  },
  json_object: (a, c, d) => {
    if (d.name === 'duckdb') return `json_object(${a.join(', ')})`;
    // Spark keeps dynamic values as JSON text, which to_json would quote as strings.
    if (c.args.some((x, i) => i % 2 === 0 && x.kind !== 'literal')) {
      throw new UserError(
        'kql-unsupported-in-dialect',
        'the spark dialect cannot pack a property bag with non-constant keys',
      );
    }
    if (c.args.some((x, i) => i % 2 === 1 && (x.type === 'dynamic' || x.type.startsWith('array:')))) {
      throw new UserError(
        'kql-unsupported-in-dialect',
        'the spark dialect cannot pack dynamic values into a property bag',
      );
    }
    return `to_json(named_struct(${a.join(', ')}))`;
  },
  struct_pack: (a, _c, d) =>
    d.name === 'spark'
      ? `named_struct(${a.map((x, i) => `'f${i}', ${x}`).join(', ')})`
      : `struct_pack(${a.map((x, i) => `f${i} := ${x}`).join(', ')})`,
  struct_field: (a, c, d) => {
    const field = literalArg(c, 1);
    if (!/^f[0-9]+$/.test(field)) throw new Error(`bad struct field ${field}`);
    return d.name === 'spark' ? `${a0(a)}.${field}` : `struct_extract(${a0(a)}, '${field}')`;
  },
  format_datetime: (a, c, d) => {
    const format = kustoFormatToSql(literalArg(c, 1));
    if (!format)
      throw new UserError('kql-unsupported', `format_datetime format "${literalArg(c, 1)}" is not supported`);
    const text = d.quoting.quoteString(d.name === 'spark' ? format.spark : format.duckdb);
    return d.name === 'spark' ? `date_format(${a0(a)}, ${text})` : `strftime(${a0(a)}, ${text})`;
  },
  datetime_text: (a, _c, d) => {
    const micros = d.name === 'spark' ? `unix_micros(${a0(a)})` : `epoch_us(${a0(a)})`;
    const fraction =
      d.name === 'spark' ? `pmod(${micros}, 1000000)` : `(((${micros} % 1000000) + 1000000) % 1000000)`;
    const str = d.name === 'spark' ? 'STRING' : 'VARCHAR';
    const base =
      d.name === 'spark'
        ? `date_format(${a0(a)}, 'yyyy-MM-dd\\'T\\'HH:mm:ss')`
        : `strftime(${a0(a)}, '%Y-%m-%dT%H:%M:%S')`;
    return `concat(${base}, CASE WHEN ${fraction} <> 0 THEN concat('.', lpad(CAST(${fraction} AS ${str}), 6, '0'), '0') ELSE '' END, 'Z')`;
  },
};

const DUCKDB: Record<string, FunctionRenderer> = {
  json_string_array: (a) => `json_extract_string(${a0(a)}, '$[*]')`,
  json_rows: (a) => `CAST(json(${a0(a)}) AS VARCHAR[][])`,
  regexp_count: (a) => `len(regexp_extract_all(${a0(a)}, ${a1(a)}))`,
  regexp_extract_groups: (a, _c, d) => extractGroups(a, d),
  array_except: (a) => {
    // Order-preserving: elements not in the second list, each kept at its first position.
    const kept = `list_filter(${a0(a)}, __lh_y -> NOT COALESCE(list_contains(${a1(a)}, __lh_y), FALSE))`;
    return `list_filter(${kept}, (__lh_y, __lh_i) -> list_position(${kept}, __lh_y) = __lh_i)`;
  },
  new_guid: () => 'CAST(gen_random_uuid() AS VARCHAR)',
  base64_decode: (a) => `TRY(decode(from_base64(${a0(a)})))`,
  trunc: fn('trunc'),
  div_int: binary('//'),
  floor_div: (a) => `((${a0(a)} - (((${a0(a)} % ${a1(a)}) + ${a1(a)}) % ${a1(a)})) // ${a1(a)})`,
  pmod: (a) => `(((${a0(a)} % ${a1(a)}) + ${a1(a)}) % ${a1(a)})`,
  strlen: fn('length'),
  concat: (a) => `concat(${a.join(', ')})`,
  contains_cs: fn('contains'),
  starts_with: fn('starts_with'),
  ends_with: fn('suffix'),
  index_of: (a) => `(strpos(${a0(a)}, ${a1(a)}) - 1)`,
  regexp_matches: fn('regexp_matches'),
  regexp_replace_all: (a) => `regexp_replace(${a.join(', ')}, 'g')`,
  split: fn('string_split'),
  epoch_micros: fn('epoch_us'),
  from_epoch_micros: fn('make_timestamp'),
  date_trunc: (a, c) => `date_trunc('${truncUnit(literalArg(c, 0))}', ${a1(a)})`,
  strftime: (a) => `strftime(${a0(a)}, ${a1(a)})`,
  to_timestamp: (a) => `TRY_CAST(${a0(a)} AS TIMESTAMP)`,
  add_months: (a) => `(${a0(a)} + to_months(CAST(${a1(a)} AS INTEGER)))`,
  array_length: fn('len'),
  array_element: (a, c) => listElement(a0(a), a1(a), c, (l, i) => `${l}[${i}]`),
  array_literal: (a) => `[${a.join(', ')}]`,
  array_contains: fn('list_contains'),
  array_concat: fn('list_concat'),
  array_sort: fn('list_sort'),
  array_sort_desc: (a) => `list_sort(${a0(a)}, 'DESC')`,
  array_join: fn('array_to_string'),
  array_slice0: (a) => `list_slice(${a0(a)}, ${a1(a)} + 1, ${a[2]} + 1)`,
  array_sum: fn('list_sum'),
  array_avg: fn('list_avg'),
  array_min: fn('list_min'),
  array_max: fn('list_max'),
  array_stdev: fn('list_stddev_samp'),
  array_variance: fn('list_var_samp'),
  array_distinct: fn('list_distinct'),
  array_index_of: (a) => `(list_position(${a0(a)}, ${a1(a)}) - 1)`,
  array_cast: (a, c, d) => `CAST(${a0(a)} AS ${d.sqlType(c.type)})`,
  json_path: (a, c, d) =>
    `json_extract(${a0(a)}, ${d.quoting.quoteString(jsonPath(literalArg(c, 1), 'duckdb'))})`,
  json_text: (a) => `json_extract_string(${a0(a)}, '$')`,
  has_ipv4_array: (a, _c, d) => {
    const q = (x: string) => d.quoting.quoteString(x);
    const octet = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
    const valid = `regexp_full_match(__lh_ip, ${q(`${octet}(\\.${octet}){3}`)})`;
    const pattern = `concat('(^|[^0-9A-Za-z.])', replace(__lh_ip, '.', '\\.'), '($|[^0-9A-Za-z.])')`;
    return `COALESCE(list_bool_or(list_transform(${a1(a)}, __lh_ip -> ${valid} AND contains(${a0(a)}, __lh_ip) AND regexp_matches(${a0(a)}, ${pattern}))), FALSE)`;
  },
  // base64 → bytes as numbers, two hex digits at a time; null when the text is not base64.
  base64_bytes: (a) => {
    const hex = `hex(TRY(from_base64(${a0(a)})))`;
    return `list_transform(range(0, len(${hex}), 2), __lh_i -> CAST(concat('0x', substr(${hex}, __lh_i + 1, 2)) AS BIGINT))`;
  },
  codepoints_to_string: (a) => {
    const valid = `list_bool_and(list_transform(${a0(a)}, __lh_c -> __lh_c IS NOT NULL AND __lh_c BETWEEN 0 AND 1114111 AND NOT (__lh_c BETWEEN 55296 AND 57343)))`;
    return `(CASE WHEN ${a0(a)} IS NULL OR NOT COALESCE(${valid}, TRUE) THEN NULL ELSE array_to_string(list_transform(${a0(a)}, __lh_c -> chr(CAST(__lh_c AS INTEGER))), '') END)`;
  },
  has_ip_prefix_array: (a) =>
    // As prefixTest (kql-asim.ts) per element: the address itself, or it starts with the prefix and a dot.
    `COALESCE(list_bool_or(list_transform(${a1(a)}, __lh_p -> ${a0(a)} = __lh_p OR starts_with(${a0(a)}, CASE WHEN suffix(__lh_p, '.') THEN __lh_p ELSE concat(__lh_p, '.') END))), FALSE)`,
  has_ipv4_prefix_array: (a, _c, d) => {
    // As ipv4PrefixTest (kql-asim.ts) per element: a prefix ending in a dot may continue with any
    // octet; otherwise it must end at an octet. Elements that are no IPv4 prefix match nothing.
    const q = (x: string) => d.quoting.quoteString(x);
    const valid = `regexp_full_match(__lh_ip, ${q('\\d{1,3}(\\.\\d{1,3}){0,3}\\.?')})`;
    const end = `CASE WHEN suffix(__lh_ip, '.') THEN '' ELSE ${q('($|[^0-9A-Za-z.]|\\.[^0-9])')} END`;
    const pattern = `concat('(^|[^0-9A-Za-z.])', replace(__lh_ip, '.', '\\.'), ${end})`;
    return `COALESCE(list_bool_or(list_transform(${a1(a)}, __lh_ip -> ${valid} AND contains(${a0(a)}, __lh_ip) AND regexp_matches(${a0(a)}, ${pattern}))), FALSE)`;
  },
  // Registered on the connection by the DuckDB engine (src/engines/duckdb/duckdb-kql-functions.ts).
  parse_xml: (a) => `CAST(lakehunt_parse_xml(${a0(a)}) AS JSON)`,
  json_parse: (a) => `(CASE WHEN json_valid(${a0(a)}) THEN json(${a0(a)}) ELSE to_json(${a0(a)}) END)`,
  to_json: fn('to_json'),
  // Null when the value is not an array (documented), where DuckDB's json_array_length gives 0.
  json_array_length: (a) => `(CASE WHEN json_type(${a0(a)}) = 'ARRAY' THEN json_array_length(${a0(a)}) END)`,
  json_to_array: (a, c, d) => `CAST(json_extract(${a0(a)}, '$[*]') AS ${d.sqlType(c.type)})`,
  sha256: fn('sha256'),
  hash_sha1: fn('sha1'),
  format_timespan: (a) => timespanText(a0(a), 'duckdb'),
};

const SPARK: Record<string, FunctionRenderer> = {
  json_string_array: (a) => `from_json(${a0(a)}, 'array<string>')`,
  json_rows: (a) => `from_json(${a0(a)}, 'array<array<string>>')`,
  regexp_count: (a) => `size(regexp_extract_all(${a0(a)}, ${a1(a)}, 0))`,
  regexp_extract_groups: (a, _c, d) => extractGroups(a, d),
  array_except: fn('array_except'),
  new_guid: () => 'uuid()',
  base64_decode: (a) => `CAST(unbase64(${a0(a)}) AS STRING)`,
  trunc: (a) => `(CASE WHEN ${a0(a)} >= 0 THEN floor(${a0(a)}) ELSE ceil(${a0(a)}) END)`,
  div_int: binary('DIV'),
  floor_div: (a) => `((${a0(a)} - pmod(${a0(a)}, ${a1(a)})) DIV ${a1(a)})`,
  pmod: fn('pmod'),
  strlen: fn('char_length'),
  concat: (a) => `concat_ws('', ${a.join(', ')})`,
  contains_cs: (a) => `(instr(${a0(a)}, ${a1(a)}) > 0)`,
  starts_with: (a) => `(left(${a0(a)}, char_length(${a1(a)})) = ${a1(a)})`,
  ends_with: (a) => `(right(${a0(a)}, char_length(${a1(a)})) = ${a1(a)})`,
  index_of: (a) => `(instr(${a0(a)}, ${a1(a)}) - 1)`,
  regexp_matches: (a) => `(${a0(a)} RLIKE ${a1(a)})`,
  regexp_replace_all: (a, c, d) =>
    `regexp_replace(${a0(a)}, ${a1(a)}, ${d.quoting.quoteString(javaReplacement(literalArg(c, 2)))})`,
  split: (a, c, d) => `split(${a0(a)}, ${d.quoting.quoteString(regexEscape(literalArg(c, 1)))}, -1)`,
  epoch_micros: fn('unix_micros'),
  from_epoch_micros: fn('timestamp_micros'),
  date_trunc: (a, c) => `date_trunc('${truncUnit(literalArg(c, 0)).toUpperCase()}', ${a1(a)})`,
  strftime: (a) => `date_format(${a0(a)}, ${a1(a)})`,
  to_timestamp: (a) => `try_cast(${a0(a)} AS TIMESTAMP)`,
  add_months: (a) => `(${a0(a)} + make_ym_interval(0, CAST(${a1(a)} AS INT)))`,
  try_cast: (a, c, d) => `try_cast(${a0(a)} AS ${d.sqlType(c.type)})`,
  day: fn('dayofmonth'),
  array_length: fn('array_size'),
  array_element: (a, c) => listElement(a0(a), a1(a), c, (l, i) => `try_element_at(${l}, ${i})`),
  array_literal: (a) => `array(${a.join(', ')})`,
  array_contains: fn('array_contains'),
  array_concat: fn('concat'),
  array_sort: fn('array_sort'),
  array_sort_desc: (a) => `reverse(array_sort(${a0(a)}))`,
  array_join: fn('array_join'),
  array_slice0: (a) => `slice(${a0(a)}, ${a1(a)} + 1, ${a[2]} - ${a1(a)} + 1)`,
  array_sum: (a) => `aggregate(${a0(a)}, CAST(0 AS DOUBLE), (acc, x) -> acc + x)`,
  array_avg: (a) =>
    `(CASE WHEN array_size(${a0(a)}) > 0 THEN aggregate(${a0(a)}, CAST(0 AS DOUBLE), (acc, x) -> acc + x) / array_size(${a0(a)}) END)`,
  array_min: fn('array_min'),
  array_max: fn('array_max'),
  array_stdev: (a) => `sqrt(${sparkVariance(a0(a))})`,
  array_variance: (a) => sparkVariance(a0(a)),
  array_distinct: fn('array_distinct'),
  array_index_of: (a) => `(array_position(${a0(a)}, ${a1(a)}) - 1)`,
  array_cast: (a, c, d) => `CAST(${a0(a)} AS ${d.sqlType(c.type)})`,
  json_path: (a, c, d) =>
    `get_json_object(${a0(a)}, ${d.quoting.quoteString(jsonPath(literalArg(c, 1), 'spark'))})`,
  json_text: (a) => a0(a),
  json_parse: (a) => a0(a),
  to_json: fn('to_json'),
  json_array_length: fn('json_array_length'),
  json_to_array: (a, c, d) => `from_json(${a0(a)}, ${d.quoting.quoteString(d.sqlType(c.type))})`,
  sha256: (a) => `sha2(${a0(a)}, 256)`,
  hash_sha1: fn('sha1'),
  format_timespan: (a) => timespanText(a0(a), 'spark'),
  has_ipv4_array: hasIpv4ArraySpark,
  has_ipv4_prefix_array: hasIpv4PrefixArraySpark,
  has_ip_prefix_array: hasIpPrefixArraySpark,
  // base64 → bytes as numbers: the decoded binary's hex digits, two at a time (null when not base64).
  base64_bytes: (a) =>
    `transform(array(try_to_binary(${a0(a)}, 'base64')), __lh_b -> CASE WHEN __lh_b IS NULL THEN NULL WHEN octet_length(__lh_b) = 0 THEN CAST(array() AS ARRAY<BIGINT>) ELSE transform(sequence(0, octet_length(__lh_b) - 1), __lh_i -> CAST(conv(substr(hex(__lh_b), 2 * __lh_i + 1, 2), 16, 10) AS BIGINT)) END)[0]`,
  // Spark's chr() is not Unicode: each code point is encoded as UTF-8 bytes (hex), then decoded.
  codepoints_to_string: (a) => {
    // The code points are bound once through a one-element lambda.
    const valid = `forall(__lh_a, __lh_c -> __lh_c IS NOT NULL AND __lh_c BETWEEN 0 AND 1114111 AND NOT (__lh_c BETWEEN 55296 AND 57343))`;
    return `transform(array(${a0(a)}), __lh_a -> CASE WHEN __lh_a IS NULL OR NOT ${valid} THEN NULL ELSE decode(unhex(array_join(transform(__lh_a, __lh_c -> ${utf8Hex('__lh_c')}), '')), 'UTF-8') END)[0]`;
  },
};

/** The UTF-8 bytes of a valid code point c, as hex digits (two per byte). */
function utf8Hex(c: string): string {
  const byte = (x: string) => `lpad(hex(${x}), 2, '0')`;
  const tail = (shift: number) =>
    shift === 0 ? `128 + (${c} % 64)` : `128 + ((${c} DIV ${2 ** shift}) % 64)`;
  return (
    `CASE WHEN ${c} < 128 THEN ${byte(c)} ` +
    `WHEN ${c} < 2048 THEN concat(${byte(`192 + (${c} DIV 64)`)}, ${byte(tail(0))}) ` +
    `WHEN ${c} < 65536 THEN concat(${byte(`224 + (${c} DIV 4096)`)}, ${byte(tail(6))}, ${byte(tail(0))}) ` +
    `ELSE concat(${byte(`240 + (${c} DIV 262144)`)}, ${byte(tail(12))}, ${byte(tail(6))}, ${byte(tail(0))}) END`
  );
}

function sparkVariance(list: string): string {
  const n = `array_size(${list})`;
  const mean = `(aggregate(${list}, CAST(0 AS DOUBLE), (acc, x) -> acc + x) / ${n})`;
  return `(CASE WHEN ${n} > 1 THEN aggregate(${list}, CAST(0 AS DOUBLE), (acc, x) -> acc + (x - ${mean}) * (x - ${mean})) / (${n} - 1) END)`;
}

/**
 * `text has_any (array)` with the array known at run time: per element, a substring test then the
 * term regex built in SQL (the element regex-escaped; term edges only where it starts/ends with a
 * letter or digit). `text` is already lower-cased unless `cs` (has_cs: elements kept as they are).
 */
function hasAnyArray(text: string, array: string, d: KqlDialect, cs: boolean): string {
  const q = (s: string) => d.quoting.quoteString(s);
  const lowered = (e: string) => (cs ? e : `lower(${e})`);
  const word = cs ? 'A-Za-z0-9' : 'a-z0-9';
  const x = '__lh_x';
  const alnumStart =
    d.name === 'spark' ? `${x} RLIKE ${q('^[A-Za-z0-9]')}` : `regexp_matches(${x}, ${q('^[A-Za-z0-9]')})`;
  const alnumEnd =
    d.name === 'spark' ? `${x} RLIKE ${q('[A-Za-z0-9]$')}` : `regexp_matches(${x}, ${q('[A-Za-z0-9]$')})`;
  const escaped =
    d.name === 'spark'
      ? `regexp_replace(${lowered(x)}, ${q('([.^$|?*+()\\[\\]{}\\\\])')}, ${q('\\\\$1')})`
      : `regexp_replace(${lowered(x)}, ${q('([.^$|?*+()\\[\\]{}\\\\])')}, ${q('\\\\\\1')}, 'g')`;
  const pattern = `concat(CASE WHEN ${alnumStart} THEN ${q(`(^|[^${word}])`)} ELSE '' END, ${escaped}, CASE WHEN ${alnumEnd} THEN ${q(`($|[^${word}])`)} ELSE '' END)`;
  if (d.name === 'spark') {
    // Spark refuses subqueries (a list from toscalar) inside higher-order functions, so the list
    // becomes one regular expression: items joined, escaped, and bounded like a whole-term match
    // (a word boundary is required only where the item itself starts or ends with a letter or digit).
    const sep = q('\u0001');
    const items = `regexp_replace(regexp_replace(${lowered(`array_join(${array}, ${sep})`)}, ${q('([.^$|?*+()\\[\\]{}\\\\])')}, ${q('\\\\$1')}), ${sep}, '|')`;
    const start = `(?:(?<![${word}])(?=[${word}])|(?=[^${word}]))`;
    const end = `(?:(?<=[${word}])(?![${word}])|(?<=[^${word}]))`;
    return `COALESCE(size(${array}) > 0 AND ${text} RLIKE concat(${q(`${start}(?:`)}, ${items}, ${q(`)${end}`)}), FALSE)`;
  }
  return `COALESCE(list_bool_or(list_transform(${array}, ${x} -> contains(${text}, ${lowered(x)}) AND regexp_matches(${text}, ${pattern}))), FALSE)`;
}

/** The numeric literal value of argument i. */
function literalNumber(call: CallExpr, i: number): number {
  const e = call.args[i];
  if (e?.kind === 'literal' && typeof e.value === 'number') return e.value;
  throw new Error(`${call.fn}: argument ${i + 1} must be a constant number`);
}

/**
 * Tukey scores of each value of a numeric array against its quantiles pLow and pHigh (see
 * kql-series-functions.ts). The sorted values and the two quantiles are bound once through
 * one-element lambdas. A quantile interpolates linearly between the closest ranks: with the values
 * sorted (nulls dropped) and h = (n − 1)·p, s[⌊h⌋] + (h − ⌊h⌋)·(s[⌊h⌋ + 1] − s[⌊h⌋]).
 */
function tukeyScores(series: string, pLow: number, pHigh: number, d: KqlDialect): string {
  const spark = d.name === 'spark';
  const s = '__lh_s';
  const n = spark ? `size(${s})` : `len(${s})`;
  const at = (i: string) => (spark ? `element_at(${s}, CAST(${i} AS INT))` : `${s}[${i}]`);
  const quantile = (p: number) => {
    const h = `((${n} - 1) * ${p})`;
    const lo = `CAST(floor(${h}) AS BIGINT)`;
    return `(CASE WHEN ${n} > 0 THEN ${at(`${lo} + 1`)} + (${h} - ${lo}) * (${at(`least(${lo} + 2, ${n})`)} - ${at(`${lo} + 1`)}) END)`;
  };
  const [b, v] = ['__lh_b', '__lh_v'];
  const [low, high] = spark ? [`${b}[0]`, `${b}[1]`] : [`${b}[1]`, `${b}[2]`];
  const score = `CASE WHEN ${v} IS NULL THEN NULL WHEN ${v} > ${high} THEN (${v} - ${high}) / NULLIF(${high} - ${low}, 0) WHEN ${v} < ${low} THEN (${v} - ${low}) / NULLIF(${high} - ${low}, 0) ELSE CAST(0 AS DOUBLE) END`;
  if (spark) {
    const sorted = `array_sort(filter(${series}, __lh_q -> __lh_q IS NOT NULL))`;
    return `transform(array(${sorted}), ${s} -> transform(array(array(${quantile(pLow)}, ${quantile(pHigh)})), ${b} -> transform(${series}, ${v} -> ${score}))[0])[0]`;
  }
  const sorted = `list_sort(list_filter(${series}, __lh_q -> __lh_q IS NOT NULL))`;
  return `list_transform([${sorted}], ${s} -> list_transform([[${quantile(pLow)}, ${quantile(pHigh)}]], ${b} -> list_transform(${series}, ${v} -> ${score}))[1])[1]`;
}

/** A JSON path from the IR's list of steps: `$.a[0]."b c"` (DuckDB) or `$.a[0]['b c']` (Spark). */
function jsonPath(stepsJson: string, dialect: 'duckdb' | 'spark'): string {
  const steps = JSON.parse(stepsJson) as (string | number)[];
  let path = '$';
  for (const step of steps) {
    if (typeof step === 'number') path += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(step)) path += `.${step}`;
    else if (dialect === 'duckdb') path += `."${step.replaceAll('"', '\\"')}"`;
    else path += `['${step.replaceAll("'", "\\'")}']`;
  }
  return path;
}

/** Kusto's 0-based index with negative values counting from the end, on 1-based SQL lists. */
function listElement(
  list: string,
  index: string,
  call: CallExpr,
  element: (l: string, i: string) => string,
): string {
  const e = call.args[1];
  if (e?.kind === 'literal' && typeof e.value === 'number') {
    const i = e.value;
    return element(list, String(i >= 0 ? i + 1 : i));
  }
  return `(CASE WHEN ${index} >= 0 THEN ${element(list, `${index} + 1`)} ELSE ${element(list, index)} END)`;
}

function truncUnit(unit: string): string {
  const units: Record<string, string> = {
    day: 'day',
    month: 'month',
    year: 'year',
    hour: 'hour',
    minute: 'minute',
  };
  const u = units[unit];
  if (!u) throw new Error(`bad trunc unit ${unit}`);
  return u;
}

const REGEX_META = /[\\^$.|?*+()[\]{}]/g;
export function regexEscape(text: string): string {
  return text.replace(REGEX_META, (m) => `\\${m}`);
}

/** RE2 replacement (`\1`) to Java's (`$1`). */
function javaReplacement(text: string): string {
  return text.replace(/\$/g, '\\$').replace(/\\(\d)/g, '$$$1');
}

/**
 * A timespan (BIGINT microseconds) as Kusto prints it: `[-][d.]hh:mm:ss[.fffffff]`.
 */
function timespanText(micros: string, dialect: 'duckdb' | 'spark'): string {
  const abs = `abs(${micros})`;
  const div = dialect === 'spark' ? 'DIV' : '//';
  const pad = (x: string, n: number) =>
    `lpad(CAST(${x} AS ${dialect === 'spark' ? 'STRING' : 'VARCHAR'}), ${n}, '0')`;
  const days = `(${abs} ${div} 86400000000)`;
  const hours = `((${abs} ${div} 3600000000) % 24)`;
  const minutes = `((${abs} ${div} 60000000) % 60)`;
  const seconds = `((${abs} ${div} 1000000) % 60)`;
  const fraction = `(${abs} % 1000000)`;
  const str = dialect === 'spark' ? 'STRING' : 'VARCHAR';
  return (
    `(CASE WHEN ${micros} IS NULL THEN NULL ELSE concat(` +
    `CASE WHEN ${micros} < 0 THEN '-' ELSE '' END, ` +
    `CASE WHEN ${days} > 0 THEN concat(CAST(${days} AS ${str}), '.') ELSE '' END, ` +
    `${pad(hours, 2)}, ':', ${pad(minutes, 2)}, ':', ${pad(seconds, 2)}, ` +
    `CASE WHEN ${fraction} > 0 THEN concat('.', ${pad(fraction, 6)}, '0') ELSE '' END) END)`
  );
}

export function functionRenderer(dialect: KqlDialect, name: string): FunctionRenderer {
  const table = dialect.name === 'spark' ? SPARK : DUCKDB;
  const r = table[name] ?? BASE[name];
  if (!r) {
    throw new UserError('kql-unsupported-in-dialect', `the ${dialect.name} dialect cannot express ${name}`);
  }
  return r;
}

/**
 * extract_all: (text, pattern, group…) → the values of one group per match, or per match the array
 * of the selected groups; null when nothing matches. Every group's matches come from the same
 * pattern, so the lists have equal lengths and are zipped by position.
 */
function extractGroups(a: readonly string[], d: KqlDialect): string {
  const [text, pattern, ...groups] = a;
  const matches = groups.map((g) => `regexp_extract_all(${text}, ${pattern}, ${g})`);
  const first = matches[0]!;
  const spark = d.name === 'spark';
  const empty = spark ? `size(${first}) = 0` : `len(${first}) = 0`;
  if (matches.length === 1) return `(CASE WHEN ${empty} THEN NULL ELSE ${first} END)`;
  const zipped = spark
    ? `transform(${first}, (__lh_x, __lh_i) -> array(${matches.map((m) => `${m}[__lh_i]`).join(', ')}))`
    : `list_transform(range(1, len(${first}) + 1), __lh_i -> [${matches.map((m) => `${m}[__lh_i]`).join(', ')}])`;
  return `(CASE WHEN ${empty} THEN NULL ELSE ${zipped} END)`;
}
