import { invalid, type Scope, unsupported } from './kql-context.ts';
import { kustoFormatToSql } from './kql-datetime-format.ts';
import {
  and,
  arrayElement,
  asString,
  asType,
  constantList,
  EMPTY_STRING,
  isIntegral,
  isNumeric,
  kustoType,
  lower,
  MICROS_PER_DAY,
  nodeType,
  not,
  numberLiteral,
  or,
  stringLiteral,
} from './kql-expr-util.ts';
import { ipv4Functions } from './kql-ipv4.ts';
import {
  agg,
  arrayOf,
  call,
  caseWhen,
  type Expr,
  elementType,
  type IrType,
  isArrayType,
  lit,
} from './kql-ir.ts';
import { parseDateTimeText } from './kql-literals.ts';
import { comparable, epochMicros, fromEpochMicros, jsonAccess, translateScalar } from './kql-scalar.ts';
import type { KqlNode } from './kql-syntax.ts';

/**
 * Kusto's scalar and aggregate functions → IR. Each entry receives the translated arguments.
 * A function not listed here is refused with its name and position.
 */

export interface FunctionContext {
  readonly node: KqlNode;
  readonly argNodes: readonly KqlNode[];
  readonly scope: Scope;
  readonly name: string;
  /** The analyser's result type. */
  readonly resultType: IrType;
}

type FunctionHandler = (args: readonly Expr[], f: FunctionContext) => Expr;

const arg = (args: readonly Expr[], i: number, f: FunctionContext): Expr => {
  const a = args[i];
  if (!a) throw invalid(f.scope.ctx, f.node, `${f.name}() needs argument ${i + 1}`);
  return a;
};

const _num = (type: IrType) => (e: Expr) => asType(e, type);

function unit(f: FunctionContext, e: Expr): string {
  const u = stringLiteral(e);
  if (u === undefined) throw unsupported(f.scope.ctx, f.node, `${f.name}() with a non-constant part name`);
  return u.toLowerCase().replace(/s$/, '');
}

const PERIOD_MICROS: Record<string, number> = {
  day: MICROS_PER_DAY,
  hour: 3_600_000_000,
  minute: 60_000_000,
  second: 1_000_000,
  millisecond: 1_000,
  microsecond: 1,
  week: 7 * MICROS_PER_DAY,
};

const floorDiv = (a: Expr, b: Expr): Expr => call('floor_div', [a, b], 'long');

/** Thursday 1970-01-01 minus 4 days is a Sunday: weeks start on Sunday in Kusto. */
const WEEK_OFFSET = 4 * MICROS_PER_DAY;

function binDatetime(value: Expr, span: Expr): Expr {
  const v = numberLiteral(epochMicros(value));
  const s = numberLiteral(span);
  if (v !== undefined && s !== undefined && s > 0) return lit(v - (((v % s) + s) % s), 'datetime');
  const micros = epochMicros(value);
  return fromEpochMicros(call('sub', [micros, call('pmod', [micros, span], 'long')], 'long'));
}

function binNumber(value: Expr, size: Expr, type: IrType): Expr {
  if (isIntegral(value.type) && isIntegral(size.type))
    return call('sub', [value, call('pmod', [value, size], value.type)], value.type);
  if (value.type === 'timespan') return call('sub', [value, call('pmod', [value, size], 'long')], 'timespan');
  return call(
    'mul',
    [call('floor', [call('div_real', [value, size], 'real')], 'real'), asType(size, 'real')],
    type === 'long' ? 'real' : type,
  );
}

function bin(args: readonly Expr[], f: FunctionContext): Expr {
  const value = arg(args, 0, f);
  const size = arg(args, 1, f);
  if (value.type === 'datetime') {
    if (size.type !== 'timespan')
      throw unsupported(f.scope.ctx, f.node, 'bin() of a datetime by a non-timespan');
    return binDatetime(value, size);
  }
  if (!isNumeric(value.type) && value.type !== 'timespan')
    throw unsupported(f.scope.ctx, f.node, `bin() of a ${value.type}`);
  return binNumber(value, size, f.resultType);
}

