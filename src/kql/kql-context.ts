import { UserError } from '../core/errors.ts';
import type { DialectName } from '../sql/sql-dialect.ts';
import type { Expr, Plan } from './kql-ir.ts';
import { type KqlNode, lineColumn } from './kql-syntax.ts';

/** What a `let` name stands for while translating. */
export type Binding =
  | { readonly kind: 'scalar'; readonly expr: Expr }
  | { readonly kind: 'tabular'; readonly plan: Plan }
  | {
      readonly kind: 'function';
      readonly parameters: readonly FunctionParameter[];
      /** The body's statements (lets) and final expression. */
      readonly body: KqlNode;
      readonly lets: ReadonlyMap<string, Binding>;
    };

export interface FunctionParameter {
  readonly name: string;
  readonly tabular: boolean;
  readonly defaultValue: KqlNode | undefined;
}

/** A time bound found on a table read, for partition pruning. */
export interface TimeBound {
  readonly from?: number;
  readonly to?: number;
}

/** State shared by one compilation. */
export interface CompileContext {
  readonly text: string;
  /** now() for the whole query, microseconds since the epoch. */
  readonly nowMicros: number;
  /** The SQL dialect the query is compiled for (for functions only one engine can run). */
  readonly dialect: DialectName;
  /** Tabular translation, for subqueries inside expressions. */
  translateTabular(node: KqlNode, lets: ReadonlyMap<string, Binding>): Plan;
  /** Calls a user-defined (let) function in a scalar position. */
  callScalarFunction(
    node: KqlNode,
    fn: Extract<Binding, { kind: 'function' }>,
    args: readonly KqlNode[],
    scope: Scope,
  ): Expr;
}

/** The row an expression is evaluated against, and the names in scope. */
export interface Scope {
  readonly ctx: CompileContext;
  /** Columns of the input row: name → expression (a column reference, or an inlined definition). */
  readonly row: ReadonlyMap<string, Expr>;
  readonly lets: ReadonlyMap<string, Binding>;
  /** Whether aggregate functions may appear (summarize). */
  readonly aggregate: boolean;
  /** Whether the input rows are ordered (prev/next/row_number allowed). */
  readonly ordered: boolean;
}

/** A refusal pointing at the construct in the query. */
export function unsupported(
  ctx: { readonly text: string },
  node: KqlNode,
  what: string,
  hint = '',
): UserError {
  const { line, column } = lineColumn(ctx.text, node.start);
  return new UserError(
    'kql-unsupported',
    `${what} is not supported (line ${line}, column ${column})${hint ? `: ${hint}` : ''}`,
    { line, column },
  );
}

/** A refusal of a construct the chosen dialect's engine cannot run. */
export function dialectUnsupported(
  ctx: { readonly text: string; readonly dialect: DialectName },
  node: KqlNode,
  what: string,
  runsOn: DialectName,
): UserError {
  const { line, column } = lineColumn(ctx.text, node.start);
  return new UserError(
    'kql-unsupported-in-dialect',
    `${what} runs on the ${runsOn === 'duckdb' ? 'DuckDB' : 'Spark'} engine, not ${ctx.dialect} (line ${line}, column ${column}): use --engine ${runsOn}`,
    { line, column },
  );
}

export function invalid(ctx: { readonly text: string }, node: KqlNode, message: string): UserError {
  const { line, column } = lineColumn(ctx.text, node.start);
  return new UserError('kql-invalid', `${message} (line ${line}, column ${column})`, { line, column });
}

/** The source text of a node. */
export function sourceText(ctx: { readonly text: string }, node: KqlNode): string {
  return ctx.text.slice(node.start, node.end);
}
