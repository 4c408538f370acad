import { UserError } from '../core/errors.ts';
import type { Expr, ExprKind, IrColumn, IrType, Plan, PlanKind, SortKey } from './kql-ir.ts';
import { elementType } from './kql-ir.ts';
import type { KqlDialect } from './sql-dialects.ts';
import { type CallExpr, functionRenderer } from './sql-functions.ts';

/**
 * Renders a plan to one SQL statement: every plan node becomes a CTE (`q1`, `q2`, …) that selects
 * from the CTEs of its inputs, so the SQL reads in pipeline order. A node used twice (a tabular
 * `let`, `materialize`) is rendered once. Row order after `sort`/`top` travels as a hidden column
 * (ORDER_COLUMN) through row-wise operators and orders the final SELECT and `prev`/`next`.
 */

export const ORDER_COLUMN = '__lh_order';

type ExprRenderer<K extends ExprKind> = (e: Extract<Expr, { kind: K }>, r: RenderScope) => string;
type PlanRenderer<K extends PlanKind> = (p: Extract<Plan, { kind: K }>, r: SqlBuilder) => string;

/** Where an expression is rendered: the dialect, the builder (for subqueries), the row order. */
interface RenderScope {
  readonly builder: SqlBuilder;
  readonly dialect: KqlDialect;
  /** Whether the relation the expression reads is ordered (ORDER_COLUMN is available). */
  readonly ordered: boolean;
  /** Table alias to qualify column references with. */
  readonly qualifier?: string;
}

function renderLiteral(e: Extract<Expr, { kind: 'literal' }>, d: KqlDialect): string {
  const { value, type } = e;
  if (type === 'type')
    throw new UserError(
      'kql-unsupported',
      `typeof(${String(value)}) is supported only as a function's type argument`,
    );
  if (value === null) return type === 'string' ? "''" : `CAST(NULL AS ${d.sqlType(type)})`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UserError('kql-bad-literal', `number out of range: ${value}`);
    if (type === 'datetime') {
      if (value % 1000 === 0) return d.quoting.timestampLiteral(new Date(value / 1000));
      return functionRenderer(d, 'from_epoch_micros')([String(value)], e as unknown as CallExpr, d);
    }
    if (type === 'real') return Number.isInteger(value) ? `${value}.0` : String(value);
    if (!Number.isInteger(value)) throw new Error(`integer literal expected for ${type}: ${value}`);
    return String(value);
  }
  if (type === 'dynamic') {
    return d.name === 'spark' ? d.quoting.quoteString(value) : `json(${d.quoting.quoteString(value)})`;
  }
  return d.quoting.quoteString(value);
}

const AGGREGATES: Record<string, (args: readonly string[], d: KqlDialect, orderBy: string) => string> = {
  count_star: () => 'count(*)',
  count: (a) => `count(${a[0]})`,
  count_if: (a) => `count_if(${a[0]})`,
  dcount: (a) => `count(DISTINCT ${a[0]})`,
  sum: (a) => `sum(${a[0]})`,
  min: (a) => `min(${a[0]})`,
  max: (a) => `max(${a[0]})`,
  avg: (a) => `avg(${a[0]})`,
  stdev: (a) => `stddev_samp(${a[0]})`,
  stdevp: (a) => `stddev_pop(${a[0]})`,
  variance: (a) => `var_samp(${a[0]})`,
  variancep: (a) => `var_pop(${a[0]})`,
  any: (a, d) => (d.name === 'spark' ? `first(${a[0]}, true)` : `any_value(${a[0]})`),
  make_list: (a, d, order) =>
    d.name === 'spark' ? `collect_list(${a[0]})` : `list(${a[0]}${order}) FILTER (WHERE ${a[0]} IS NOT NULL)`,
  make_set: (a, d) =>
    d.name === 'spark' ? `collect_set(${a[0]})` : `list(DISTINCT ${a[0]}) FILTER (WHERE ${a[0]} IS NOT NULL)`,
  arg_max: (a, d) => (d.name === 'spark' ? `max_by(${a[0]}, ${a[1]})` : `arg_max(${a[0]}, ${a[1]})`),
  arg_min: (a, d) => (d.name === 'spark' ? `min_by(${a[0]}, ${a[1]})` : `arg_min(${a[0]}, ${a[1]})`),
  percentile: (a, d) =>
    d.name === 'spark'
      ? `percentile_disc(${a[1]}) WITHIN GROUP (ORDER BY ${a[0]})`
      : `quantile_disc(${a[0]}, ${a[1]})`,
};