function startOf(period: 'day' | 'week' | 'month' | 'year'): FunctionHandler {
  return (args, f) => {
    const value = arg(args, 0, f);
    if (args.length > 1) throw unsupported(f.scope.ctx, f.node, `${f.name}() with an offset`);
    if (period === 'day') return binDatetime(value, lit(MICROS_PER_DAY, 'timespan'));
    if (period === 'week') {
      const shifted = call('add', [epochMicros(value), lit(WEEK_OFFSET, 'long')], 'long');
      const week = lit(7 * MICROS_PER_DAY, 'long');
      return fromEpochMicros(
        call(
          'sub',
          [call('sub', [shifted, call('pmod', [shifted, week], 'long')], 'long'), lit(WEEK_OFFSET, 'long')],
          'long',
        ),
      );
    }
    return call('date_trunc', [lit(period, 'string'), value], 'datetime');
  };
}

function endOf(period: 'day' | 'week' | 'month' | 'year'): FunctionHandler {
  return (args, f) => {
    const start = startOf(period)(args, f);
    if (period === 'day' || period === 'week') {
      const length = period === 'day' ? MICROS_PER_DAY : 7 * MICROS_PER_DAY;
      return fromEpochMicros(call('add', [epochMicros(start), lit(length - 1, 'long')], 'long'));
    }
    const next = call('add_months', [start, lit(period === 'month' ? 1 : 12, 'long')], 'datetime');
    return fromEpochMicros(call('sub', [epochMicros(next), lit(1, 'long')], 'long'));
  };
}

function datetimeDiff(args: readonly Expr[], f: FunctionContext): Expr {
  const part = unit(f, arg(args, 0, f));
  const a = arg(args, 1, f);
  const b = arg(args, 2, f);
  if (part === 'month' || part === 'year' || part === 'quarter') {
    const months = (d: Expr) =>
      call(
        'add',
        [
          call('mul', [call('year', [d], 'long'), lit(12, 'long')], 'long'),
          call('sub', [call('month', [d], 'long'), lit(1, 'long')], 'long'),
        ],
        'long',
      );
    const diff = call('sub', [months(a), months(b)], 'long');
    if (part === 'month') return diff;
    const per = part === 'year' ? 12 : 3;
    // Periods crossed: compare the period indexes of both instants.
    return call(
      'sub',
      [floorDiv(months(a), lit(per, 'long')), floorDiv(months(b), lit(per, 'long'))],
      'long',
    );
  }
  const size = PERIOD_MICROS[part];
  if (size === undefined) throw unsupported(f.scope.ctx, f.node, `datetime_diff() by '${part}'`);
  // Kusto counts period boundaries crossed from the second to the first argument.
  const offset = part === 'week' ? WEEK_OFFSET : 0;
  const index = (d: Expr) =>
    floorDiv(call('add', [epochMicros(d), lit(offset, 'long')], 'long'), lit(size, 'long'));
  return call('sub', [index(a), index(b)], 'long');
}

function datetimeAdd(args: readonly Expr[], f: FunctionContext): Expr {
  const part = unit(f, arg(args, 0, f));
  const amount = asType(arg(args, 1, f), 'long');
  const value = arg(args, 2, f);
  if (part === 'month' || part === 'year' || part === 'quarter') {
    const months =
      part === 'month' ? amount : call('mul', [amount, lit(part === 'year' ? 12 : 3, 'long')], 'long');
    return call('add_months', [value, months], 'datetime');
  }
  const size = PERIOD_MICROS[part];
  if (size === undefined) throw unsupported(f.scope.ctx, f.node, `datetime_add() by '${part}'`);
  return fromEpochMicros(
    call('add', [epochMicros(value), call('mul', [amount, lit(size, 'long')], 'long')], 'long'),
  );
}

