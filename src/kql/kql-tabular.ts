import { UserError } from '../core/errors.ts';
import { asimNetworkSession, isAsimNetworkSessionFunction } from './kql-asim.ts';
import {
  type Binding,
  type CompileContext,
  type FunctionParameter,
  invalid,
  type Scope,
  sourceText,
  unsupported,
} from './kql-context.ts';
import { asType, kustoType, numberLiteral, stringLiteral } from './kql-expr-util.ts';
import {
  aggregate,
  call,
  col,
  distinct,
  type Expr,
  empty,
  filter,
  type IrColumn,
  type JoinKind,
  type JoinOutput,
  join,
  limit,
  lit,
  mvExpand,
  type NamedExpr,
  type Plan,
  project,
  type SortKey,
  scan,
  sort,
  union,
  values,
} from './kql-ir.ts';
import { translateParse } from './kql-parse-operator.ts';
import { translateScalar } from './kql-scalar.ts';
import { translateSummarize } from './kql-summarize.ts';
import { child, type KqlColumn, type KqlNode, listItems } from './kql-syntax.ts';

/**
 * Tabular expressions and pipeline operators → relational plans. Output column names and order come
 * from the Kusto analyser (node types); expressions and refined types (arrays) from the translation.
 */

export interface CatalogTable {
  readonly name: string;
  /** Columns the query sees (lake columns plus documented ones), IR types. */
  readonly columns: readonly IrColumn[];
  /** Columns that exist in the lake's table or view; the others read as null. */
  readonly physical: ReadonlySet<string>;
}

export interface TranslateCatalog {
  table(name: string): CatalogTable | undefined;
  /** Every table name (for `union T*`). */
  names(): readonly string[];
}

type OperatorHandler = (op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>) => Plan;

export class Translator implements CompileContext {
  readonly text: string;
  readonly nowMicros: number;
  readonly catalog: TranslateCatalog;
  /** Tables read, for the caller (schemas, pruning). */
  readonly tablesRead = new Set<string>();
  render: string | undefined;

  constructor(text: string, nowMicros: number, catalog: TranslateCatalog) {
    this.text = text;
    this.nowMicros = nowMicros;
    this.catalog = catalog;
  }

  /** A whole query: let statements, then one query expression. */
  query(root: KqlNode): Plan {
    const statements = listItems(child(root, 'Statements'));
    let lets = new Map<string, Binding>();
    let result: Plan | undefined;
    for (const statement of statements) {
      if (statement.kind === 'LetStatement') {
        lets = this.let(statement, lets);
      } else if (statement.kind === 'ExpressionStatement') {
        if (result)
          throw unsupported(this, statement, 'a second query statement', 'a query text may hold one query');
        const e = child(statement, 'Expression');
        if (!e) throw invalid(this, statement, 'empty statement');
        if (e.type?.kind !== 'table') throw unsupported(this, e, 'a query that does not produce a table');
        result = this.translateTabular(e, lets);
      } else {
        throw unsupported(this, statement, `the ${statement.kind.replace(/Statement$/, '')} statement`);
      }
    }
    if (!result) throw new UserError('kql-empty', 'the query has no tabular expression to run');
    return result;
  }

  let(statement: KqlNode, lets: Map<string, Binding>): Map<string, Binding> {
    const nameNode = child(statement, 'Name');
    const e = child(statement, 'Expression');
    if (!nameNode || !e) throw invalid(this, statement, 'incomplete let');
    const name = tokenText(nameNode);
    const next = new Map(lets);
    if (e.kind === 'FunctionDeclaration') {
      next.set(name, this.functionBinding(e, lets));
    } else if (e.type?.kind === 'table') {
      next.set(name, { kind: 'tabular', plan: this.translateTabular(e, lets) });
    } else {
      next.set(name, { kind: 'scalar', expr: translateScalar(e, this.scope(new Map(), lets)) });
    }
    return next;
  }

