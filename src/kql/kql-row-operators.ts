import { type Binding, invalid, type Scope, unsupported } from './kql-context.ts';
import { asType } from './kql-expr-util.ts';
import { call, col, type Expr, filter, type NamedExpr, type Plan, project } from './kql-ir.ts';
import { layout, nameOf, outputColumns, requireChild, rowOf, tokenText } from './kql-node-helpers.ts';
import { translateScalar } from './kql-scalar.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';

/** Row-wise operators: where, extend, project and its variants, serialize. */
/** extend-like items, evaluated left to right (later items see earlier ones). */
function extendItems(
  t: Translator,
  op: KqlNode,
  input: Plan,
  lets: ReadonlyMap<string, Binding>,
  items: readonly KqlNode[],
): Map<string, Expr> {
  const row = rowOf(input);
  const defined = new Map<string, Expr>();
  const inputNames = new Set(input.columns.map((c) => c.name));
  const fresh = outputColumns(op)
    .map((c) => c.name)
    .filter((n) => !inputNames.has(n));
  const named = new Set(items.filter((i) => i.kind === 'SimpleNamedExpression').map((i) => nameOf(t, i)));
  const unnamed = fresh.filter((n) => !named.has(n));
  for (const item of items) {
    const scope = t.scope(row, lets, { ordered: input.ordered });
    if (item.kind === 'SimpleNamedExpression') {
      const name = nameOf(t, item);
      const expr = translateScalar(requireChild(t, item, 'Expression'), scope);
      row.set(name, expr);
      defined.set(name, expr);
    } else if (item.kind === 'CompoundNamedExpression' || isTupleCall(item)) {
      const names =
        item.kind === 'CompoundNamedExpression'
          ? listItems(child(requireChild(t, item, 'Names'), 'Names')).map((n) => tokenText(n))
          : [];
      const valueNode = item.kind === 'CompoundNamedExpression' ? requireChild(t, item, 'Expression') : item;
      const produced = tupleFunction(t, valueNode, scope);
      const targetNames = names.length ? names : unnamed.splice(0, produced.length);
      if (targetNames.length !== produced.length) throw unsupported(t, item, 'this tuple assignment');
      produced.forEach((e, i) => {
        row.set(targetNames[i]!, e);
        defined.set(targetNames[i]!, e);
      });
    } else if (
      item.kind === 'NameReference' &&
      item.symbol?.kind === 'Column' &&
      inputNames.has(item.symbol.name)
    ) {
      // `extend Column` adds nothing.
    } else {
      const name = unnamed.shift();
      if (!name) throw unsupported(t, item, 'an unnamed expression here');
      const expr = translateScalar(item, scope);
      row.set(name, expr);
      defined.set(name, expr);
    }
  }
  return defined;
}

function isTupleCall(item: KqlNode): boolean {
  return (
    item.kind === 'FunctionCallExpression' &&
    item.type?.kind !== 'scalar' &&
    /series_stats/.test(tokenText(requireChildLoose(item)))
  );
}
function requireChildLoose(item: KqlNode): KqlNode {
  return child(item, 'Name') ?? item;
}

/** Functions returning several columns: series_stats(). */
function tupleFunction(t: Translator, node: KqlNode, scope: Scope): Expr[] {
  const name = tokenText(requireChild(t, node, 'Name'));
  if (name !== 'series_stats') throw unsupported(t, node, `${name}() returning several columns`);
  const args = listItems(child(child(node, 'ArgumentList') ?? node, 'Expressions'));
  if (args.length !== 1) throw unsupported(t, node, 'series_stats() with ignore values');
  const series = translateScalar(args[0]!, scope);
  if (!series.type.startsWith('array:'))
    throw unsupported(t, node, 'series_stats() of a value that is not a numeric array');
  return [
    call('array_min', [series], 'real'),
    call('array_index_of', [series, call('array_min', [series], 'real')], 'long'),
    call('array_max', [series], 'real'),
    call('array_index_of', [series, call('array_max', [series], 'real')], 'long'),
    call('array_avg', [series], 'real'),
    call('array_stdev', [series], 'real'),
    call('array_variance', [series], 'real'),
  ].map((e) => (e.type === 'real' ? call('cast', [e], 'real') : e));
}

export function where(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  const predicate = translateScalar(requireChild(t, op, 'Condition'), t.rowScope(input, lets));
  return filter(input, asType(predicate, 'bool'));
}

export function extend(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  const defined = extendItems(t, op, input, lets, listItems(child(op, 'Expressions')));
  return project(input, extendLayout(t, op, input, defined));
}

/**
 * extend keeps every input column (replaced in place) and appends new ones. The analyser's order is
 * used when it knows the input; when it could not (a `table(name)` inside a function), Kusto's rule
 * is applied directly.
 */
function extendLayout(
  t: Translator,
  op: KqlNode,
  input: Plan,
  defined: ReadonlyMap<string, Expr>,
): NamedExpr[] {
  const analysed = new Set(outputColumns(op).map((c) => c.name));
  if (input.columns.every((c) => analysed.has(c.name)) && [...defined.keys()].every((n) => analysed.has(n))) {
    return layout(t, op, input, defined);
  }
  const items: NamedExpr[] = input.columns.map((c) => ({
    name: c.name,
    expr: defined.get(c.name) ?? col(c.name, c.type),
  }));
  for (const [name, expr] of defined)
    if (!input.columns.some((c) => c.name === name)) items.push({ name, expr });
  return items;
}

export function projectOperator(
  op: KqlNode,
  input: Plan,
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  const out = outputColumns(op);
  const row = rowOf(input);
  const items: NamedExpr[] = [];
  let i = 0;
  for (const item of listItems(child(op, 'Expressions'))) {
    const scope = t.scope(row, lets, { ordered: input.ordered });
    if (item.kind === 'CompoundNamedExpression') {
      const produced = tupleFunction(t, requireChild(t, item, 'Expression'), scope);
      for (const e of produced) items.push({ name: out[i++]!.name, expr: e });
      continue;
    }
    const column = out[i++];
    if (!column) throw unsupported(t, item, 'this projection');
    const valueNode = item.kind === 'SimpleNamedExpression' ? requireChild(t, item, 'Expression') : item;
    const expr = translateScalar(valueNode, scope);
    items.push({ name: column.name, expr });
    row.set(column.name, expr);
  }
  if (items.length !== out.length) throw unsupported(t, op, 'this projection');
  return project(input, items);
}

export function reshape(op: KqlNode, input: Plan, t: Translator): Plan {
  return project(input, layout(t, op, input, new Map()));
}

export function projectRename(op: KqlNode, input: Plan, t: Translator): Plan {
  const renamed = new Map<string, Expr>();
  const row = rowOf(input);
  for (const item of listItems(child(op, 'Expressions'))) {
    const source = tokenText(requireChild(t, item, 'Expression'));
    const expr = row.get(source);
    if (!expr) throw invalid(t, item, `no column ${source} to rename`);
    renamed.set(nameOf(t, item), expr);
  }
  const out = outputColumns(op).map((c) => ({ name: c.name, expr: renamed.get(c.name) ?? row.get(c.name)! }));
  if (out.some((o) => !o.expr)) throw unsupported(t, op, 'this rename');
  return project(input, out);
}

export function serialize(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  if (!input.ordered) {
    throw unsupported(
      t,
      op,
      'serialize of unordered rows',
      'sort the rows first (`sort by …`) so their order is defined',
    );
  }
  const items = listItems(child(op, 'Expressions'));
  if (items.length === 0) return input;
  return project(input, layout(t, op, input, extendItems(t, op, input, lets, items)));
}
