import { dialectUnsupported, unsupported } from './kql-context.ts';
import { asString, asType, isIntegral } from './kql-expr-util.ts';
import { arg, type FunctionContext } from './kql-function-context.ts';
import { call, type Expr, elementType } from './kql-ir.ts';

/** Decoders of text held in a column: parse_xml, base64 to bytes, code points to text. */

/**
 * `parse_xml(text)`: a dynamic value by Kusto's documented XML → JSON rules, computed by a function
 * registered on the DuckDB connection (src/kql/xml-to-json.ts); Spark has no such function.
 */
export function parseXml(args: readonly Expr[], f: FunctionContext): Expr {
  if (f.scope.ctx.dialect !== 'duckdb')
    throw dialectUnsupported(f.scope.ctx, f.node, 'parse_xml()', 'duckdb');
  return call('parse_xml', [asString(arg(args, 0, f))], 'dynamic');
}

/**
 * `base64_decode_toarray(text)`: the decoded bytes as longs (documented: "S3VzdG8=" →
 * [75,117,115,116,111]). Text that is not base64 gives null, as base64_decode_tostring does here.
 */
export function base64DecodeToArray(args: readonly Expr[], f: FunctionContext): Expr {
  return call('base64_bytes', [asString(arg(args, 0, f))], 'array:long');
}

/**
 * `unicode_codepoints_to_string(values…)` (alias make_string): the characters of the code points
 * given as numbers or arrays of numbers; null when any is not a valid code point (documented).
 * Surrogates (U+D800–U+DFFF) form no character and count as invalid.
 */
export function codepointsToString(args: readonly Expr[], f: FunctionContext): Expr {
  if (args.length === 0) throw unsupported(f.scope.ctx, f.node, `${f.name}() without values`);
  const lists = args.map((a): Expr => {
    const element = elementType(a.type);
    if (element !== undefined && isIntegral(element)) return call('array_cast', [a], 'array:long');
    if (a.type === 'dynamic')
      // Spark holds dynamic values as JSON text, which it reads with from_json.
      return call(f.scope.ctx.dialect === 'spark' ? 'json_to_array' : 'try_cast', [a], 'array:long');
    if (isIntegral(a.type)) return call('array_literal', [asType(a, 'long')], 'array:long');
    throw unsupported(f.scope.ctx, f.node, `${f.name}() of a ${a.type} value`);
  });
  const all = lists.reduce((acc, l) => call('array_concat', [acc, l], 'array:long'));
  return call('codepoints_to_string', [all], 'string');
}

/**
 * `parse_urlquery(text)`: `{"Query Parameters": {key: value, …}}` (documented). Text whose
 * decoding the documentation leaves open fails when the query runs (sql-url-query.ts).
 */
export function parseUrlQuery(args: readonly Expr[], f: FunctionContext): Expr {
  return call('parse_urlquery', [asString(arg(args, 0, f))], 'dynamic');
}
