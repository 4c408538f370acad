import { invalid, type Scope, sourceText, unsupported } from './kql-context.ts';
import {
  and,
  arrayElement,
  arrayLiteral,
  asString,
  asType,
  commonType,
  constantList,
  FALSE,
  isIntegral,
  isNumeric,
  jsonLiteral,
  lower,
  nodeType,
  not,
  numberLiteral,
  or,
  stringLiteral,
} from './kql-expr-util.ts';
import { translateFunctionCall } from './kql-functions.ts';
import {
  agg,
  aggregate,
  call,
  col,
  type Expr,
  elementType,
  type IrType,
  isArrayType,
  lit,
  mvExpand,
  type Plan,
  project,
} from './kql-ir.ts';
import {
  decodeDateTimeLiteral,
  decodeDynamicText,
  decodeStringLiteral,
  decodeTimespanLiteral,
  decodeTypedLiteral,
} from './kql-literals.ts';
import { hasTerm, NonConstantNeedle } from './kql-strings.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';

/**
 * Scalar expressions: Kusto expression nodes → typed IR expressions, with Kusto's semantics made
 * explicit (case-insensitive operators, `has` as a whole-term match, strings never null, integer
 * division, timespans as microseconds).
 */

type Handler = (node: KqlNode, scope: Scope) => Expr;

export function translateScalar(node: KqlNode, scope: Scope): Expr {
  const handler = HANDLERS[node.kind];
  if (!handler) throw unsupported(scope.ctx, node, describe(node));
  return handler(node, scope);
}

function describe(node: KqlNode): string {
  return `the expression ${node.kind.replace(/Expression$/, '')}`;
}

function operand(node: KqlNode, role: string, scope: Scope): Expr {
  const c = child(node, role);
  if (!c) throw invalid(scope.ctx, node, `missing ${role.toLowerCase()} operand`);
  return translateScalar(c, scope);
}

function literalToken(node: KqlNode): string {
  const tokens: string[] = [];
  const walk = (n: KqlNode) => {
    if (n.isToken) tokens.push(n.text);
    else n.children.forEach(walk);
  };
  walk(node);
  return tokens.join('');
}

function typedNull(node: KqlNode, type: IrType, scope: Scope, token: string): Expr {
  const typed = decodeTypedLiteral(token);
  if (!typed) throw invalid(scope.ctx, node, `cannot read the literal ${token}`);
  if (typed.value === null) return lit(null, type);
  if (type === 'bool') return lit(typed.value.toLowerCase() === 'true', 'bool');
  if (type === 'guid' || type === 'string') return lit(typed.value, type);
  const n = Number(typed.value);
  if (!Number.isFinite(n)) throw invalid(scope.ctx, node, `cannot read the literal ${token}`);
  return lit(n, type);
}