function datetimePart(args: readonly Expr[], f: FunctionContext): Expr {
  const part = unit(f, arg(args, 0, f));
  const value = arg(args, 1, f);
  const simple: Record<string, string> = {
    year: 'year',
    month: 'month',
    day: 'day',
    hour: 'hour',
    minute: 'minute',
    second: 'second',
    dayofyear: 'day_of_year',
  };
  const fn = simple[part];
  if (!fn) throw unsupported(f.scope.ctx, f.node, `datetime_part() of '${part}'`);
  return call(fn, [value], 'int');
}

function ago(args: readonly Expr[], f: FunctionContext): Expr {
  const span = arg(args, 0, f);
  const s = numberLiteral(span);
  if (s !== undefined) return lit(f.scope.ctx.nowMicros - s, 'datetime');
  return fromEpochMicros(call('sub', [lit(f.scope.ctx.nowMicros, 'long'), span], 'long'));
}

function now(args: readonly Expr[], f: FunctionContext): Expr {
  if (args.length === 0) return lit(f.scope.ctx.nowMicros, 'datetime');
  const s = numberLiteral(arg(args, 0, f));
  if (s !== undefined) return lit(f.scope.ctx.nowMicros + s, 'datetime');
  return fromEpochMicros(call('add', [lit(f.scope.ctx.nowMicros, 'long'), arg(args, 0, f)], 'long'));
}

function todatetime(args: readonly Expr[], f: FunctionContext): Expr {
  const value = arg(args, 0, f);
  if (value.type === 'datetime') return value;
  const text = stringLiteral(value);
  if (text !== undefined) {
    const micros = parseDateTimeText(text);
    return lit(micros ?? null, 'datetime');
  }
  if (value.type === 'string' || value.type === 'dynamic')
    return call('to_timestamp', [asString(value)], 'datetime');
  if (isNumeric(value.type)) throw unsupported(f.scope.ctx, f.node, 'todatetime() of a number');
  return call('try_cast', [value], 'datetime');
}

function tostring(args: readonly Expr[], f: FunctionContext): Expr {
  return asString(arg(args, 0, f));
}

function convert(type: IrType): FunctionHandler {
  return (args, f) => {
    const value = arg(args, 0, f);
    if (value.type === type) return value;
    if (type === 'bool' && (value.type === 'string' || value.type === 'dynamic')) {
      const text = lower(asString(value));
      return caseWhen(
        [
          [call('eq', [text, lit('true', 'string')], 'bool'), lit(true, 'bool')],
          [call('eq', [text, lit('false', 'string')], 'bool'), lit(false, 'bool')],
        ],
        call('ne', [call('try_cast', [text], 'long'), lit(0, 'long')], 'bool'),
        'bool',
      );
    }
    if ((type === 'long' || type === 'int') && value.type === 'real') {
      // Kusto truncates toward zero.
      return call('cast', [call('trunc', [value], 'real')], type);
    }
    if ((type === 'long' || type === 'int') && value.type === 'datetime') return epochMicros(value);
    if (value.type === 'timespan' && isNumeric(type)) return call('cast', [value], type);
    if (
      (type === 'long' || type === 'int' || type === 'real') &&
      (value.type === 'string' || value.type === 'dynamic')
    ) {
      const text = asString(value);
      if (type === 'real') return call('try_cast', [text], 'real');
      return call('cast', [call('trunc', [call('try_cast', [text], 'real')], 'real')], type);
    }
    return asType(value, type);
  };
}

function isEmpty(negated: boolean): FunctionHandler {
  return (args, f) => {
    const value = arg(args, 0, f);
    let test: Expr;
    if (value.type === 'string') test = call('eq', [value, EMPTY_STRING], 'bool');
    else if (value.type === 'dynamic')
      test = or(call('is_null', [value], 'bool'), call('eq', [asString(value), EMPTY_STRING], 'bool'));
    else test = call('is_null', [value], 'bool');
    return negated ? not(test) : test;
  };
}

function isNull(negated: boolean): FunctionHandler {
  return (args, f) => {
    const value = arg(args, 0, f);
    // Kusto strings are never null.
    if (value.type === 'string') return lit(negated, 'bool');
    return call(negated ? 'is_not_null' : 'is_null', [value], 'bool');
  };
}