const EXPRESSIONS: { [K in ExprKind]: ExprRenderer<K> } = {
  column: (e, r) => (r.qualifier ? `${r.qualifier}.` : '') + r.dialect.quoting.quoteIdentifier(e.name),
  literal: (e, r) => renderLiteral(e, r.dialect),
  call: (e, r) =>
    functionRenderer(r.dialect, e.fn)(
      e.args.map((a) => renderExpr(a, r)),
      e,
      r.dialect,
    ),
  case: (e, r) =>
    `(CASE ${e.whens.map(([w, t]) => `WHEN ${renderExpr(w, r)} THEN ${renderExpr(t, r)}`).join(' ')} ELSE ${renderExpr(e.otherwise, r)} END)`,
  aggregate: (e, r) => {
    const render = AGGREGATES[e.fn];
    if (!render) throw new Error(`no SQL for aggregate ${e.fn}`);
    const args = e.args.map((a) => renderExpr(a, r));
    const order = r.ordered ? ` ORDER BY ${r.dialect.quoting.quoteIdentifier(ORDER_COLUMN)}` : '';
    const sql = render(args, r.dialect, order);
    return e.filter ? `${sql} FILTER (WHERE ${renderExpr(e.filter, r)})` : sql;
  },
  window: (e, r) => {
    if (!r.ordered) {
      throw new UserError(
        'kql-unordered',
        `${e.fn === 'row_number' ? 'row_number()' : e.fn === 'lag' ? 'prev()' : 'next()'} needs ordered rows: add \`sort by\` (or \`serialize\` after a sort) before it`,
      );
    }
    const over = `OVER (ORDER BY ${r.dialect.quoting.quoteIdentifier(ORDER_COLUMN)})`;
    if (e.fn === 'row_number') return `row_number() ${over}`;
    return `${e.fn}(${e.args.map((a) => renderExpr(a, r)).join(', ')}) ${over}`;
  },
  scalarSubquery: (e, r) => {
    const name = r.builder.plan(e.plan);
    const first = e.plan.columns[0];
    if (!first) throw new UserError('kql-toscalar', 'toscalar() needs a query with at least one column');
    const order = e.plan.ordered ? ` ORDER BY ${r.dialect.quoting.quoteIdentifier(ORDER_COLUMN)}` : '';
    return `(SELECT ${r.dialect.quoting.quoteIdentifier(first.name)} FROM ${name}${order} LIMIT 1)`;
  },
  inSubquery: (e, r) => {
    const name = r.builder.plan(e.plan);
    const first = e.plan.columns[0];
    if (!first) throw new UserError('kql-in-subquery', 'the query after `in` must have a column');
    const c = r.dialect.quoting.quoteIdentifier(first.name);
    const test = `${renderExpr(e.expr, r)} IN (SELECT ${c} FROM ${name} WHERE ${c} IS NOT NULL)`;
    return e.negated ? `(NOT COALESCE(${test}, FALSE))` : `(${test})`;
  },
};

export function renderExpr(e: Expr, r: RenderScope): string {
  return (EXPRESSIONS[e.kind] as ExprRenderer<typeof e.kind>)(e, r);
}

function sortKey(k: SortKey, r: RenderScope): string {
  return `${renderExpr(k.expr, r)} ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`;
}

