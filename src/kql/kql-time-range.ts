import type { Expr, Plan } from './kql-ir.ts';

/**
 * Time pushdown: the range of TimeGenerated the query can read. A table read counts as bounded
 * when filters directly above it (only filters in between) compare TimeGenerated with constants;
 * the query's range is the hull of every read's bounds, and undefined (unbounded) as soon as one
 * read of a table with TimeGenerated is unbounded. Bounds are microseconds, `to` exclusive.
 */
export interface TimeRange {
  readonly from: number | undefined;
  readonly to: number | undefined;
}

const TIME = 'TimeGenerated';

function constant(e: Expr | undefined): number | undefined {
  return e?.kind === 'literal' && e.type === 'datetime' && typeof e.value === 'number' ? e.value : undefined;
}

function isTime(e: Expr | undefined): boolean {
  return e?.kind === 'column' && e.name === TIME && e.type === 'datetime';
}

/** Bounds implied by a predicate's top-level conjuncts. */
export function predicateBounds(predicate: Expr): TimeRange {
  let from: number | undefined;
  let to: number | undefined;
  const visit = (e: Expr) => {
    if (e.kind !== 'call') return;
    if (e.fn === 'and') {
      e.args.forEach(visit);
      return;
    }
    const [a, b] = e.args;
    let op = e.fn;
    let value: number | undefined;
    if (isTime(a)) value = constant(b);
    else if (isTime(b)) {
      value = constant(a);
      op = { gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' }[op] ?? op;
    }
    if (value === undefined) return;
    if (op === 'gt' || op === 'ge' || op === 'eq') from = from === undefined ? value : Math.max(from, value);
    if (op === 'lt') to = to === undefined ? value : Math.min(to, value);
    if (op === 'le' || op === 'eq') to = to === undefined ? value + 1 : Math.min(to, value + 1);
  };
  visit(predicate);
  return { from, to };
}

function intersect(a: TimeRange | undefined, b: TimeRange): TimeRange {
  if (!a) return b;
  const max = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.max(x, y));
  const min = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.min(x, y));
  return { from: max(a.from, b.from), to: min(a.to, b.to) };
}

function planChildren(p: Plan): Plan[] {
  switch (p.kind) {
    case 'Scan':
    case 'Empty':
    case 'Values':
      return [];
    case 'Union':
      return [...p.inputs];
    case 'Join':
      return [p.left, p.right];
    default:
      return [p.input];
  }
}

function exprPlans(e: Expr, out: Plan[]): void {
  switch (e.kind) {
    case 'scalarSubquery':
      out.push(e.plan);
      return;
    case 'inSubquery':
      out.push(e.plan);
      exprPlans(e.expr, out);
      return;
    case 'call':
    case 'aggregate':
    case 'window':
      for (const a of e.args) exprPlans(a, out);
      if (e.kind === 'aggregate' && e.filter) exprPlans(e.filter, out);
      return;
    case 'case':
      e.whens.forEach(([w, t]) => {
        exprPlans(w, out);
        exprPlans(t, out);
      });
      exprPlans(e.otherwise, out);
      return;
    default:
      return;
  }
}

function planExprs(p: Plan): Expr[] {
  switch (p.kind) {
    case 'Filter':
      return [p.predicate];
    case 'Project':
      return p.items.map((i) => i.expr);
    case 'Aggregate':
      return [...p.keys, ...p.aggregates].map((i) => i.expr);
    case 'Sort':
      return p.keys.map((k) => k.expr);
    case 'Values':
      return p.rows.flat();
    default:
      return [];
  }
}

/**
 * The TimeGenerated range the plan reads, over tables for which `hasTime(table)` holds;
 * undefined when some read is unbounded (or none bounds time at all).
 */
export function inferTimeRange(plan: Plan, hasTime: (table: string) => boolean): TimeRange | undefined {
  let hull: TimeRange | undefined;
  let unbounded = false;
  let reads = 0;
  const seen = new Set<string>();
  let ids = 0;
  const idOf = new Map<Plan, number>();
  const id = (p: Plan) => {
    let n = idOf.get(p);
    if (n === undefined) {
      n = ++ids;
      idOf.set(p, n);
    }
    return n;
  };
  const visit = (p: Plan, pending: TimeRange | undefined) => {
    const key = `${id(p)}:${pending?.from}:${pending?.to}`;
    if (seen.has(key) || unbounded) return;
    seen.add(key);
    const nested: Plan[] = [];
    for (const e of planExprs(p)) exprPlans(e, nested);
    for (const n of nested) visit(n, undefined);
    if (p.kind === 'Scan') {
      if (!hasTime(p.table)) return;
      reads++;
      if (!pending || (pending.from === undefined && pending.to === undefined)) {
        unbounded = true;
        return;
      }
      hull = hull
        ? {
            from:
              hull.from === undefined || pending.from === undefined
                ? undefined
                : Math.min(hull.from, pending.from),
            to: hull.to === undefined || pending.to === undefined ? undefined : Math.max(hull.to, pending.to),
          }
        : pending;
      return;
    }
    const next = p.kind === 'Filter' ? intersect(pending, predicateBounds(p.predicate)) : undefined;
    for (const c of planChildren(p)) visit(c, next);
  };
  visit(plan, undefined);
  if (unbounded || reads === 0 || !hull) return undefined;
  if (hull.from === undefined && hull.to === undefined) return undefined;
  return hull;
}
