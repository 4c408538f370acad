/**
 * The relational IR between the Kusto tree and SQL: one plan node per pipeline operator, each with
 * its explicit output columns, and typed scalar expressions. Nodes are readonly discriminated unions
 * built by the factories below; renderers dispatch on `kind` through a Record, so a new kind fails
 * type-checking until every dialect handles it.
 */

/**
 * Value types: Kusto scalar type names, plus `array:<element>` for dynamic arrays whose element type
 * is known (make_list, split, …) and kept as native SQL arrays. Plain `dynamic` travels as JSON.
 * `timespan` travels as BIGINT microseconds.
 */
export type IrType = string;

export const ARRAY_PREFIX = 'array:';
export function arrayOf(element: IrType): IrType {
  return `${ARRAY_PREFIX}${element}`;
}
export function elementType(type: IrType): IrType | undefined {
  return type.startsWith(ARRAY_PREFIX) ? type.slice(ARRAY_PREFIX.length) : undefined;
}
export function isArrayType(type: IrType): boolean {
  return type.startsWith(ARRAY_PREFIX);
}

export interface IrColumn {
  readonly name: string;
  readonly type: IrType;
}

/** A literal value. Instants and timespans are microseconds since the epoch / in the span. */
export type LiteralValue = string | number | boolean | null;

export type Expr =
  | { readonly kind: 'column'; readonly name: string; readonly type: IrType }
  | { readonly kind: 'literal'; readonly value: LiteralValue; readonly type: IrType }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly type: IrType }
  | {
      readonly kind: 'case';
      readonly whens: readonly (readonly [Expr, Expr])[];
      readonly otherwise: Expr;
      readonly type: IrType;
    }
  | {
      readonly kind: 'aggregate';
      readonly fn: string;
      readonly args: readonly Expr[];
      readonly filter?: Expr;
      readonly type: IrType;
    }
  | {
      readonly kind: 'window';
      readonly fn: 'lag' | 'lead' | 'row_number';
      readonly args: readonly Expr[];
      readonly type: IrType;
    }
  | { readonly kind: 'scalarSubquery'; readonly plan: Plan; readonly type: IrType }
  | {
      readonly kind: 'inSubquery';
      readonly expr: Expr;
      readonly plan: Plan;
      readonly negated: boolean;
      readonly type: IrType;
    };

export const col = (name: string, type: IrType): Expr => ({ kind: 'column', name, type });
export const lit = (value: LiteralValue, type: IrType): Expr => ({ kind: 'literal', value, type });
export const call = (fn: string, args: readonly Expr[], type: IrType): Expr => ({
  kind: 'call',
  fn,
  args,
  type,
});
export const caseWhen = (whens: readonly (readonly [Expr, Expr])[], otherwise: Expr, type: IrType): Expr => ({
  kind: 'case',
  whens,
  otherwise,
  type,
});
export const agg = (fn: string, args: readonly Expr[], type: IrType, filter?: Expr): Expr =>
  filter ? { kind: 'aggregate', fn, args, type, filter } : { kind: 'aggregate', fn, args, type };

export interface NamedExpr {
  readonly name: string;
  readonly expr: Expr;
}