const PLANS: { [K in PlanKind]: PlanRenderer<K> } = {
  Scan: (p, b) => {
    const q = b.dialect.quoting;
    const missing = new Set(p.missing.map((m) => m.name));
    const items = p.columns.map((c) => {
      const id = q.quoteIdentifier(c.name);
      if (missing.has(c.name))
        return `${c.type === 'string' ? "''" : `CAST(NULL AS ${b.dialect.sqlType(c.type)})`} AS ${id}`;
      // Kusto strings are never null: an absent value reads as the empty string.
      return c.type === 'string' ? `COALESCE(${id}, '') AS ${id}` : id;
    });
    return `SELECT ${items.join(', ')} FROM ${q.quoteIdentifier(p.table)}`;
  },
  Empty: (p, b) => {
    const items = p.columns.map(
      (c) => `CAST(NULL AS ${b.dialect.sqlType(c.type)}) AS ${b.dialect.quoting.quoteIdentifier(c.name)}`,
    );
    return `SELECT ${items.length ? items.join(', ') : '1 AS __lh_none'} WHERE 1 = 0`;
  },
  Values: (p, b) => {
    const scope = b.scope(false);
    const rows = p.rows.map(
      (row) =>
        `(${row.map((v, i) => `CAST(${renderExpr(v, scope)} AS ${b.dialect.sqlType(p.columns[i]!.type)})`).join(', ')})`,
    );
    const names = p.columns.map((c) => b.dialect.quoting.quoteIdentifier(c.name)).join(', ');
    if (b.dialect.name === 'spark') {
      // Spark's inline tables accept only foldable expressions; one SELECT per row takes any.
      const selects = p.rows.map(
        (row) =>
          `SELECT ${row.map((v, i) => `CAST(${renderExpr(v, scope)} AS ${b.dialect.sqlType(p.columns[i]!.type)}) AS ${b.dialect.quoting.quoteIdentifier(p.columns[i]!.name)}`).join(', ')}`,
      );
      return `SELECT * FROM (${selects.join(' UNION ALL ')}) AS v`;
    }
    return `SELECT * FROM (VALUES ${rows.join(', ')}) AS v(${names})`;
  },
  Filter: (p, b) => {
    const from = b.plan(p.input);
    return `SELECT ${b.names(p.columns, p.input.ordered)} FROM ${from} WHERE ${renderExpr(p.predicate, b.scope(p.input.ordered))}`;
  },
  Project: (p, b) => {
    const from = b.plan(p.input);
    const scope = b.scope(p.input.ordered);
    const items = p.items.map(
      (i) => `${renderExpr(i.expr, scope)} AS ${b.dialect.quoting.quoteIdentifier(i.name)}`,
    );
    if (p.input.ordered) items.push(b.dialect.quoting.quoteIdentifier(ORDER_COLUMN));
    return `SELECT ${items.join(', ')} FROM ${from}`;
  },
  Aggregate: (p, b) => {
    const from = b.plan(p.input);
    const scope = b.scope(p.input.ordered);
    const items = [...p.keys, ...p.aggregates].map(
      (i) => `${renderExpr(i.expr, scope)} AS ${b.dialect.quoting.quoteIdentifier(i.name)}`,
    );
    const groupBy = p.keys.length ? ` GROUP BY ${p.keys.map((_, i) => String(i + 1)).join(', ')}` : '';
    return `SELECT ${items.join(', ')} FROM ${from}${groupBy}`;
  },
  Sort: (p, b) => {
    const from = b.plan(p.input);
    const scope = b.scope(false);
    const keys = p.keys.map((k) => sortKey(k, scope)).join(', ');
    return `SELECT ${b.names(p.columns, false)}, row_number() OVER (ORDER BY ${keys}) AS ${b.dialect.quoting.quoteIdentifier(ORDER_COLUMN)} FROM ${from}`;
  },
  Limit: (p, b) => {
    const from = b.plan(p.input);
    const order = p.input.ordered ? ` ORDER BY ${b.dialect.quoting.quoteIdentifier(ORDER_COLUMN)}` : '';
    return `SELECT ${b.names(p.columns, p.input.ordered)} FROM ${from}${order} LIMIT ${p.count}`;
  },
  Distinct: (p, b) => `SELECT DISTINCT ${b.names(p.columns, false)} FROM ${b.plan(p.input)}`,
  Union: (p, b) => {
    const parts = p.inputs.map((i) => `SELECT ${b.names(p.columns, false)} FROM ${b.plan(i)}`);
    return parts.join(' UNION ALL ');
  },
  Join: (p, b) => renderJoin(p, b),
  MvExpand: (p, b) => renderMvExpand(p, b),
};

