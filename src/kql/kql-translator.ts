import { UserError } from '../core/errors.ts';
import type { DialectName } from '../sql/sql-dialect.ts';
import { asimNetworkSession, isAsimNetworkSessionFunction } from './kql-asim.ts';
import {
  type Binding,
  type CompileContext,
  type FunctionParameter,
  invalid,
  type Scope,
  unsupported,
} from './kql-context.ts';
import { asType, kustoType, stringLiteral } from './kql-expr-util.ts';
import { type ExternalDataFiles, externalDataExpression } from './kql-external-data.ts';
import { datatableOperator, printOperator, rangeOperator } from './kql-inline-tables.ts';
import { call, type Expr, empty, type IrColumn, lit, type Plan, scan } from './kql-ir.ts';
import { atOf, locationText, operatorName, requireChild, rowOf, tokenText } from './kql-node-helpers.ts';
import { OPERATORS } from './kql-operators.ts';
import { translateScalar } from './kql-scalar.ts';
import { child, type KqlNode, listItems } from './kql-syntax.ts';
import { unionOperator } from './kql-union-operator.ts';

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

export class Translator implements CompileContext {
  readonly text: string;
  readonly nowMicros: number;
  readonly dialect: DialectName;
  readonly catalog: TranslateCatalog;
  /** Tables read, for the caller (schemas, pruning). */
  readonly tablesRead = new Set<string>();
  render: string | undefined;
  /** Local copies of `externaldata` sources. */
  readonly externalData: ExternalDataFiles | undefined;
  /** Values bound to named parameters (external data), by parameter name. */
  readonly params: Record<string, string> = {};

  constructor(
    text: string,
    nowMicros: number,
    catalog: TranslateCatalog,
    externalData?: ExternalDataFiles,
    dialect: DialectName = 'duckdb',
  ) {
    this.text = text;
    this.nowMicros = nowMicros;
    this.dialect = dialect;
    this.catalog = catalog;
    this.externalData = externalData;
  }

  /** A string value bound as a named parameter; the expression reads it. */
  addParam(value: string): Expr {
    const name = `lh_p${Object.keys(this.params).length + 1}`;
    this.params[name] = value;
    return call('param', [lit(name, 'string')], 'string');
  }

  /** A whole query: let statements, then one query expression. */
  query(root: KqlNode): Plan {
    const statements = listItems(child(root, 'Statements'));
    let lets = new Map<string, Binding>();
    let result: Plan | undefined;
    for (const statement of statements) {
      if (statement.kind === 'LetStatement') {
        lets = this.let(statement, lets);
      } else if (statement.kind === 'QueryParametersStatement') {
        lets = this.queryParameters(statement, lets);
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

  /**
   * `declare query_parameters(name:type = default, …)`: lakehunt is a client that supplies no query
   * parameters, so each takes its default value (documented); one without a default is refused.
   */
  queryParameters(statement: KqlNode, lets: Map<string, Binding>): Map<string, Binding> {
    const next = new Map(lets);
    for (const p of listItems(child(statement, 'Parameters'))) {
      const nameAndType = requireChild(this, p, 'NameAndType');
      const name = tokenText(requireChild(this, nameAndType, 'Name'));
      const value = child(child(p, 'DefaultValue') ?? p, 'Value');
      if (!value)
        throw unsupported(
          this,
          p,
          `the query parameter ${name} without a default value`,
          'lakehunt supplies no query parameters: give it a default or use a let',
        );
      const type = kustoType(tokenText(requireChild(this, nameAndType, 'Type')));
      next.set(name, {
        kind: 'scalar',
        expr: asType(translateScalar(value, this.scope(new Map(), lets)), type),
      });
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
      case 'ExternalDataExpression':
        return externalDataExpression(this, node);
      case 'DataTableExpression':
        return datatableOperator(this, node);
      case 'UnionOperator':
        return unionOperator(node, undefined, this, lets);
      case 'PrintOperator':
        return printOperator(this, node, lets);
      case 'RangeOperator':
        return rangeOperator(this, node, lets);
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
}
