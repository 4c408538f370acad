import { type Binding, invalid, unsupported } from './kql-context.ts';
import { asType, numberLiteral } from './kql-expr-util.ts';
import { type Expr, empty, lit, type Plan, values } from './kql-ir.ts';
import { outputColumns, requireChild } from './kql-node-helpers.ts';
import { translateScalar } from './kql-scalar.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';

/** Tables written in the query: datatable, print, range. */
export function datatableOperator(t: Translator, node: KqlNode): Plan {
  const columns = outputColumns(node);
  const cells = listItems(child(node, 'Values'));
  if (columns.length === 0) throw invalid(t, node, 'datatable without columns');
  if (cells.length % columns.length !== 0) throw invalid(t, node, 'datatable values do not fill whole rows');
  const scope = t.scope(new Map(), new Map());
  const rows: Expr[][] = [];
  for (let i = 0; i < cells.length; i += columns.length) {
    rows.push(columns.map((c, j) => asType(translateScalar(cells[i + j]!, scope), c.type)));
  }
  return rows.length ? values(columns, rows) : empty(columns);
}

export function printOperator(t: Translator, node: KqlNode, lets: ReadonlyMap<string, Binding>): Plan {
  const columns = outputColumns(node);
  const items = listItems(child(node, 'Expressions'));
  const scope = t.scope(new Map(), lets);
  const exprs = items.map((item) =>
    translateScalar(
      item.kind === 'SimpleNamedExpression' ? requireChild(t, item, 'Expression') : item,
      scope,
    ),
  );
  if (exprs.length !== columns.length) throw unsupported(t, node, 'print of tuple values');
  return values(
    columns.map((c, i) => ({ name: c.name, type: exprs[i]!.type })),
    [exprs],
  );
}

export function rangeOperator(t: Translator, node: KqlNode, lets: ReadonlyMap<string, Binding>): Plan {
  const scope = t.scope(new Map(), lets);
  const from = numberLiteral(translateScalar(requireChild(t, node, 'From'), scope));
  const to = numberLiteral(translateScalar(requireChild(t, node, 'To'), scope));
  const step = numberLiteral(translateScalar(requireChild(t, node, 'Step'), scope));
  const [column] = outputColumns(node);
  if (from === undefined || to === undefined || step === undefined || step === 0 || !column) {
    throw unsupported(t, node, 'range with non-constant or zero bounds');
  }
  const count = Math.floor((to - from) / step) + 1;
  if (count > 100_000) throw unsupported(t, node, 'range of more than 100000 rows');
  const rows: Expr[][] = [];
  for (let i = 0; i < count; i++) rows.push([lit(from + i * step, column.type)]);
  return rows.length ? values([column], rows) : empty([column]);
}
