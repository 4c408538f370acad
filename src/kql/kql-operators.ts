import { type Binding, sourceText } from './kql-context.ts';
import type { Plan } from './kql-ir.ts';
import { joinOperator, lookup } from './kql-join-operators.ts';
import { mvExpandOperator } from './kql-mv-expand-operator.ts';
import { translateParse } from './kql-parse-operator.ts';
import { extend, projectOperator, projectRename, reshape, serialize, where } from './kql-row-operators.ts';
import { count, distinctOperator, sortOperator, take, top } from './kql-sort-take-operators.ts';
import { translateSummarize } from './kql-summarize.ts';
import type { KqlNode } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';
import { unionOperator } from './kql-union-operator.ts';

/** Pipeline operator kind → translation. An operator missing here is refused with its name. */
export type OperatorHandler = (
  op: KqlNode,
  input: Plan,
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
) => Plan;

function passThrough(_op: KqlNode, input: Plan): Plan {
  return input;
}

function renderOperator(op: KqlNode, input: Plan, t: Translator): Plan {
  t.render = sourceText(t, op);
  return input;
}

export const OPERATORS: Record<string, OperatorHandler> = {
  FilterOperator: where,
  ExtendOperator: extend,
  ProjectOperator: projectOperator,
  ProjectAwayOperator: (op, input, t) => reshape(op, input, t),
  ProjectKeepOperator: (op, input, t) => reshape(op, input, t),
  ProjectReorderOperator: (op, input, t) => reshape(op, input, t),
  ProjectRenameOperator: (op, input, t) => projectRename(op, input, t),
  SummarizeOperator: (op, input, t, lets) => translateSummarize(op, input, t, lets),
  SortOperator: sortOperator,
  TopOperator: top,
  TakeOperator: take,
  DistinctOperator: distinctOperator,
  CountOperator: (op, input) => count(op, input),
  SerializeOperator: serialize,
  JoinOperator: joinOperator,
  LookupOperator: lookup,
  UnionOperator: (op, input, t, lets) => unionOperator(op, input, t, lets),
  MvExpandOperator: mvExpandOperator,
  ParseOperator: (op, input, t, lets) => translateParse(op, input, t, lets, false),
  ParseWhereOperator: (op, input, t, lets) => translateParse(op, input, t, lets, true),
  RenderOperator: (op, input, t) => renderOperator(op, input, t),
  AsOperator: passThrough,
};
