import { type Binding, invalid, unsupported } from './kql-context.ts';
import { numberLiteral } from './kql-expr-util.ts';
import { agg, aggregate, call, col, type Expr, lit, type NamedExpr, type Plan, project } from './kql-ir.ts';
import { outputColumns, requireChild, tokenText } from './kql-node-helpers.ts';
import { translateScalar } from './kql-scalar.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';

/**
 * summarize: group keys first, then aggregates, named as the analyser names them. arg_max/arg_min
 * pick one whole row per group (a struct of the wanted columns), so ties never mix rows.
 */

interface AggregateItem {
  readonly names: readonly string[] | undefined;
  readonly node: KqlNode;
}

function functionName(node: KqlNode): string | undefined {
  if (node.kind !== 'FunctionCallExpression') return undefined;
  return tokenText(child(node, 'Name') ?? node);
}

function args(node: KqlNode): KqlNode[] {
  return listItems(child(child(node, 'ArgumentList') ?? node, 'Expressions'));
}

/** How many columns an aggregate produces; undefined for a `*` that takes the remaining columns. */
function width(node: KqlNode): number | undefined {
  const name = functionName(node);
  const a = args(node);
  const star = a.some((x) => x.kind === 'StarExpression');
  if (name === 'arg_max' || name === 'arg_min') return star ? undefined : a.length;
  if (name === 'percentiles') return a.length - 1;
  if ((name === 'any' || name === 'take_any') && (star || a.length > 1)) return star ? undefined : a.length;
  return 1;
}