  functionBinding(declaration: KqlNode, lets: ReadonlyMap<string, Binding>): Binding {
    const parameters: FunctionParameter[] = listItems(
      child(child(declaration, 'Parameters') ?? declaration, 'Parameters'),
    ).map((p) => {
      const nameAndType = child(p, 'NameAndType');
      const name = tokenText(child(nameAndType ?? p, 'Name') ?? p);
      const typeNode = nameAndType && child(nameAndType, 'Type');
      const defaultNode = child(child(p, 'DefaultValue') ?? p, 'Value');
      return { name, tabular: typeNode?.kind === 'SchemaTypeExpression', defaultValue: defaultNode };
    });
    const body = child(declaration, 'Body');
    if (!body) throw invalid(this, declaration, 'function without a body');
    return { kind: 'function', parameters, body, lets };
  }

  /** Binds a function's arguments (in the caller's scope) and its body's own lets. */
  bindCall(
    node: KqlNode,
    fn: Extract<Binding, { kind: 'function' }>,
    args: readonly KqlNode[],
    callerLets: ReadonlyMap<string, Binding>,
    row: ReadonlyMap<string, Expr>,
  ): Map<string, Binding> {
    if (args.length > fn.parameters.length) throw invalid(this, node, 'too many arguments');
    let lets = new Map(fn.lets);
    // Arguments by position, or by name (`f(b=1, a=2)`).
    const byName = new Map<string, KqlNode>();
    const positional: KqlNode[] = [];
    for (const a of args) {
      if (a.kind === 'SimpleNamedExpression')
        byName.set(tokenText(requireChild(this, a, 'Name')), requireChild(this, a, 'Expression'));
      else positional.push(a);
    }
    fn.parameters.forEach((p, i) => {
      const a = byName.get(p.name) ?? positional[i];
      const source = a ?? p.defaultValue;
      if (!source) throw invalid(this, node, `missing argument ${p.name}`);
      const argLets = a ? callerLets : fn.lets;
      if (p.tabular || source.type?.kind === 'table')
        lets.set(p.name, { kind: 'tabular', plan: this.translateTabular(source, argLets) });
      else
        lets.set(p.name, {
          kind: 'scalar',
          expr: translateScalar(source, this.scope(a ? row : new Map(), argLets)),
        });
    });
    for (const statement of listItems(child(fn.body, 'Statements'))) {
      if (statement.kind !== 'LetStatement')
        throw unsupported(this, statement, 'a statement other than let in a function body');
      lets = this.let(statement, lets);
    }
    return lets;
  }

  callScalarFunction(
    node: KqlNode,
    fn: Extract<Binding, { kind: 'function' }>,
    args: readonly KqlNode[],
    scope: Scope,
  ): Expr {
    const lets = this.bindCall(node, fn, args, scope.lets, scope.row);
    const body = child(fn.body, 'Expression');
    if (!body) throw invalid(this, node, 'function without a result');
    if (body.type?.kind === 'table') throw unsupported(this, node, 'a tabular function in a scalar position');
    return translateScalar(body, { ...scope, lets });
  }

  scope(
    row: ReadonlyMap<string, Expr>,
    lets: ReadonlyMap<string, Binding>,
    extra: Partial<Scope> = {},
  ): Scope {
    return { ctx: this, row, lets, aggregate: false, ordered: false, ...extra };
  }

  rowScope(input: Plan, lets: ReadonlyMap<string, Binding>, extra: Partial<Scope> = {}): Scope {
    return this.scope(rowOf(input), lets, { ordered: input.ordered, ...extra });
  }

