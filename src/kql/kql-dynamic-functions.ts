import { comparable } from './kql-arithmetic.ts';
import { invalid, unsupported } from './kql-context.ts';
import { jsonAccess } from './kql-dynamic-access.ts';
import {
  arrayElement,
  asString,
  asType,
  EMPTY_STRING,
  isNumeric,
  kustoType,
  stringLiteral,
} from './kql-expr-util.ts';
import { arg, type FunctionContext, type FunctionHandler } from './kql-function-context.ts';
import { arrayOf, call, type Expr, elementType, type IrType, isArrayType, lit } from './kql-ir.ts';

/** Arrays and property bags: array_*, set_*, pack, pack_array, extractjson, column_ifexists, series_stats_*. */

export function arrayLength(args: readonly Expr[], f: FunctionContext): Expr {
  const value = arg(args, 0, f);
  if (isArrayType(value.type)) return call('array_length', [value], 'long');
  if (value.type === 'dynamic') return call('json_array_length', [value], 'long');
  throw unsupported(f.scope.ctx, f.node, `array_length() of a ${value.type}`);
}

export function packArray(args: readonly Expr[], f: FunctionContext): Expr {
  const types = new Set(args.map((a) => a.type));
  const [only] = types;
  if (types.size !== 1 || only === undefined || only === 'dynamic' || isArrayType(only)) {
    throw unsupported(f.scope.ctx, f.node, 'pack_array() of values of different or dynamic types');
  }
  return call('array_literal', args, arrayOf(only));
}

export function arrayFunction(
  fn: string,
  result: (element: IrType, array: IrType) => IrType,
): FunctionHandler {
  return (args, f) => {
    const value = arg(args, 0, f);
    const element = elementType(value.type);
    if (element === undefined)
      throw unsupported(f.scope.ctx, f.node, `${f.name}() of a value whose element type is not known`);
    return call(fn, [value, ...args.slice(1)], result(element, value.type));
  };
}

export function strcatArray(args: readonly Expr[], f: FunctionContext): Expr {
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

export function setHasElement(args: readonly Expr[], f: FunctionContext): Expr {
  const set = arg(args, 0, f);
  const element = elementType(set.type);
  if (element === undefined)
    throw unsupported(f.scope.ctx, f.node, 'set_has_element() of a value whose element type is not known');
  const [, value] = comparable(lit(null, element), arg(args, 1, f));
  return call('coalesce', [call('array_contains', [set, value], 'bool'), lit(false, 'bool')], 'bool');
}

export function seriesStat(fn: string): FunctionHandler {
  return (args, f) => {
    const value = arg(args, 0, f);
    if (!isArrayType(value.type) || !isNumeric(arrayElement(value.type))) {
      throw unsupported(f.scope.ctx, f.node, `${f.name}() of a value that is not a numeric array`);
    }
    return call(fn, [value], 'real');
  };
}

export function pack(args: readonly Expr[], f: FunctionContext): Expr {
  if (args.length % 2 !== 0 || args.length === 0)
    throw invalid(f.scope.ctx, f.node, `${f.name}() needs key/value pairs`);
  // Keys are strings; the Spark dialect needs them constant (sql-functions.ts).
  return call(
    'json_object',
    args.map((a, i) => (i % 2 === 0 ? asString(a) : a)),
    'dynamic',
  );
}

export function columnIfExists(args: readonly Expr[], f: FunctionContext): Expr {
  const name = stringLiteral(arg(args, 0, f));
  if (name === undefined)
    throw unsupported(f.scope.ctx, f.node, 'column_ifexists() with a non-constant name');
  return f.scope.row.get(name) ?? asType(arg(args, 1, f), f.resultType);
}

/** extractjson('$.a[0].b', text): a JSON path given as text, read from JSON text. */
export function extractJson(args: readonly Expr[], f: FunctionContext): Expr {
  const path = stringLiteral(arg(args, 0, f));
  if (path === undefined) throw unsupported(f.scope.ctx, f.node, `${f.name}() with a non-constant path`);
  const typeArg = args[2];
  const typeName = typeArg?.kind === 'literal' && typeArg.type === 'type' ? typeArg.value : undefined;
  if (typeArg && typeof typeName !== 'string')
    throw unsupported(f.scope.ctx, f.node, `${f.name}() with this type argument`);
  const target = typeof typeName === 'string' ? kustoType(typeName) : 'string';
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
  if (target === 'string') return asString(value);
  if (target === 'dynamic') return value;
  // Converted to the type given (documented); null when missing or when the value does not convert.
  return call('try_cast', [call('nullif_empty', [asString(value)], 'string')], target);
}

/** Distinct elements of the first array that are in none of the others. */
export function setDifference(args: readonly Expr[], f: FunctionContext): Expr {
  const types = new Set(args.map((a) => a.type));
  const [only] = types;
  if (args.length < 2 || types.size !== 1 || only === undefined || !isArrayType(only)) {
    throw unsupported(f.scope.ctx, f.node, 'set_difference() of arrays of different or unknown types');
  }
  return args.slice(1).reduce((acc, other) => call('array_except', [acc, other], only), args[0]!);
}
