import { UserError } from '../core/errors.ts';
import { type Binding, sourceText, unsupported } from './kql-context.ts';
import { asType } from './kql-expr-util.ts';
import { col, lit, type Plan, project, union } from './kql-ir.ts';
import { operatorParameters, outputColumns, tokenText } from './kql-node-helpers.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';
import type { Translator } from './kql-translator.ts';

/** union: by name, isfuzzy, withsource, table patterns. */
export function unionOperator(
  op: KqlNode,
  input: Plan | undefined,
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  const params = operatorParameters(t, op);
  if (params.get('kind') === 'inner') throw unsupported(t, op, 'union kind=inner');
  const withSource = params.get('withsource');
  const fuzzy = params.get('isfuzzy') === 'true';
  const sources: { plan: Plan; name: string }[] = input ? [{ plan: input, name: 'union_arg0' }] : [];
  for (const e of listItems(child(op, 'Expressions'))) {
    if (
      e.kind === 'WildcardedName' ||
      (e.kind !== 'ParenthesizedExpression' &&
        /^[A-Za-z0-9_]*\*[A-Za-z0-9_*]*$/.test(sourceText(t, e).trim()))
    ) {
      const pattern = sourceText(t, e).trim();
      if (!/^[A-Za-z0-9_*]+$/.test(pattern)) throw unsupported(t, e, 'this union table pattern');
      const re = new RegExp(`^${pattern.replaceAll('*', '.*')}$`);
      for (const name of t.catalog
        .names()
        .filter((n) => re.test(n))
        .sort()) {
        sources.push({ plan: t.scanTable(e, name), name });
      }
      continue;
    }
    if (fuzzy && e.kind === 'NameReference' && !lets.has(tokenText(e)) && !t.catalog.table(tokenText(e))) {
      // union isfuzzy=true ignores tables that do not exist.
      continue;
    }
    let plan: Plan;
    try {
      plan = t.translateTabular(e, lets);
    } catch (error) {
      // union isfuzzy=true ignores sources over tables that do not exist.
      if (fuzzy && error instanceof UserError && error.code === 'kql-unknown-table') continue;
      throw error;
    }
    sources.push({ plan, name: e.kind === 'NameReference' ? tokenText(e) : `union_arg${sources.length}` });
  }
  if (sources.length === 0) throw unsupported(t, op, 'a union of tables that all do not exist');
  const out = outputColumns(op);
  const sourceColumn = withSource ? out.find((c) => c.name.toLowerCase() === withSource) : undefined;
  const inputs = sources.map(({ plan, name }) => {
    const byName = new Map(plan.columns.map((c) => [c.name, c]));
    const items = out.map((c) => {
      if (sourceColumn && c.name === sourceColumn.name) return { name: c.name, expr: lit(name, 'string') };
      const same = byName.get(c.name);
      if (same)
        return {
          name: c.name,
          expr: asType(col(same.name, same.type), c.type === 'dynamic' ? same.type : c.type),
        };
      // Kusto renames clashing columns of different types to name_type.
      const typed = plan.columns.find((pc) => `${pc.name}_${pc.type}` === c.name);
      if (typed) return { name: c.name, expr: col(typed.name, typed.type) };
      return { name: c.name, expr: lit(null, c.type) };
    });
    return project(plan, items);
  });
  const columns = out.map((c, i) => ({
    name: c.name,
    type: commonColumnType(
      inputs.map((p) => p.columns[i]!.type),
      c.type,
    ),
  }));
  const aligned = inputs.map((p) =>
    project(
      p,
      p.columns.map((c, i) => ({
        name: c.name,
        expr:
          c.type === columns[i]!.type ? col(c.name, c.type) : asType(col(c.name, c.type), columns[i]!.type),
      })),
    ),
  );
  return union(aligned, columns);
}

function commonColumnType(types: readonly string[], analysed: string): string {
  const distinctTypes = new Set(types);
  return distinctTypes.size === 1 ? types[0]! : analysed;
}