  translateTabular(node: KqlNode, lets: ReadonlyMap<string, Binding>): Plan {
    switch (node.kind) {
      case 'ParenthesizedExpression':
      case 'MaterializeExpression':
        return this.translateTabular(requireChild(this, node, 'Expression'), lets);
      case 'PipeExpression': {
        const input = this.translateTabular(requireChild(this, node, 'Expression'), lets);
        const op = requireChild(this, node, 'Operator');
        const handler = OPERATORS[op.kind];
        if (!handler) throw unsupported(this, op, `the ${operatorName(op)} operator`);
        return handler(op, input, this, lets);
      }
      case 'NameReference':
        return this.named(node, lets);
      case 'FunctionCallExpression':
        return this.tabularCall(node, lets);
      case 'DataTableExpression':
        return this.datatable(node);
      case 'UnionOperator':
        return unionOperator(node, undefined, this, lets);
      case 'PrintOperator':
        return this.print(node, lets);
      case 'RangeOperator':
        return this.range(node, lets);
      default:
        throw unsupported(
          this,
          node,
          node.kind.endsWith('Operator')
            ? `the ${operatorName(node)} operator`
            : `the tabular expression ${node.kind}`,
        );
    }
  }

  named(node: KqlNode, lets: ReadonlyMap<string, Binding>): Plan {
    const name = node.symbol?.name ?? tokenText(node);
    const bound = lets.get(name);
    if (bound?.kind === 'tabular') return bound.plan;
    if (bound?.kind === 'function') return this.callTabular(node, bound, [], lets);
    if (isAsimNetworkSessionFunction(name)) return asimNetworkSession(node, [], this, lets);
    return this.scanTable(node, name);
  }

  scanTable(node: KqlNode, name: string): Plan {
    const table = this.catalog.table(name);
    if (!table)
      throw new UserError(
        'kql-unknown-table',
        `${locationText(this, node)}unknown table ${name}`,
        atOf(this, node),
      );
    this.tablesRead.add(name);
    // A documented table the lake lacks reads as empty.
    if (table.physical.size === 0) return empty(table.columns);
    const missing = table.columns.filter((c) => !table.physical.has(c.name));
    return scan(name, table.columns, missing);
  }

  tabularCall(node: KqlNode, lets: ReadonlyMap<string, Binding>): Plan {
    const nameNode = requireChild(this, node, 'Name');
    const name = nameNode.symbol?.name ?? tokenText(nameNode);
    const args = listItems(child(child(node, 'ArgumentList') ?? node, 'Expressions'));
    const bound = lets.get(name);
    if (bound?.kind === 'function') return this.callTabular(node, bound, args, lets);
    if (name === '_GetWatchlist') {
      const alias = args[0] && stringLiteral(translateScalar(args[0], this.scope(new Map(), lets)));
      if (alias === undefined) throw unsupported(this, node, '_GetWatchlist() with a non-constant name');
      return this.scanTable(node, `Watchlist_${alias}`);
    }
    if (name === 'table') {
      const t = args[0] && stringLiteral(translateScalar(args[0], this.scope(new Map(), lets)));
      if (t === undefined) throw unsupported(this, node, 'table() with a non-constant name');
      return this.scanTable(node, t);
    }
    if (isAsimNetworkSessionFunction(name)) return asimNetworkSession(node, args, this, lets);
    throw unsupported(this, node, `the function ${name}()`);
  }

  callTabular(
    node: KqlNode,
    fn: Extract<Binding, { kind: 'function' }>,
    args: readonly KqlNode[],
    lets: ReadonlyMap<string, Binding>,
  ): Plan {
    const bodyLets = this.bindCall(node, fn, args, lets, new Map());
    const body = child(fn.body, 'Expression');
    if (!body) throw invalid(this, node, 'function without a result');
    if (body.type?.kind !== 'table') throw unsupported(this, node, 'a scalar function in a tabular position');
    return this.translateTabular(body, bodyLets);
  }

  datatable(node: KqlNode): Plan {
    const columns = outputColumns(node);
    const cells = listItems(child(node, 'Values'));
    if (columns.length === 0) throw invalid(this, node, 'datatable without columns');
    if (cells.length % columns.length !== 0)
      throw invalid(this, node, 'datatable values do not fill whole rows');
    const scope = this.scope(new Map(), new Map());
    const rows: Expr[][] = [];
    for (let i = 0; i < cells.length; i += columns.length) {
      rows.push(columns.map((c, j) => asType(translateScalar(cells[i + j]!, scope), c.type)));
    }
    return rows.length ? values(columns, rows) : empty(columns);
  }

