import { epochMicros } from './kql-arithmetic.ts';
import { invalid } from './kql-context.ts';
import { asString, asType, EMPTY_STRING, isNumeric, lower, not, or } from './kql-expr-util.ts';
import { arg, type FunctionContext, type FunctionHandler } from './kql-function-context.ts';
import { call, caseWhen, type Expr, type IrType, isArrayType, lit } from './kql-ir.ts';

/** Conversions, emptiness and null tests, conditionals, math. */

export function tostring(args: readonly Expr[], f: FunctionContext): Expr {
  return asString(arg(args, 0, f));
}

export function convert(type: IrType): FunctionHandler {
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

export function isEmpty(negated: boolean): FunctionHandler {
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

export function isNull(negated: boolean): FunctionHandler {
  return (args, f) => {
    const value = arg(args, 0, f);
    // Kusto strings are never null.
    if (value.type === 'string') return lit(negated, 'bool');
    return call(negated ? 'is_not_null' : 'is_null', [value], 'bool');
  };
}

export function iff(args: readonly Expr[], f: FunctionContext): Expr {
  const type = f.resultType;
  return caseWhen([[arg(args, 0, f), asType(arg(args, 1, f), type)]], asType(arg(args, 2, f), type), type);
}

export function caseFn(args: readonly Expr[], f: FunctionContext): Expr {
  if (args.length < 3 || args.length % 2 === 0)
    throw invalid(f.scope.ctx, f.node, 'case() needs pairs and an else value');
  const type = f.resultType;
  const whens: [Expr, Expr][] = [];
  for (let i = 0; i + 1 < args.length; i += 2) whens.push([args[i]!, asType(args[i + 1]!, type)]);
  return caseWhen(whens, asType(args[args.length - 1]!, type), type);
}

export function parseJson(args: readonly Expr[], f: FunctionContext): Expr {
  const value = arg(args, 0, f);
  if (value.type === 'dynamic' || isArrayType(value.type)) return value;
  if (value.type !== 'string') return asType(value, 'dynamic');
  return call('json_parse', [value], 'dynamic');
}

export function minMaxOf(fn: 'greatest' | 'least'): FunctionHandler {
  return (args, f) =>
    call(
      fn,
      args.map((a) => asType(a, f.resultType)),
      f.resultType,
    );
}

export function round(args: readonly Expr[], f: FunctionContext): Expr {
  const value = arg(args, 0, f);
  const digits = args[1] ? asType(args[1], 'long') : lit(0, 'long');
  return call('round', [asType(value, 'real'), digits], 'real');
}

export function math(fn: string, type: IrType = 'real'): FunctionHandler {
  return (args, f) =>
    call(
      fn,
      args.map((a) => asType(a, 'real')),
      type === 'same' ? arg(args, 0, f).type : type,
    );
}

export function notFn(args: readonly Expr[], f: FunctionContext): Expr {
  return not(asType(arg(args, 0, f), 'bool'));
}

export function coalesce(args: readonly Expr[], f: FunctionContext): Expr {
  return call(
    'coalesce',
    args.map((a) => asType(a, f.resultType)),
    f.resultType,
  );
}