function iff(args: readonly Expr[], f: FunctionContext): Expr {
  const type = f.resultType;
  return caseWhen([[arg(args, 0, f), asType(arg(args, 1, f), type)]], asType(arg(args, 2, f), type), type);
}

function caseFn(args: readonly Expr[], f: FunctionContext): Expr {
  if (args.length < 3 || args.length % 2 === 0)
    throw invalid(f.scope.ctx, f.node, 'case() needs pairs and an else value');
  const type = f.resultType;
  const whens: [Expr, Expr][] = [];
  for (let i = 0; i + 1 < args.length; i += 2) whens.push([args[i]!, asType(args[i + 1]!, type)]);
  return caseWhen(whens, asType(args[args.length - 1]!, type), type);
}

function strcat(args: readonly Expr[]): Expr {
  const parts = args.map(asString);
  if (parts.every((p) => p.kind === 'literal'))
    return lit(parts.map((p) => String(p.kind === 'literal' ? p.value : '')).join(''), 'string');
  return call('concat', parts, 'string');
}

function substring(args: readonly Expr[], f: FunctionContext): Expr {
  const text = asString(arg(args, 0, f));
  const start = asType(arg(args, 1, f), 'long');
  const s = numberLiteral(start);
  if (s === undefined || s < 0)
    throw unsupported(f.scope.ctx, f.node, 'substring() with a negative or non-constant start');
  const rest = args[2] ? [asType(args[2], 'long')] : [];
  return call('coalesce', [call('substring0', [text, start, ...rest], 'string'), EMPTY_STRING], 'string');
}

function split(args: readonly Expr[], f: FunctionContext): Expr {
  const text = asString(arg(args, 0, f));
  const delimiter = arg(args, 1, f);
  if (stringLiteral(delimiter) === undefined)
    throw unsupported(f.scope.ctx, f.node, 'split() with a non-constant delimiter');
  const parts = call('split', [text, delimiter], 'array:string');
  if (args[2]) {
    const index = asType(args[2], 'long');
    return call('array_literal', [call('array_element', [parts, index], 'string')], 'array:string');
  }
  return parts;
}

function extract(args: readonly Expr[], f: FunctionContext): Expr {
  const pattern = arg(args, 0, f);
  const group = arg(args, 1, f);
  const text = asString(arg(args, 2, f));
  if (stringLiteral(pattern) === undefined || numberLiteral(group) === undefined) {
    throw unsupported(f.scope.ctx, f.node, 'extract() with a non-constant pattern or group');
  }
  const value = call('regexp_extract', [text, pattern, group], 'string');
  // No match gives the empty string (strings are never null); a typed extract converts it.
  const typeArg = args[3];
  if (typeArg) {
    const typeName = typeArg.kind === 'literal' && typeArg.type === 'type' ? typeArg.value : undefined;
    if (typeof typeName !== 'string')
      throw unsupported(f.scope.ctx, f.node, 'extract() with this type argument');
    const target = kustoType(typeName);
    if (target === 'string') return call('coalesce', [value, EMPTY_STRING], 'string');
    // A typed extract is null when nothing matches or the text does not convert.
    return call('try_cast', [call('nullif_empty', [value], 'string')], target);
  }
  return call('coalesce', [value, EMPTY_STRING], 'string');
}

