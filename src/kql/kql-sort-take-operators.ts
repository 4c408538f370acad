import { type Binding, unsupported } from './kql-context.ts';
import { numberLiteral } from './kql-expr-util.ts';
import { aggregate, distinct, limit, type Plan, project, type SortKey, sort } from './kql-ir.ts';
import { layout, outputColumns, requireChild, tokenText } from './kql-node-helpers.ts';
import { translateScalar } from './kql-scalar.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';

/** sort, top, take, distinct, count. */
function orderKeys(
  t: Translator,
  items: readonly KqlNode[],
  input: Plan,
  lets: ReadonlyMap<string, Binding>,
): SortKey[] {
  const scope = t.rowScope(input, lets);
  return items.map((item) => {
    const valueNode = item.kind === 'OrderedExpression' ? requireChild(t, item, 'Expression') : item;
    const ordering =
      item.kind === 'OrderedExpression' ? tokenText(child(item, 'Ordering') ?? item).toLowerCase() : '';
    const descending = !/\basc\b/.test(ordering.replace(/nulls(first|last)/, ' '));
    const nulls = /nullsfirst/.test(ordering.replace(/\s+/g, ''))
      ? true
      : /nullslast/.test(ordering.replace(/\s+/g, ''))
        ? false
        : !descending;
    return { expr: translateScalar(valueNode, scope), descending, nullsFirst: nulls };
  });
}

export function sortOperator(
  op: KqlNode,
  input: Plan,
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  return sort(input, orderKeys(t, listItems(child(op, 'Expressions')), input, lets));
}

function constantCount(t: Translator, node: KqlNode, lets: ReadonlyMap<string, Binding>): number {
  const n = numberLiteral(translateScalar(node, t.scope(new Map(), lets)));
  if (n === undefined || !Number.isInteger(n) || n < 0)
    throw unsupported(t, node, 'a row count that is not a constant whole number');
  return n;
}

export function top(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  const count = constantCount(t, requireChild(t, op, 'Expression'), lets);
  const by = requireChild(t, op, 'ByExpression');
  return limit(sort(input, orderKeys(t, [by], input, lets)), count);
}

export function take(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  return limit(input, constantCount(t, requireChild(t, op, 'Expression'), lets));
}

export function distinctOperator(
  op: KqlNode,
  input: Plan,
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  const items = listItems(child(op, 'Expressions'));
  if (items.length === 1 && items[0]!.kind === 'StarExpression')
    return distinct(project(input, layout(t, op, input, new Map())));
  const out = outputColumns(op);
  const scope = t.rowScope(input, lets);
  const projected = items.map((item, i) => {
    const valueNode = item.kind === 'SimpleNamedExpression' ? requireChild(t, item, 'Expression') : item;
    return { name: out[i]?.name ?? '', expr: translateScalar(valueNode, scope) };
  });
  if (projected.some((p) => !p.name) || projected.length !== out.length)
    throw unsupported(t, op, 'this distinct');
  return distinct(project(input, projected));
}

export function count(op: KqlNode, input: Plan): Plan {
  const [column] = outputColumns(op);
  return aggregate(
    input,
    [],
    [
      {
        name: column?.name ?? 'Count',
        expr: { kind: 'aggregate', fn: 'count_star', args: [], type: 'long' },
      },
    ],
  );
}