  print(node: KqlNode, lets: ReadonlyMap<string, Binding>): Plan {
    const columns = outputColumns(node);
    const items = listItems(child(node, 'Expressions'));
    const scope = this.scope(new Map(), lets);
    const exprs = items.map((item) =>
      translateScalar(
        item.kind === 'SimpleNamedExpression' ? requireChild(this, item, 'Expression') : item,
        scope,
      ),
    );
    if (exprs.length !== columns.length) throw unsupported(this, node, 'print of tuple values');
    return values(
      columns.map((c, i) => ({ name: c.name, type: exprs[i]!.type })),
      [exprs],
    );
  }

  range(node: KqlNode, lets: ReadonlyMap<string, Binding>): Plan {
    const scope = this.scope(new Map(), lets);
    const from = numberLiteral(translateScalar(requireChild(this, node, 'From'), scope));
    const to = numberLiteral(translateScalar(requireChild(this, node, 'To'), scope));
    const step = numberLiteral(translateScalar(requireChild(this, node, 'Step'), scope));
    const [column] = outputColumns(node);
    if (from === undefined || to === undefined || step === undefined || step === 0 || !column) {
      throw unsupported(this, node, 'range with non-constant or zero bounds');
    }
    const count = Math.floor((to - from) / step) + 1;
    if (count > 100_000) throw unsupported(this, node, 'range of more than 100000 rows');
    const rows: Expr[][] = [];
    for (let i = 0; i < count; i++) rows.push([lit(from + i * step, column.type)]);
    return rows.length ? values([column], rows) : empty([column]);
  }
}

// ---- helpers -------------------------------------------------------------------------------

