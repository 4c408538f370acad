import { type Binding, invalid, unsupported } from './kql-context.ts';
import { kustoType } from './kql-expr-util.ts';
import { col, type Expr, mvExpand, type Plan, project } from './kql-ir.ts';
import {
  layout,
  nameOf,
  operatorParameters,
  outputColumns,
  requireChild,
  tokenText,
} from './kql-node-helpers.ts';
import { translateScalar } from './kql-scalar.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';

/** mv-expand: parallel arrays, `to typeof`. */
export function mvExpandOperator(
  op: KqlNode,
  input: Plan,
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  const params = operatorParameters(t, op);
  if (params.get('bagexpansion') === 'array') throw unsupported(t, op, 'mv-expand bagexpansion=array');
  const index = itemIndexName(op);
  const rowLimit = child(op, 'RowLimit');
  if (rowLimit) throw unsupported(t, rowLimit, 'mv-expand limit');
  let current = input;
  const expansions: { name: string; type: string; sourceType: string }[] = [];
  const out = new Map(outputColumns(op).map((c) => [c.name, c.type]));
  for (const item of listItems(child(op, 'Expressions'))) {
    let valueNode = requireChild(t, item, 'Expression');
    let name: string;
    if (valueNode.kind === 'SimpleNamedExpression') {
      name = nameOf(t, valueNode);
      const expr = translateScalar(requireChild(t, valueNode, 'Expression'), t.rowScope(current, lets));
      current = project(current, [
        ...current.columns
          .filter((c) => c.name !== name)
          .map((c) => ({ name: c.name, expr: col(c.name, c.type) })),
        { name, expr },
      ]);
      valueNode = requireChild(t, valueNode, 'Expression');
    } else if (valueNode.kind === 'NameReference') {
      name = tokenText(valueNode);
    } else {
      // The analyser names an unnamed expression (`x.y` → `x_y`, `parse_json(a)` → `a`, …).
      const inputNames = new Set(current.columns.map((c) => c.name));
      const used = new Set(expansions.map((e) => e.name));
      const fresh = [...out.keys()].find((n) => !inputNames.has(n) && !used.has(n));
      const expr = translateScalar(valueNode, t.rowScope(current, lets));
      const reference = valueNode.kind === 'FunctionCallExpression' ? firstColumn(expr) : undefined;
      const target = fresh ?? reference;
      if (!target) throw unsupported(t, item, 'mv-expand of this expression');
      name = target;
      current = project(current, [
        ...current.columns
          .filter((c) => c.name !== name)
          .map((c) => ({ name: c.name, expr: col(c.name, c.type) })),
        { name, expr },
      ]);
    }
    const source = current.columns.find((c) => c.name === name);
    if (!source) throw invalid(t, item, `no column ${name}`);
    const typeOf = child(item, 'ToTypeOf');
    const target = typeOf
      ? kustoType(
          tokenText(typeOf)
            .replace(/^to\s*typeof\s*\(|\)$/gi, '')
            .trim(),
        )
      : source.type.startsWith('array:')
        ? source.type.slice(6)
        : (out.get(name) ?? 'dynamic');
    expansions.push({ name, type: target, sourceType: source.type });
  }
  const expanded = mvExpand(current, expansions, undefined, index);
  // Keep the analyser's column order.
  return project(expanded, layout(t, op, expanded, new Map()));
}

/** The column a one-argument conversion reads (`parse_json(a)` expands into `a`). */
function firstColumn(e: Expr): string | undefined {
  if (e.kind === 'column') return e.name;
  if (e.kind === 'call' && e.args.length >= 1) return firstColumn(e.args[0]!);
  return undefined;
}

/** The column named by `with_itemindex=Name` (its case kept), if given. */
function itemIndexName(op: KqlNode): string | undefined {
  for (const p of listItems(child(op, 'Parameters'))) {
    const name = child(p, 'Name');
    if (name && tokenText(name).toLowerCase() === 'with_itemindex') {
      const value = child(p, 'Expression');
      return value ? tokenText(value) : undefined;
    }
  }
  return undefined;
}
