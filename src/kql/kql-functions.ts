import { AGGREGATE_FUNCTIONS } from './kql-aggregate-functions.ts';
import { invalid, type Scope, unsupported } from './kql-context.ts';
import { base64DecodeToArray, codepointsToString, parseUrlQuery, parseXml } from './kql-decode-functions.ts';
import {
  arrayFunction,
  arrayLength,
  columnIfExists,
  extractJson,
  pack,
  packArray,
  seriesStat,
  setDifference,
  setHasElement,
  strcatArray,
} from './kql-dynamic-functions.ts';
import { asString, asType, EMPTY_STRING, lower, nodeType, numberLiteral } from './kql-expr-util.ts';
import { arg, type FunctionContext, type FunctionHandler } from './kql-function-context.ts';
import { ipv4Functions } from './kql-ipv4.ts';
import { call, type Expr, isArrayType, lit } from './kql-ir.ts';
import { translateScalar } from './kql-scalar.ts';
import { seriesOutliers } from './kql-series-functions.ts';
import {
  countOf,
  extract,
  extractAll,
  hash,
  hasIpv4,
  indexOf,
  replaceRegex,
  split,
  strcat,
  substring,
  trim,
} from './kql-string-functions.ts';
import type { KqlNode } from './kql-syntax.ts';
import {
  ago,
  bin,
  datetimeAdd,
  datetimeDiff,
  datetimePart,
  dayOfWeek,
  endOf,
  formatDatetime,
  now,
  part,
  startOf,
  todatetime,
  unixtime,
} from './kql-time-functions.ts';
import {
  caseFn,
  coalesce,
  convert,
  iff,
  isEmpty,
  isNull,
  math,
  minMaxOf,
  notFn,
  parseJson,
  round,
  tostring,
} from './kql-value-functions.ts';

/**
 * Kusto's scalar and aggregate functions → IR. Each entry receives the translated arguments.
 * A function not listed here is refused with its name and position.
 */

export const SCALAR_FUNCTIONS: Record<string, FunctionHandler> = {
  pack,
  set_difference: setDifference,
  columnifexists: columnIfExists,
  extractjson: extractJson,
  extract_json: extractJson,
  new_guid: () => call('new_guid', [], 'guid'),
  parse_xml: parseXml,
  parse_urlquery: parseUrlQuery,
  parseurlquery: parseUrlQuery,
  parse_url: (args, f) => call('parse_url', [asString(arg(args, 0, f))], 'dynamic'),
  column_ifexists: columnIfExists,
  has_ipv4: hasIpv4(false),
  has_any_ipv4: hasIpv4(true),
  base64_decode_toarray: base64DecodeToArray,
  unicode_codepoints_to_string: codepointsToString,
  make_string: codepointsToString,
  base64_decode_tostring: (args, f) =>
    call('coalesce', [call('base64_decode', [asString(arg(args, 0, f))], 'string'), EMPTY_STRING], 'string'),
  bag_pack: pack,
  ago,
  now,
  bin,
  floor: (args, f) =>
    arg(args, 0, f).type === 'datetime' || args.length > 1 ? bin(args, f) : math('floor')(args, f),
  startofday: startOf('day'),
  startofweek: startOf('week'),
  startofmonth: startOf('month'),
  startofyear: startOf('year'),
  endofday: endOf('day'),
  endofweek: endOf('week'),
  endofmonth: endOf('month'),
  endofyear: endOf('year'),
  datetime_diff: datetimeDiff,
  datetime_add: datetimeAdd,
  datetime_part: datetimePart,
  datepart: datetimePart,
  format_datetime: formatDatetime,
  getyear: part('year'),
  getmonth: part('month'),
  monthofyear: part('month'),
  dayofmonth: part('day'),
  dayofyear: part('day_of_year'),
  hourofday: part('hour'),
  dayofweek: dayOfWeek,
  unixtime_seconds_todatetime: unixtime(1_000_000),
  unixtime_milliseconds_todatetime: unixtime(1_000),
  unixtime_microseconds_todatetime: unixtime(1),
  todatetime,
  todate: todatetime,
  tostring,
  tolong: convert('long'),
  toint: convert('int'),
  toreal: convert('real'),
  todouble: convert('real'),
  todecimal: convert('real'),
  tobool: convert('bool'),
  toboolean: convert('bool'),
  toguid: (args, f) => asString(arg(args, 0, f)),
  totimespan: (args, f) => {
    const v = arg(args, 0, f);
    if (v.type === 'timespan') return v;
    throw unsupported(f.scope.ctx, f.node, `totimespan() of a ${v.type}`);
  },
  todynamic: parseJson,
  toobject: parseJson,
  parse_json: parseJson,
  parsejson: parseJson,
  isempty: isEmpty(false),
  isnotempty: isEmpty(true),
  isnull: isNull(false),
  isnotnull: isNull(true),
  iff,
  iif: iff,
  case: caseFn,
  coalesce,
  not: notFn,
  strcat: (args) => strcat(args),
  strcat_delim: (args, f) => {
    const [delimiter, ...rest] = args;
    if (!delimiter || rest.length === 0)
      throw invalid(f.scope.ctx, f.node, 'strcat_delim() needs a delimiter and values');
    return strcat(rest.flatMap((r, i) => (i === 0 ? [r] : [delimiter, r])));
  },
  strlen: (args, f) => call('strlen', [asString(arg(args, 0, f))], 'long'),
  tolower: (args, f) => lower(asString(arg(args, 0, f))),
  toupper: (args, f) => call('upper', [asString(arg(args, 0, f))], 'string'),
  substring,
  split,
  extract,
  extract_all: extractAll,
  extractall: extractAll,
  replace_regex: replaceRegex,
  replace: replaceRegex,
  replace_string: (args, f) =>
    call(
      'replace_string',
      [asString(arg(args, 0, f)), asString(arg(args, 1, f)), asString(arg(args, 2, f))],
      'string',
    ),
  trim: trim('both'),
  trim_start: trim('start'),
  trim_end: trim('end'),
  reverse: (args, f) => call('reverse', [asString(arg(args, 0, f))], 'string'),
  indexof: indexOf,
  countof: countOf,
  hash_sha256: hash('sha256'),
  hash_md5: hash('md5'),
  hash_sha1: hash('hash_sha1'),
  array_length: arrayLength,
  arraylength: arrayLength,
  strcat_array: strcatArray,
  array_strcat: strcatArray,
  set_has_element: setHasElement,
  array_sort_asc: arrayFunction('array_sort', (_e, a) => a),
  array_sort_desc: arrayFunction('array_sort_desc', (_e, a) => a),
  array_concat: (args, f) => {
    const types = new Set(args.map((a) => a.type));
    const [only] = types;
    if (types.size !== 1 || only === undefined || !isArrayType(only))
      throw unsupported(f.scope.ctx, f.node, 'array_concat() of arrays of different or unknown types');
    return call('array_concat', args, only);
  },
  array_slice: arrayFunction('array_slice0', (_e, a) => a),
  array_index_of: arrayFunction('array_index_of', () => 'long'),
  set_union: (args, f) =>
    call('array_distinct', [SCALAR_FUNCTIONS['array_concat']!(args, f)], arg(args, 0, f).type),
  pack_array: packArray,
  series_stats_avg: seriesStat('array_avg'),
  series_outliers: seriesOutliers,
  max_of: minMaxOf('greatest'),
  min_of: minMaxOf('least'),
  abs: math('abs', 'same'),
  sqrt: math('sqrt'),
  exp: math('exp'),
  log: math('ln'),
  log10: math('log10'),
  pow: math('power'),
  round,
  sign: math('sign'),
  ceiling: math('ceiling'),
  ...ipv4Functions,
};