export function translateSummarize(
  op: KqlNode,
  input: Plan,
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  let out: readonly { readonly name: string }[] = outputColumns(op);
  const byNodes = listItems(child(child(op, 'ByClause') ?? op, 'Expressions'));
  const rowScope = t.rowScope(input, lets);
  const keys: NamedExpr[] = byNodes.map((node, i) => {
    const valueNode = node.kind === 'SimpleNamedExpression' ? requireChild(t, node, 'Expression') : node;
    const name = out[i]?.name;
    if (!name) throw unsupported(t, node, 'this group key');
    return { name, expr: translateScalar(valueNode, rowScope) };
  });
  const items: AggregateItem[] = listItems(child(op, 'Aggregates')).map((node) => {
    if (node.kind === 'SimpleNamedExpression')
      return { names: [tokenText(requireChild(t, node, 'Name'))], node: requireChild(t, node, 'Expression') };
    if (node.kind === 'CompoundNamedExpression') {
      const names = listItems(child(requireChild(t, node, 'Names'), 'Names')).map((n) => tokenText(n));
      return { names, node: requireChild(t, node, 'Expression') };
    }
    return { names: undefined, node };
  });
  // Assign the analyser's output names to each aggregate.
  // Widths: compound names give theirs; arg_max(…, *) and any(*) take the remaining columns.
  const widths = items.map((i) => (i.names && i.names.length > 1 ? i.names.length : width(i.node)));
  const fixed = widths.reduce<number>((n, w) => n + (w ?? 0), 0);
  const starCount = out.length - keys.length - fixed;
  const keyNames = new Set(keys.map((k) => k.name));
  // When the analyser could not see the input (a table(name) inside a function), a `*` aggregate
  // takes Kusto's rule directly: its first column, then every other input column but the keys.
  const blind = input.columns.some((c) => !keyNames.has(c.name) && !out.some((o) => o.name === c.name));
  let next = keys.length;
  const named = items.map((item, i) => {
    const w = widths[i] ?? starCount;
    const names = out.slice(next, next + w).map((c) => c.name);
    next += w;
    if (names.length !== w || w <= 0) throw unsupported(t, item.node, 'this aggregate shape');
    if (blind && widths[i] === undefined && functionName(item.node)?.startsWith('arg_')) {
      const first = names[0]!;
      const rest = input.columns.map((c) => c.name).filter((n) => !keyNames.has(n) && n !== first);
      return { ...item, names: [first, ...rest] };
    }
    return { ...item, names };
  });
  if (next !== out.length) throw unsupported(t, op, 'this summarize shape');
  if (blind) out = [...out.slice(0, keys.length), ...named.flatMap((n) => n.names.map((name) => ({ name })))];

  const aggregates: NamedExpr[] = [];
  const finals = new Map<string, Expr>();
  let structs = 0;
  const aggScope = { ...rowScope, aggregate: true };
  for (const item of named) {
    const name = functionName(item.node);
    const a = args(item.node);
    if (name === 'arg_max' || name === 'arg_min') {
      const keyExpr = translateScalar(a[0]!, rowScope);
      const star = a.some((x) => x.kind === 'StarExpression');
      const valueNames = item.names.slice(1);
      const valueExprs = star
        ? valueNames.map((n) => {
            const c = input.columns.find((ic) => ic.name === n);
            if (!c) throw unsupported(t, item.node, `${name}(…, *) producing ${n}`);
            return col(c.name, c.type);
          })
        : a.slice(1).map((x) => translateScalar(x, rowScope));
      if (star && valueNames.some((n) => keyNames.has(n)))
        throw invalid(t, item.node, 'arg_max(*) column clash');
      const fields = valueExprs.map((e, i) => ({ name: `f${i}`, expr: e }));
      const structName = `__lh_row${++structs}`;
      const struct = call(
        'struct_pack',
        fields.map((f) => f.expr),
        `struct:${fields.map((f) => f.expr.type).join(',')}`,
      );
      aggregates.push({ name: structName, expr: agg(name, [struct, keyExpr], struct.type) });
      const keyColumn = `__lh_key${structs}`;
      aggregates.push({
        name: keyColumn,
        expr: agg(name === 'arg_max' ? 'max' : 'min', [keyExpr], keyExpr.type),
      });
      finals.set(item.names[0]!, col(keyColumn, keyExpr.type));
      fields.forEach((f, i) => {
        finals.set(
          valueNames[i]!,
          call('struct_field', [col(structName, struct.type), lit(f.name, 'string')], f.expr.type),
        );
      });
      continue;
    }
    if (name === 'percentiles') {
      const value = translateScalar(a[0]!, rowScope);
      a.slice(1).forEach((p, i) => {
        const percent = numberLiteral(translateScalar(p, rowScope));
        if (percent === undefined) throw unsupported(t, p, 'a non-constant percentile');
        const n = item.names[i]!;
        aggregates.push({
          name: n,
          expr: agg('percentile', [value, lit(percent / 100, 'real')], value.type),
        });
        finals.set(n, col(n, value.type));
      });
      continue;
    }
    if ((name === 'any' || name === 'take_any') && item.names.length > 1) {
      const star = a.some((x) => x.kind === 'StarExpression');
      const exprs = star
        ? item.names.map((n) => {
            const c = input.columns.find((ic) => ic.name === n);
            if (!c) throw unsupported(t, item.node, `${name}(*) producing ${n}`);
            return col(c.name, c.type);
          })
        : a.map((x) => translateScalar(x, rowScope));
      // One row for all the columns, like Kusto.
      const structName = `__lh_row${++structs}`;
      const struct = call('struct_pack', exprs, `struct:${exprs.map((e) => e.type).join(',')}`);
      aggregates.push({ name: structName, expr: agg('any', [struct], struct.type) });
      exprs.forEach((e, i) => {
        finals.set(
          item.names[i]!,
          call('struct_field', [col(structName, struct.type), lit(`f${i}`, 'string')], e.type),
        );
      });
      continue;
    }
    const expr = translateScalar(item.node, aggScope);
    const n = item.names[0]!;
    aggregates.push({ name: n, expr });
    finals.set(n, col(n, expr.type));
  }
  const grouped = aggregate(input, keys, aggregates);
  if (structs === 0) return grouped;
  const layoutItems = out.map((c) => {
    if (keyNames.has(c.name))
      return { name: c.name, expr: col(c.name, grouped.columns.find((g) => g.name === c.name)!.type) };
    const e = finals.get(c.name);
    if (!e) throw unsupported(t, op, `producing ${c.name}`);
    return { name: c.name, expr: e };
  });
  return project(grouped, layoutItems);
}
