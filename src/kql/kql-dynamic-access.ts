import { invalid, type Scope, unsupported } from './kql-context.ts';
import { isIntegral, stringLiteral } from './kql-expr-util.ts';
import { call, type Expr, elementType, lit } from './kql-ir.ts';
import { literalToken, translateScalar } from './kql-scalar.ts';
import { child, type KqlNode } from './kql-syntax.ts';

/**
 * Dynamic access: `value.path`, `value[i]`, `value.[i]` and the components of `parse_url(u)`. The path
 * travels as a JSON array of steps (keys and indexes) and each dialect spells it (sql-functions.ts);
 * consecutive steps merge into one path.
 */

const URL_PATTERN =
  '^([A-Za-z][A-Za-z0-9+.-]*)://(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\\[[^\\]]*\\]|[^:/?#]*)(?::([0-9]*))?(/[^?#]*)?(?:\\?([^#]*))?(?:#(.*))?$';
const URL_PARTS: Record<string, number> = {
  Scheme: 1,
  Username: 2,
  Password: 3,
  Host: 4,
  Port: 5,
  Path: 6,
  Fragment: 8,
};

/** `parse_url(u).Host` and friends: one component of the URL (the empty string when absent). */
function urlPart(url: Expr, step: string | number): Expr {
  const group = typeof step === 'string' ? URL_PARTS[step] : undefined;
  if (step === 'Query Parameters') throw new UrlPartUnsupported('parse_url(…)["Query Parameters"]');
  if (group === undefined) return lit(null, 'dynamic');
  return call(
    'coalesce',
    [
      call('regexp_extract', [url, lit(URL_PATTERN, 'string'), lit(group, 'long')], 'string'),
      lit('', 'string'),
    ],
    'string',
  );
}

export class UrlPartUnsupported extends Error {}

export function jsonAccess(base: Expr, step: string | number): Expr {
  if (base.kind === 'call' && base.fn === 'parse_url') return urlPart(base.args[0]!, step);
  if (base.kind === 'call' && base.fn === 'json_path') {
    const steps = stringLiteral(base.args[1]);
    if (steps !== undefined) {
      const list = JSON.parse(steps) as (string | number)[];
      return call('json_path', [base.args[0]!, lit(JSON.stringify([...list, step]), 'string')], 'dynamic');
    }
  }
  return call('json_path', [base, lit(JSON.stringify([step]), 'string')], 'dynamic');
}

export function pathExpression(node: KqlNode, scope: Scope): Expr {
  const baseNode = child(node, 'Expression');
  const selector = child(node, 'Selector');
  if (!baseNode || !selector) throw invalid(scope.ctx, node, 'bad path');
  if (selector.kind === 'BracketedExpression') {
    // `d.[expr]` is `d[expr]`: a name inside the brackets is a value (a let or a parameter), not a key.
    const inner = child(selector, 'Expression');
    if (inner && inner.kind !== 'StringLiteralExpression' && inner.kind !== 'LongLiteralExpression')
      return keyAccess(node, translateScalar(baseNode, scope), translateScalar(inner, scope), scope);
  }
  const name = selector.symbol?.name ?? literalToken(selector);
  if (baseNode.kind === 'NameReference' && /^\$(left|right)$/.test(literalToken(baseNode))) {
    throw unsupported(scope.ctx, node, '$left/$right outside a join condition');
  }
  let base = translateScalar(baseNode, scope);
  // A string holding JSON (lake text columns that Kusto would type dynamic) is parsed first.
  if (base.type === 'string') base = call('json_parse', [base], 'dynamic');
  if (base.type !== 'dynamic') throw unsupported(scope.ctx, node, `property access on a ${base.type} value`);
  // `d.[1]` is the element access `d[1]`; `d.["a b"]` the property `a b`.
  const index = /^\[\s*(\d+)\s*\]$/.exec(name);
  if (index) return jsonAccess(base, Number(index[1]));
  return jsonAccess(base, name.replace(/^\[['"]|['"]\]$/g, ''));
}

export function elementExpression(node: KqlNode, scope: Scope): Expr {
  const baseNode = child(node, 'Expression');
  const selector = child(node, 'Selector');
  const indexNode = selector && child(selector, 'Expression');
  if (!baseNode || !indexNode) throw invalid(scope.ctx, node, 'bad element access');
  return keyAccess(node, translateScalar(baseNode, scope), translateScalar(indexNode, scope), scope);
}

/** `base[index]`: an array element, or a property or element of a dynamic value. */
function keyAccess(node: KqlNode, base: Expr, index: Expr, scope: Scope): Expr {
  const element = elementType(base.type);
  if (element !== undefined) {
    if (!isIntegral(index.type)) throw unsupported(scope.ctx, node, 'an array index that is not an integer');
    return call('array_element', [base, index], element);
  }
  const json = base.type === 'string' ? call('json_parse', [base], 'dynamic') : base;
  if (json.type !== 'dynamic') throw unsupported(scope.ctx, node, `indexing a ${base.type} value`);
  const key = index.kind === 'literal' ? index.value : undefined;
  if (typeof key === 'string' || (typeof key === 'number' && Number.isInteger(key) && key >= 0))
    return jsonAccess(base, key);
  throw unsupported(scope.ctx, node, 'a non-constant or negative index into a dynamic value');
}