function extractAll(args: readonly Expr[], f: FunctionContext): Expr {
  if (args.length === 3) {
    // extract_all(regex, dynamic([n]), text): one selected group gives an array of strings... in
    // Kusto an array of one-element arrays, which has no flat equivalent: only that shape is refused.
    throw unsupported(f.scope.ctx, f.node, 'extract_all() with capture group selection');
  }
  const pattern = arg(args, 0, f);
  const p = stringLiteral(pattern);
  if (p === undefined) throw unsupported(f.scope.ctx, f.node, 'extract_all() with a non-constant pattern');
  const groups = (p.match(/\((?!\?)/g) ?? []).length;
  if (groups !== 1) throw unsupported(f.scope.ctx, f.node, 'extract_all() with other than one capture group');
  return call('regexp_extract_all', [asString(arg(args, 1, f)), pattern, lit(1, 'long')], 'array:string');
}

function replaceRegex(args: readonly Expr[], f: FunctionContext): Expr {
  const pattern = arg(args, 0, f);
  const replacement = arg(args, 1, f);
  if (stringLiteral(pattern) === undefined || stringLiteral(replacement) === undefined) {
    throw unsupported(f.scope.ctx, f.node, `${f.name}() with a non-constant pattern or replacement`);
  }
  return call('regexp_replace_all', [asString(arg(args, 2, f)), pattern, replacement], 'string');
}

function arrayLength(args: readonly Expr[], f: FunctionContext): Expr {
  const value = arg(args, 0, f);
  if (isArrayType(value.type)) return call('array_length', [value], 'long');
  if (value.type === 'dynamic') return call('json_array_length', [value], 'long');
  throw unsupported(f.scope.ctx, f.node, `array_length() of a ${value.type}`);
}

function parseJson(args: readonly Expr[], f: FunctionContext): Expr {
  const value = arg(args, 0, f);
  if (value.type === 'dynamic' || isArrayType(value.type)) return value;
  if (value.type !== 'string') return asType(value, 'dynamic');
  return call('json_parse', [value], 'dynamic');
}

function packArray(args: readonly Expr[], f: FunctionContext): Expr {
  const types = new Set(args.map((a) => a.type));
  const [only] = types;
  if (types.size !== 1 || only === undefined || only === 'dynamic' || isArrayType(only)) {
    throw unsupported(f.scope.ctx, f.node, 'pack_array() of values of different or dynamic types');
  }
  return call('array_literal', args, arrayOf(only));
}

function arrayFunction(fn: string, result: (element: IrType, array: IrType) => IrType): FunctionHandler {
  return (args, f) => {
    const value = arg(args, 0, f);
    const element = elementType(value.type);
    if (element === undefined)
      throw unsupported(f.scope.ctx, f.node, `${f.name}() of a value whose element type is not known`);
    return call(fn, [value, ...args.slice(1)], result(element, value.type));
  };
}

function strcatArray(args: readonly Expr[], f: FunctionContext): Expr {
  const value = arg(args, 0, f);
  const element = elementType(value.type);
  if (element === undefined)
    throw unsupported(f.scope.ctx, f.node, 'strcat_array() of a value whose element type is not known');
  const strings = element === 'string' ? value : call('array_cast', [value], 'array:string');
  return call(
    'coalesce',
    [call('array_join', [strings, asString(arg(args, 1, f))], 'string'), EMPTY_STRING],
    'string',
  );
}

function setHasElement(args: readonly Expr[], f: FunctionContext): Expr {
  const set = arg(args, 0, f);
  const element = elementType(set.type);
  if (element === undefined)
    throw unsupported(f.scope.ctx, f.node, 'set_has_element() of a value whose element type is not known');
  const [, value] = comparable(lit(null, element), arg(args, 1, f));
  return call('coalesce', [call('array_contains', [set, value], 'bool'), lit(false, 'bool')], 'bool');
}

function minMaxOf(fn: 'greatest' | 'least'): FunctionHandler {
  return (args, f) =>
    call(
      fn,
      args.map((a) => asType(a, f.resultType)),
      f.resultType,
    );
}

function round(args: readonly Expr[], f: FunctionContext): Expr {
  const value = arg(args, 0, f);
  const digits = args[1] ? asType(args[1], 'long') : lit(0, 'long');
  return call('round', [asType(value, 'real'), digits], 'real');
}

function math(fn: string, type: IrType = 'real'): FunctionHandler {
  return (args, f) =>
    call(
      fn,
      args.map((a) => asType(a, 'real')),
      type === 'same' ? arg(args, 0, f).type : type,
    );
}

function countOf(args: readonly Expr[], f: FunctionContext): Expr {
  const text = asString(arg(args, 0, f));
  const needle = arg(args, 1, f);
  const kind = args[2] ? stringLiteral(args[2]) : 'normal';
  if (stringLiteral(needle) === undefined || (kind !== 'normal' && kind !== 'regex')) {
    throw unsupported(f.scope.ctx, f.node, 'countof() with a non-constant search');
  }
  if (kind === 'regex') return call('regexp_count', [text, needle], 'long');
  const len = stringLiteral(needle)!.length;
  if (len === 0) return lit(0, 'long');
  const removed = call('replace_string', [text, needle, EMPTY_STRING], 'string');
  return call(
    'div_int',
    [
      call('sub', [call('strlen', [text], 'long'), call('strlen', [removed], 'long')], 'long'),
      lit(len, 'long'),
    ],
    'long',
  );
}

function indexOf(args: readonly Expr[], f: FunctionContext): Expr {
  if (args.length > 2) throw unsupported(f.scope.ctx, f.node, 'indexof() with start/length/occurrence');
  return call('index_of', [asString(arg(args, 0, f)), asString(arg(args, 1, f))], 'long');
}

function hash(fn: string): FunctionHandler {
  return (args, f) => call(fn, [asString(arg(args, 0, f))], 'string');
}

function formatDatetime(args: readonly Expr[], f: FunctionContext): Expr {
  const format = stringLiteral(arg(args, 1, f));
  if (format === undefined)
    throw unsupported(f.scope.ctx, f.node, 'format_datetime() with a non-constant format');
  const converted = kustoFormatToSql(format);
  if (!converted) throw unsupported(f.scope.ctx, f.node, `the format_datetime() format "${format}"`);
  return call('format_datetime', [arg(args, 0, f), lit(format, 'string')], 'string');
}

function unixtime(scale: number): FunctionHandler {
  return (args, f) => {
    const v = arg(args, 0, f);
    const micros =
      scale === 1
        ? asType(v, 'long')
        : call('cast', [call('mul', [asType(v, 'real'), lit(scale, 'real')], 'real')], 'long');
    return fromEpochMicros(micros);
  };
}

function part(fn: string, type: IrType = 'int'): FunctionHandler {
  return (args, f) => call(fn, [arg(args, 0, f)], type);
}

function dayOfWeek(args: readonly Expr[], f: FunctionContext): Expr {
  const days = floorDiv(
    call('add', [epochMicros(arg(args, 0, f)), lit(WEEK_OFFSET, 'long')], 'long'),
    lit(MICROS_PER_DAY, 'long'),
  );
  return call('mul', [call('pmod', [days, lit(7, 'long')], 'long'), lit(MICROS_PER_DAY, 'long')], 'timespan');
}

function seriesStat(fn: string): FunctionHandler {
  return (args, f) => {
    const value = arg(args, 0, f);
    if (!isArrayType(value.type) || !isNumeric(arrayElement(value.type))) {
      throw unsupported(f.scope.ctx, f.node, `${f.name}() of a value that is not a numeric array`);
    }
    return call(fn, [value], 'real');
  };
}

function notFn(args: readonly Expr[], f: FunctionContext): Expr {
  return not(asType(arg(args, 0, f), 'bool'));
}

function coalesce(args: readonly Expr[], f: FunctionContext): Expr {
  return call(
    'coalesce',
    args.map((a) => asType(a, f.resultType)),
    f.resultType,
  );
}

function trim(side: 'both' | 'start' | 'end'): FunctionHandler {
  return (args, f) => {
    const pattern = stringLiteral(arg(args, 0, f));
    if (pattern === undefined)
      throw unsupported(f.scope.ctx, f.node, `${f.name}() with a non-constant pattern`);
    const text = asString(arg(args, 1, f));
    const re =
      side === 'start'
        ? `^(${pattern})+`
        : side === 'end'
          ? `(${pattern})+$`
          : `^(${pattern})+|(${pattern})+$`;
    return call('regexp_replace_all', [text, lit(re, 'string'), lit('', 'string')], 'string');
  };
}

function pack(args: readonly Expr[], f: FunctionContext): Expr {
  if (args.length % 2 !== 0 || args.length === 0)
    throw invalid(f.scope.ctx, f.node, `${f.name}() needs key/value pairs`);
  // Keys are strings; the Spark dialect needs them constant (sql-functions.ts).
  return call(
    'json_object',
    args.map((a, i) => (i % 2 === 0 ? asString(a) : a)),
    'dynamic',
  );
}

function columnIfExists(args: readonly Expr[], f: FunctionContext): Expr {
  const name = stringLiteral(arg(args, 0, f));
  if (name === undefined)
    throw unsupported(f.scope.ctx, f.node, 'column_ifexists() with a non-constant name');
  return f.scope.row.get(name) ?? asType(arg(args, 1, f), f.resultType);
}

/** IPv4 addresses as terms: delimited by anything but letters, digits and dots. */
function hasIpv4(any: boolean): FunctionHandler {
  return (args, f) => {
    const text = asString(arg(args, 0, f));
    const list =
      any && args.length === 2 ? (constantList(arg(args, 1, f)) ?? [arg(args, 1, f)]) : args.slice(1);
    const ips = list.map((e) => stringLiteral(e));
    if (ips.some((ip) => ip === undefined || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip))) {
      throw unsupported(f.scope.ctx, f.node, `${f.name}() with non-constant or non-IPv4 values`);
    }
    const tests = (ips as string[]).map((ip) =>
      and(
        call('contains_cs', [text, lit(ip, 'string')], 'bool'),
        call(
          'regexp_matches',
          [text, lit(`(^|[^0-9A-Za-z.])${ip.replaceAll('.', '\\.')}($|[^0-9A-Za-z.])`, 'string')],
          'bool',
        ),
      ),
    );
    return tests.length ? or(...tests) : lit(false, 'bool');
  };
}

