import type { Scope } from './kql-context.ts';
import {
  and,
  asString,
  asType,
  commonType,
  isIntegral,
  isNumeric,
  lower,
  nodeType,
  numberLiteral,
  or,
} from './kql-expr-util.ts';
import { call, type Expr, type IrType, lit } from './kql-ir.ts';
import { type Handler, operand } from './kql-scalar.ts';
import type { KqlNode } from './kql-syntax.ts';

/**
 * Arithmetic, comparison and logic: integer division truncates, datetimes and timespans compute on
 * epoch microseconds, `=~` compares lower-cased text.
 */

export function epochMicros(e: Expr): Expr {
  if (e.kind === 'literal' && e.type === 'datetime') return lit(e.value, 'long');
  return call('epoch_micros', [e], 'long');
}
export function fromEpochMicros(e: Expr): Expr {
  if (e.kind === 'literal' && typeof e.value === 'number') return lit(e.value, 'datetime');
  return call('from_epoch_micros', [e], 'datetime');
}

function foldNumbers(fn: string, a: Expr, b: Expr, type: IrType): Expr | undefined {
  const x = numberLiteral(a);
  const y = numberLiteral(b);
  if (x === undefined || y === undefined) return undefined;
  const r = fn === 'add' ? x + y : fn === 'sub' ? x - y : fn === 'mul' ? x * y : undefined;
  if (r === undefined || !Number.isFinite(r)) return undefined;
  return lit(isIntegral(type) || type === 'timespan' || type === 'datetime' ? Math.round(r) : r, type);
}

export function arith(fn: 'add' | 'sub' | 'mul', a: Expr, b: Expr, type: IrType): Expr {
  return foldNumbers(fn, a, b, type) ?? call(fn, [a, b], type);
}

export function add(node: KqlNode, scope: Scope): Expr {
  const a = operand(node, 'Left', scope);
  const b = operand(node, 'Right', scope);
  if (a.type === 'datetime' && b.type === 'timespan')
    return fromEpochMicros(arith('add', epochMicros(a), b, 'long'));
  if (a.type === 'timespan' && b.type === 'datetime')
    return fromEpochMicros(arith('add', epochMicros(b), a, 'long'));
  const type = resultNumeric(node, a, b);
  return arith('add', cast(a, type), cast(b, type), type);
}

export function subtract(node: KqlNode, scope: Scope): Expr {
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

export function cast(e: Expr, type: IrType): Expr {
  if (e.type === type || (type === 'timespan' && isIntegral(e.type))) return e;
  if (e.kind === 'literal' && typeof e.value === 'number' && isNumeric(type)) return lit(e.value, type);
  return asType(e, type);
}

export function multiply(node: KqlNode, scope: Scope): Expr {
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

export function divide(node: KqlNode, scope: Scope): Expr {
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

export function modulo(node: KqlNode, scope: Scope): Expr {
  const a = operand(node, 'Left', scope);
  const b = operand(node, 'Right', scope);
  return call('mod', [a, b], resultNumeric(node, a, b));
}

export function unaryMinus(node: KqlNode, scope: Scope): Expr {
  const e = operand(node, 'Expression', scope);
  if (e.kind === 'literal' && typeof e.value === 'number') return lit(-e.value, e.type);
  return call('neg', [e], e.type);
}

/** Brings both sides of a comparison to one type (dynamic values are read as the other side's type). */
export function comparable(a: Expr, b: Expr): [Expr, Expr] {
  if (a.type === b.type) return [a, b];
  const t = commonType(a.type, b.type);
  return [cast(a, t), cast(b, t)];
}

export function compare(fn: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'): Handler {
  return (node, scope) => {
    const [a, b] = comparable(operand(node, 'Left', scope), operand(node, 'Right', scope));
    return call(fn, [a, b], 'bool');
  };
}

export function equalTilde(negated: boolean): Handler {
  return (node, scope) => {
    const a = lower(asString(operand(node, 'Left', scope)));
    const b = lower(asString(operand(node, 'Right', scope)));
    return call(negated ? 'ne' : 'eq', [a, b], 'bool');
  };
}

export function logical(fn: 'and' | 'or'): Handler {
  return (node, scope) => {
    const a = operand(node, 'Left', scope);
    const b = operand(node, 'Right', scope);
    return fn === 'and' ? and(a, b) : or(a, b);
  };
}
