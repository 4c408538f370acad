import {
  add,
  compare,
  divide,
  equalTilde,
  logical,
  modulo,
  multiply,
  subtract,
  unaryMinus,
} from './kql-arithmetic.ts';
import { invalid, type Scope, sourceText, unsupported } from './kql-context.ts';
import { elementExpression, pathExpression } from './kql-dynamic-access.ts';
import { arrayLiteral, jsonLiteral } from './kql-expr-util.ts';
import { translateFunctionCall } from './kql-functions.ts';
import { type Expr, type IrType, lit } from './kql-ir.ts';
import {
  decodeDateTimeLiteral,
  decodeDynamicText,
  decodeStringLiteral,
  decodeTimespanLiteral,
  decodeTypedLiteral,
} from './kql-literals.ts';
import { between, hasAnyAll, inOperator, matchesRegex, stringOperator } from './kql-string-operators.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';

/**
 * Scalar expressions: Kusto expression nodes → typed IR expressions, with Kusto's semantics made
 * explicit (case-insensitive operators, `has` as a whole-term match, strings never null, integer
 * division, timespans as microseconds).
 */

export type Handler = (node: KqlNode, scope: Scope) => Expr;

export function translateScalar(node: KqlNode, scope: Scope): Expr {
  const handler = HANDLERS[node.kind];
  if (!handler) throw unsupported(scope.ctx, node, describe(node));
  return handler(node, scope);
}

function describe(node: KqlNode): string {
  return `the expression ${node.kind.replace(/Expression$/, '')}`;
}

export function operand(node: KqlNode, role: string, scope: Scope): Expr {
  const c = child(node, role);
  if (!c) throw invalid(scope.ctx, node, `missing ${role.toLowerCase()} operand`);
  return translateScalar(c, scope);
}

export function literalToken(node: KqlNode): string {
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

// The expression kinds translated, by the Kusto parser's node kind.

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