/** extractjson('$.a[0].b', text): a JSON path given as text, read from JSON text. */
function extractJson(args: readonly Expr[], f: FunctionContext): Expr {
  const path = stringLiteral(arg(args, 0, f));
  if (path === undefined || args.length > 2)
    throw unsupported(f.scope.ctx, f.node, `${f.name}() with a non-constant path or a type`);
  const steps: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[['"]([^'"]*)['"]\]/y;
  if (!path.startsWith('$')) throw unsupported(f.scope.ctx, f.node, `the JSON path "${path}"`);
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) throw unsupported(f.scope.ctx, f.node, `the JSON path "${path}"`);
    steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!));
  }
  const source = arg(args, 1, f);
  let value = source.type === 'dynamic' ? source : call('json_parse', [asString(source)], 'dynamic');
  for (const step of steps) value = jsonAccess(value, step);
  return asString(value);
}

/** Distinct elements of the first array that are in none of the others. */
function setDifference(args: readonly Expr[], f: FunctionContext): Expr {
  const types = new Set(args.map((a) => a.type));
  const [only] = types;
  if (args.length < 2 || types.size !== 1 || only === undefined || !isArrayType(only)) {
    throw unsupported(f.scope.ctx, f.node, 'set_difference() of arrays of different or unknown types');
  }
  return args.slice(1).reduce((acc, other) => call('array_except', [acc, other], only), args[0]!);
}