function numericLiteral(type: IrType): Handler {
  return (node, scope) => {
    const token = literalToken(node);
    if (/^[a-z]+\(/i.test(token)) return typedNull(node, type, scope, token);
    const n = /^0x[0-9a-f]+$/i.test(token) ? Number.parseInt(token, 16) : Number(token);
    if (!Number.isFinite(n)) throw invalid(scope.ctx, node, `cannot read the number ${token}`);
    if ((type === 'long' || type === 'int') && !Number.isSafeInteger(n)) {
      throw unsupported(scope.ctx, node, `the integer ${token} (beyond 2^53)`);
    }
    return lit(n, type);
  };
}

function stringLiteralNode(node: KqlNode, scope: Scope): Expr {
  const tokens = node.kind === 'CompoundStringLiteralExpression' ? collectTokens(node) : [literalToken(node)];
  let value = '';
  for (const token of tokens) {
    const v = decodeStringLiteral(token);
    if (v === undefined) throw invalid(scope.ctx, node, `cannot read the string ${token}`);
    value += v;
  }
  return lit(value, 'string');
}

function collectTokens(node: KqlNode): string[] {
  const out: string[] = [];
  const walk = (n: KqlNode) => {
    if (n.isToken) {
      if (n.kind === 'StringLiteralToken') out.push(n.text);
    } else n.children.forEach(walk);
  };
  walk(node);
  return out;
}

function dynamicLiteral(node: KqlNode, scope: Scope): Expr {
  const text = sourceText(scope.ctx, node).trim();
  const m = /^dynamic\s*\(([\s\S]*)\)$/.exec(text);
  if (!m) throw invalid(scope.ctx, node, 'cannot read the dynamic literal');
  const value = decodeDynamicText(m[1]!);
  if (value === undefined)
    throw unsupported(
      scope.ctx,
      node,
      'this dynamic literal',
      'only JSON values are supported inside dynamic()',
    );
  if (value === null) return lit(null, 'dynamic');
  if (Array.isArray(value)) return arrayLiteral(value) ?? jsonLiteral(value);
  return jsonLiteral(value);
}

function nameReference(node: KqlNode, scope: Scope): Expr {
  const name = node.symbol?.name ?? literalToken(node);
  const symbolKind = node.symbol?.kind;
  if (symbolKind === 'Column' || symbolKind === undefined) {
    const c = scope.row.get(name);
    if (c) return c;
  }
  const bound = scope.lets.get(name);
  if (bound?.kind === 'scalar') return bound.expr;
  if (bound?.kind === 'tabular')
    throw unsupported(scope.ctx, node, `the tabular value ${name} used as a scalar`);
  const c = scope.row.get(name);
  if (c) return c;
  if (symbolKind === 'Function') return translateFunctionCall(node, name, [], scope);
  throw invalid(scope.ctx, node, `the name '${name}' does not refer to a column or scalar value`);
}

// ---- arithmetic ----------------------------------------------------------------------------

function epochMicros(e: Expr): Expr {
  if (e.kind === 'literal' && e.type === 'datetime') return lit(e.value, 'long');
  return call('epoch_micros', [e], 'long');
}
function fromEpochMicros(e: Expr): Expr {
  if (e.kind === 'literal' && typeof e.value === 'number') return lit(e.value, 'datetime');
  return call('from_epoch_micros', [e], 'datetime');
}

export { epochMicros, fromEpochMicros };

function foldNumbers(fn: string, a: Expr, b: Expr, type: IrType): Expr | undefined {
  const x = numberLiteral(a);
  const y = numberLiteral(b);
  if (x === undefined || y === undefined) return undefined;
  const r = fn === 'add' ? x + y : fn === 'sub' ? x - y : fn === 'mul' ? x * y : undefined;
  if (r === undefined || !Number.isFinite(r)) return undefined;
  return lit(isIntegral(type) || type === 'timespan' || type === 'datetime' ? Math.round(r) : r, type);
}

function arith(fn: 'add' | 'sub' | 'mul', a: Expr, b: Expr, type: IrType): Expr {
  return foldNumbers(fn, a, b, type) ?? call(fn, [a, b], type);
}

function add(node: KqlNode, scope: Scope): Expr {
  const a = operand(node, 'Left', scope);
  const b = operand(node, 'Right', scope);
  if (a.type === 'datetime' && b.type === 'timespan')
    return fromEpochMicros(arith('add', epochMicros(a), b, 'long'));
  if (a.type === 'timespan' && b.type === 'datetime')
    return fromEpochMicros(arith('add', epochMicros(b), a, 'long'));
  const type = resultNumeric(node, a, b);
  return arith('add', cast(a, type), cast(b, type), type);
}

function subtract(node: KqlNode, scope: Scope): Expr {
  const a = operand(node, 'Left', scope);
  const b = operand(node, 'Right', scope);
  if (a.type === 'datetime' && b.type === 'datetime')
    return arith('sub', epochMicros(a), epochMicros(b), 'timespan');
  if (a.type === 'datetime' && b.type === 'timespan')
    return fromEpochMicros(arith('sub', epochMicros(a), b, 'long'));
  const type = resultNumeric(node, a, b);
  return arith('sub', cast(a, type), cast(b, type), type);
}

function resultNumeric(node: KqlNode, a: Expr, b: Expr): IrType {
  const t = nodeType(node);
  if (isNumeric(t) || t === 'timespan') return t;
  return commonType(a.type, b.type);
}

function cast(e: Expr, type: IrType): Expr {
  if (e.type === type || (type === 'timespan' && isIntegral(e.type))) return e;
  if (e.kind === 'literal' && typeof e.value === 'number' && isNumeric(type)) return lit(e.value, type);
  return asType(e, type);
}

function multiply(node: KqlNode, scope: Scope): Expr {
  const a = operand(node, 'Left', scope);
  const b = operand(node, 'Right', scope);
  if (a.type === 'timespan' || b.type === 'timespan') {
    const [span, factor] = a.type === 'timespan' ? [a, b] : [b, a];
    const folded = foldNumbers('mul', span, factor, 'timespan');
    if (folded) return folded;
    return isIntegral(factor.type)
      ? call('mul', [span, factor], 'timespan')
      : call('cast', [call('round', [call('mul', [span, factor], 'real')], 'real')], 'timespan');
  }
  const type = resultNumeric(node, a, b);
  return arith('mul', cast(a, type), cast(b, type), type);
}

function divide(node: KqlNode, scope: Scope): Expr {
  const a = operand(node, 'Left', scope);
  const b = operand(node, 'Right', scope);
  if (a.type === 'timespan' && b.type === 'timespan') return call('div_real', [a, b], 'real');
  if (a.type === 'timespan') {
    return isIntegral(b.type)
      ? call('div_int', [a, b], 'timespan')
      : call('cast', [call('div_real', [a, b], 'real')], 'timespan');
  }
  // Kusto divides integers as integers (truncating), like C#.
  if (isIntegral(a.type) && isIntegral(b.type))
    return call('div_int', [a, b], nodeType(node) === 'int' ? 'int' : 'long');
  return call('div_real', [a, b], 'real');
}

function modulo(node: KqlNode, scope: Scope): Expr {
  const a = operand(node, 'Left', scope);
  const b = operand(node, 'Right', scope);
  return call('mod', [a, b], resultNumeric(node, a, b));
}

function unaryMinus(node: KqlNode, scope: Scope): Expr {
  const e = operand(node, 'Expression', scope);
  if (e.kind === 'literal' && typeof e.value === 'number') return lit(-e.value, e.type);
  return call('neg', [e], e.type);
}

// ---- comparison ---------------------------------------------------------------------------

/** Brings both sides of a comparison to one type (dynamic values are read as the other side's type). */
export function comparable(a: Expr, b: Expr): [Expr, Expr] {
  if (a.type === b.type) return [a, b];
  const t = commonType(a.type, b.type);
  return [cast(a, t), cast(b, t)];
}

function compare(fn: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'): Handler {
  return (node, scope) => {
    const [a, b] = comparable(operand(node, 'Left', scope), operand(node, 'Right', scope));
    return call(fn, [a, b], 'bool');
  };
}

function equalTilde(negated: boolean): Handler {
  return (node, scope) => {
    const a = lower(asString(operand(node, 'Left', scope)));
    const b = lower(asString(operand(node, 'Right', scope)));
    return call(negated ? 'ne' : 'eq', [a, b], 'bool');
  };
}

function logical(fn: 'and' | 'or'): Handler {
  return (node, scope) => {
    const a = operand(node, 'Left', scope);
    const b = operand(node, 'Right', scope);
    return fn === 'and' ? and(a, b) : or(a, b);
  };
}

// ---- string operators ---------------------------------------------------------------------

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
    case 'hasprefix':
    case 'hassuffix':
      return hasTerm(x, y, test);
  }
}

