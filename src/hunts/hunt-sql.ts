import type { SqlParams, SqlValue } from '../engines/engine.ts';
import { type DialectName, quotingFor, type SqlQuoting } from '../sql/sql-dialect.ts';

/**
 * The SQL pieces hunts need that DuckDB and Spark spell differently. Everything else in a hunt's SQL
 * is shared text; a new dialect fills in these hooks.
 */
export interface HuntSql {
  readonly dialect: DialectName;
  readonly q: SqlQuoting;
  /** Placeholder for a named parameter. */
  placeholder(name: string): string;
  /** Milliseconds since the epoch of a TIMESTAMP (naive UTC), as a BIGINT. */
  epochMillis(expr: string): string;
  /** Exact quantiles (continuous interpolation) of `expr` as a list, over the rows matching `filter`. */
  quantiles(expr: string, probabilities: readonly number[], filter?: string): string;
  /** The values of `value` as a list ordered by `order`. */
  orderedList(value: string, order: string): string;
  /** A 64-bit hash of the values (NULL-tolerant): a compact key for grouping and partitioning. */
  hash64(exprs: readonly string[]): string;
  /**
   * A list as JSON text. Handing many short lists to Node as text and parsing them there costs about
   * half as much as building them cell by cell from the engine's list values.
   */
  listAsJson(list: string): string;
  /** Element `index` (1-based) of a list. */
  listElement(list: string, index: number): string;
  /** Null-safe equality, for joining on keys that may be NULL. */
  nullSafeEquals(a: string, b: string): string;
  /**
   * `AS (`, or where the engine honours it, `AS MATERIALIZED (` (compute once: a CTE read more than
   * once that is costly) or `AS NOT MATERIALIZED (` (inline: a CTE that is cheap to recompute).
   */
  cteAs(how: 'materialized' | 'inline'): string;
}

function probabilityList(ps: readonly number[]): string {
  return ps.map((p) => p.toFixed(4).replace(/0+$/, '').replace(/\.$/, '.0')).join(', ');
}

const duckdbHuntSql: HuntSql = {
  dialect: 'duckdb',
  q: quotingFor('duckdb'),
  placeholder: (name) => `$${name}`,
  epochMillis: (expr) => `epoch_ms(${expr})`,
  quantiles: (expr, ps, filter) =>
    `quantile_cont(${expr}, [${probabilityList(ps)}])${filter ? ` FILTER (WHERE ${filter})` : ''}`,
  orderedList: (value, order) => `list(${value} ORDER BY ${order})`,
  hash64: (exprs) => `hash(${exprs.join(', ')})`,
  listAsJson: (list) => `CAST(to_json(${list}) AS VARCHAR)`,
  listElement: (list, index) => `list_extract(${list}, ${index})`,
  nullSafeEquals: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
  cteAs: (how) => (how === 'materialized' ? 'AS MATERIALIZED (' : 'AS NOT MATERIALIZED ('),
};

const sparkHuntSql: HuntSql = {
  dialect: 'spark',
  q: quotingFor('spark'),
  placeholder: (name) => `:${name}`,
  epochMillis: (expr) => `unix_millis(${expr})`,
  quantiles: (expr, ps, filter) =>
    `percentile(${expr}, array(${probabilityList(ps)}))${filter ? ` FILTER (WHERE ${filter})` : ''}`,
  orderedList: (value, order) =>
    `transform(array_sort(collect_list(named_struct('o', ${order}, 'v', ${value}))), x -> x.v)`,
  hash64: (exprs) => `xxhash64(${exprs.join(', ')})`,
  listAsJson: (list) => `to_json(${list})`,
  listElement: (list, index) => `element_at(${list}, ${index})`,
  nullSafeEquals: (a, b) => `${a} <=> ${b}`,
  cteAs: () => 'AS (',
};

export function huntSqlFor(dialect: DialectName): HuntSql {
  return dialect === 'spark' ? sparkHuntSql : duckdbHuntSql;
}

/** Collects a query's parameters and hands out their placeholders. */
export class SqlParamBag {
  readonly #sql: HuntSql;
  readonly #values: Record<string, SqlValue> = {};

  constructor(sql: HuntSql) {
    this.#sql = sql;
  }

  /** Binds `value` under `name` and returns the placeholder to put in the SQL text. */
  bind(name: string, value: SqlValue): string {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`bad parameter name ${name}`);
    if (name in this.#values && this.#values[name] !== value)
      throw new Error(`parameter ${name} bound twice`);
    this.#values[name] = value;
    return this.#sql.placeholder(name);
  }

  get params(): SqlParams {
    return { ...this.#values };
  }
}