export function tokenText(node: KqlNode): string {
  if (node.isToken) return node.text.replace(/^\[['"]|['"]\]$/g, '');
  const parts: string[] = [];
  const walk = (n: KqlNode) => (n.isToken ? parts.push(n.text) : n.children.forEach(walk));
  walk(node);
  const text = parts.join('');
  const bracketed = /^\[\s*(['"])(.*)\1\s*\]$/s.exec(text);
  return bracketed ? bracketed[2]! : text;
}

function operatorName(op: KqlNode): string {
  const keyword = op.children.find((c) => c.isToken);
  return keyword?.text ?? op.kind.replace(/Operator$/, '');
}

export function requireChild(ctx: { readonly text: string }, node: KqlNode, role: string): KqlNode {
  const c = child(node, role);
  if (!c) throw invalid(ctx, node, `missing ${role}`);
  return c;
}

function atOf(ctx: { readonly text: string }, node: KqlNode) {
  const before = ctx.text.slice(0, node.start).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
function locationText(ctx: { readonly text: string }, node: KqlNode): string {
  const at = atOf(ctx, node);
  return `line ${at.line}, column ${at.column}: `;
}

export function outputColumns(node: KqlNode): IrColumn[] {
  const t = node.type;
  if (t?.kind !== 'table') return [];
  return t.columns.map((c: KqlColumn) => ({ name: c.name, type: kustoType(c.type) }));
}

export function rowOf(plan: Plan): Map<string, Expr> {
  return new Map(plan.columns.map((c) => [c.name, col(c.name, c.type)]));
}

/** Output items for the analyser's columns: defined expressions, else the input column of that name. */
export function layout(
  t: Translator,
  op: KqlNode,
  input: Plan,
  defined: ReadonlyMap<string, Expr>,
): NamedExpr[] {
  const row = rowOf(input);
  return outputColumns(op).map((c) => {
    const expr = defined.get(c.name) ?? row.get(c.name);
    if (!expr) throw unsupported(t, op, `producing the column ${c.name} here`);
    return { name: c.name, expr };
  });
}

function nameOf(t: Translator, item: KqlNode): string {
  return tokenText(requireChild(t, item, 'Name'));
}

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

// ---- operators ------------------------------------------------------------------------------

function where(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  const predicate = translateScalar(requireChild(t, op, 'Condition'), t.rowScope(input, lets));
  return filter(input, asType(predicate, 'bool'));
}

function extend(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
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

function projectOperator(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
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

function reshape(op: KqlNode, input: Plan, t: Translator): Plan {
  return project(input, layout(t, op, input, new Map()));
}

function projectRename(op: KqlNode, input: Plan, t: Translator): Plan {
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

function sortOperator(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  return sort(input, orderKeys(t, listItems(child(op, 'Expressions')), input, lets));
}

function constantCount(t: Translator, node: KqlNode, lets: ReadonlyMap<string, Binding>): number {
  const n = numberLiteral(translateScalar(node, t.scope(new Map(), lets)));
  if (n === undefined || !Number.isInteger(n) || n < 0)
    throw unsupported(t, node, 'a row count that is not a constant whole number');
  return n;
}

function top(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  const count = constantCount(t, requireChild(t, op, 'Expression'), lets);
  const by = requireChild(t, op, 'ByExpression');
  return limit(sort(input, orderKeys(t, [by], input, lets)), count);
}

function take(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  return limit(input, constantCount(t, requireChild(t, op, 'Expression'), lets));
}

function distinctOperator(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
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

function count(op: KqlNode, input: Plan): Plan {
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

function serialize(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
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

function parameters(t: Translator, op: KqlNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of listItems(child(op, 'Parameters'))) {
    const name = tokenText(requireChild(t, p, 'Name')).toLowerCase();
    out.set(
      name,
      tokenText(requireChild(t, p, 'Expression'))
        .toLowerCase()
        .replace(/^["']|["']$/g, ''),
    );
  }
  return out;
}

const JOIN_KINDS = new Set<JoinKind>([
  'inner',
  'innerunique',
  'leftouter',
  'rightouter',
  'fullouter',
  'leftanti',
  'rightanti',
  'leftsemi',
  'rightsemi',
]);

function joinKeys(t: Translator, clause: KqlNode): { left: string; right: string }[] {
  const keys: { left: string; right: string }[] = [];
  const add = (e: KqlNode) => {
    if (e.kind === 'NameReference') {
      const n = tokenText(e);
      keys.push({ left: n, right: n });
    } else if (e.kind === 'EqualExpression') {
      const side = (n: KqlNode | undefined) => {
        if (n?.kind !== 'PathExpression')
          throw unsupported(t, e, 'a join condition other than $left.a == $right.b');
        const which = tokenText(requireChild(t, n, 'Expression'));
        return { which, name: tokenText(requireChild(t, n, 'Selector')) };
      };
      const a = side(child(e, 'Left'));
      const b = side(child(e, 'Right'));
      if (a.which === '$left' && b.which === '$right') keys.push({ left: a.name, right: b.name });
      else if (a.which === '$right' && b.which === '$left') keys.push({ left: b.name, right: a.name });
      else throw unsupported(t, e, 'this join condition');
    } else if (e.kind === 'AndExpression') {
      add(requireChild(t, e, 'Left'));
      add(requireChild(t, e, 'Right'));
    } else throw unsupported(t, e, 'this join condition');
  };
  for (const e of listItems(child(clause, 'Expressions'))) add(e);
  return keys;
}

function joinOperator(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  const params = parameters(t, op);
  const aliases: Record<string, JoinKind> = {
    anti: 'leftanti',
    leftantisemi: 'leftanti',
    rightantisemi: 'rightanti',
    semi: 'leftsemi',
  };
  const given = params.get('kind') ?? 'innerunique';
  const kind = (aliases[given] ?? given) as JoinKind;
  if (!JOIN_KINDS.has(kind)) throw unsupported(t, op, `join kind=${kind}`);
  const right = t.translateTabular(requireChild(t, op, 'Expression'), lets);
  const clause = child(op, 'ConditionClause');
  if (clause?.kind !== 'JoinOnClause') throw unsupported(t, op, 'a join without `on` keys');
  const keys = joinKeys(t, clause);
  const sides: { side: 'left' | 'right'; column: IrColumn }[] = [];
  if (kind !== 'rightsemi' && kind !== 'rightanti')
    sides.push(...input.columns.map((c) => ({ side: 'left' as const, column: c })));
  if (kind !== 'leftsemi' && kind !== 'leftanti')
    sides.push(...right.columns.map((c) => ({ side: 'right' as const, column: c })));
  return join(input, right, kind, keys, zipOutputs(op, sides));
}

function kustoJoinNames(names: readonly string[]): { name: string }[] {
  const taken = new Set<string>();
  return names.map((n) => {
    let name = n;
    for (let i = 1; taken.has(name); i++) name = `${n}${i}`;
    taken.add(name);
    return { name };
  });
}

function zipOutputs(
  op: KqlNode,
  sides: readonly { side: 'left' | 'right'; column: IrColumn }[],
): JoinOutput[] {
  let out: { name: string }[] = outputColumns(op);
  // When the analyser could not see a side (a table(name) inside a function), apply Kusto's
  // naming rule itself: left columns, then right columns, a clashing name suffixed 1, 2, ….
  if (out.length !== sides.length) out = kustoJoinNames(sides.map((s) => s.column.name));
  return out.map((o, i) => ({
    name: o.name,
    side: sides[i]!.side,
    source: sides[i]!.column.name,
    type: sides[i]!.column.type,
  }));
}

function lookup(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  const params = parameters(t, op);
  const kind = params.get('kind') ?? 'leftouter';
  if (kind !== 'leftouter' && kind !== 'inner') throw unsupported(t, op, `lookup kind=${kind}`);
  const right = t.translateTabular(requireChild(t, op, 'Expression'), lets);
  const keys = joinKeys(t, requireChild(t, op, 'LookupClause'));
  const rightKeys = new Set(keys.filter((k) => k.left === k.right).map((k) => k.right));
  const sides = [
    ...input.columns.map((c) => ({ side: 'left' as const, column: c })),
    ...right.columns
      .filter((c) => !rightKeys.has(c.name))
      .map((c) => ({ side: 'right' as const, column: c })),
  ];
  // Lookup keeps every left row; the right side's keys are unique by contract.
  return join(input, right, kind === 'inner' ? 'inner' : 'leftouter', keys, zipOutputs(op, sides));
}

export function unionOperator(
  op: KqlNode,
  input: Plan | undefined,
  t: Translator,
  lets: ReadonlyMap<string, Binding>,
): Plan {
  const params = parameters(t, op);
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

function mvExpandOperator(op: KqlNode, input: Plan, t: Translator, lets: ReadonlyMap<string, Binding>): Plan {
  const params = parameters(t, op);
  if (params.has('with_itemindex') || params.get('bagexpansion') === 'array')
    throw unsupported(t, op, 'mv-expand with_itemindex/bagexpansion');
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
  const expanded = mvExpand(current, expansions, undefined);
  // Keep the analyser's column order.
  return project(expanded, layout(t, op, expanded, new Map()));
}

/** The column a one-argument conversion reads (`parse_json(a)` expands into `a`). */
function firstColumn(e: Expr): string | undefined {
  if (e.kind === 'column') return e.name;
  if (e.kind === 'call' && e.args.length >= 1) return firstColumn(e.args[0]!);
  return undefined;
}

function passThrough(_op: KqlNode, input: Plan): Plan {
  return input;
}

function renderOperator(op: KqlNode, input: Plan, t: Translator): Plan {
  t.render = sourceText(t, op);
  return input;
}

const OPERATORS: Record<string, OperatorHandler> = {
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