function renderJoin(p: Extract<Plan, { kind: 'Join' }>, b: SqlBuilder): string {
  const q = b.dialect.quoting;
  const id = (n: string) => q.quoteIdentifier(n);
  let left = b.plan(p.left);
  const right = b.plan(p.right);
  if (p.joinKind === 'innerunique') {
    // Kusto's default join keeps one left row per key before joining.
    const keys = p.on.map((o) => id(o.left)).join(', ');
    const rn = id('__lh_rn');
    left = b.add(
      `SELECT ${b.names(p.left.columns, false)} FROM (SELECT ${b.names(p.left.columns, false)}, row_number() OVER (PARTITION BY ${keys} ORDER BY ${keys}) AS ${rn} FROM ${left}) AS u WHERE ${rn} = 1`,
    );
  }
  const condition = (l: string, r: string) =>
    p.on.map((o) => `${l}.${id(o.left)} = ${r}.${id(o.right)}`).join(' AND ');
  const nullable = (side: 'left' | 'right') =>
    p.joinKind === 'fullouter' ||
    (side === 'right' && p.joinKind === 'leftouter') ||
    (side === 'left' && p.joinKind === 'rightouter');
  const items = p.outputs.map((o) => {
    const ref = `${o.side === 'left' ? 'L' : 'R'}.${id(o.source)}`;
    const value = o.type === 'string' && nullable(o.side) ? `COALESCE(${ref}, '')` : ref;
    return `${value} AS ${id(o.name)}`;
  });
  switch (p.joinKind) {
    case 'leftsemi':
    case 'leftanti':
      return `SELECT ${items.join(', ')} FROM ${left} AS L WHERE ${p.joinKind === 'leftanti' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${right} AS R WHERE ${condition('L', 'R')})`;
    case 'rightsemi':
    case 'rightanti':
      return `SELECT ${items.join(', ')} FROM ${right} AS R WHERE ${p.joinKind === 'rightanti' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${left} AS L WHERE ${condition('L', 'R')})`;
    default: {
      const sqlKind = {
        inner: 'INNER',
        innerunique: 'INNER',
        leftouter: 'LEFT',
        rightouter: 'RIGHT',
        fullouter: 'FULL',
      }[p.joinKind];
      return `SELECT ${items.join(', ')} FROM ${left} AS L ${sqlKind} JOIN ${right} AS R ON ${condition('L', 'R')}`;
    }
  }
}

