import { arith, cast, comparable, epochMicros, fromEpochMicros } from './kql-arithmetic.ts';
import { invalid, type Scope, unsupported } from './kql-context.ts';
import {
  and,
  arrayElement,
  asString,
  constantList,
  FALSE,
  lower,
  not,
  or,
  stringLiteral,
} from './kql-expr-util.ts';
import {
  agg,
  aggregate,
  call,
  col,
  type Expr,
  elementType,
  isArrayType,
  lit,
  mvExpand,
  type Plan,
  project,
} from './kql-ir.ts';
import { type Handler, literalToken, operand, translateScalar } from './kql-scalar.ts';
import { hasTerm, NonConstantNeedle } from './kql-strings.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';

/**
 * String and list operators: `has` as a whole-term match, case-insensitive unless `_cs`, negations
 * true on missing values (strings are never null), `in`/`has_any` over constants, arrays or a
 * single-column query, `between`.
 */

type StringTest = 'contains' | 'startswith' | 'endswith' | 'has' | 'hasprefix' | 'hassuffix';

/** The string test itself, case-insensitive unless `cs`. */
export function stringTest(test: StringTest, text: Expr, needle: Expr, cs: boolean): Expr {
  const t = asString(text);
  const n = asString(needle);
  const [x, y] = cs ? [t, n] : [lower(t), lower(n)];
  switch (test) {
    case 'contains':
      return call('contains_cs', [x, y], 'bool');
    case 'startswith':
      return call('starts_with', [x, y], 'bool');
    case 'endswith':
      return call('ends_with', [x, y], 'bool');
    case 'has':
      // A term known only when the query runs: the run-time has_any test of one term (the empty
      // term is found in any text, as a constant one is); has_cs keeps the case of both sides.
      if (stringLiteral(y) === undefined)
        return or(
          call('eq', [y, lit('', 'string')], 'bool'),
          call(
            cs ? 'has_any_array_cs' : 'has_any_array',
            [x, call('array_literal', [y], 'array:string')],
            'bool',
          ),
        );
      return hasTerm(x, y, test);
    case 'hasprefix':
    case 'hassuffix':
      return hasTerm(x, y, test);
  }
}

export function stringOperator(test: StringTest, cs: boolean, negated: boolean): Handler {
  return (node, scope) => {
    let e: Expr;
    try {
      e = stringTest(test, operand(node, 'Left', scope), operand(node, 'Right', scope), cs);
    } catch (error) {
      if (error instanceof NonConstantNeedle)
        throw unsupported(scope.ctx, node, `${test} with a non-constant right side`);
      throw error;
    }
    // Strings are never null in Kusto, so a negated test is simply NOT.
    return negated ? not(e) : e;
  };
}

export function matchesRegex(node: KqlNode, scope: Scope): Expr {
  const text = asString(operand(node, 'Left', scope));
  const pattern = operand(node, 'Right', scope);
  return call('regexp_matches', [text, pattern], 'bool');
}

function listOperand(
  node: KqlNode,
  scope: Scope,
): { values: Expr[] } | { subquery: KqlNode } | { array: Expr } {
  const right = child(node, 'Right');
  if (!right) throw invalid(scope.ctx, node, 'missing list');
  const items = right.kind === 'ExpressionList' ? listItems(child(right, 'Expressions')) : [right];
  if (items.length === 1 && items[0]!.type?.kind === 'table') return { subquery: items[0]! };
  const values: Expr[] = [];
  for (const item of items) {
    const e = translateScalar(item, scope);
    const constant = constantList(e);
    if (constant) values.push(...constant);
    else if (isArrayType(e.type) || e.type === 'dynamic') {
      if (items.length === 1) return { array: e };
      throw unsupported(scope.ctx, item, 'a non-constant list mixed with values after in/has_any');
    } else values.push(e);
  }
  return { values };
}

/** The first column of a query after in/has_any; a column of arrays lists its elements. */
function singleColumnValues(scope: Scope, node: KqlNode, query: KqlNode): Plan {
  const plan = scope.ctx.translateTabular(query, scope.lets);
  const first = plan.columns[0];
  if (!first) throw invalid(scope.ctx, node, 'the query in this list has no column');
  const element = elementType(first.type);
  if (element === undefined) return plan;
  return mvExpand(
    project(plan, [{ name: first.name, expr: col(first.name, first.type) }]),
    [{ name: first.name, type: element, sourceType: first.type }],
    undefined,
  );
}

