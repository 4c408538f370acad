import { dialectUnsupported } from './kql-context.ts';
import { asString } from './kql-expr-util.ts';
import { arg, type FunctionContext } from './kql-function-context.ts';
import { call, type Expr } from './kql-ir.ts';

/** Decoders of text held in a column: parse_xml. */

/**
 * `parse_xml(text)`: a dynamic value by Kusto's documented XML → JSON rules, computed by a function
 * registered on the DuckDB connection (src/kql/xml-to-json.ts); Spark has no such function.
 */
export function parseXml(args: readonly Expr[], f: FunctionContext): Expr {
  if (f.scope.ctx.dialect !== 'duckdb')
    throw dialectUnsupported(f.scope.ctx, f.node, 'parse_xml()', 'duckdb');
  return call('parse_xml', [asString(arg(args, 0, f))], 'dynamic');
}