export const SCALAR_FUNCTIONS: Record<string, FunctionHandler> = {
  pack,
  set_difference: setDifference,
  columnifexists: columnIfExists,
  extractjson: extractJson,
  extract_json: extractJson,
  new_guid: () => call('new_guid', [], 'guid'),
  parse_url: (args, f) => call('parse_url', [asString(arg(args, 0, f))], 'dynamic'),
  column_ifexists: columnIfExists,
  has_ipv4: hasIpv4(false),
  has_any_ipv4: hasIpv4(true),
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

/** Aggregate functions (summarize): name → IR aggregate. */
type AggregateHandler = (args: readonly Expr[], f: FunctionContext) => Expr;

function aggregateOf(
  fn: string,
  type?: (args: readonly Expr[], f: FunctionContext) => IrType,
): AggregateHandler {
  return (args, f) => agg(fn, args.slice(0, 1), type ? type(args, f) : f.resultType);
}

function makeList(set: boolean, conditional: boolean): AggregateHandler {
  return (args, f) => {
    const value = arg(args, 0, f);
    const condition = conditional ? arg(args, 1, f) : undefined;
    const limitArg = args[conditional ? 2 : 1];
    if (limitArg) {
      const n = numberLiteral(limitArg);
      if (n === undefined)
        throw unsupported(f.scope.ctx, f.node, `${f.name}() with a non-constant size limit`);
    }
    if (value.type === 'dynamic')
      throw unsupported(f.scope.ctx, f.node, `${f.name}() of a dynamic value whose type is not known`);
    let result: Expr;
    if (isArrayType(value.type)) {
      if (!set) throw unsupported(f.scope.ctx, f.node, `${f.name}() of arrays`);
      // make_set flattens arrays into one set of their elements.
      const flattened = agg('make_list', [value], arrayOf(value.type), condition);
      result = call('array_distinct', [call('flatten', [flattened], value.type)], value.type);
    } else {
      result = agg(set ? 'make_set' : 'make_list', [value], arrayOf(value.type), condition);
    }
    const limit = limitArg ? numberLiteral(limitArg) : undefined;
    if (limit !== undefined)
      result = call('array_slice0', [result, lit(0, 'long'), lit(limit - 1, 'long')], result.type);
    return result;
  };
}

function conditional(fn: string): AggregateHandler {
  return (args, f) => agg(fn, [arg(args, 0, f)], f.resultType, arg(args, 1, f));
}

export const AGGREGATE_FUNCTIONS: Record<string, AggregateHandler> = {
  count: (args, f) =>
    args.length === 0 ? agg('count_star', [], 'long') : agg('count', [arg(args, 0, f)], 'long'),
  countif: (args, f) => agg('count_if', [arg(args, 0, f)], 'long'),
  dcount: (args, f) => agg('dcount', [arg(args, 0, f)], 'long'),
  count_distinct: (args, f) => agg('dcount', [arg(args, 0, f)], 'long'),
  dcountif: (args, f) => agg('dcount', [arg(args, 0, f)], 'long', arg(args, 1, f)),
  count_distinctif: (args, f) => agg('dcount', [arg(args, 0, f)], 'long', arg(args, 1, f)),
  sum: aggregateOf('sum'),
  sumif: conditional('sum'),
  min: aggregateOf('min'),
  max: aggregateOf('max'),
  minif: conditional('min'),
  maxif: conditional('max'),
  avg: (args, f) =>
    agg(
      'avg',
      [asType(arg(args, 0, f), isNumeric(arg(args, 0, f).type) ? arg(args, 0, f).type : 'real')],
      'real',
    ),
  avgif: conditional('avg'),
  stdev: aggregateOf('stdev', () => 'real'),
  stdevp: aggregateOf('stdevp', () => 'real'),
  variance: aggregateOf('variance', () => 'real'),
  variancep: aggregateOf('variancep', () => 'real'),
  any: aggregateOf('any', (args, f) => arg(args, 0, f).type),
  take_any: aggregateOf('any', (args, f) => arg(args, 0, f).type),
  make_list: makeList(false, false),
  makelist: makeList(false, false),
  make_list_if: makeList(false, true),
  make_set: makeList(true, false),
  makeset: makeList(true, false),
  make_set_if: makeList(true, true),
  percentile: (args, f) => {
    const p = numberLiteral(arg(args, 1, f));
    if (p === undefined)
      throw unsupported(f.scope.ctx, f.node, 'percentile() with a non-constant percentage');
    return agg('percentile', [arg(args, 0, f), lit(p / 100, 'real')], arg(args, 0, f).type);
  },
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