export function inOperator(node: KqlNode, scope: Scope): Expr {
  const op = literalToken(child(node, 'Operator') ?? node).replace(/\s+/g, '');
  const negated = op.startsWith('!');
  const ci = op.endsWith('~');
  const left = operand(node, 'Left', scope);
  const list = listOperand(node, scope);
  let test: Expr;
  if ('subquery' in list) {
    let plan = singleColumnValues(scope, node, list.subquery);
    if (!ci) return { kind: 'inSubquery', expr: left, plan, negated, type: 'bool' };
    const value = plan.columns[0]!;
    plan = project(plan, [{ name: value.name, expr: lower(asString(col(value.name, value.type))) }]);
    return { kind: 'inSubquery', expr: lower(asString(left)), plan, negated, type: 'bool' };
  }
  if ('array' in list) {
    const arr = list.array;
    const element = ci ? lower(asString(left)) : left;
    if (!isArrayType(arr.type)) throw unsupported(scope.ctx, node, 'in with a non-constant dynamic value');
    test = call(
      'coalesce',
      [call('array_contains', [arr, cast(element, arrayElement(arr.type))], 'bool'), FALSE],
      'bool',
    );
    return negated ? not(test) : test;
  }
  if (list.values.length === 0) return lit(negated, 'bool');
  const parts = list.values.map((v) => {
    if (ci) return call('eq', [lower(asString(left)), lower(asString(v))], 'bool');
    const [a, b] = comparable(left, v);
    return call('eq', [a, b], 'bool');
  });
  test = call('coalesce', [or(...parts), FALSE], 'bool');
  return negated ? not(test) : test;
}

/** A list of strings from an array or a JSON array. */
export function stringArray(e: Expr): Expr {
  return e.type === 'dynamic' ? call('json_string_array', [e], 'array:string') : e;
}

export function hasAnyAll(all: boolean): Handler {
  return (node, scope) => {
    const left = operand(node, 'Left', scope);
    const list = listOperand(node, scope);
    if (!all && 'array' in list && (list.array.type === 'array:string' || list.array.type === 'dynamic')) {
      // A list known only when the query runs (toscalar(… make_set …)): the term test per element.
      return call('has_any_array', [lower(asString(left)), stringArray(list.array)], 'bool');
    }
    if (!all && 'subquery' in list) {
      // A single-column query lists the terms: collected into one array when the query runs.
      const terms = singleColumnValues(scope, node, list.subquery);
      const value = terms.columns[0]!;
      const collected = aggregate(
        terms,
        [],
        [
          {
            name: value.name,
            expr: agg('make_list', [asString(col(value.name, value.type))], 'array:string'),
          },
        ],
      );
      const array: Expr = { kind: 'scalarSubquery', plan: collected, type: 'array:string' };
      return call('has_any_array', [lower(asString(left)), array], 'bool');
    }
    if (!('values' in list))
      throw unsupported(scope.ctx, node, `${all ? 'has_all' : 'has_any'} with a non-constant list`);
    if (list.values.length === 0) return lit(all, 'bool');
    const parts = list.values.map((v) => stringTest('has', left, v, false));
    return all ? and(...parts) : or(...parts);
  };
}

export function between(negated: boolean): Handler {
  return (node, scope) => {
    const value = operand(node, 'Left', scope);
    const range = child(node, 'Right');
    const first = range && child(range, 'First');
    const second = range && child(range, 'Second');
    if (!first || !second) throw invalid(scope.ctx, node, 'between needs (low .. high)');
    const low = translateScalar(first, scope);
    let high = translateScalar(second, scope);
    if (value.type === 'datetime' && high.type === 'timespan') {
      high = fromEpochMicros(arith('add', epochMicros(low), high, 'long'));
    }
    const [v1, l] = comparable(value, low);
    const [v2, h] = comparable(value, high);
    const test = and(call('ge', [v1, l], 'bool'), call('le', [v2, h], 'bool'));
    return negated ? not(test) : test;
  };
}
