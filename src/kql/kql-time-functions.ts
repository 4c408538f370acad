import { epochMicros, fromEpochMicros } from './kql-arithmetic.ts';
import { unsupported } from './kql-context.ts';
import { kustoFormatToSql } from './kql-datetime-format.ts';
import {
  asString,
  asType,
  isIntegral,
  isNumeric,
  MICROS_PER_DAY,
  numberLiteral,
  stringLiteral,
} from './kql-expr-util.ts';
import { arg, type FunctionContext, type FunctionHandler } from './kql-function-context.ts';
import { call, type Expr, type IrType, lit } from './kql-ir.ts';
import { parseDateTimeText } from './kql-literals.ts';

/** Time functions: ago/now, bin, startof/endof, datetime_diff/add/part, format_datetime, unixtime. */

export function unit(f: FunctionContext, e: Expr): string {
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

export function binDatetime(value: Expr, span: Expr): Expr {
  const v = numberLiteral(epochMicros(value));
  const s = numberLiteral(span);
  if (v !== undefined && s !== undefined && s > 0) return lit(v - (((v % s) + s) % s), 'datetime');
  const micros = epochMicros(value);
  return fromEpochMicros(call('sub', [micros, call('pmod', [micros, span], 'long')], 'long'));
}

export function binNumber(value: Expr, size: Expr, type: IrType): Expr {
  if (isIntegral(value.type) && isIntegral(size.type))
    return call('sub', [value, call('pmod', [value, size], value.type)], value.type);
  if (value.type === 'timespan') return call('sub', [value, call('pmod', [value, size], 'long')], 'timespan');
  return call(
    'mul',
    [call('floor', [call('div_real', [value, size], 'real')], 'real'), asType(size, 'real')],
    type === 'long' ? 'real' : type,
  );
}

export function bin(args: readonly Expr[], f: FunctionContext): Expr {
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

export function startOf(period: 'day' | 'week' | 'month' | 'year'): FunctionHandler {
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

export function endOf(period: 'day' | 'week' | 'month' | 'year'): FunctionHandler {
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

export function datetimeDiff(args: readonly Expr[], f: FunctionContext): Expr {
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

export function datetimeAdd(args: readonly Expr[], f: FunctionContext): Expr {
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

export function datetimePart(args: readonly Expr[], f: FunctionContext): Expr {
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

export function ago(args: readonly Expr[], f: FunctionContext): Expr {
  const span = arg(args, 0, f);
  const s = numberLiteral(span);
  if (s !== undefined) return lit(f.scope.ctx.nowMicros - s, 'datetime');
  return fromEpochMicros(call('sub', [lit(f.scope.ctx.nowMicros, 'long'), span], 'long'));
}

export function now(args: readonly Expr[], f: FunctionContext): Expr {
  if (args.length === 0) return lit(f.scope.ctx.nowMicros, 'datetime');
  const s = numberLiteral(arg(args, 0, f));
  if (s !== undefined) return lit(f.scope.ctx.nowMicros + s, 'datetime');
  return fromEpochMicros(call('add', [lit(f.scope.ctx.nowMicros, 'long'), arg(args, 0, f)], 'long'));
}

export function todatetime(args: readonly Expr[], f: FunctionContext): Expr {
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

export function formatDatetime(args: readonly Expr[], f: FunctionContext): Expr {
  const format = stringLiteral(arg(args, 1, f));
  if (format === undefined)
    throw unsupported(f.scope.ctx, f.node, 'format_datetime() with a non-constant format');
  const converted = kustoFormatToSql(format);
  if (!converted) throw unsupported(f.scope.ctx, f.node, `the format_datetime() format "${format}"`);
  return call('format_datetime', [arg(args, 0, f), lit(format, 'string')], 'string');
}

export function unixtime(scale: number): FunctionHandler {
  return (args, f) => {
    const v = arg(args, 0, f);
    const micros =
      scale === 1
        ? asType(v, 'long')
        : call('cast', [call('mul', [asType(v, 'real'), lit(scale, 'real')], 'real')], 'long');
    return fromEpochMicros(micros);
  };
}

export function part(fn: string, type: IrType = 'int'): FunctionHandler {
  return (args, f) => call(fn, [arg(args, 0, f)], type);
}

export function dayOfWeek(args: readonly Expr[], f: FunctionContext): Expr {
  const days = floorDiv(
    call('add', [epochMicros(arg(args, 0, f)), lit(WEEK_OFFSET, 'long')], 'long'),
    lit(MICROS_PER_DAY, 'long'),
  );
  return call('mul', [call('pmod', [days, lit(7, 'long')], 'long'), lit(MICROS_PER_DAY, 'long')], 'timespan');
}
