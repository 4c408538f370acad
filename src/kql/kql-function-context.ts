import type { Scope } from './kql-context.ts';
import { invalid } from './kql-context.ts';
import type { Expr, IrType } from './kql-ir.ts';
import type { KqlNode } from './kql-syntax.ts';

/** What every function translation receives, and the argument accessor that names a missing one. */

export interface FunctionContext {
  readonly node: KqlNode;
  readonly argNodes: readonly KqlNode[];
  readonly scope: Scope;
  readonly name: string;
  /** The analyser's result type. */
  readonly resultType: IrType;
}

export type FunctionHandler = (args: readonly Expr[], f: FunctionContext) => Expr;

export const arg = (args: readonly Expr[], i: number, f: FunctionContext): Expr => {
  const a = args[i];
  if (!a) throw invalid(f.scope.ctx, f.node, `${f.name}() needs argument ${i + 1}`);
  return a;
};