function renderMvExpand(p: Extract<Plan, { kind: 'MvExpand' }>, b: SqlBuilder): string {
  const q = b.dialect.quoting;
  const d = b.dialect;
  const from = b.plan(p.input);
  const expanded = new Map(p.expand.map((e) => [e.name, e]));
  // Each expanded value as a native array, and how one element becomes the target type.
  const arrayOf = (e: { name: string; sourceType: IrType }) => {
    const c = q.quoteIdentifier(e.name);
    if (elementType(e.sourceType) !== undefined) return c;
    const jsonArray =
      e.sourceType === 'dynamic'
        ? d.name === 'spark'
          ? `from_json(${c}, 'array<string>')`
          : `CAST(json_extract(${c}, '$[*]') AS JSON[])`
        : null;
    if (!jsonArray)
      throw new UserError('kql-mv-expand-type', `mv-expand: ${e.name} is not an array (${e.sourceType})`);
    return jsonArray;
  };
  const convert = (value: string, e: { type: IrType; sourceType: IrType }) => {
    // Strings are never null: a shorter parallel array pads with '' (as DuckDB's text of JSON null).
    if (e.type === 'string' && d.name === 'duckdb' && e.sourceType === 'dynamic')
      return `COALESCE(json_extract_string(${value}, '$'), '')`;
    if (e.type === 'string')
      return `COALESCE(${elementType(e.sourceType) === 'string' ? value : `TRY_CAST(${value} AS ${d.sqlType('string')})`}, '')`;
    if (e.type === 'dynamic' || elementType(e.sourceType) === e.type) return value;
    return `TRY_CAST(${value} AS ${d.sqlType(e.type)})`;
  };
  if (d.name === 'duckdb') {
    // Unnests in one SELECT run in parallel, padded to the longest list, as is the index range.
    const lengths = p.expand.map((e) => `COALESCE(len(${arrayOf(e)}), 0)`);
    const count = lengths.length === 1 ? lengths[0] : `greatest(${lengths.join(', ')})`;
    const items = p.columns.map((c) => {
      const e = expanded.get(c.name);
      const id = q.quoteIdentifier(c.name);
      if (c.name === p.index) return `unnest(range(0, ${count})) AS ${id}`;
      return e ? `${convert(`unnest(${arrayOf(e)})`, e)} AS ${id}` : id;
    });
    return `SELECT ${items.join(', ')} FROM ${from}`;
  }
  // Spark: one row per index up to the longest array, elements fetched by position (Kusto pads).
  const arrays = p.expand.map((e) => arrayOf(e));
  const longest =
    arrays.length === 1
      ? `array_size(${arrays[0]})`
      : `greatest(${arrays.map((a) => `coalesce(array_size(${a}), 0)`).join(', ')})`;
  const items = p.columns.map((c) => {
    const i = p.expand.findIndex((e) => e.name === c.name);
    const id = q.quoteIdentifier(c.name);
    if (c.name === p.index) return `CAST(__lh_i AS BIGINT) AS ${id}`;
    return i >= 0 ? `${convert(`try_element_at(${arrays[i]}, __lh_i + 1)`, p.expand[i]!)} AS ${id}` : id;
  });
  return `SELECT ${items.join(', ')} FROM ${from} LATERAL VIEW explode(sequence(0, ${longest} - 1)) __lh_x AS __lh_i WHERE ${longest} > 0`;
}

/** Collects the CTEs of one statement. */
export class SqlBuilder {
  readonly dialect: KqlDialect;
  readonly #ctes: string[] = [];
  readonly #names = new Map<Plan, string>();

  constructor(dialect: KqlDialect) {
    this.dialect = dialect;
  }

  scope(ordered: boolean): RenderScope {
    return { builder: this, dialect: this.dialect, ordered };
  }

  /** Comma-separated quoted column names, plus the order column when the relation is ordered. */
  names(columns: readonly IrColumn[], ordered: boolean): string {
    const names = columns.map((c) => this.dialect.quoting.quoteIdentifier(c.name));
    if (ordered) names.push(this.dialect.quoting.quoteIdentifier(ORDER_COLUMN));
    return names.length ? names.join(', ') : '1 AS __lh_none';
  }

  add(body: string): string {
    const name = `q${this.#ctes.length + 1}`;
    this.#ctes.push(`${name} AS (${body})`);
    return name;
  }

  /** Renders a plan (once) and returns the name of its CTE. */
  plan(p: Plan): string {
    const known = this.#names.get(p);
    if (known) return known;
    const body = (PLANS[p.kind] as PlanRenderer<typeof p.kind>)(p, this);
    const name = this.add(body);
    this.#names.set(p, name);
    return name;
  }

  /** The statement: the CTEs, then the final SELECT with timespans printed the Kusto way. */
  statement(p: Plan): string {
    const last = this.plan(p);
    const q = this.dialect.quoting;
    const items = p.columns.map((c) => {
      const id = q.quoteIdentifier(c.name);
      if (c.type !== 'timespan') return id;
      return `${functionRenderer(this.dialect, 'format_timespan')([id], { kind: 'call', fn: 'format_timespan', args: [], type: 'string' }, this.dialect)} AS ${id}`;
    });
    const order = p.ordered ? `\nORDER BY ${q.quoteIdentifier(ORDER_COLUMN)}` : '';
    return `WITH\n${this.#ctes.join(',\n')}\nSELECT ${items.join(', ')} FROM ${last}${order}`;
  }
}

export function renderSql(plan: Plan, dialect: KqlDialect): string {
  return new SqlBuilder(dialect).statement(plan);
}