/** Functions that take the whole row or a table and are handled by the operators. */
const OPERATOR_ONLY = new Set([
  'arg_max',
  'arg_min',
  'percentiles',
  'series_stats',
  'row_number',
  'prev',
  'next',
]);

function windowFunction(name: string, args: readonly Expr[], f: FunctionContext): Expr {
  if (name === 'row_number') {
    if (args.length > 1) throw unsupported(f.scope.ctx, f.node, 'row_number() with a restart condition');
    const start = args[0] ? asType(args[0], 'long') : lit(1, 'long');
    const rn: Expr = { kind: 'window', fn: 'row_number', args: [], type: 'long' };
    return numberLiteral(start) === 1
      ? rn
      : call('add', [rn, call('sub', [start, lit(1, 'long')], 'long')], 'long');
  }
  const value = arg(args, 0, f);
  const offset = args[1] ? asType(args[1], 'long') : lit(1, 'long');
  const fn = name === 'prev' ? 'lag' : 'lead';
  const windowArgs = args[2] ? [value, offset, asType(args[2], value.type)] : [value, offset];
  const w: Expr = { kind: 'window', fn, args: windowArgs, type: value.type };
  // Kusto strings are never null: the row past the edge reads as the empty string.
  return value.type === 'string' && !args[2] ? call('coalesce', [w, EMPTY_STRING], 'string') : w;
}

/** A function call in a scalar position. */
export function translateFunctionCall(
  node: KqlNode,
  name: string,
  argNodes: readonly KqlNode[],
  scope: Scope,
): Expr {
  const f: FunctionContext = { node, argNodes, scope, name, resultType: nodeType(node) };
  const letFunction = scope.lets.get(name);
  if (letFunction?.kind === 'function')
    return scope.ctx.callScalarFunction(node, letFunction, argNodes, scope);
  if (name === 'row_number' || name === 'prev' || name === 'next') {
    return windowFunction(
      name,
      argNodes.map((a) => translateScalar(a, scope)),
      f,
    );
  }
  const aggregate = AGGREGATE_FUNCTIONS[name];
  if (aggregate) {
    if (!scope.aggregate) throw unsupported(scope.ctx, node, `the aggregate ${name}() outside summarize`);
    const inner: Scope = { ...scope, aggregate: false };
    return aggregate(
      argNodes.map((a) => translateScalar(a, inner)),
      f,
    );
  }
  const handler = SCALAR_FUNCTIONS[name];
  if (!handler) {
    if (OPERATOR_ONLY.has(name)) throw unsupported(scope.ctx, node, `${name}() in this position`);
    throw unsupported(scope.ctx, node, `the function ${name}()`);
  }
  return handler(
    argNodes.map((a) => translateScalar(a, scope)),
    f,
  );
}