function stringOperator(test: StringTest, cs: boolean, negated: boolean): Handler {
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

function matchesRegex(node: KqlNode, scope: Scope): Expr {
  const text = asString(operand(node, 'Left', scope));
  const pattern = operand(node, 'Right', scope);
  return call('regexp_matches', [text, pattern], 'bool');
}

// ---- in / has_any / between ---------------------------------------------------------------

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

function inOperator(node: KqlNode, scope: Scope): Expr {
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

function hasAnyAll(all: boolean): Handler {
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

function between(negated: boolean): Handler {
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

// ---- dynamic access -----------------------------------------------------------------------

/**
 * `value.path` on a dynamic value. The path travels as a JSON array of steps (keys and indexes) and
 * each dialect spells it (sql-functions.ts); consecutive steps merge into one path.
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

function pathExpression(node: KqlNode, scope: Scope): Expr {
  const baseNode = child(node, 'Expression');
  const selector = child(node, 'Selector');
  if (!baseNode || !selector) throw invalid(scope.ctx, node, 'bad path');
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

function elementExpression(node: KqlNode, scope: Scope): Expr {
  const baseNode = child(node, 'Expression');
  const selector = child(node, 'Selector');
  const indexNode = selector && child(selector, 'Expression');
  if (!baseNode || !indexNode) throw invalid(scope.ctx, node, 'bad element access');
  const base = translateScalar(baseNode, scope);
  const index = translateScalar(indexNode, scope);
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

// ---- the table ----------------------------------------------------------------------------

function passThrough(role: string): Handler {
  return (node, scope) => operand(node, role, scope);
}

function functionCall(node: KqlNode, scope: Scope): Expr {
  const nameNode = child(node, 'Name');
  const name = nameNode?.symbol?.name ?? (nameNode ? literalToken(nameNode) : '');
  const argNodes = listItems(child(child(node, 'ArgumentList') ?? node, 'Expressions'));
  return translateFunctionCall(node, name, argNodes, scope);
}

function toScalar(node: KqlNode, scope: Scope): Expr {
  const inner = child(node, 'Expression');
  if (!inner) throw invalid(scope.ctx, node, 'toscalar() needs a query');
  const plan = scope.ctx.translateTabular(inner, scope.lets);
  const first = plan.columns[0];
  return { kind: 'scalarSubquery', plan, type: first?.type ?? 'dynamic' };
}

const HANDLERS: Record<string, Handler> = {
  ParenthesizedExpression: passThrough('Expression'),
  NameReference: nameReference,
  BracketedName: nameReference,
  StringLiteralExpression: stringLiteralNode,
  CompoundStringLiteralExpression: stringLiteralNode,
  LongLiteralExpression: numericLiteral('long'),
  IntLiteralExpression: numericLiteral('int'),
  RealLiteralExpression: numericLiteral('real'),
  DecimalLiteralExpression: numericLiteral('real'),
  BooleanLiteralExpression: (node, scope) => {
    const t = literalToken(node).toLowerCase();
    if (t === 'true' || t === 'false') return lit(t === 'true', 'bool');
    return typedNull(node, 'bool', scope, t);
  },
  GuidLiteralExpression: (node, scope) => typedNull(node, 'guid', scope, literalToken(node)),
  DateTimeLiteralExpression: (node, scope) => {
    const v = decodeDateTimeLiteral(literalToken(node));
    if (v === undefined) throw invalid(scope.ctx, node, `cannot read the datetime ${literalToken(node)}`);
    return lit(v, 'datetime');
  },
  TimespanLiteralExpression: (node, scope) => {
    const v = decodeTimespanLiteral(literalToken(node));
    if (v === undefined) throw invalid(scope.ctx, node, `cannot read the timespan ${literalToken(node)}`);
    return lit(v, 'timespan');
  },
  NullLiteralExpression: () => lit(null, 'dynamic'),
  // typeof(long) as an argument (extract(…, typeof(long))): the type's name, for the function to read.
  TypeOfLiteralExpression: (node) =>
    lit(
      literalToken(node)
        .replace(/^typeof\s*\(|\)$/g, '')
        .trim(),
      'type',
    ),
  DynamicExpression: dynamicLiteral,
  UnaryMinusExpression: unaryMinus,
  UnaryPlusExpression: passThrough('Expression'),
  AddExpression: add,
  SubtractExpression: subtract,
  MultiplyExpression: multiply,
  DivideExpression: divide,
  ModuloExpression: modulo,
  EqualExpression: compare('eq'),
  NotEqualExpression: compare('ne'),
  LessThanExpression: compare('lt'),
  LessThanOrEqualExpression: compare('le'),
  GreaterThanExpression: compare('gt'),
  GreaterThanOrEqualExpression: compare('ge'),
  EqualTildeExpression: equalTilde(false),
  BangTildeExpression: equalTilde(true),
  AndExpression: logical('and'),
  OrExpression: logical('or'),
  ContainsExpression: stringOperator('contains', false, false),
  ContainsCsExpression: stringOperator('contains', true, false),
  NotContainsExpression: stringOperator('contains', false, true),
  NotContainsCsExpression: stringOperator('contains', true, true),
  StartsWithExpression: stringOperator('startswith', false, false),
  StartsWithCsExpression: stringOperator('startswith', true, false),
  NotStartsWithExpression: stringOperator('startswith', false, true),
  NotStartsWithCsExpression: stringOperator('startswith', true, true),
  EndsWithExpression: stringOperator('endswith', false, false),
  EndsWithCsExpression: stringOperator('endswith', true, false),
  NotEndsWithExpression: stringOperator('endswith', false, true),
  NotEndsWithCsExpression: stringOperator('endswith', true, true),
  HasExpression: stringOperator('has', false, false),
  HasCsExpression: stringOperator('has', true, false),
  NotHasExpression: stringOperator('has', false, true),
  NotHasCsExpression: stringOperator('has', true, true),
  HasPrefixExpression: stringOperator('hasprefix', false, false),
  HasPrefixCsExpression: stringOperator('hasprefix', true, false),
  NotHasPrefixExpression: stringOperator('hasprefix', false, true),
  NotHasPrefixCsExpression: stringOperator('hasprefix', true, true),
  HasSuffixExpression: stringOperator('hassuffix', false, false),
  HasSuffixCsExpression: stringOperator('hassuffix', true, false),
  NotHasSuffixExpression: stringOperator('hassuffix', false, true),
  NotHasSuffixCsExpression: stringOperator('hassuffix', true, true),
  MatchesRegexExpression: matchesRegex,
  InExpression: inOperator,
  InCsExpression: inOperator,
  NotInExpression: inOperator,
  NotInCsExpression: inOperator,
  HasAnyExpression: hasAnyAll(false),
  HasAllExpression: hasAnyAll(true),
  BetweenExpression: between(false),
  NotBetweenExpression: between(true),
  PathExpression: pathExpression,
  ElementExpression: elementExpression,
  FunctionCallExpression: functionCall,
  ToScalarExpression: toScalar,
};
