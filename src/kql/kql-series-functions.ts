import { unsupported } from './kql-context.ts';
import { arrayElement, isNumeric, numberLiteral, stringLiteral } from './kql-expr-util.ts';
import { arg, type FunctionContext } from './kql-function-context.ts';
import { call, type Expr, isArrayType, lit } from './kql-ir.ts';

/**
 * Series functions over numeric arrays.
 *
 * series_outliers(series, kind, ignore_val, min_percentile, max_percentile) scores each value with
 * Tukey's test as Microsoft documents it: with the quantiles Qlo and Qhi of the series (kind "ctukey",
 * the default: percentiles 10 and 90 unless given; kind "tukey": 25 and 75), a value above Qhi scores
 * (x − Qhi)/(Qhi − Qlo), one below Qlo (x − Qlo)/(Qhi − Qlo), any other 0. How Kusto interpolates the
 * percentiles is not documented: lakehunt interpolates linearly between the closest ranks
 * (`(n − 1)·p`, as DuckDB's quantile_cont and Spark's percentile). When Qhi = Qlo a value outside
 * scores null.
 */

/** A numeric array as an array of reals. */
function realSeries(f: FunctionContext, value: Expr): Expr {
  if (!isArrayType(value.type) || !isNumeric(arrayElement(value.type)))
    throw unsupported(f.scope.ctx, f.node, `${f.name}() of a value that is not a numeric array`);
  return value.type === 'array:real' ? value : call('array_cast', [value], 'array:real');
}

export function seriesOutliers(args: readonly Expr[], f: FunctionContext): Expr {
  const series = realSeries(f, arg(args, 0, f));
  const kind = args[1] ? stringLiteral(args[1]) : 'ctukey';
  if (kind !== 'ctukey' && kind !== 'tukey')
    throw unsupported(f.scope.ctx, f.node, 'series_outliers() with a kind other than "ctukey" or "tukey"');
  const ignore = args[2];
  if (ignore && !(ignore.kind === 'literal' && ignore.value === null))
    throw unsupported(f.scope.ctx, f.node, 'series_outliers() with an ignore value');
  if (kind === 'tukey' && args.length > 3)
    throw unsupported(f.scope.ctx, f.node, 'series_outliers() kind "tukey" with percentiles');
  const low = args[3] ? numberLiteral(args[3]) : kind === 'tukey' ? 25 : 10;
  const high = args[4] ? numberLiteral(args[4]) : kind === 'tukey' ? 75 : 90;
  if (low === undefined || high === undefined || low < 0 || high > 100 || low > high)
    throw unsupported(f.scope.ctx, f.node, 'series_outliers() with these percentiles');
  return call('tukey_scores', [series, lit(low / 100, 'real'), lit(high / 100, 'real')], 'array:real');
}
