import { call, type Expr, elementType, type IrType, isArrayType, lit } from './kql-ir.ts';
import type { KqlNode } from './kql-syntax.ts';

/** Small helpers shared by the scalar translation and the function table. */

export const MICROS_PER_DAY = 86_400_000_000;

export function kustoType(name: string | undefined): IrType {
  switch (name) {
    case 'int':
    case 'long':
    case 'real':
    case 'bool':
    case 'string':
    case 'datetime':
    case 'timespan':
    case 'guid':
    case 'dynamic':
    case 'decimal':
      return name;
    case 'double':
      return 'real';
    case 'date':
      return 'datetime';
    case 'time':
      return 'timespan';
    case 'boolean':
      return 'bool';
    case 'uuid':
    case 'uniqueid':
      return 'guid';
    default:
      return 'dynamic';
  }
}

/** The analyser's scalar type of a node, as an IR type. */
export function nodeType(node: KqlNode): IrType {
  return node.type?.kind === 'scalar' ? kustoType(node.type.name) : 'dynamic';
}

export function isNumeric(type: IrType): boolean {
  return type === 'int' || type === 'long' || type === 'real' || type === 'decimal';
}
export function isIntegral(type: IrType): boolean {
  return type === 'int' || type === 'long';
}

export function literalValue(e: Expr): string | number | boolean | null | undefined {
  return e.kind === 'literal' ? e.value : undefined;
}
export function isLiteral(e: Expr): e is Extract<Expr, { kind: 'literal' }> {
  return e.kind === 'literal';
}
export function stringLiteral(e: Expr | undefined): string | undefined {
  return e?.kind === 'literal' && typeof e.value === 'string' ? e.value : undefined;
}
export function numberLiteral(e: Expr | undefined): number | undefined {
  return e?.kind === 'literal' && typeof e.value === 'number' ? e.value : undefined;
}

export const TRUE = lit(true, 'bool');
export const FALSE = lit(false, 'bool');
export const EMPTY_STRING = lit('', 'string');

export function and(...parts: Expr[]): Expr {
  return parts.length === 1 ? parts[0]! : call('and', parts, 'bool');
}
export function or(...parts: Expr[]): Expr {
  return parts.length === 1 ? parts[0]! : call('or', parts, 'bool');
}
export function not(e: Expr): Expr {
  return call('not', [e], 'bool');
}
export function lower(e: Expr): Expr {
  const v = stringLiteral(e);
  return v !== undefined ? lit(v.toLowerCase(), 'string') : call('lower', [e], 'string');
}

/** Kusto's tostring(): strings stay, dynamic prints its text, other values their canonical text. */
export function asString(e: Expr): Expr {
  // An element past an array's end (or of a null array) is a null dynamic, whose text is empty.
  if (e.kind === 'call' && e.fn === 'array_element' && e.type === 'string')
    return call('coalesce', [e, lit('', 'string')], 'string');
  if (e.type === 'string' || e.type === 'guid') return e;
  if (e.kind === 'literal') {
    if (e.value === null) return lit('', 'string');
    if (typeof e.value === 'string' && e.type !== 'dynamic') return lit(e.value, 'string');
    if (typeof e.value === 'number' && (e.type === 'long' || e.type === 'int' || e.type === 'real'))
      return lit(String(e.value), 'string');
    if (typeof e.value === 'boolean') return lit(String(e.value), 'string');
  }
  if (e.type === 'dynamic')
    return call('coalesce', [call('json_text', [e], 'string'), lit('', 'string')], 'string');
  if (isArrayType(e.type))
    return call(
      'coalesce',
      [call('cast', [call('to_json', [e], 'dynamic')], 'string'), lit('', 'string')],
      'string',
    );
  if (e.type === 'datetime')
    return call('coalesce', [call('datetime_text', [e], 'string'), lit('', 'string')], 'string');
  if (e.type === 'timespan')
    return call('coalesce', [call('format_timespan', [e], 'string'), lit('', 'string')], 'string');
  return call('coalesce', [call('cast', [e], 'string'), lit('', 'string')], 'string');
}

/** A number from a dynamic or string value (todouble/tolong style), else the value itself. */
export function asType(e: Expr, type: IrType): Expr {
  if (e.type === type) return e;
  if (type === 'string') return asString(e);
  if (e.type === 'dynamic') return call('try_cast', [call('json_text', [e], 'string')], type);
  // An array as a dynamic value is its JSON text (Spark's cast to STRING would print `[p, q]`).
  if (type === 'dynamic' && elementType(e.type) !== undefined) return call('to_json', [e], 'dynamic');
  if (isNumeric(type) && isNumeric(e.type)) return call('cast', [e], type);
  return call('try_cast', [e], type);
}

/** The type both sides of a comparison are brought to. */
export function commonType(a: IrType, b: IrType): IrType {
  if (a === b) return a;
  if (isNumeric(a) && isNumeric(b))
    return a === 'real' || b === 'real' || a === 'decimal' || b === 'decimal' ? 'real' : 'long';
  if (a === 'dynamic') return b;
  if (b === 'dynamic') return a;
  if (a === 'guid' || b === 'guid') return 'string';
  return a;
}

export function arrayElement(type: IrType): IrType {
  return elementType(type) ?? 'dynamic';
}

/** JSON text of a Kusto value for dynamic literals. */
export function jsonLiteral(value: unknown): Expr {
  return lit(JSON.stringify(value), 'dynamic');
}

/** An array literal with a known element type when every element agrees. */
export function arrayLiteral(values: readonly unknown[]): Expr | undefined {
  if (values.every((v) => typeof v === 'string')) {
    return call(
      'array_literal',
      values.map((v) => lit(v as string, 'string')),
      'array:string',
    );
  }
  if (values.length > 0 && values.every((v) => typeof v === 'number' && Number.isInteger(v))) {
    return call(
      'array_literal',
      values.map((v) => lit(v as number, 'long')),
      'array:long',
    );
  }
  if (values.length > 0 && values.every((v) => typeof v === 'number')) {
    return call(
      'array_literal',
      values.map((v) => lit(v as number, 'real')),
      'array:real',
    );
  }
  return undefined;
}

/** The elements of a constant list (a dynamic array literal or a typed array literal). */
export function constantList(e: Expr): Expr[] | undefined {
  if (e.kind === 'call' && e.fn === 'array_literal' && e.args.every(isLiteral)) return [...e.args];
  if (e.kind === 'literal' && e.type === 'dynamic' && typeof e.value === 'string') {
    try {
      const v: unknown = JSON.parse(e.value);
      if (!Array.isArray(v)) return undefined;
      const out: Expr[] = [];
      for (const item of v) {
        if (typeof item === 'string') out.push(lit(item, 'string'));
        else if (typeof item === 'number') out.push(lit(item, Number.isInteger(item) ? 'long' : 'real'));
        else if (typeof item === 'boolean') out.push(lit(item, 'bool'));
        else return undefined;
      }
      return out;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