export interface SortKey {
  readonly expr: Expr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export type JoinKind =
  | 'inner'
  | 'innerunique'
  | 'leftouter'
  | 'rightouter'
  | 'fullouter'
  | 'leftanti'
  | 'rightanti'
  | 'leftsemi'
  | 'rightsemi';

/** Where a join output column comes from. */
export interface JoinOutput {
  readonly name: string;
  readonly side: 'left' | 'right';
  readonly source: string;
  readonly type: IrType;
}

interface PlanBase {
  /** Output columns, in order. */
  readonly columns: readonly IrColumn[];
  /** Whether rows carry a defined order (after sort/top/serialize), kept through row-wise operators. */
  readonly ordered: boolean;
}

export type Plan =
  | (PlanBase & { readonly kind: 'Scan'; readonly table: string; readonly missing: readonly IrColumn[] })
  | (PlanBase & { readonly kind: 'Empty' })
  | (PlanBase & { readonly kind: 'Values'; readonly rows: readonly (readonly Expr[])[] })
  | (PlanBase & { readonly kind: 'Filter'; readonly input: Plan; readonly predicate: Expr })
  | (PlanBase & { readonly kind: 'Project'; readonly input: Plan; readonly items: readonly NamedExpr[] })
  | (PlanBase & {
      readonly kind: 'Aggregate';
      readonly input: Plan;
      readonly keys: readonly NamedExpr[];
      readonly aggregates: readonly NamedExpr[];
    })
  | (PlanBase & { readonly kind: 'Sort'; readonly input: Plan; readonly keys: readonly SortKey[] })
  | (PlanBase & { readonly kind: 'Limit'; readonly input: Plan; readonly count: number })
  | (PlanBase & { readonly kind: 'Distinct'; readonly input: Plan })
  | (PlanBase & { readonly kind: 'Union'; readonly inputs: readonly Plan[] })
  | (PlanBase & {
      readonly kind: 'Join';
      readonly left: Plan;
      readonly right: Plan;
      readonly joinKind: JoinKind;
      /** Equality conditions, by column name on each side. */
      readonly on: readonly { readonly left: string; readonly right: string }[];
      readonly outputs: readonly JoinOutput[];
    })
  | (PlanBase & {
      readonly kind: 'MvExpand';
      readonly input: Plan;
      /** Columns expanded in parallel, with the type each element is converted to. */
      readonly expand: readonly {
        readonly name: string;
        readonly type: IrType;
        readonly sourceType: IrType;
      }[];
      readonly limit: number | undefined;
      /** `with_itemindex`: a long column holding each element's 0-based index. */
      readonly index?: string | undefined;
    });

export type PlanKind = Plan['kind'];
export type ExprKind = Expr['kind'];

export function scan(table: string, columns: readonly IrColumn[], missing: readonly IrColumn[]): Plan {
  return { kind: 'Scan', table, columns, missing, ordered: false };
}
export function empty(columns: readonly IrColumn[]): Plan {
  return { kind: 'Empty', columns, ordered: false };
}
export function values(columns: readonly IrColumn[], rows: readonly (readonly Expr[])[]): Plan {
  return { kind: 'Values', columns, rows, ordered: false };
}
export function filter(input: Plan, predicate: Expr): Plan {
  return { kind: 'Filter', input, predicate, columns: input.columns, ordered: input.ordered };
}
export function project(input: Plan, items: readonly NamedExpr[]): Plan {
  return {
    kind: 'Project',
    input,
    items,
    columns: items.map((i) => ({ name: i.name, type: i.expr.type })),
    ordered: input.ordered,
  };
}
export function aggregate(input: Plan, keys: readonly NamedExpr[], aggregates: readonly NamedExpr[]): Plan {
  const columns = [...keys, ...aggregates].map((i) => ({ name: i.name, type: i.expr.type }));
  return { kind: 'Aggregate', input, keys, aggregates, columns, ordered: false };
}
export function sort(input: Plan, keys: readonly SortKey[]): Plan {
  return { kind: 'Sort', input, keys, columns: input.columns, ordered: true };
}
export function limit(input: Plan, count: number): Plan {
  return { kind: 'Limit', input, count, columns: input.columns, ordered: input.ordered };
}
export function distinct(input: Plan): Plan {
  return { kind: 'Distinct', input, columns: input.columns, ordered: false };
}
export function union(inputs: readonly Plan[], columns: readonly IrColumn[]): Plan {
  return { kind: 'Union', inputs, columns, ordered: false };
}
export function join(
  left: Plan,
  right: Plan,
  joinKind: JoinKind,
  on: readonly { left: string; right: string }[],
  outputs: readonly JoinOutput[],
): Plan {
  const columns = outputs.map((o) => ({ name: o.name, type: o.type }));
  return { kind: 'Join', left, right, joinKind, on, outputs, columns, ordered: false };
}
export function mvExpand(
  input: Plan,
  expand: readonly { name: string; type: IrType; sourceType: IrType }[],
  limitCount: number | undefined,
  index?: string,
): Plan {
  const types = new Map(expand.map((e) => [e.name, e.type]));
  const columns = input.columns.map((c) => ({ name: c.name, type: types.get(c.name) ?? c.type }));
  if (index !== undefined) columns.push({ name: index, type: 'long' });
  return { kind: 'MvExpand', input, expand, limit: limitCount, columns, ordered: false, index };
}
