import { unsupported } from './kql-context.ts';
import { asType, isNumeric, numberLiteral } from './kql-expr-util.ts';
import { arg, type FunctionContext } from './kql-function-context.ts';
import { agg, arrayOf, call, type Expr, type IrType, isArrayType, lit } from './kql-ir.ts';

/** Aggregate functions (summarize): name → IR aggregate. */

type AggregateHandler = (args: readonly Expr[], f: FunctionContext) => Expr;

export function aggregateOf(
  fn: string,
  type?: (args: readonly Expr[], f: FunctionContext) => IrType,
): AggregateHandler {
  return (args, f) => agg(fn, args.slice(0, 1), type ? type(args, f) : f.resultType);
}

export function makeList(set: boolean, conditional: boolean): AggregateHandler {
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

export function conditional(fn: string): AggregateHandler {
  return (args, f) => agg(fn, [arg(args, 0, f)], f.resultType, arg(args, 1, f));
}

export const AGGREGATE_FUNCTIONS: Record<string, AggregateHandler> = {
  // count(predicate) is the analyser's hidden, obsolete form of countif(predicate); the documented
  // syntax is count() only, and the analyser rejects any non-boolean argument.
  count: (args, f) => {
    if (args.length === 0) return agg('count_star', [], 'long');
    const predicate = arg(args, 0, f);
    if (predicate.type !== 'bool') throw unsupported(f.scope.ctx, f.node, 'count() of a non-boolean value');
    return agg('count_if', [predicate], 'long');
  },
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
